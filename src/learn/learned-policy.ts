/**
 * A learned allocation policy (MODEL.md §7): λs = σ(bias + Σ wᵢ·featureᵢ), the logistic of a
 * linear score of causal features (features.ts). `ce-nas train-policy` writes its parameters
 * to a JSON file; `--policy learned:FILE` runs it in simulate, sweep and serve.
 */

import { z } from 'zod';
import { InputError } from '../errors.js';
import { readJsonFile } from '../files.js';
import type { Policy } from '../sim/policies.js';
import { feature, FEATURE_NAMES, type FeatureName } from './features.js';

export const POLICY_FILE_FORMAT = 'ce-nas-learned-policy/1';

const PolicyFileSchema = z
  .object({
    format: z.literal(POLICY_FILE_FORMAT),
    name: z.string().min(1),
    features: z.array(z.enum(FEATURE_NAMES)).min(1),
    weights: z.array(z.number().finite()),
    bias: z.number().finite(),
  })
  .passthrough()
  .refine((file) => file.weights.length === file.features.length, { message: 'weights must have one value per feature' })
  .refine((file) => new Set(file.features).size === file.features.length, { message: 'features must not repeat' });

export interface LinearPolicyParameters {
  readonly features: readonly FeatureName[];
  readonly weights: readonly number[];
  readonly bias: number;
}

function logistic(score: number): number {
  return 1 / (1 + Math.exp(-score));
}

/** The policy of given parameters, named `learned(name)`. */
export function linearPolicy(name: string, parameters: LinearPolicyParameters): Policy {
  const { features, weights, bias } = parameters;
  return {
    name: `learned(${name})`,
    samplingShare(context) {
      let score = bias;
      features.forEach((featureName, k) => {
        score += weights[k]! * feature(featureName, context);
      });
      const share = logistic(score);
      // σ is in (0, 1) but can round to exactly 1; a NaN feature must not become a share.
      return Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
    },
  };
}

/** Reads and checks a policy file; errors name the file and the field. */
export function loadLearnedPolicy(path: string): Policy {
  const parsed = PolicyFileSchema.safeParse(readJsonFile(path, 'learned policy'));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.length === 0 ? '(top level)' : issue.path.join('.')}: ${issue.message}`);
    throw new InputError(`learned policy ${path}: not a policy file written by \`ce-nas train-policy\`: ${problems.join('; ')}`);
  }
  return linearPolicy(parsed.data.name, parsed.data);
}
