/**
 * `fixed:matched` (MODEL.md §4): the carbon-blind control that does CE-NAS's amount of sampling
 * and evaluation without its timing. It spreads the CE-NAS run's mean number of sampling GPUs
 * (same seed, trace and scenario) as evenly as integers allow over its epochs — epoch k samples
 * on round((k+1)·m) − round(k·m) GPUs, m the mean — so over the run it samples on as many
 * GPU-epochs as CE-NAS did, whatever the carbon intensity. The carbon CE-NAS saves over it is
 * what its timing buys: the "timing gain". (A constant λ = mean λs would not do this: the split
 * rule rounds, so a constant share can sample on a different number of GPUs on average.)
 */

import { type AllocationRule, splitGpus } from '../../spec/index.js';
import { InputError } from '../errors.js';
import type { Policy } from './policies.js';
import type { EpochRecord } from './records.js';

export const MATCHED_POLICY_NAME = 'fixed(matched)';

/** Stands for `fixed:matched` in a policy list until the CE-NAS run it matches has run. */
export interface MatchedPolicyRequest extends Policy {
  readonly matchesCenas: true;
}

export const MATCHED_REQUEST: MatchedPolicyRequest = {
  name: MATCHED_POLICY_NAME,
  matchesCenas: true,
  samplingShare: () => {
    throw new InputError('fixed:matched runs only after a CE-NAS run in the same simulation');
  },
};

export function isMatchedRequest(policy: Policy): policy is MatchedPolicyRequest {
  return (policy as Partial<MatchedPolicyRequest>).matchesCenas === true;
}

/** The mean number of sampling GPUs over a run's decision epochs (0 without epochs). */
export function meanSamplingGpus(epochs: readonly EpochRecord[]): number {
  if (epochs.length === 0) return 0;
  return epochs.reduce((sum, epoch) => sum + epoch.samplingGpus, 0) / epochs.length;
}

/** A share λs that `rule` turns into exactly `samplingGpus` of `totalGpus` (above the minimum of evaluators). */
export function shareForSamplingGpus(samplingGpus: number, totalGpus: number, rule: AllocationRule): number {
  // Half a GPU inside the wanted count keeps floating-point rounding off the floor's edge.
  const share = rule.rounding === 'reference' ? Math.max(0, samplingGpus - 0.5) / totalGpus : samplingGpus / totalGpus;
  const split = splitGpus(totalGpus, share, rule);
  if (split.samplingGpus !== samplingGpus) throw new Error(`internal: share ${share} gives ${split.samplingGpus} sampling GPUs, not ${samplingGpus}`);
  return share;
}

/** The matched control of a CE-NAS run with these epochs. */
export function matchedFixedPolicy(cenasEpochs: readonly EpochRecord[], totalGpus: number, rule: AllocationRule): Policy {
  const meanGpus = meanSamplingGpus(cenasEpochs);
  let epoch = 0;
  return {
    name: MATCHED_POLICY_NAME,
    samplingShare() {
      const samplingGpus = Math.round((epoch + 1) * meanGpus) - Math.round(epoch * meanGpus);
      epoch++;
      return shareForSamplingGpus(samplingGpus, totalGpus, rule);
    },
  };
}
