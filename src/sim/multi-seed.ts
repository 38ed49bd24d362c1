/**
 * A simulation over many seeds (MODEL.md §6): each seed is a whole simulation (every policy on
 * the same scenario with that seed), run on worker threads, one seed at a time per thread. The
 * results are gathered in seed order, so the output does not depend on the thread count or on
 * which thread finished first; the aggregates summarise each policy over the seeds.
 */

import { Worker } from 'node:worker_threads';
import { InputError, IoError } from '../errors.js';
import { packageFile } from '../package-files.js';
import type { Backend } from '../pareto.js';
import { aggregateRuns, type PolicyAggregate } from './aggregate.js';
import { type ResultFile, runFiles, summaryFile } from './output.js';
import type { PluginPolicy } from './plugin-policy.js';
import { resolvePolicies } from './resolve-policies.js';
import type { Scenario } from './scenario.js';
import { simulate, summaryDocument } from './simulate.js';
import type { RunSummary } from './summary.js';

export interface SeedJob {
  readonly scenario: Scenario;
  readonly policyNames: readonly string[];
  readonly backend: Backend;
  readonly policyTimeoutMs: number;
  /** Where policy module paths are resolved from. */
  readonly resolveFrom: string;
}

export interface SeedResult {
  readonly seed: number;
  readonly summaries: readonly (RunSummary & { readonly seed: number })[];
  /** The seed's timelines and its own single-seed `summary.json`, under `seed-<n>/`. */
  readonly files: readonly ResultFile[];
  readonly data: Record<string, unknown>;
  readonly elapsedMs: number;
}

export type SeedReply =
  | { readonly seed: number; readonly result: SeedResult }
  | { readonly seed: number; readonly error: { readonly kind: 'input' | 'io' | 'internal'; readonly message: string } };

export interface MultiSeedResult {
  readonly seeds: readonly number[];
  readonly bySeed: readonly SeedResult[];
  readonly runs: readonly (RunSummary & { readonly seed: number })[];
  readonly aggregates: readonly PolicyAggregate[];
}

/** One seed's simulation, with its files (in the calling thread). */
export async function runSeed(job: SeedJob, seed: number): Promise<SeedResult> {
  const scenario = { ...job.scenario, seed };
  const modules: PluginPolicy[] = [];
  try {
    const policies = await resolvePolicies(job.policyNames, scenario, job.policyTimeoutMs, modules, job.resolveFrom);
    const startedMs = performance.now();
    const result = simulate(scenario, policies, job.backend);
    const document = summaryDocument(result);
    const prefix = `seed-${seed}/`;
    const single = summaryFile(document);
    return {
      seed,
      summaries: result.summaries.map((summary) => ({ ...summary, seed })),
      files: [...runFiles(result, prefix), { name: `${prefix}${single.name}`, text: single.text }],
      data: document.data,
      elapsedMs: performance.now() - startedMs,
    };
  } finally {
    for (const module of modules) module.close();
  }
}

function errorOf(reply: Extract<SeedReply, { error: unknown }>): Error {
  const { kind, message } = reply.error;
  if (kind === 'input') return new InputError(message);
  if (kind === 'io') return new IoError(message);
  return new Error(`seed ${reply.seed}: ${message}`);
}

/** Runs the seeds on `threads` worker threads (in this thread when 1); results in seed order. */
async function runAll(job: SeedJob, seeds: readonly number[], threads: number, onSeed: (result: SeedResult) => void): Promise<SeedResult[]> {
  if (threads <= 1) {
    const results: SeedResult[] = [];
    for (const seed of seeds) {
      const result = await runSeed(job, seed);
      onSeed(result);
      results.push(result);
    }
    return results;
  }
  const results = new Map<number, SeedResult>();
  const waiting = [...seeds];
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let running = 0;
      const next = (worker: Worker): void => {
        const seed = waiting.shift();
        if (seed === undefined) {
          if (running === 0) resolve();
          return;
        }
        running++;
        worker.postMessage({ seed });
      };
      for (let k = 0; k < Math.min(threads, seeds.length); k++) {
        const worker = new Worker(packageFile('dist/src/sim/seed-worker.js'), { workerData: job });
        workers.push(worker);
        worker.on('message', (reply: SeedReply) => {
          running--;
          if ('error' in reply) {
            reject(errorOf(reply));
            return;
          }
          results.set(reply.seed, reply.result);
          onSeed(reply.result);
          next(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (code !== 0) reject(new Error(`a simulation worker thread exited with code ${code}`));
        });
        next(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return seeds.map((seed) => results.get(seed)!);
}

export async function simulateSeeds(
  job: SeedJob,
  seeds: readonly number[],
  threads: number,
  onSeed: (result: SeedResult) => void = () => undefined,
): Promise<MultiSeedResult> {
  const bySeed = await runAll(job, seeds, threads, onSeed);
  const runs = bySeed.flatMap((result) => result.summaries);
  return { seeds, bySeed, runs, aggregates: aggregateRuns(runs) };
}

/** The top `summary.json` of a multi-seed folder: every run (with its seed) and the aggregates. */
export function multiSeedDocument(job: SeedJob, result: MultiSeedResult): Record<string, unknown> {
  const { seed: _seed, ...scenario } = job.scenario;
  return { scenario, seeds: result.seeds, data: result.bySeed[0]?.data ?? {}, runs: result.runs, aggregates: result.aggregates };
}

/** Every file of a multi-seed folder, the top `summary.json` last. */
export function multiSeedFiles(job: SeedJob, result: MultiSeedResult): ResultFile[] {
  return [...result.bySeed.flatMap((seed) => seed.files), summaryFile(multiSeedDocument(job, result))];
}

/** `0-9`, `0,3,7` or `0-4,10`: distinct seeds in the order given. */
export function parseSeeds(text: string): number[] {
  const seeds = new Set<number>();
  for (const part of text.split(',')) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    const first = Number(match?.[1]);
    const last = match?.[2] === undefined ? first : Number(match[2]);
    if (match === null || !Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last < first || last - first > 9999) {
      throw new InputError(`--seeds: expected seeds such as 0-9 or 0,3,7 (ranges ascending, at most 10,000), got '${text}'`);
    }
    for (let seed = first; seed <= last; seed++) seeds.add(seed);
  }
  return [...seeds];
}
