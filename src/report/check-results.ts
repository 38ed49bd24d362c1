/**
 * The shape of the results a report reads, checked before use, so that a folder that is not
 * what it seems (an empty or foreign summary, a line from another program, runs recorded
 * twice by two writers) gets a message naming the file and line, not a JavaScript error.
 */

import { InputError } from '../errors.js';
import type { SweepLine } from '../sweep/run-sweep.js';

const RUN_NUMBERS = ['carbonKg', 'energyKwh', 'finalHv', 'finalHvNormalized', 'trainings'] as const;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is missing from a run's summary, or undefined when it has what a report uses. */
function missingFromRun(run: unknown): string | undefined {
  if (!isObject(run)) return 'not an object';
  if (typeof run.policy !== 'string') return 'no policy name';
  const missing = RUN_NUMBERS.find((field) => typeof run[field] !== 'number');
  return missing === undefined ? undefined : `no number ${missing}`;
}

/** A `summary.json` of `ce-nas simulate` with at least one run. */
export function checkSimulationSummary(summary: unknown, path: string): void {
  if (!isObject(summary) || !isObject(summary.scenario) || !Array.isArray(summary.runs)) {
    throw new InputError(`${path}: not a ce-nas simulate summary (expected "scenario" and "runs")`);
  }
  if (summary.runs.length === 0) throw new InputError(`${path}: the summary holds no runs`);
  const seeds = summary.seeds;
  if (seeds !== undefined && (!Array.isArray(seeds) || seeds.length === 0 || !seeds.every((seed) => Number.isInteger(seed)))) {
    throw new InputError(`${path}: "seeds" must be a non-empty list of integers`);
  }
  summary.runs.forEach((run, k) => {
    const problem = missingFromRun(run);
    if (problem !== undefined) throw new InputError(`${path}: runs[${k}]: ${problem}`);
    if (seeds !== undefined && !seeds.includes((run as Record<string, unknown>).seed)) {
      throw new InputError(`${path}: runs[${k}]: its seed is not one of "seeds" (${seeds.join(', ')})`);
    }
  });
}

/** Lines of a sweep results file, each with an id, grid values and a run summary. */
export function checkSweepLines(lines: readonly unknown[], path: string): asserts lines is readonly SweepLine[] {
  lines.forEach((line, k) => {
    const where = `${path}, line ${k + 1}`;
    if (!isObject(line) || typeof line.id !== 'string' || !isObject(line.values))
      throw new InputError(`${where}: not a ce-nas sweep results line (expected "id", "values" and "summary")`);
    const problem = missingFromRun({ policy: line.values.policy, ...(isObject(line.summary) ? line.summary : {}) });
    if (problem !== undefined) throw new InputError(`${where}: not a ce-nas sweep results line (${problem})`);
  });
}

/** The sweep's config as `sweep.json` holds it: an object, with an optional base object. */
export function checkSweepConfig(config: unknown, path: string): asserts config is { base?: Record<string, unknown> } {
  if (!isObject(config) || (config.base !== undefined && !isObject(config.base))) throw new InputError(`${path}: not a ce-nas sweep config`);
}
