/**
 * A simulation scenario: every parameter MODEL.md names, with its default, validated with a
 * schema so that a bad config file or flag gets an error that names the setting.
 */

import { z } from 'zod';
import { DEFAULT_OBJECTIVES } from '../data/objectives.js';
import { InputError } from '../errors.js';
import { parseTimestamp } from '../carbon/trace-csv.js';
import { DEFAULT_GPU_PROFILE, DEFAULT_PUE, DEFAULT_SUPERNET_GPU_HOURS, DEFAULT_SUPERNET_KENDALL_TAU, GPU_PROFILE_NAMES } from './defaults.js';

const isoTimestamp = z.string().refine((text) => parseTimestamp(text, true) !== undefined, {
  message: 'expected an ISO-8601 timestamp with a zone, e.g. 2021-07-02T06:00:00Z',
});

/** Low-fidelity (12-epoch) accuracies a one-shot estimate can be taken from. */
export const ESTIMATE_COLUMNS = [
  'c10valid_valid_acc_12ep',
  'c10_test_acc_12ep',
  'c100_valid_acc_12ep',
  'c100_test_acc_12ep',
  'in16_valid_acc_12ep',
  'in16_test_acc_12ep',
] as const;

/** Where CE-NAS's Cmin and Cmax come from (MODEL.md §4). */
const WindowSchema = z.discriminatedUnion('kind', [
  /** Fixed once, over the trace from the search start to the trace's end: the reference code's. */
  z.object({ kind: z.literal('reference') }).strict(),
  /** From now to the end of the search, shrinking as it goes (foresight; not the reference's). */
  z.object({ kind: z.literal('remaining') }).strict(),
  /** The whole search span, past and future. */
  z.object({ kind: z.literal('search') }).strict(),
  /** The past `hours` up to now: causal. */
  z.object({ kind: z.literal('trailing'), hours: z.number().positive() }).strict(),
  /** The next `hours` from now, as a perfect forecast. */
  z.object({ kind: z.literal('forecast'), hours: z.number().positive() }).strict(),
]);

