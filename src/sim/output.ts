/**
 * Writing a simulation's results: `summary.json` and, per run, `<policy>.progress.csv` (one
 * row per completed training: hypervolume, cumulative energy and carbon) and
 * `<policy>.epochs.csv` (one row per decision epoch: intensity, λs and the GPU split) and
 * `<policy>.intervals.csv` (one row per GPU interval: the log energy and carbon can be
 * recomputed from, with the trace, the power settings and the PUE).
 * Files are written to a temporary name and renamed, so a crash never leaves a partial file,
 * and an existing results folder that is not empty is refused rather than overwritten.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { isoSeconds } from '../carbon/trace.js';
import { InputError } from '../errors.js';
import { makeFolder, writeFileAtomically } from '../files.js';
import type { RunOutcome } from './records.js';
import { type SimulationResult, summaryDocument } from './simulate.js';
import { SECONDS_PER_HOUR } from '../units.js';

/** A file-name-safe form of a policy name: `cenas(trailing:24)` → `cenas-trailing-24`. */
export function policySlug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '') || 'policy';
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
    (interval) => `${interval.gpu},${interval.activity},${interval.startS - startS},${interval.endS - startS},${interval.architecture < 0 ? '' : interval.architecture}`,
  );
  return [header, ...rows].join('\n');
}

/** Makes the results folder, refusing one that is not empty (call before simulating). */
export function prepareOutDir(dir: string): void {
  makeFolder(dir, `--out ${dir}`);
  if (readdirSync(dir).length > 0) throw new InputError(`--out ${dir}: the folder is not empty; choose a new one so that no earlier result is overwritten`);
}

/** Writes every file into `dir` (see `prepareOutDir`); returns the paths written. */
export function writeSimulation(dir: string, result: SimulationResult): string[] {
  prepareOutDir(dir);
  const written: string[] = [];
  const write = (name: string, text: string): void => {
    const path = join(dir, name);
    writeFileAtomically(path, text);
    written.push(path);
  };
  const { startS } = result.setup;
  const slugs = runSlugs(result.outcomes.map((outcome) => outcome.policy));
  result.outcomes.forEach((outcome, k) => {
    const slug = slugs[k]!;
    write(`${slug}.progress.csv`, `${progressCsv(outcome, startS)}\n`);
    write(`${slug}.epochs.csv`, `${epochsCsv(outcome, startS)}\n`);
    write(`${slug}.intervals.csv`, `${intervalsCsv(outcome, startS)}\n`);
  });
  write('summary.json', `${JSON.stringify(summaryDocument(result), null, 2)}\n`);
  return written;
}
