/**
 * Simulated one-shot estimates of accuracy (MODEL.md §2's alternative to the real 12-epoch
 * accuracy): the true accuracy plus seeded Gaussian noise whose size is calibrated so that
 * the estimates' Kendall τ-b with the true accuracies is the requested value.
 *
 * τ is measured on a fixed, seeded subsample of architectures (2,000: 2 million pairs, so
 * the measured τ is within about 0.01 of the whole space's) and the noise scale is found by
 * bisection, since τ falls monotonically as the noise grows.
 */

import { Random } from '../random.js';

const CALIBRATION_SAMPLE = 2000;
const BISECTION_STEPS = 24;
const cache = new Map<string, NoisyEstimates>();

/**
 * Kendall's τ-b between two equally long samples without NaN (ties in either variable
 * handled), by Knight's O(n log n) method: sort by x then y, count the pairs tied in x, in
 * both and in y, and count discordant pairs as the inversions a merge sort of the y values
 * undoes. The counts are integers, so the result is the pairwise definition's to the bit.
 */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`Kendall τ-b needs samples of one length, got ${n} and ${y.length}`);
  for (let k = 0; k < n; k++) {
    if (Number.isNaN(x[k]!) || Number.isNaN(y[k]!)) throw new RangeError(`Kendall τ-b: value ${k} is NaN`);
  }
  const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => x[a]! - x[b]! || y[a]! - y[b]!);
  let tiedX = 0;
  let tiedBoth = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && x[order[end]!]! === x[order[start]!]!) end++;
    tiedX += pairsIn(end - start);
    for (let run = start; run < end;) {
      let runEnd = run + 1;
      while (runEnd < end && y[order[runEnd]!]! === y[order[run]!]!) runEnd++;
      tiedBoth += pairsIn(runEnd - run);
      run = runEnd;
    }
    start = end;
  }
  const ys = Float64Array.from(order, (k) => y[k]!);
  const discordant = sortCountingInversions(ys);
  let tiedY = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && ys[end] === ys[start]) end++;
    tiedY += pairsIn(end - start);
    start = end;
  }
  const pairs = pairsIn(n);
  const untied = pairs - tiedX - tiedY + tiedBoth; // concordant + discordant
  const denominator = Math.sqrt((pairs - tiedY) * (pairs - tiedX));
  return denominator === 0 ? 0 : (untied - 2 * discordant) / denominator;
}

function pairsIn(count: number): number {
  return (count * (count - 1)) / 2;
}

/** Sorts `values` ascending (bottom-up merge sort) and returns how many pairs were strictly out of order. */
function sortCountingInversions(values: Float64Array): number {
  let source: Float64Array = values;
  let target: Float64Array = new Float64Array(values.length);
  let inversions = 0;
  for (let width = 1; width < values.length; width *= 2) {
    for (let left = 0; left < values.length; left += 2 * width) {
      const middle = Math.min(left + width, values.length);
      const right = Math.min(left + 2 * width, values.length);
      let i = left;
      let j = middle;
      let k = left;
      while (i < middle && j < right) {
        if (source[j]! < source[i]!) {
          inversions += middle - i;
          target[k++] = source[j++]!;
        } else target[k++] = source[i++]!;
      }
      while (i < middle) target[k++] = source[i++]!;
      while (j < right) target[k++] = source[j++]!;
    }
    [source, target] = [target, source];
  }
  if (source !== values) values.set(source);
  return inversions;
}

/** A standard normal variate per architecture (Box–Muller), from `random`. */
function standardNormals(count: number, random: Random): Float64Array {
  const normals = new Float64Array(count);
  for (let k = 0; k < count; k += 2) {
    const radius = Math.sqrt(-2 * Math.log(1 - random.float()));
    const angle = 2 * Math.PI * random.float();
    normals[k] = radius * Math.cos(angle);
    if (k + 1 < count) normals[k + 1] = radius * Math.sin(angle);
  }
  return normals;
}

export interface NoisyEstimates {
  readonly values: Float64Array;
  /** Standard deviation of the added noise, in the accuracy's units. */
  readonly noiseSd: number;
  /** τ-b of the estimates with the truth on the calibration subsample. */
  readonly measuredKendallTau: number;
}

/** Estimates of `truth` (NaN stays NaN) with Kendall τ-b ≈ `kendallTau`, from `seed`. */
export function noisyEstimates(truth: Float64Array, kendallTau: number, seed: number, cacheKey?: string): NoisyEstimates {
  if (!(kendallTau > 0 && kendallTau <= 1)) throw new RangeError(`Kendall τ must lie in (0, 1], got ${kendallTau}`);
  const key = cacheKey === undefined ? undefined : `${cacheKey}|${kendallTau}|${seed}`;
  const cached = key === undefined ? undefined : cache.get(key);
  if (cached !== undefined) return cached;
  const random = new Random(seed);
  const normals = standardNormals(truth.length, random);
  const known = [...truth.keys()].filter((k) => !Number.isNaN(truth[k]!));
  const sample: number[] = [];
  for (let k = 0; k < Math.min(CALIBRATION_SAMPLE, known.length); k++) {
    const pick = k + random.int(known.length - k);
    [known[k], known[pick]] = [known[pick]!, known[k]!];
    sample.push(known[k]!);
  }
  const sampleTruth = sample.map((k) => truth[k]!);
  const tauAt = (sd: number): number =>
    kendallTauB(
      sampleTruth,
      sample.map((k) => truth[k]! + sd * normals[k]!),
    );
  let low = 0;
  let high = 1;
  while (tauAt(high) > kendallTau && high < 1e6) high *= 2;
  for (let step = 0; step < BISECTION_STEPS && kendallTau < 1; step++) {
    const middle = (low + high) / 2;
    if (tauAt(middle) > kendallTau) low = middle;
    else high = middle;
  }
  const noiseSd = kendallTau === 1 ? 0 : (low + high) / 2;
  const values = Float64Array.from(truth, (value, k) => value + noiseSd * normals[k]!);
  const result = { values, noiseSd, measuredKendallTau: tauAt(noiseSd) };
  if (key !== undefined) cache.set(key, result);
  return result;
}