export const ScenarioSchema = z
  .object({
    gpus: z.number().int().min(1).max(4096).default(8),
    hours: z
      .number()
      .positive()
      .max(24 * 366)
      .default(40),
    start: isoTimestamp.default('2021-07-02T06:00:00Z'),
    /** The reference code reads US-CAL-CISO 2020-2022 and starts at 2021-07-02T06:00Z. */
    trace: z.string().min(1).default('US-CAL-CISO:2021-2022'),
    signal: z.enum(['lca', 'direct']).default('lca'),
    allowGaps: z.boolean().default(false),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    objectives: z.string().min(1).default(DEFAULT_OBJECTIVES),
    /** Hypervolume reference point; default: MODEL.md §1 (0 % accuracy, the largest energy). */
    reference: z.array(z.number()).optional(),
    /** Normalised HVs whose first reach is reported (carbon and time to each target). */
    hvTargets: z.array(z.number().gt(0).max(1)).min(1).default([0.95, 0.99, 0.995]),
    /**
     * Ends the search once it has spent this much carbon (scenario's accounting mode, the
     * supernet's training included), or at the time budget, whichever comes first.
     */
    carbonBudgetKg: z.number().positive().optional(),
    epochHours: z.number().positive().default(1),
    window: WindowSchema.default({ kind: 'reference' }),
    allocation: z
      .object({
        /** `reference`: ge = max(⌊Gt·λe⌋, min) as the reference code; `nearest`: gs = ⌊Gt·λs + ½⌋. */
        rounding: z.enum(['reference', 'nearest']).default('reference'),
        /** The reference code keeps one GPU evaluating. */
        minEvaluationGpus: z.number().int().min(0).default(1),
      })
      .strict()
      .prefault({}),
    power: z
      .object({
        /** A GPU profile (gpu-profiles.ts, MODEL.md §3) giving busy and idle power. */
        gpu: z.enum(GPU_PROFILE_NAMES).default(DEFAULT_GPU_PROFILE),
        /** Overrides the profile's busy power, W. */
        busyW: z.number().min(0).optional(),
        /** Overrides the profile's held-idle power, W. */
        idleW: z.number().min(0).optional(),
        pue: z.number().min(1).default(DEFAULT_PUE),
      })
      .strict()
      .prefault({}),
    accounting: z.enum(['all-gpu-time', 'reference-code']).default('all-gpu-time'),
    initialSamples: z.number().int().min(1).default(10),
    sampling: z
      .object({
        /** Multiplies the per-architecture sampling time (test-set pass / 200 epochs). */
        costScale: z.number().positive().default(1),
        /**
         * Where one-shot estimates of accuracy come from, each at its own cost (MODEL.md §2):
         * 'noisy' simulates a supernet (the true accuracy plus seeded noise of a given τ; one
         * test pass per estimate plus the supernet's training); a 12-epoch column is the real
         * 12-epoch accuracy (12 epochs of training plus one validation pass per estimate).
         */
        estimate: z.enum([...ESTIMATE_COLUMNS, 'noisy']).default('noisy'),
        /** With estimate 'noisy': the true accuracy plus noise giving this Kendall τ-b with it. */
        noisyKendallTau: z.number().gt(0).max(1).default(DEFAULT_SUPERNET_KENDALL_TAU),
        /** The supernet's one-off training, GPU-hours (estimate 'noisy' only). */
        supernetTrainingGpuHours: z.number().min(0).default(DEFAULT_SUPERNET_GPU_HOURS),
        queueCapacity: z.number().int().min(1).default(10),
      })
      .strict()
      .prefault({}),
    training: z
      .object({
        /** Seconds added when a paused training resumes. */
        resumeOverheadS: z.number().min(0).default(0),
      })
      .strict()
      .prefault({}),
    lamoo: z
      .object({
        cp: z.number().min(0).default(30),
        leafSize: z.number().int().min(1).default(10),
        maxDepth: z.number().int().min(0).default(3),
        kernel: z.enum(['poly', 'rbf']).default('poly'),
        /** Children get their parent's samples by label (reference) or by the classifier's prediction. */
        splitBy: z.enum(['labels', 'predictions']).default('labels'),
        /** `leaf`: best UCT among all leaves (reference `--node_select leaf`); `path`: descend by UCT. */
        selection: z.enum(['leaf', 'path']).default('leaf'),
        excludeTwins: z.boolean().default(false),
        /**
         * A LaMOO search's sample budget (the reference's `--maxSamples`, 1500): one-shot LaMOO
         * stops estimating once its sample set holds this many, then trains its estimated front.
         */
        maxSamples: z.number().int().min(1).default(1500),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Scenario = z.output<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type CarbonWindow = z.output<typeof WindowSchema>;

/** Validates a scenario; `source` names the config in errors ("config.json", "flags"). */
export function parseScenario(input: unknown, source: string): Scenario {
  if (typeof input === 'object' && input !== null && 'targetHvNormalized' in input) {
    throw new InputError(`${source}: targetHvNormalized was replaced by hvTargets, a list of normalised HVs (default [0.95, 0.99, 0.995])`);
  }
  const result = ScenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '(top level)' : issue.path.join('.');
    return `${path}: ${issue.message}`;
  });
  throw new InputError(`${source}: invalid scenario: ${problems.join('; ')}`);
}

/** Hours in the causal `past-year` window (`trailing:8760`). */
export const PAST_YEAR_HOURS = 8760;

/** `reference`, `remaining`, `search`, `trailing:24`, `past-year` or `forecast:24` (hours) as a window. */
export function parseWindow(text: string): CarbonWindow {
  if (text === 'past-year') return { kind: 'trailing', hours: PAST_YEAR_HOURS };
  const [kind = '', hoursText, extra] = text.split(':');
  if (extra === undefined) {
    if ((kind === 'reference' || kind === 'remaining' || kind === 'search') && hoursText === undefined) return { kind };
    if ((kind === 'trailing' || kind === 'forecast') && hoursText !== undefined) {
      const hours = Number(hoursText);
      if (Number.isFinite(hours) && hours > 0) return { kind, hours };
    }
  }
  throw new InputError(`window: expected reference, remaining, search, trailing:HOURS, past-year or forecast:HOURS, got '${text}'`);
}

/**
 * Sets a setting by its dotted path (`power.busyW`) in raw scenario input, copying the
 * objects on the way so that the input it came from is not changed.
 */
export function setSettingAt(input: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = input;
  for (const key of keys.slice(0, -1)) {
    const child = node[key];
    node[key] = typeof child === 'object' && child !== null && !Array.isArray(child) ? { ...(child as Record<string, unknown>) } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]!] = value;
}
