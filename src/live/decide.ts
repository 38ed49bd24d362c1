/**
 * The one place the live service calls the simulator's policy code (src/sim/policies.ts and
 * spec/allocation.ts): build a policy as `simulate` does, hand it the same context the
 * engine builds at a decision epoch, and split the pool's GPUs with the spec's rule. If the
 * policy module changes its exports, only this file follows.
 */

import type { AllocationRule } from '../../spec/allocation.js';
import { CarbonIntegrator } from '../carbon/accounting.js';
import { type CarbonTrace, intensityAt, lastStartAtOrBefore } from '../carbon/trace.js';
import { isModulePath } from '../sim/resolve-policies.js';
import { builtinPolicy, loadPolicyModule, type Policy, type PolicyContext, splitFor, windowBounds } from '../sim/policies.js';
import type { CarbonWindow } from '../sim/scenario.js';
import { Random } from '../random.js';
import { SECONDS_PER_HOUR } from '../units.js';

/** A named pool of GPUs running one search. */
export interface PoolSettings {
  readonly name: string;
  readonly gpus: number;
  /** Built-in policy name (cenas, vanilla, oneshot, random, fixed:λ) or a module path. */
  readonly policy: string;
  readonly window: CarbonWindow;
  /** The split's rounding and minimum of evaluation GPUs, as the scenario's `allocation`. */
  readonly allocation: AllocationRule;
  readonly searchStartS: number;
  readonly searchEndS: number;
  readonly seed: number;
}

export interface Decision {
  readonly timeS: number;
  readonly intensityGPerKwh: number;
  readonly samplingShare: number;
  readonly samplingGpus: number;
  readonly evaluationGpus: number;
  /** CE-NAS's window at this time and its extremes (what λs is computed from for `cenas`). */
  readonly window: { readonly fromS: number; readonly toS: number; readonly minGPerKwh: number; readonly maxGPerKwh: number };
  /** The decision's inputs hold until then (the next row change that enters them). */
  readonly validUntilS: number;
}

/** A policy by name, as `ce-nas simulate --policy` resolves it. */
export async function resolvePolicy(settings: PoolSettings, resolveFrom: string): Promise<Policy> {
  return isModulePath(settings.policy) ? loadPolicyModule(settings.policy, resolveFrom) : builtinPolicy(settings.policy, settings.window);
}

/** The first row start strictly after `tS` (the trace end when none). */
function nextRowStart(trace: CarbonTrace, tS: number): number {
  const { timesS } = trace;
  const last = lastStartAtOrBefore(timesS, tS);
  const next = timesS[last]! <= tS ? last + 1 : 0;
  return next < timesS.length ? timesS[next]! : trace.endS;
}

/** Until when the intensity now and the window's rows stay the same. */
function validUntil(trace: CarbonTrace, window: CarbonWindow, timeS: number, searchEndS: number): number {
  let untilS = Math.min(nextRowStart(trace, timeS), searchEndS);
  if (window.kind === 'trailing' || window.kind === 'forecast') {
    const offsetS = (window.kind === 'trailing' ? -1 : 1) * window.hours * SECONDS_PER_HOUR;
    untilS = Math.min(untilS, nextRowStart(trace, timeS + offsetS) - offsetS);
  }
  return untilS;
}

export interface DecisionInputs {
  readonly policy: Policy;
  readonly pool: PoolSettings;
  readonly trace: CarbonTrace;
  readonly carbon: CarbonIntegrator;
  readonly random: Random;
}

/** Decides the pool's split at `timeS` exactly as the simulator's engine does at an epoch. */
export function decide(inputs: DecisionInputs, timeS: number): Decision {
  const { policy, pool, trace, carbon, random } = inputs;
  const context: PolicyContext = {
    timeS,
    intensityGPerKwh: intensityAt(trace, timeS),
    searchStartS: pool.searchStartS,
    searchEndS: pool.searchEndS,
    carbon,
    random,
  };
  const share = policy.samplingShare(context);
  if (typeof share !== 'number' || !(share >= 0 && share <= 1))
    throw new RangeError(`policy ${policy.name}: samplingShare returned ${String(share)}; it must be a number in [0, 1]`);
  const split = splitFor(policy, pool.gpus, share, pool.allocation);
  const { fromS, toS } = windowBounds(pool.window, context);
  const { minGPerKwh, maxGPerKwh } = carbon.extremes(fromS, toS);
  return {
    timeS,
    intensityGPerKwh: context.intensityGPerKwh,
    samplingShare: share,
    samplingGpus: split.samplingGpus,
    evaluationGpus: split.evaluationGpus,
    window: { fromS, toS, minGPerKwh, maxGPerKwh },
    validUntilS: validUntil(trace, pool.window, timeS, pool.searchEndS),
  };
}

/** Inputs for a pool over a signal (the integrator is rebuilt only when the signal changes). */
export function decisionInputs(policy: Policy, pool: PoolSettings, trace: CarbonTrace, random: Random = new Random(pool.seed)): DecisionInputs {
  return { policy, pool, trace, carbon: new CarbonIntegrator(trace), random };
}
