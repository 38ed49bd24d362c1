/**
 * Pure metrics of a run beyond its final hypervolume (MODEL.md §6): carbon and time to reach
 * several normalised-HV targets, the nadir reference point, IGD, front recall and the
 * HV-versus-cumulative-carbon curve. Inputs are plain arrays so each can be checked by hand.
 */

import type { PointMatrix } from '../pareto.js';

/** Margin of the nadir reference point beyond the true front's worst value, as a share of the objective's range over the candidates. */
export const NADIR_MARGIN = 0.01;

/** Fractions of the same seed's vanilla carbon the HV-versus-carbon curve is sampled at: 0.05, 0.10, …, 1.00. */
export const CARBON_FRACTIONS: readonly number[] = Array.from({ length: 20 }, (_, k) => Number(((k + 1) * 0.05).toFixed(2)));

/** One point of a run's progress: cumulative carbon and normalised HV after a completed training. */
export interface ProgressPoint {
  readonly timeS: number;
  readonly carbonKg: number;
  readonly hvNormalized: number;
}

export interface TargetReach {
  readonly hvNormalized: number;
  /** Carbon spent when the normalised HV first reached the target; null: never. */
  readonly carbonKg: number | null;
  /** Hours from the search start to that moment; null: never. */
  readonly hours: number | null;
}

/** For each target, the first progress point at or above it (progress in time order). */
export function targetReaches(progress: readonly ProgressPoint[], targets: readonly number[], startS: number): TargetReach[] {
  return targets.map((target) => {
    const reached = progress.find((point) => point.hvNormalized >= target);
    return reached === undefined
      ? { hvNormalized: target, carbonKg: null, hours: null }
      : { hvNormalized: target, carbonKg: reached.carbonKg, hours: (reached.timeS - startS) / 3600 };
  });
}

/** The HV-versus-carbon step curve: the points where the normalised HV rose (first the initial one). */
export interface HvCarbonSteps {
  readonly carbonKg: number[];
  readonly hvNormalized: number[];
}

export function hvCarbonSteps(progress: readonly ProgressPoint[]): HvCarbonSteps {
  const steps: HvCarbonSteps = { carbonKg: [], hvNormalized: [] };
  let best = -Infinity;
  for (const point of progress) {
    if (point.hvNormalized <= best) continue;
    best = point.hvNormalized;
    steps.carbonKg.push(point.carbonKg);
    steps.hvNormalized.push(point.hvNormalized);
  }
  return steps;
}

/**
 * The normalised HV of the last training completed at or before each carbon point (kg):
 * 0 before any training completed (no trained architecture, no volume).
 */
export function hvAtCarbon(steps: HvCarbonSteps, carbonPointsKg: readonly number[]): number[] {
  return carbonPointsKg.map((limitKg) => {
    let hv = 0;
    for (let k = 0; k < steps.carbonKg.length && steps.carbonKg[k]! <= limitKg; k++) hv = steps.hvNormalized[k]!;
    return hv;
  });
}

/**
 * A reference point just beyond the true front's worst value in each objective (the front's
 * nadir), moved outwards by `margin` × the objective's range over the candidates, so that the
 * front's extreme points still add volume.
 */
export function nadirReference(
  front: PointMatrix,
  maximise: readonly boolean[],
  low: readonly number[],
  high: readonly number[],
  margin = NADIR_MARGIN,
): number[] {
  return maximise.map((isMax, j) => {
    let worst = isMax ? Infinity : -Infinity;
    for (let i = 0; i < front.n; i++) {
      const value = front.values[i * front.dim + j]!;
      worst = isMax ? Math.min(worst, value) : Math.max(worst, value);
    }
    const pad = margin * (high[j]! - low[j]!);
    return isMax ? worst - pad : worst + pad;
  });
}

/**
 * Inverted generational distance: the mean, over the true front's points, of the Euclidean
 * distance to the nearest trained point, each objective scaled to [0, 1] by the candidates'
 * minimum and maximum (a constant objective contributes nothing). Infinity with nothing trained.
 */
export function invertedGenerationalDistance(front: PointMatrix, trained: PointMatrix, low: readonly number[], high: readonly number[]): number {
  if (front.n === 0) return 0;
  if (trained.n === 0) return Infinity;
  const dim = front.dim;
  const scale = (value: number, j: number): number => (high[j]! > low[j]! ? (value - low[j]!) / (high[j]! - low[j]!) : 0);
  let sum = 0;
  for (let i = 0; i < front.n; i++) {
    let nearest = Infinity;
    for (let t = 0; t < trained.n; t++) {
      let squared = 0;
      for (let j = 0; j < dim; j++) {
        const delta = scale(front.values[i * dim + j]!, j) - scale(trained.values[t * dim + j]!, j);
        squared += delta * delta;
      }
      nearest = Math.min(nearest, squared);
    }
    sum += Math.sqrt(nearest);
  }
  return sum / front.n;
}

/** Share of the true front's architectures that were trained. */
export function frontRecall(frontArchitectures: ArrayLike<number>, trained: readonly number[]): number {
  if (frontArchitectures.length === 0) return 1;
  const done = new Set(trained);
  let found = 0;
  for (let k = 0; k < frontArchitectures.length; k++) if (done.has(frontArchitectures[k]!)) found++;
  return found / frontArchitectures.length;
}
