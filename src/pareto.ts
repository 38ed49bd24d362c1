/**
 * The product's Pareto API: ranks, hypervolume and contributions computed by the
 * WebAssembly core by default, or by the executable spec with `backend: 'spec'`.
 * Dominance tests come straight from the spec (a single comparison gains nothing from WASM).
 */

import type { ObjectiveOptions, ParetoKernels, PointMatrix } from '../spec/index.js';
import { specKernels } from '../spec/index.js';
import { wasmKernels } from './wasm/kernels.js';

export type { ObjectiveOptions, ParetoKernels, PointMatrix } from '../spec/index.js';
export { dominates, pointMatrix, rowsOf, strictlyDominates, weaklyDominates } from '../spec/index.js';

export type Backend = 'spec' | 'wasm';

export interface KernelOptions extends ObjectiveOptions {
  /** Which implementation computes the result. Default `'wasm'`. */
  readonly backend?: Backend;
}

const BACKENDS: Readonly<Record<Backend, ParetoKernels>> = { spec: specKernels, wasm: wasmKernels };

/** The implementation behind a backend name; throws on an unknown name. */
export function kernelsFor(backend: Backend = 'wasm'): ParetoKernels {
  const kernels = (BACKENDS as Record<string, ParetoKernels | undefined>)[backend];
  if (kernels === undefined) {
    throw new RangeError(`backend must be 'spec' or 'wasm', got ${JSON.stringify(backend)}`);
  }
  return kernels;
}

export function paretoRanks(points: PointMatrix, options: KernelOptions = {}): Int32Array {
  return kernelsFor(options.backend).paretoRanks(points, options);
}

export function hypervolume(points: PointMatrix, reference: ArrayLike<number>, options: KernelOptions = {}): number {
  return kernelsFor(options.backend).hypervolume(points, reference, options);
}

export function hypervolumeContributions(points: PointMatrix, reference: ArrayLike<number>, options: KernelOptions = {}): Float64Array {
  return kernelsFor(options.backend).hypervolumeContributions(points, reference, options);
}
