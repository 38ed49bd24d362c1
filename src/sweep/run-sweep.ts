/**
 * Running a sweep: runs go to worker threads (or run in this thread with `workers: 0`), and
 * each finished run is appended to the results file as one JSON line with a single write, so
 * that a kill at any moment leaves whole lines only. Running the same sweep again into the
 * same folder resumes: a torn last line (from a crash of the machine) is cut off, runs already
 * recorded are skipped, and no run is recorded twice.
 */

import { closeSync, existsSync, ftruncateSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describeIoError, InputError, IoError } from '../errors.js';
import { appendWhole, checkOutputFolder, makeFolder, removeEmptyFolders, removeQuietly, writeFileAtomically } from '../files.js';
import { acquireLock } from '../folder-lock.js';
import { packageFile } from '../package-files.js';
import type { RunSummary } from '../sim/summary.js';
import { checkRuns } from './check-runs.js';
import type { RunRequest, RunResult } from './execute.js';
import { executeRun } from './execute.js';
import { shardOf, type SweepPlan, type SweepRun } from './grid.js';

export interface SweepOptions {
  readonly outDir: string;
  /** Worker threads; 0 runs everything in this thread. */
  readonly workers: number;
  readonly shard?: { readonly k: number; readonly n: number } | undefined;
  /** The sweep's configuration, kept beside the results so that a resume can check it. */
  readonly config: unknown;
  /** Names the config in messages about a run that cannot run (e.g. "--config sweep.json"). */
  readonly source?: string;
  readonly onProgress?: (done: number, total: number) => void;
  /** Hears notices such as a stale lock taken over. */
  readonly onNotice?: (message: string) => void;
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

export const RESULTS_FILE_PATTERN = /^runs(-\d+-of-\d+)?\.jsonl$/;

export function resultsFileName(shard: SweepOptions['shard']): string {
  return shard === undefined ? 'runs.jsonl' : `runs-${shard.k}-of-${shard.n}.jsonl`;
}

/** Reads a results file, cutting off a torn last line; returns the recorded lines. */
export function readResults(path: string): SweepLine[] {
  if (!existsSync(path)) return [];
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
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
  } catch (error) {
    throw new IoError(`${path}: cannot read the results or cut off their torn last line (${describeIoError(error)})`);
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

/** Throws when a run id is recorded more than once in `lines` (from `source`). */
export function checkUniqueRuns(lines: readonly SweepLine[], source: string): void {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const line of lines) (seen.has(line.id) ? twice : seen).add(line.id);
  if (twice.size > 0) {
    throw new InputError(
      `${source}: ${twice.size} runs are recorded more than once (e.g. ${[...twice][0]}); were two sweeps writing at once? Keep one line per run or rerun into a new folder`,
    );
  }
}

/** Records the config beside the results, or checks that a resumed folder holds the same sweep; true when it wrote it. */
function claimFolder(outDir: string, config: unknown): boolean {
  const path = join(outDir, 'sweep.json');
  const text = `${JSON.stringify(config, null, 2)}\n`;
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8') !== text)
      throw new InputError(`--out ${outDir}: it holds the results of a different sweep (sweep.json differs); choose another folder`);
    return false;
  }
  writeFileAtomically(path, text);
  return true;
}

/** Whether any results file in `outDir` holds a run. */
function holdsRuns(outDir: string): boolean {
  try {
    return readdirSync(outDir).some((file) => RESULTS_FILE_PATTERN.test(file) && statSync(join(outDir, file)).size > 0);
  } catch {
    return true; // when in doubt, keep everything
  }
}

function lineOf(run: SweepRun, result: RunResult): string {
  return `${JSON.stringify({ id: run.id, values: run.values, summary: result.summary })}\n`;
}

/** Runs `requests` on `workers` threads, calling `record` for each result as it arrives; stops at the first failure. */
async function runOnWorkers(requests: readonly RunRequest[], workers: number, record: (result: RunResult) => void): Promise<void> {
  const script = packageFile('dist/src/sweep/worker.js');
  const pool = Array.from({ length: Math.min(workers, requests.length) }, () => new Worker(script));
  let next = 0;
  let failed = false;
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const fail = (error: unknown): void => {
              failed = true;
              reject(error);
            };
            const feed = (): void => {
              if (failed || next >= requests.length) return resolve();
              worker.postMessage(requests[next++]);
            };
            worker.on('message', (reply: { ok: true; result: RunResult } | { ok: false; id: string; message: string }) => {
              if (failed) return resolve();
              if (!reply.ok) return fail(new InputError(`run ${reply.id}: ${reply.message}`));
              try {
                record(reply.result);
              } catch (error) {
                return fail(error); // e.g. a full disk: no later result is written
              }
              feed();
            });
            worker.on('error', fail);
            feed();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
}

/**
 * Runs the plan (or the shard's share) into `options.outDir`, after checking the folder and
 * every run. One process writes a results file at a time (a lock beside it). When the sweep
 * fails before recording a run, it leaves nothing behind: no sweep.json, no empty folder.
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions): Promise<SweepOutcome> {
  const { outDir, shard } = options;
  const what = `--out ${outDir}`;
  checkOutputFolder(outDir, what);
  checkRuns(plan, options.source ?? 'sweep');
  const created = makeFolder(outDir, what);
  const resultsFile = join(outDir, resultsFileName(shard));
  const resultsExisted = existsSync(resultsFile);
  let lock: ReturnType<typeof acquireLock> | undefined;
  let wroteConfig = false;
  try {
    lock = acquireLock(`${resultsFile}.lock`, what, shard === undefined ? 'sweep' : `sweep shard ${shard.k}/${shard.n}`, options.onNotice ?? (() => undefined));
    wroteConfig = claimFolder(outDir, options.config);
    const outcome = await runInto(plan, options, resultsFile);
    lock.release();
    return outcome;
  } catch (error) {
    // Only the lock's holder may tidy up: the file may be another writer's otherwise.
    if (lock !== undefined && !resultsExisted && existsSync(resultsFile) && statSync(resultsFile).size === 0) removeQuietly(resultsFile);
    if (wroteConfig && !holdsRuns(outDir)) removeQuietly(join(outDir, 'sweep.json'));
    lock?.release();
    removeEmptyFolders(created);
    throw error;
  }
}

async function runInto(plan: SweepPlan, options: SweepOptions, resultsFile: string): Promise<SweepOutcome> {
  const { shard } = options;
  const mine = shard === undefined ? [...plan.runs] : shardOf(plan.runs, shard.k, shard.n);
  const done = new Set(readResults(resultsFile).map((line) => line.id));
  const pending = mine.filter((run) => !done.has(run.id));
  const byId = new Map(pending.map((run) => [run.id, run]));
  let fd: number;
  try {
    fd = openSync(resultsFile, 'a');
  } catch (error) {
    throw new IoError(`${resultsFile}: cannot open for writing (${describeIoError(error)})`);
  }
  let finished = mine.length - pending.length;
  options.onProgress?.(finished, mine.length);
  const record = (result: RunResult): void => {
    try {
      appendWhole(fd, Buffer.from(lineOf(byId.get(result.id)!, result), 'utf8'), resultsFile); // one whole line or none
    } catch (error) {
      throw new IoError(`${(error as Error).message}; the ${finished} runs recorded are kept, and the same command resumes once it can write`);
    }
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
      if (byId.has(line.id)) throw new InputError(`${file}: run ${line.id} is recorded twice; were two sweeps writing at once?`);
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
