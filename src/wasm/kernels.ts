/**
 * Typed wrappers over the WebAssembly core, with the spec's names and signatures.
 *
 * Inputs are validated with the spec's own checks before they cross the boundary, copied
 * into linear memory (maximised objectives negated there, so callers' arrays are never
 * touched) and results are copied out; every allocation is freed in `finally`. Views of
 * memory are made afresh after each call that may grow it.
 */

import type { ObjectiveOptions, ParetoKernels, PointMatrix } from '../../spec/index.js';
import {
  finiteHypervolume,
  minimisationSign,
  validateObjectiveOptions,
  validatePoints,
  validateReference,
} from '../../spec/index.js';
import { type CoreExports, coreExports } from './module.js';

/** Messages for the core's negative status codes (see `core-rs/src/abi.rs`). */
const STATUS_MESSAGES: Readonly<Record<number, string>> = {
  [-1]: 'bad dimension',
  [-2]: 'a point has a non-finite value',
  [-3]: 'the reference point has a non-finite value',
  [-4]: 'null pointer',
  [-5]: 'input too large',
  [-6]: 'malformed classifier model',
  [-7]: 'malformed grid',
  [-8]: 'labels must be +1 or -1',
};

export function check(status: number, kernel: string): void {
  if (status !== 0) {
    throw new Error(`ce-nas core: ${kernel} failed with status ${status} (${STATUS_MESSAGES[status] ?? 'unknown'})`);
  }
}

/** Size of one block of linear memory: `count` values of `bytesPerValue` bytes. */
export type BlockSize = readonly [count: number, bytesPerValue: 1 | 4 | 8];

/**
 * Allocates one block per size, runs `run` with their pointers and frees them all, also on
 * error. Zero-length blocks get one value, so that every pointer is real.
 */
export function withBlocks<T>(sizes: readonly BlockSize[], run: (core: CoreExports, ptrs: number[]) => T): T {
  const core = coreExports();
  const allocated: { ptr: number; bytes: number }[] = [];
  try {
    for (const [count, bytesPerValue] of sizes) {
      const bytes = Math.max(count, 1) * bytesPerValue;
      const ptr = core.alloc(bytes);
      if (ptr === 0) throw new RangeError(`ce-nas core: cannot allocate ${bytes} bytes`);
      allocated.push({ ptr, bytes });
    }
    return run(core, allocated.map((block) => block.ptr));
  } finally {
    for (const block of allocated) core.dealloc(block.ptr, block.bytes);
  }
}

/** Copies `values` into linear memory at `ptr` in minimisation form (column j times its sign). */
function writeOriented(core: CoreExports, ptr: number, values: ArrayLike<number>, dim: number, options?: ObjectiveOptions): void {
  const view = new Float64Array(core.memory.buffer, ptr, values.length);
  view.set(values);
  if (options?.maximise?.some(Boolean)) {
    for (let k = 0; k < values.length; k++) view[k] = minimisationSign(options, k % dim) * view[k]!;
  }
}

export function paretoRanks(points: PointMatrix, options?: ObjectiveOptions): Int32Array {
  validatePoints(points);
  validateObjectiveOptions(options, points.dim);
  const { values, n, dim } = points;
  return withBlocks([[values.length, 8], [n, 4]], (core, [pointsPtr, outPtr]) => {
    writeOriented(core, pointsPtr!, values, dim, options);
    check(core.pareto_ranks(pointsPtr!, n, dim, outPtr!), 'pareto_ranks');
    return new Int32Array(core.memory.buffer, outPtr, n).slice();
  });
}

/** Runs a kernel of shape (points, n, dim, reference, out) and returns `outCount` f64 results. */
function callWithReference(
  kernel: 'hypervolume' | 'hv_contributions',
  points: PointMatrix,
  reference: ArrayLike<number>,
  options: ObjectiveOptions | undefined,
  outCount: number,
): Float64Array {
  validatePoints(points);
  validateReference(reference, points.dim);
  validateObjectiveOptions(options, points.dim);
  const { values, n, dim } = points;
  return withBlocks([[values.length, 8], [dim, 8], [outCount, 8]], (core, [pointsPtr, referencePtr, outPtr]) => {
    writeOriented(core, pointsPtr!, values, dim, options);
    writeOriented(core, referencePtr!, reference, dim, options);
    check(core[kernel](pointsPtr!, n, dim, referencePtr!, outPtr!), kernel);
    return new Float64Array(core.memory.buffer, outPtr, outCount).slice();
  });
}

export function hypervolume(points: PointMatrix, reference: ArrayLike<number>, options?: ObjectiveOptions): number {
  return finiteHypervolume(callWithReference('hypervolume', points, reference, options, 1)[0]!);
}

export function hypervolumeContributions(
  points: PointMatrix,
  reference: ArrayLike<number>,
  options?: ObjectiveOptions,
): Float64Array {
  const contributions = callWithReference('hv_contributions', points, reference, options, points.n);
  rejectOverflow(contributions, points, reference, options);
  return contributions;
}

// ---- Overflow is a defined error (spec/hypervolume.ts, docs/conformance.md): contributions
// are differences of hypervolumes, so they fail when the whole set's hypervolume overflows,
// even where each one is finite. The box from each objective's best value bounds that
// hypervolume: over all points first (one tight loop per column), then, if that overflows,
// over the inside points only; only when this bound overflows too is the hypervolume itself
// computed. This runs on every call: at 10³ points it was a fifth of the call's time.
function rejectOverflow(contributions: Float64Array, points: PointMatrix, reference: ArrayLike<number>, options?: ObjectiveOptions): void {
  for (let i = 0; i < contributions.length; i++) if (!Number.isFinite(contributions[i]!)) finiteHypervolume(Number.POSITIVE_INFINITY);
  const { values, n, dim } = points;
  if (n === 0) return;
  let box = 1;
  for (let j = 0; j < dim; j++) {
    let lowest = values[j]!;
    let highest = lowest;
    for (let k = j + dim; k < values.length; k += dim) {
      const value = values[k]!;
      if (value < lowest) lowest = value;
      if (value > highest) highest = value;
    }
    const sign = minimisationSign(options, j);
    box *= sign * reference[j]! - (sign === 1 ? lowest : -highest);
  }
  if (Number.isFinite(box)) return;
  rejectOverflowOfInsidePoints(points, reference, options);
}

function rejectOverflowOfInsidePoints(points: PointMatrix, reference: ArrayLike<number>, options?: ObjectiveOptions): void {
  const { values, n, dim } = points;
  const sign = Float64Array.from({ length: dim }, (_, j) => minimisationSign(options, j));
  const upper = Float64Array.from({ length: dim }, (_, j) => sign[j]! * reference[j]!);
  const lowest = Float64Array.from(upper);
  let inside = 0;
  for (let i = 0; i < n; i++) {
    let isInside = true;
    for (let j = 0; j < dim && isInside; j++) isInside = sign[j]! * values[i * dim + j]! < upper[j]!;
    if (!isInside) continue;
    inside++;
    for (let j = 0; j < dim; j++) lowest[j] = Math.min(lowest[j]!, sign[j]! * values[i * dim + j]!);
  }
  let box = 1;
  for (let j = 0; j < dim; j++) box *= upper[j]! - lowest[j]!;
  if (inside > 0 && !Number.isFinite(box)) hypervolume(points, reference, options);
}
// ----

export const wasmKernels: ParetoKernels = { paretoRanks, hypervolume, hypervolumeContributions };
