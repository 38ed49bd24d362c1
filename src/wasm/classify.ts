/**
 * Region membership of a whole grid of architectures through a path of classifiers, in the
 * WebAssembly core (bit-identical to `regionMembership` in spec/lamoo.ts).
 */

import type { PathStep, SvmModel } from '../../spec/index.js';
import { check, withBlocks } from './kernels.js';

const KERNEL_CODES = { linear: 0, poly: 1, rbf: 2 } as const;
const HEADER = 7;

/** Packs models one after another in the core's layout (see core-rs/src/classify.rs). */
export function packModels(models: readonly SvmModel[]): Float64Array {
  const length = models.reduce((sum, m) => sum + HEADER + m.dualCoef.length * (1 + m.dim), 0);
  const blob = new Float64Array(length);
  let at = 0;
  for (const model of models) {
    if (model.supportVectors.length !== model.dualCoef.length * model.dim) {
      throw new RangeError(`model: ${model.dualCoef.length} coefficients but ${model.supportVectors.length / model.dim} support vectors`);
    }
    blob.set([KERNEL_CODES[model.kernel], model.gamma, model.coef0, model.degree, model.dim, model.dualCoef.length, model.intercept], at);
    blob.set(model.dualCoef, at + HEADER);
    blob.set(model.supportVectors, at + HEADER + model.dualCoef.length);
    at += HEADER + model.dualCoef.length * (1 + model.dim);
  }
  return blob;
}

/** Number of points of a grid with `edges` coordinates of `m` values each. */
function gridPoints(m: number, edges: number): number {
  if (!Number.isInteger(m) || !Number.isInteger(edges) || m < 1 || edges < 1 || m ** edges > 2 ** 24) {
    throw new RangeError(`grid of ${m} values on ${edges} edges is not supported (at most 2^24 points)`);
  }
  return m ** edges;
}

/**
 * Membership (1/0) of every grid point, in lexicographic order of value indices (edge 0
 * most significant), in the region of `path`.
 */
export function classifyGrid(path: readonly PathStep[], values: readonly number[], edges: number): Uint8Array {
  const size = gridPoints(values.length, edges);
  const blob = packModels(path.map((step) => step.classifier));
  const sides = Int32Array.from(path, (step) => (step.good ? 1 : 0));
  return withBlocks([[blob.length, 8], [sides.length, 4], [values.length, 8], [size, 1]], (core, [blobPtr, sidesPtr, valuesPtr, outPtr]) => {
    new Float64Array(core.memory.buffer, blobPtr, blob.length).set(blob);
    new Int32Array(core.memory.buffer, sidesPtr, sides.length).set(sides);
    new Float64Array(core.memory.buffer, valuesPtr, values.length).set(values);
    check(core.classify_grid(blobPtr!, blob.length, path.length, sidesPtr!, valuesPtr!, values.length, edges, outPtr!), 'classify_grid');
    return new Uint8Array(core.memory.buffer, outPtr, size).slice();
  });
}

/** Decision values of one classifier at every grid point (same order as `classifyGrid`). */
export function decisionGrid(model: SvmModel, values: readonly number[], edges: number): Float64Array {
  const size = gridPoints(values.length, edges);
  const blob = packModels([model]);
  return withBlocks([[blob.length, 8], [values.length, 8], [size, 8]], (core, [blobPtr, valuesPtr, outPtr]) => {
    new Float64Array(core.memory.buffer, blobPtr, blob.length).set(blob);
    new Float64Array(core.memory.buffer, valuesPtr, values.length).set(values);
    check(core.decision_grid(blobPtr!, blob.length, valuesPtr!, values.length, edges, outPtr!), 'decision_grid');
    return new Float64Array(core.memory.buffer, outPtr, size).slice();
  });
}

/** Decision values of one classifier at the listed grid points (indices as in `classifyGrid`). */
export function decisionPoints(model: SvmModel, values: readonly number[], edges: number, points: ArrayLike<number>): Float64Array {
  const size = gridPoints(values.length, edges);
  for (let k = 0; k < points.length; k++) {
    const p = points[k]!;
    if (!Number.isInteger(p) || p < 0 || p >= size) throw new RangeError(`grid point ${p} is outside 0..${size - 1}`);
  }
  const blob = packModels([model]);
  return withBlocks([[blob.length, 8], [values.length, 8], [points.length, 4], [points.length, 8]], (core, [blobPtr, valuesPtr, pointsPtr, outPtr]) => {
    new Float64Array(core.memory.buffer, blobPtr, blob.length).set(blob);
    new Float64Array(core.memory.buffer, valuesPtr, values.length).set(values);
    new Uint32Array(core.memory.buffer, pointsPtr, points.length).set(points);
    check(core.decision_points(blobPtr!, blob.length, valuesPtr!, values.length, edges, pointsPtr!, points.length, outPtr!), 'decision_points');
    return new Float64Array(core.memory.buffer, outPtr, points.length).slice();
  });
}
