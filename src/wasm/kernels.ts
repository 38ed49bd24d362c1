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
  validatePointShape,
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
  [-9]: 'the hypervolume overflows',
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

/**
 * The spec's validation of the points, reference and options, in the spec's order, but
 * without its pass over every value: the core rejects non-finite values itself (status −2),
 * and `rejectStatus` then runs the spec's check to name the value. On 10³ 3-D points that
 * pass and the overflow check were a third of the call, and more when V8 had dropped the
 * optimised code of these loops (it did after every child process the moocore bench ran).
 */
function validateArguments(points: PointMatrix, reference: ArrayLike<number> | undefined, options: ObjectiveOptions | undefined): void {
  validatePointShape(points);
  try {
    if (reference !== undefined) validateReference(reference, points.dim);
    validateObjectiveOptions(options, points.dim);
  } catch (error) {
    validatePoints(points); // a non-finite point comes first, as in the spec
    throw error;
  }
}

/** Throws for a core status: the spec's own error for a non-finite point or an overflow. */
function rejectStatus(status: number, kernel: string, points: PointMatrix): void {
  if (status === -2) validatePoints(points);
  if (status === -9) finiteHypervolume(Number.POSITIVE_INFINITY);
  check(status, kernel);
}

export function paretoRanks(points: PointMatrix, options?: ObjectiveOptions): Int32Array {
  validateArguments(points, undefined, options);
  const { values, n, dim } = points;
  return withBlocks([[values.length, 8], [n, 4]], (core, [pointsPtr, outPtr]) => {
    writeOriented(core, pointsPtr!, values, dim, options);
    const status = core.pareto_ranks(pointsPtr!, n, dim, outPtr!);
    if (status !== 0) rejectStatus(status, 'pareto_ranks', points);
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
  validateArguments(points, reference, options);
  const { values, n, dim } = points;
  return withBlocks([[values.length, 8], [dim, 8], [outCount, 8]], (core, [pointsPtr, referencePtr, outPtr]) => {
    writeOriented(core, pointsPtr!, values, dim, options);
    writeOriented(core, referencePtr!, reference, dim, options);
    const status = core[kernel](pointsPtr!, n, dim, referencePtr!, outPtr!);
    if (status !== 0) rejectStatus(status, kernel, points);
    return new Float64Array(core.memory.buffer, outPtr, outCount).slice();
  });
}

export function hypervolume(points: PointMatrix, reference: ArrayLike<number>, options?: ObjectiveOptions): number {
  return finiteHypervolume(callWithReference('hypervolume', points, reference, options, 1)[0]!);
}

/** Overflow is a defined error (spec/hypervolume.ts, docs/conformance.md): the core checks it. */
export function hypervolumeContributions(
  points: PointMatrix,
  reference: ArrayLike<number>,
  options?: ObjectiveOptions,
): Float64Array {
  return callWithReference('hv_contributions', points, reference, options, points.n);
}

export const wasmKernels: ParetoKernels = { paretoRanks, hypervolume, hypervolumeContributions };
