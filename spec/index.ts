/**
 * The executable specification: readable definitions that the WebAssembly core must match.
 * `specKernels` implements the same `ParetoKernels` interface as the core's wrapper.
 */

import { hypervolume, hypervolumeContributions } from './hypervolume.js';
import type { ObjectiveOptions, PointMatrix } from './points.js';
import { paretoRanks } from './ranks.js';

export * from './allocation.js';
export * from './carbon.js';
export * from './dominance.js';
export * from './exp.js';
export * from './hypervolume.js';
export * from './lamoo.js';
export * from './points.js';
export * from './ranks.js';
export * from './svm.js';

/** The functions that both the spec and the WebAssembly core implement. */
export interface ParetoKernels {
  paretoRanks(points: PointMatrix, options?: ObjectiveOptions): Int32Array;
  hypervolume(points: PointMatrix, reference: ArrayLike<number>, options?: ObjectiveOptions): number;
  hypervolumeContributions(points: PointMatrix, reference: ArrayLike<number>, options?: ObjectiveOptions): Float64Array;
}

export const specKernels: ParetoKernels = { paretoRanks, hypervolume, hypervolumeContributions };
