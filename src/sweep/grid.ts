/**
 * Sweep configurations: a base scenario and a grid of values per setting, expanded into runs
 * (the Cartesian product, in a fixed order). Each run has a stable id made of its grid
 * values, so that a resumed or sharded sweep recognises runs it has done.
 *
 *   { "base": { "hours": 40 },
 *     "grid": { "policy": ["cenas", "vanilla"], "seed": [0, 1],
 *               "start": { "from": "2021-01-01T00:00:00Z", "to": "2021-01-03T00:00:00Z", "everyHours": 12 },
 *               "power.pue": [1, 1.2] } }
 */

import { z } from 'zod';
import { isoSeconds } from '../carbon/trace.js';
import { parseTimestamp } from '../carbon/trace-csv.js';
import { InputError } from '../errors.js';
import { parseScenario, type Scenario, setSettingAt } from '../sim/scenario.js';
import { SECONDS_PER_HOUR } from '../units.js';

/** Larger grids are almost certainly a mistake in the config (and would not fit a results file). */
const MAX_RUNS = 10_000_000;

const StartRangeSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    everyHours: z.number().positive(),
  })
  .strict();

const SweepSchema = z
  .object({
    base: z.record(z.string(), z.unknown()).default({}),
    grid: z.record(z.string(), z.union([z.array(z.unknown()).min(1), StartRangeSchema])),
  })
  .strict();

export interface SweepRun {
  /** Stable identity: the run's grid values as canonical JSON. */
  readonly id: string;
  readonly policy: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly scenario: Scenario;
}

export interface SweepPlan {
  readonly runs: readonly SweepRun[];
  readonly keys: readonly string[];
}

function startTimes(range: z.infer<typeof StartRangeSchema>, source: string): string[] {
  const fromS = parseTimestamp(range.from, true);
  const toS = parseTimestamp(range.to, true);
  if (fromS === undefined || toS === undefined) throw new InputError(`${source}: grid.start: from and to must be ISO-8601 timestamps with a zone`);
  if (toS < fromS) throw new InputError(`${source}: grid.start: 'to' ${range.to} is before 'from' ${range.from}`);
  const times: string[] = [];
  for (let s = fromS; s <= toS; s += range.everyHours * SECONDS_PER_HOUR) times.push(isoSeconds(s));
  return times;
}

