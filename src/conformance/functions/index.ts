/**
 * The functions an implementation of the model can be checked on (docs/conformance.md), in
 * the order the runner checks them. A new function is one more file here and one entry below.
 */

import { allocation } from './allocation.js';
import { carbon } from './carbon.js';
import { contributions } from './contributions.js';
import { dominance } from './dominance.js';
import { hypervolume } from './hypervolume.js';
import { labels } from './labels.js';
import { leafSelection } from './leaf-selection.js';
import { ranks } from './ranks.js';
import { schedule } from './schedule.js';
import { simulation } from './simulate.js';
import { svmDecision } from './svm-decision.js';
import type { ConformanceFunction } from './types.js';

export type { Args, ConformanceFunction } from './types.js';

export const CONFORMANCE_FUNCTIONS: readonly ConformanceFunction[] = [
  dominance,
  ranks,
  hypervolume,
  contributions,
  allocation,
  carbon,
  labels,
  svmDecision,
  leafSelection,
  simulation,
  schedule,
];

export function conformanceFunction(name: string): ConformanceFunction | undefined {
  return CONFORMANCE_FUNCTIONS.find((definition) => definition.name === name);
}
