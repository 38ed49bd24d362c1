/**
 * Writing a simulation's results: `summary.json` and, per run, `<policy>.progress.csv` (one
 * row per completed training: hypervolume, cumulative energy and carbon) and
 * `<policy>.epochs.csv` (one row per decision epoch: intensity, λs and the GPU split) and
 * `<policy>.intervals.csv` (one row per GPU interval: the log energy and carbon can be
 * recomputed from, with the trace, the power settings and the PUE).
 * Files are written to a temporary name and renamed, so a crash never leaves a partial file;
 * an existing results folder that is not empty is refused rather than overwritten, and one
 * process writes a folder at a time.
 */

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Papa from 'papaparse';
import { isoSeconds } from '../carbon/trace.js';
import { describeIoError, InputError, IoError } from '../errors.js';
import { checkOutputFolder, makeFolder, removeEmptyFolders, removeQuietly, writeFileAtomically } from '../files.js';
import { acquireLock, type HeldLock } from '../folder-lock.js';
import type { RunOutcome } from './records.js';
import { type SimulationResult, summaryDocument } from './simulate.js';
import { SECONDS_PER_HOUR } from '../units.js';

/** A file-name-safe form of a policy name: `cenas(trailing:24)` → `cenas-trailing-24`. */
export function policySlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'policy'
  );
}

/** File-name stems of the runs, in order; a policy run twice gets `-2`, `-3`, … */
export function runSlugs(policies: readonly string[]): string[] {
  const taken = new Set<string>();
  return policies.map((policy) => {
    let slug = policySlug(policy);
    for (let k = 2; taken.has(slug); k++) slug = `${policySlug(policy)}-${k}`;
    taken.add(slug);
    return slug;
  });
}

function hoursSince(startS: number, timeS: number): number {
  return Number(((timeS - startS) / SECONDS_PER_HOUR).toPrecision(12));
}

function progressCsv(outcome: RunOutcome, startS: number): string {
  return Papa.unparse(
    outcome.progress.map((row) => ({
      time: isoSeconds(row.timeS),
      hours: hoursSince(startS, row.timeS),
      architecture: row.architecture,
      trainings: row.trainings,
      hv: row.hv,
      hvNormalized: row.hvNormalized,
      energyKwh: row.energyKwh,
      carbonKg: row.carbonKg,
    })),
    { newline: '\n' },
  );
}

function epochsCsv(outcome: RunOutcome, startS: number): string {
  return Papa.unparse(
    outcome.epochs.map((row) => ({
      time: isoSeconds(row.timeS),
      hours: hoursSince(startS, row.timeS),
      intensityGPerKwh: row.intensityGPerKwh,
      samplingShare: row.samplingShare,
      samplingGpus: row.samplingGpus,
      evaluationGpus: row.evaluationGpus,
      trainedSoFar: row.trainedSoFar,
      paused: row.paused,
      queued: row.queued,
      regionSize: row.regionSize,
      energyKwh: row.energyKwh,
      carbonKg: row.carbonKg,
    })),
    { newline: '\n' },
  );
}

/** Seconds from the search start, exactly as the engine's (no rounding: the intervals must tile). */
function intervalsCsv(outcome: RunOutcome, startS: number): string {
  const header = 'gpu,activity,start_s,end_s,architecture';
  const rows = outcome.intervals.map(
    (interval) =>
      `${interval.gpu},${interval.activity},${interval.startS - startS},${interval.endS - startS},${interval.architecture < 0 ? '' : interval.architecture}`,
  );
  return [header, ...rows].join('\n');
}

/** The lock of a results folder being written (see folder-lock.ts); not a result. */
export const FOLDER_LOCK_NAME = '.ce-nas.lock';

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir).filter((name) => name !== FOLDER_LOCK_NAME);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new InputError(`--out ${dir}: cannot list the folder (${describeIoError(error)})`);
  }
}

function refuseNonEmpty(dir: string): void {
  if (entriesOf(dir).length > 0) throw new InputError(`--out ${dir}: the folder is not empty; choose a new one so that no earlier result is overwritten`);
}

/** Checks, before simulating, that the results can go to `dir`: a writable folder, new or empty. Creates nothing. */
export function prepareOutDir(dir: string): void {
  checkOutputFolder(dir, `--out ${dir}`);
  refuseNonEmpty(dir);
}

/** A result file: its name within the results folder (may contain a sub-folder) and its text. */
export interface ResultFile {
  readonly name: string;
  readonly text: string;
}

/** The per-run timelines of a simulation, named `<prefix><slug>.<kind>.csv`. */
export function runFiles(result: Pick<SimulationResult, 'setup' | 'outcomes'>, prefix = ''): ResultFile[] {
  const { startS } = result.setup;
  const slugs = runSlugs(result.outcomes.map((outcome) => outcome.policy));
  return result.outcomes.flatMap((outcome, k) => {
    const stem = `${prefix}${slugs[k]!}`;
    return [
      { name: `${stem}.progress.csv`, text: `${progressCsv(outcome, startS)}\n` },
      { name: `${stem}.epochs.csv`, text: `${epochsCsv(outcome, startS)}\n` },
      { name: `${stem}.intervals.csv`, text: `${intervalsCsv(outcome, startS)}\n` },
    ];
  });
}

/** `summary.json`'s file. */
export function summaryFile(document: unknown): ResultFile {
  return { name: 'summary.json', text: `${JSON.stringify(document, null, 2)}\n` };
}

/**
 * Writes the files into `dir` under the folder's lock; returns the paths written. If a write
 * fails (a full disk), what this call wrote is removed again, and the folders if it made them,
 * so the same command can be run again once there is space.
 */
export function writeResultFiles(dir: string, files: readonly ResultFile[], onNotice: (message: string) => void = () => undefined): string[] {
  const what = `--out ${dir}`;
  const created = makeFolder(dir, what);
  let lock: HeldLock | undefined;
  const written: string[] = [];
  const madeFolders: string[] = [];
  try {
    lock = acquireLock(join(dir, FOLDER_LOCK_NAME), what, 'simulate', onNotice);
    refuseNonEmpty(dir);
    for (const file of files) {
      const path = join(dir, file.name);
      const folder = dirname(path);
      if (folder !== dir && !madeFolders.includes(folder)) madeFolders.push(...makeFolder(folder, what));
      writeFileAtomically(path, file.text);
      written.push(path);
    }
    lock.release();
    return written;
  } catch (error) {
    written.forEach(removeQuietly);
    lock?.release();
    removeEmptyFolders(madeFolders);
    removeEmptyFolders(created);
    if (error instanceof IoError) throw new IoError(`${error.message}; no results were kept in ${dir}`);
    throw error;
  }
}

/** Writes a single-seed simulation: its timelines and `summary.json`, last. */
export function writeSimulation(dir: string, result: SimulationResult, onNotice: (message: string) => void = () => undefined): string[] {
  return writeResultFiles(dir, [...runFiles(result), summaryFile(summaryDocument(result))], onNotice);
}