/** Expands a sweep config into its runs; every run's scenario is validated. */
export function planSweep(config: unknown, source: string): SweepPlan {
  const parsed = SweepSchema.safeParse(config);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length === 0 ? '(top level)' : issue.path.join('.')}: ${issue.message}`);
    throw new InputError(`${source}: invalid sweep: ${problems.join('; ')}`);
  }
  const { base, grid } = parsed.data;
  if ('policy' in base) throw new InputError(`${source}: base.policy: policies go in grid.policy`);
  const keys = Object.keys(grid).sort();
  const axes = keys.map((key) => {
    const axis = grid[key]!;
    return Array.isArray(axis)
      ? axis
      : key === 'start'
        ? startTimes(axis, source)
        : (() => {
            throw new InputError(`${source}: grid.${key}: a {from, to, everyHours} range is only for start`);
          })();
  });
  const total = axes.reduce((product, axis) => product * axis.length, 1);
  if (total > MAX_RUNS) throw new InputError(`${source}: the grid has ${total} runs, more than ${MAX_RUNS}`);
  const policies = grid.policy;
  if (policies === undefined) throw new InputError(`${source}: grid.policy: list the policies to run, e.g. ["cenas", "vanilla"]`);

  const runs: SweepRun[] = [];
  const indices = new Array<number>(keys.length).fill(0);
  const scenarioCache = new Map<string, Scenario>();
  for (let n = 0; n < total; n++) {
    const values: Record<string, unknown> = {};
    keys.forEach((key, k) => (values[key] = axes[k]![indices[k]!]));
    const policy = values.policy;
    if (typeof policy !== 'string') throw new InputError(`${source}: grid.policy: every policy must be a name, got ${JSON.stringify(policy)}`);
    const input: Record<string, unknown> = structuredClone(base);
    for (const key of keys) if (key !== 'policy') setSettingAt(input, key, values[key]);
    const scenarioKey = JSON.stringify(input);
    let scenario = scenarioCache.get(scenarioKey);
    if (scenario === undefined) {
      scenario = parseScenario(input, `${source} (run ${JSON.stringify(values)})`);
      scenarioCache.set(scenarioKey, scenario);
    }
    runs.push({ id: JSON.stringify(values), policy, values, scenario });
    // The next combination: the last key varies fastest.
    for (let k = keys.length - 1; k >= 0; k--) {
      indices[k]!++;
      if (indices[k]! < axes[k]!.length) break;
      indices[k] = 0;
    }
  }
  return { runs, keys };
}

/** The runs of shard k of n (1-based): every n-th run from the k-th, a deterministic share. */
export function shardOf<T>(runs: readonly T[], k: number, n: number): T[] {
  return runs.filter((_, index) => index % n === k - 1);
}

/** `k/n`, or the array-job variables of Slurm or Kubernetes Indexed Jobs. */
export function resolveShard(text: string | undefined, env: NodeJS.ProcessEnv = process.env): { k: number; n: number } | undefined {
  if (text !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(text);
    const [k, n] = match === null ? [NaN, NaN] : [Number(match[1]), Number(match[2])];
    if (!(k >= 1 && n >= 1 && k <= n)) throw new InputError(`--shard: expected K/N with 1 ≤ K ≤ N, got '${text}'`);
    return { k, n };
  }
  // Slurm and Kubernetes variables are checked together: a shard out of range or without a
  // count would otherwise run nothing, or the whole grid, and still succeed.
  if (env.SLURM_ARRAY_TASK_ID !== undefined || env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    const { SLURM_ARRAY_TASK_ID: idText, SLURM_ARRAY_TASK_COUNT: countText, SLURM_ARRAY_TASK_MIN: minText } = env;
    if (idText === undefined)
      throw new InputError(`SLURM_ARRAY_TASK_COUNT is ${countText} but SLURM_ARRAY_TASK_ID is not set; run inside a job array or pass --shard K/N`);
    if (countText === undefined)
      throw new InputError(`SLURM_ARRAY_TASK_ID is ${idText} but SLURM_ARRAY_TASK_COUNT is not set; submit a job array (sbatch --array) or pass --shard K/N`);
    const id = Number(idText);
    const count = Number(countText);
    const min = Number(minText ?? 0);
    if (![id, count, min].every(Number.isInteger) || count < 1)
      throw new InputError(`SLURM_ARRAY_TASK_ID/COUNT/MIN: not integers (${idText}/${countText}/${minText ?? 'unset'})`);
    const k = id - min + 1;
    if (!(k >= 1 && k <= count)) {
      throw new InputError(
        `SLURM_ARRAY_TASK_ID ${id} is outside the array of ${count} tasks from ${min} (SLURM_ARRAY_TASK_MIN ${minText ?? 'unset, taken as 0'}); use a contiguous --array=${min}-${min + count - 1}`,
      );
    }
    return { k, n: count };
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    const index = Number(env.JOB_COMPLETION_INDEX);
    const count = Number(env.CE_NAS_SHARDS ?? env.JOB_COMPLETIONS);
    if (!Number.isInteger(count) || count < 1) {
      throw new InputError('JOB_COMPLETION_INDEX is set but the shard count is not: set CE_NAS_SHARDS (or JOB_COMPLETIONS) to the number of completions');
    }
    if (!(Number.isInteger(index) && index >= 0 && index < count)) {
      throw new InputError(`JOB_COMPLETION_INDEX ${env.JOB_COMPLETION_INDEX} is outside 0…${count - 1} (${count} shards from CE_NAS_SHARDS/JOB_COMPLETIONS)`);
    }
    return { k: index + 1, n: count };
  }
  if (env.CE_NAS_SHARDS !== undefined)
    throw new InputError(`CE_NAS_SHARDS is ${env.CE_NAS_SHARDS} but JOB_COMPLETION_INDEX is not set; run as a Kubernetes Indexed Job or pass --shard K/N`);
  return undefined;
}
