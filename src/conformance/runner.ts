/**
 * The conformance runner: checks an implementation on each function's fixed vectors and then
 * on random cases from a seed (fast-check, so a failing case is shrunk to a small one), and
 * reports per function whether it passed, failed (with the first counterexample) or is not
 * implemented by the implementation (its reply to the first request).
 */

import fc from 'fast-check';
import { disagreement } from './compare.js';
import { type Args, type ConformanceFunction, CONFORMANCE_FUNCTIONS } from './functions/index.js';
import { Implementation, ImplementationError, ImplementationFailure, NotImplemented } from './implementation.js';

export interface RunOptions {
  readonly seed: number;
  /** Random cases per function after the fixed vectors. */
  readonly cases: number;
  readonly timeoutMs: number;
  /** Extra wait for each process's first reply (default: the implementation's start-up allowance). */
  readonly startupMs?: number;
  /** Function names to check (default: all). */
  readonly only?: readonly string[];
}

export interface FunctionReport {
  readonly name: string;
  /** `not-implemented`: the implementation said so on the first request; nothing was checked. */
  readonly outcome: 'pass' | 'fail' | 'not-implemented';
  readonly vectors: number;
  readonly randomCases: number;
  /** What failed first: a wrong answer (shrunk when random), an error reply or a broken process. */
  readonly failure?: {
    readonly kind: 'mismatch' | 'error-reply' | 'broken';
    /** A fixed vector, or a random case (shrunk unless the process broke). */
    readonly source: 'vector' | 'random';
    readonly args: unknown;
    readonly message: string;
  };
}

/** The spec's answer: a result, or a defined error (a RangeError, e.g. an overflowing hypervolume). */
export type Expected = { readonly result: unknown } | { readonly error: string };

export function expectedAnswer(definition: ConformanceFunction, args: Args): Expected {
  try {
    return { result: definition.reference(args) };
  } catch (error) {
    if (error instanceof RangeError) return { error: error.message };
    throw error;
  }
}

/** The spec's answer compared with the implementation's; throws a readable reason on mismatch. */
async function checkCase(implementation: Implementation, definition: ConformanceFunction, args: Args): Promise<void> {
  const expected = expectedAnswer(definition, args);
  let actual: unknown;
  try {
    actual = await implementation.call(definition.name, args);
  } catch (error) {
    if (error instanceof ImplementationError) {
      if ('error' in expected) return; // an error was due; its wording is free
      throw new ImplementationError(`replied with an error: ${error.message}`);
    }
    throw error;
  }
  if ('error' in expected) throw new Error(`expected an error (${expected.error}), got ${JSON.stringify(actual)}`);
  const reason = disagreement(expected.result, actual, definition.tolerance, 'result', definition.total?.(args));
  if (reason !== undefined) throw new Error(reason);
}

function failureOf(error: unknown, args: unknown, source: 'vector' | 'random'): NonNullable<FunctionReport['failure']> {
  const message = error instanceof Error ? error.message : String(error);
  const kind = error instanceof ImplementationFailure ? 'broken' : error instanceof ImplementationError ? 'error-reply' : 'mismatch';
  return { kind, source, args, message };
}

function randomCases(definition: ConformanceFunction, requested: number): number {
  return Math.min(requested, definition.maxRandomCases ?? requested);
}

/** "Not implemented" is an answer about the function, so it may come only first. */
function lateNotImplemented(error: unknown): unknown {
  return error instanceof NotImplemented ? new ImplementationError('replied "not implemented" after answering earlier requests') : error;
}

async function checkFunction(command: string, definition: ConformanceFunction, options: RunOptions): Promise<FunctionReport> {
  const implementation = new Implementation(command, options.timeoutMs, options.startupMs);
  const counts = { name: definition.name, vectors: definition.fixed.length, randomCases: randomCases(definition, options.cases) };
  try {
    for (const [k, args] of definition.fixed.entries()) {
      try {
        await checkCase(implementation, definition, args);
      } catch (error) {
        if (k === 0 && error instanceof NotImplemented) return { ...counts, outcome: 'not-implemented', vectors: 0, randomCases: 0 };
        return { ...counts, outcome: 'fail', randomCases: 0, failure: failureOf(lateNotImplemented(error), args, 'vector') };
      }
    }
    // A broken process fails every later call; stop there instead of "shrinking" it.
    let broken: NonNullable<FunctionReport['failure']> | undefined;
    const result = await fc.check(
      fc.asyncProperty(definition.arbitrary, async (args) => {
        if (broken !== undefined) return true;
        try {
          await checkCase(implementation, definition, args);
        } catch (error) {
          if (error instanceof ImplementationFailure) {
            broken = failureOf(error, args, 'random');
            return true;
          }
          throw lateNotImplemented(error);
        }
        return true;
      }),
      { seed: options.seed, numRuns: counts.randomCases },
    );
    if (broken !== undefined) return { ...counts, outcome: 'fail', failure: broken };
    if (result.failed) return { ...counts, outcome: 'fail', failure: failureOf(result.errorInstance, result.counterexample?.[0], 'random') };
    return { ...counts, outcome: 'pass' };
  } finally {
    implementation.close();
  }
}

export async function runConformance(command: string, options: RunOptions): Promise<FunctionReport[]> {
  const selected = options.only === undefined ? CONFORMANCE_FUNCTIONS : CONFORMANCE_FUNCTIONS.filter((definition) => options.only!.includes(definition.name));
  const reports: FunctionReport[] = [];
  for (const definition of selected) reports.push(await checkFunction(command, definition, options));
  return reports;
}

export interface Vector {
  readonly fn: string;
  readonly args: unknown;
  /** The spec's result, or `error` when the spec defines the answer as an error. */
  readonly expected?: unknown;
  readonly error?: string;
  readonly tolerance: ConformanceFunction['tolerance'];
  /** The scale of a relative-to-total tolerance, when it is not Σ|expected|. */
  readonly total?: number;
}

/** Fixed vectors plus `randomCount` random ones from `seed`, with the spec's answers and tolerance. */
export function conformanceVectors(definition: ConformanceFunction, seed: number, randomCount: number): Vector[] {
  const count = randomCases(definition, randomCount);
  const random = count === 0 ? [] : fc.sample(definition.arbitrary, { seed, numRuns: count });
  return [...definition.fixed, ...random].map((args) => {
    const answer = expectedAnswer(definition, args);
    const common = { fn: definition.name, args, tolerance: definition.tolerance };
    if ('error' in answer) return { ...common, error: answer.error };
    const total = definition.total?.(args);
    return total === undefined ? { ...common, expected: answer.result } : { ...common, expected: answer.result, total };
  });
}
