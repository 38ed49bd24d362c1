/**
 * A simulation scenario: every parameter MODEL.md names, with its default, validated with a
 * schema so that a bad config file or flag gets an error that names the setting.
 */

import { z } from 'zod';
import { DEFAULT_OBJECTIVES } from '../data/objectives.js';
import { InputError } from '../errors.js';
import { parseTimestamp } from '../carbon/trace-csv.js';

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
  /** From now to the end of the search: the reference code's foresight. */
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
    hours: z.number().positive().max(24 * 366).default(40),
    start: isoTimestamp.default('2021-07-02T06:00:00Z'),
    trace: z.string().min(1).default('US-CAL-CISO:2021'),
    signal: z.enum(['lca', 'direct']).default('lca'),
    allowGaps: z.boolean().default(false),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    objectives: z.string().min(1).default(DEFAULT_OBJECTIVES),
    /** Hypervolume reference point; default: MODEL.md §1 (0 % accuracy, the largest energy). */
    reference: z.array(z.number()).optional(),
    /** Normalised HV whose first reach is reported (carbon and time to target). */
    targetHvNormalized: z.number().gt(0).max(1).default(0.95),
    epochHours: z.number().positive().default(1),
    window: WindowSchema.default({ kind: 'remaining' }),
    power: z
      .object({
        busyW: z.number().min(0).default(300),
        idleW: z.number().min(0).default(0),
        pue: z.number().min(1).default(1),
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
         * The column that stands in for every accuracy objective in one-shot estimates: by
         * default the real 12-epoch CIFAR-10 validation accuracy (a low-fidelity signal);
         * 'noisy' simulates a supernet: the true accuracy plus seeded noise of a given τ.
         */
        estimate: z.enum([...ESTIMATE_COLUMNS, 'noisy']).default('c10valid_valid_acc_12ep'),
        /** With estimate 'noisy': the true accuracy plus noise giving this Kendall τ-b with it. */
        noisyKendallTau: z.number().gt(0).max(1).default(0.7),
        /** One-shot LaMOO: architectures estimated per epoch, which join its sample set. */
        oneshotBatch: z.number().int().min(1).default(10),
        supernetTrainingGpuHours: z.number().min(0).default(0),
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
        excludeTwins: z.boolean().default(false),
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
  const result = ScenarioSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const path = issue.path.length === 0 ? '(top level)' : issue.path.join('.');
    return `${path}: ${issue.message}`;
  });
  throw new InputError(`${source}: invalid scenario: ${problems.join('; ')}`);
}

/** `remaining`, `search`, `trailing:24` or `forecast:24` (hours) as a window. */
export function parseWindow(text: string): CarbonWindow {
  const [kind = '', hoursText, extra] = text.split(':');
  if (extra === undefined) {
    if ((kind === 'remaining' || kind === 'search') && hoursText === undefined) return { kind };
    if ((kind === 'trailing' || kind === 'forecast') && hoursText !== undefined) {
      const hours = Number(hoursText);
      if (Number.isFinite(hours) && hours > 0) return { kind, hours };
    }
  }
  throw new InputError(`window: expected remaining, search, trailing:HOURS or forecast:HOURS, got '${text}'`);
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
