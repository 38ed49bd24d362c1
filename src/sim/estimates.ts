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

/** Kendall's τ-b between two equally long samples (ties in either variable handled). */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let concordant = 0;
  let discordant = 0;
  let tiesX = 0;
  let tiesY = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const dx = Math.sign(x[i]! - x[j]!);
      const dy = Math.sign(y[i]! - y[j]!);
      if (dx === 0 && dy === 0) continue;
      if (dx === 0) tiesX++;
      else if (dy === 0) tiesY++;
      else if (dx === dy) concordant++;
      else discordant++;
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiesX) * (concordant + discordant + tiesY));
  return denominator === 0 ? 0 : (concordant - discordant) / denominator;
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
