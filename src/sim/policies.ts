/**
 * GPU-allocation policies (MODEL.md §4). At each decision epoch a policy sees the state it
 * may see and returns λs, the share of GPUs that sample; `splitGpus` (spec) turns it into
 * GPU counts. Users can plug in their own: a module whose default export is a `Policy`.
 */

import { type AllocationRule, type GpuSplit, NEAREST_ALLOCATION_RULE, samplingShare, splitGpus } from '../../spec/index.js';
import type { CarbonIntegrator } from '../carbon/accounting.js';
import { InputError } from '../errors.js';
import type { Random } from '../random.js';
import { loadLearnedPolicy } from '../learn/learned-policy.js';
import { MATCHED_REQUEST } from './matched.js';
import { loadPluginPolicy, type PluginPolicy } from './plugin-policy.js';
import type { CarbonWindow } from './scenario.js';
import { SECONDS_PER_HOUR } from '../units.js';

/** What a policy may see at a decision epoch. */
export interface PolicyContext {
  readonly timeS: number;
  /** The intensity in force now, gCO2eq/kWh. */
  readonly intensityGPerKwh: number;
  readonly searchStartS: number;
  readonly searchEndS: number;
  /** The trace, for the intensity now and the windows the policy is allowed to look at. */
  readonly carbon: CarbonIntegrator;
  /** The scenario's seeded generator (policies draw from it in epoch order). */
  readonly random: Random;
  /** The search's state, where the caller knows it (the simulator does; the live service does not). */
  readonly search?: SearchState;
}

/** What a policy may know of the search itself at a decision epoch. */
export interface SearchState {
  readonly trainings: number;
  /** The normalised hypervolume of the trained architectures (0 before the first). */
  readonly hvNormalized: number;
  /** Estimates waiting in the queue, and its capacity. */
  readonly queued: number;
  readonly queueCapacity: number;
}

export interface Policy {
  readonly name: string;
  /** λs ∈ [0, 1]. */
  samplingShare(context: PolicyContext): number;
  /**
   * One-shot LaMOO: the search runs on one-shot estimates alone (they join the sample set)
   * and the predicted front is trained after the search. Default false.
   */
  readonly searchesOnEstimates?: boolean;
}

/** [from, to) of the window at `timeS`, clipped to the trace. */
export function windowBounds(window: CarbonWindow, context: PolicyContext): { readonly fromS: number; readonly toS: number } {
  const { trace } = context.carbon;
  const traceStart = trace.timesS[0]!;
  const now = context.timeS;
  const bounds = (() => {
    switch (window.kind) {
      case 'reference':
        // Fixed once: from the search start to the end of the trace, as the reference code.
        return { fromS: context.searchStartS, toS: trace.endS };
      case 'remaining':
        return { fromS: now, toS: context.searchEndS };
      case 'search':
        return { fromS: context.searchStartS, toS: context.searchEndS };
      case 'trailing':
        // The past hours and the row in force now.
        return { fromS: now - window.hours * SECONDS_PER_HOUR, toS: now + 1e-6 };
      case 'forecast':
        return { fromS: now, toS: now + window.hours * SECONDS_PER_HOUR };
    }
  })();
  return { fromS: Math.max(traceStart, bounds.fromS), toS: Math.min(trace.endS, Math.max(bounds.toS, now + 1e-6)) };
}

/** CE-NAS: λs = (Ccur − Cmin) / (Cmax − Cmin) over the window, clamped (spec/allocation.ts). */
export function cenasPolicy(window: CarbonWindow): Policy {
  const label = window.kind === 'trailing' || window.kind === 'forecast' ? `${window.kind}:${window.hours}` : window.kind;
  // Extremes of a window that does not move are computed once per trace and start.
  let fixed: { key: string; extremes: { minGPerKwh: number; maxGPerKwh: number } } | undefined;
  return {
    name: `cenas(${label})`,
    samplingShare(context) {
      const { fromS, toS } = windowBounds(window, context);
      let extremes: { minGPerKwh: number; maxGPerKwh: number };
      if (window.kind === 'reference' || window.kind === 'search') {
        const key = `${context.carbon.trace.name}|${fromS}|${toS}`;
        if (fixed?.key !== key) fixed = { key, extremes: context.carbon.extremes(fromS, toS) };
        extremes = fixed.extremes;
      } else {
        extremes = context.carbon.extremes(fromS, toS);
      }
      const { minGPerKwh, maxGPerKwh } = extremes;
      return samplingShare(context.intensityGPerKwh, minGPerKwh, maxGPerKwh);
    },
  };
}

/** Vanilla LaMOO: every GPU evaluates. */
export const vanillaPolicy: Policy = { name: 'vanilla', samplingShare: () => 0 };

/** One-shot LaMOO: every GPU samples (the predicted front is trained after the search). */
export const oneshotPolicy: Policy = { name: 'oneshot', samplingShare: () => 1, searchesOnEstimates: true };

/** Random allocation: λs uniform in [0, 1) each epoch, from the seeded generator. */
export const randomPolicy: Policy = { name: 'random', samplingShare: (context) => context.random.float() };

/** The carbon-blind control: a constant λs. */
export function fixedPolicy(share: number): Policy {
  if (!(share >= 0 && share <= 1)) throw new InputError(`fixed policy: λs must lie in [0, 1], got ${share}`);
  return { name: `fixed(${share})`, samplingShare: () => share };
}

/**
 * A policy's GPU split at an epoch: the scenario's allocation rule, except for one-shot LaMOO,
 * which never evaluates during its search, so no minimum of evaluators applies.
 */
export function splitFor(policy: Policy, totalGpus: number, share: number, rule: AllocationRule): GpuSplit {
  return splitGpus(totalGpus, share, policy.searchesOnEstimates === true ? NEAREST_ALLOCATION_RULE : rule);
}

/** The built-in policy of a name: cenas, vanilla, oneshot, random, fixed:λ, fixed:matched. */
export function builtinPolicy(name: string, window: CarbonWindow): Policy {
  if (name === 'cenas') return cenasPolicy(window);
  if (name === 'vanilla') return vanillaPolicy;
  if (name === 'oneshot') return oneshotPolicy;
  if (name === 'random') return randomPolicy;
  if (name === 'fixed:matched') return MATCHED_REQUEST;
  if (name.startsWith('learned:')) return loadLearnedPolicy(name.slice('learned:'.length));
  const fixed = /^fixed:(.+)$/.exec(name);
  if (fixed !== null) return fixedPolicy(Number(fixed[1]));
  throw new InputError(`unknown policy '${name}'; built-in policies: cenas, vanilla, oneshot, random, fixed:λ, fixed:matched, learned:FILE (or a module path)`);
}

/**
 * A user's policy: the default export of the module at `path`, checked for the interface and
 * run in its own worker thread with a time limit per call (plugin-policy.ts).
 */
export async function loadPolicyModule(path: string, resolveFrom: string, timeoutMs?: number): Promise<PluginPolicy> {
  return loadPluginPolicy(path, resolveFrom, timeoutMs);
}
