/**
 * The conformance runner: checks an implementation on each function's fixed vectors and then
 * on random cases from a seed (fast-check, so a failing case is shrunk to a small one), and
 * reports per function whether it passed, with the first counterexample.
 */

import fc from 'fast-check';
import { type ConformanceFunction, CONFORMANCE_FUNCTIONS, disagreement } from './functions.js';
import { Implementation, ImplementationError, ImplementationFailure } from './implementation.js';

export interface RunOptions {
  readonly seed: number;
  /** Random cases per function after the fixed vectors. */
  readonly cases: number;
  readonly timeoutMs: number;
  /** Function names to check (default: all). */
  readonly only?: readonly string[];
}

export interface FunctionReport {
  readonly name: string;
  readonly passed: boolean;
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

/** The spec's answer compared with the implementation's; throws a readable reason on mismatch. */
async function checkCase(implementation: Implementation, definition: ConformanceFunction, args: Record<string, unknown>): Promise<void> {
  const expected = definition.reference(args);
  let actual: unknown;
  try {
    actual = await implementation.call(definition.name, args);
  } catch (error) {
    if (error instanceof ImplementationError) throw new ImplementationError(`replied with an error: ${error.message}`);
    throw error;
  }
  const reason = disagreement(expected, actual, definition.tolerance);
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

async function checkFunction(command: string, definition: ConformanceFunction, options: RunOptions): Promise<FunctionReport> {
  const implementation = new Implementation(command, options.timeoutMs);
  try {
    for (const args of definition.fixed) {
      try {
        await checkCase(implementation, definition, args);
      } catch (error) {
        return { name: definition.name, passed: false, vectors: definition.fixed.length, randomCases: 0, failure: failureOf(error, args, 'vector') };
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
          throw error;
        }
        return true;
      }),
      { seed: options.seed, numRuns: randomCases(definition, options.cases) },
    );
    const base = { name: definition.name, vectors: definition.fixed.length, randomCases: randomCases(definition, options.cases) };
    if (broken !== undefined) return { ...base, passed: false, failure: broken };
    if (result.failed) {
      const args = result.counterexample?.[0];
      return { ...base, passed: false, failure: failureOf(result.errorInstance, args, 'random') };
    }
    return { ...base, passed: true };
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

/** Fixed vectors plus `randomCount` random ones from `seed`, with the spec's answers and tolerance. */
export function conformanceVectors(
  definition: ConformanceFunction,
  seed: number,
  randomCount: number,
): { fn: string; args: unknown; expected: unknown; tolerance: ConformanceFunction['tolerance'] }[] {
  const count = randomCases(definition, randomCount);
  const random = count === 0 ? [] : fc.sample(definition.arbitrary, { seed, numRuns: count });
  return [...definition.fixed, ...random].map((args) => ({ fn: definition.name, args, expected: definition.reference(args), tolerance: definition.tolerance }));
}
