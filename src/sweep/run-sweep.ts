/**
 * Running a sweep: runs go to worker threads (or run in this thread with `workers: 0`), and
 * each finished run is appended to the results file as one JSON line with a single write, so
 * that a kill at any moment leaves whole lines only. Running the same sweep again into the
 * same folder resumes: a torn last line (from a crash of the machine) is cut off, runs already
 * recorded are skipped, and no run is recorded twice.
 */

import { closeSync, existsSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { makeFolder, writeFileAtomically } from '../files.js';
import { packageFile } from '../package-files.js';
import type { RunSummary } from '../sim/summary.js';
import { executeRun, type RunRequest, type RunResult } from './execute.js';
import { shardOf, type SweepPlan, type SweepRun } from './grid.js';

export interface SweepOptions {
  readonly outDir: string;
  /** Worker threads; 0 runs everything in this thread. */
  readonly workers: number;
  readonly shard?: { readonly k: number; readonly n: number } | undefined;
  /** The sweep's configuration, kept beside the results so that a resume can check it. */
  readonly config: unknown;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SweepLine {
  readonly id: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly summary: RunSummary;
}

export interface SweepOutcome {
  readonly resultsFile: string;
  readonly total: number;
  readonly skipped: number;
  readonly ran: number;
}

export function resultsFileName(shard: SweepOptions['shard']): string {
  return shard === undefined ? 'runs.jsonl' : `runs-${shard.k}-of-${shard.n}.jsonl`;
}

/** Reads a results file, cutting off a torn last line; returns the recorded lines. */
export function readResults(path: string): SweepLine[] {
  if (!existsSync(path)) return [];
  let text = readFileSync(path, 'utf8');
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline !== text.length - 1) {
    const fd = openSync(path, 'r+');
    try {
      ftruncateSync(fd, Buffer.byteLength(text.slice(0, lastNewline + 1)));
    } finally {
      closeSync(fd);
    }
    text = text.slice(0, lastNewline + 1);
  }
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line, k) => {
      try {
        return JSON.parse(line) as SweepLine;
      } catch {
        throw new InputError(`${path}, line ${k + 1}: not a results line`);
      }
    });
}

/** Records the config beside the results, or checks that a resumed folder holds the same sweep. */
function claimFolder(outDir: string, config: unknown): void {
  makeFolder(outDir, `--out ${outDir}`);
  const path = join(outDir, 'sweep.json');
  const text = `${JSON.stringify(config, null, 2)}\n`;
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') !== text) throw new InputError(`--out ${outDir}: it holds the results of a different sweep (sweep.json differs); choose another folder`);
    return;
  }
  writeFileAtomically(path, text);
}

function lineOf(run: SweepRun, result: RunResult): string {
  return `${JSON.stringify({ id: run.id, values: run.values, summary: result.summary })}\n`;
}

/** Runs `requests` on `workers` threads, calling `record` for each result as it arrives. */
async function runOnWorkers(requests: readonly RunRequest[], workers: number, record: (result: RunResult) => void): Promise<void> {
  const script = packageFile('dist/src/sweep/worker.js');
  const pool = Array.from({ length: Math.min(workers, requests.length) }, () => new Worker(script));
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const feed = (): void => {
              if (next >= requests.length) return resolve();
              worker.postMessage(requests[next++]);
            };
            worker.on('message', (reply: { ok: true; result: RunResult } | { ok: false; id: string; message: string }) => {
              if (!reply.ok) return reject(new InputError(`run ${reply.id}: ${reply.message}`));
              record(reply.result);
              feed();
            });
            worker.on('error', reject);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}

export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepOutcome> {
  claimFolder(options.outDir, options.config);
  const resultsFile = join(options.outDir, resultsFileName(options.shard));
  const mine = options.shard === undefined ? [...plan.runs] : shardOf(plan.runs, options.shard.k, options.shard.n);
  const done = new Set(readResults(resultsFile).map((line) => line.id));
  const pending = mine.filter((run) => !done.has(run.id));
  const byId = new Map(pending.map((run) => [run.id, run]));
  const fd = openSync(resultsFile, 'a');
  let finished = mine.length - pending.length;
  options.onProgress?.(finished, mine.length);
  const record = (result: RunResult): void => {
    writeSync(fd, lineOf(byId.get(result.id)!, result)); // one write per line
    finished++;
    options.onProgress?.(finished, mine.length);
  };
  try {
    const requests = pending.map((run) => ({ id: run.id, policy: run.policy, scenario: run.scenario }));
    if (options.workers === 0) for (const request of requests) record(executeRun(request));
    else await runOnWorkers(requests, options.workers, record);
  } finally {
    closeSync(fd);
  }
  return { resultsFile, total: mine.length, skipped: mine.length - pending.length, ran: pending.length };
}

/**
 * Merges result files (shards, or one unsharded run) into the plan's order, checking that
 * every run of the plan is present exactly once and nothing else is.
 */
export function mergeResults(plan: SweepPlan, files: readonly string[]): SweepLine[] {
  const byId = new Map<string, SweepLine>();
  for (const file of files) {
    for (const line of readResults(file)) {
      if (byId.has(line.id)) throw new InputError(`${file}: run ${line.id} is recorded twice`);
      byId.set(line.id, line);
    }
  }
  const known = new Set(plan.runs.map((run) => run.id));
  const unknown = [...byId.keys()].filter((id) => !known.has(id));
  if (unknown.length > 0) throw new InputError(`${unknown.length} recorded runs are not in the sweep, e.g. ${unknown[0]}`);
  const missing = plan.runs.filter((run) => !byId.has(run.id));
  if (missing.length > 0) throw new InputError(`${missing.length} of ${plan.runs.length} runs are missing, e.g. ${missing[0]!.id}`);
  return plan.runs.map((run) => byId.get(run.id)!);
}
