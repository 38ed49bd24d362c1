/**
 * `ce-nas train-policy`'s config: where the policy trains (traces and months), where it is
 * tested (held-out months, a held-out region), the optimiser and the objective. Start times
 * are drawn uniformly over the hours of the given months, each with its own seed.
 */

import { z } from 'zod';
import { InputError } from '../errors.js';
import { readJsonFile } from '../files.js';
import { Random } from '../random.js';
import { parseScenario, type Scenario } from '../sim/scenario.js';
import { SECONDS_PER_HOUR } from '../units.js';
import { FEATURE_NAMES } from './features.js';

const ScenarioSetSchema = z
  .object({
    traces: z.array(z.string().min(1)).min(1),
    /** Months (1–12) of each trace's first year the starts are drawn from. */
    months: z.array(z.number().int().min(1).max(12)).min(1),
    startsPerTrace: z.number().int().min(1).max(1000),
  })
  .strict();

export const TrainConfigSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dots, dashes and underscores only'),
    seed: z.number().int().min(0).default(1),
    features: z
      .array(z.enum(FEATURE_NAMES))
      .min(1)
      .default([...FEATURE_NAMES]),
    /** Scenario settings shared by every run (as in `simulate --config`), e.g. { "gpus": 8 }. */
    scenario: z.record(z.string(), z.unknown()).default({}),
    train: ScenarioSetSchema,
    heldOutMonths: ScenarioSetSchema,
    heldOutRegion: ScenarioSetSchema,
    optimizer: z
      .object({
        population: z.number().int().min(2).default(10),
        elite: z.number().int().min(1).default(3),
        iterations: z.number().int().min(1).default(8),
        initialStd: z.number().positive().default(1),
        minStd: z.number().min(0).default(0.05),
      })
      .strict()
      .prefault({}),
    /** Weight of the constraint: mean HV gap to vanilla above CE-NAS's, as a fraction, costs this much carbon ratio. */
    hvPenalty: z.number().min(0).default(10),
  })
  .strict()
  .refine((config) => config.optimizer.elite <= config.optimizer.population, { message: 'optimizer.elite must not exceed optimizer.population' });

export type TrainConfig = z.output<typeof TrainConfigSchema>;

export function readTrainConfig(path: string): TrainConfig {
  const parsed = TrainConfigSchema.safeParse(readJsonFile(path, '--config'));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length === 0 ? '(top level)' : issue.path.join('.')}: ${issue.message}`);
    throw new InputError(`--config ${path}: invalid training config: ${problems.join('; ')}`);
  }
  parseScenario(parsed.data.scenario, `--config ${path}: scenario`);
  return parsed.data;
}

function firstYear(trace: string, where: string): number {
  const match = /:(\d{4})(?:-\d{4})?$/.exec(trace);
  if (match === null) throw new InputError(`${where}: ${trace}: expected a built-in trace ZONE:YEAR or ZONE:FIRST-LAST`);
  return Number(match[1]);
}

/** Room before a start for the supernet's training. */
const LEAD_S = SECONDS_PER_HOUR;

/** The scenarios of a set: per trace, `startsPerTrace` start hours in the months, drawn from `random`. */
export function scenarioSet(config: TrainConfig, set: z.output<typeof ScenarioSetSchema>, random: Random, where: string): Scenario[] {
  const base = parseScenario(config.scenario, `${where}: scenario`);
  const budgetS = base.hours * SECONDS_PER_HOUR;
  const scenarios: Scenario[] = [];
  for (const trace of set.traces) {
    const year = firstYear(trace, where);
    const lastYear = Number(/-(\d{4})$/.exec(trace)?.[1] ?? year);
    const traceEndS = Date.UTC(lastYear + 1, 0, 1) / 1000;
    const hours: number[] = [];
    for (const month of [...new Set(set.months)].sort((a, b) => a - b)) {
      for (let startS = Date.UTC(year, month - 1, 1) / 1000; startS < Date.UTC(year, month, 1) / 1000; startS += SECONDS_PER_HOUR) {
        if (startS - LEAD_S >= Date.UTC(year, 0, 1) / 1000 && startS + budgetS <= traceEndS) hours.push(startS);
      }
    }
    if (hours.length === 0) throw new InputError(`${where}: ${trace}: no start hour in months ${set.months.join(', ')} leaves room for the search`);
    for (let k = 0; k < set.startsPerTrace; k++) {
      const startS = hours[random.int(hours.length)]!;
      const start = new Date(startS * 1000).toISOString().replace('.000Z', 'Z');
      scenarios.push(parseScenario({ ...config.scenario, trace, start, seed: random.int(2 ** 31) }, `${where}: ${trace}`));
    }
  }
  return scenarios;
}
