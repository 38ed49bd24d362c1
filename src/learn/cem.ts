/**
 * The cross-entropy method (Rubinstein; de Boer et al. 2005) for a derivative-free search of a
 * few policy parameters: sample candidates from a diagonal Gaussian, keep the best few, refit
 * the Gaussian to them, repeat. No npm package for CMA-ES or CEM is maintained (`cmaes`,
 * `cma-es`, `ml-cmaes` do not exist; `fmin` 0.0.4 is from 2017), and the method is a few lines.
 * Deterministic: every draw comes from the one seeded generator, in a fixed order.
 */

import { Random } from '../random.js';

export interface CemSettings {
  readonly population: number;
  /** Candidates kept to refit the distribution. */
  readonly elite: number;
  readonly iterations: number;
  readonly initialStd: number;
  /** A floor on each coordinate's spread, so the search does not freeze early. */
  readonly minStd: number;
  readonly seed: number;
}

export interface CemIteration {
  readonly iteration: number;
  readonly bestScore: number;
  readonly eliteMeanScore: number;
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export interface CemResult {
  readonly best: readonly number[];
  readonly bestScore: number;
  readonly history: readonly CemIteration[];
  readonly evaluations: number;
}

/** A standard normal draw (Box–Muller on two uniforms). */
export function gaussian(random: Random): number {
  const u = 1 - random.float(); // in (0, 1]
  const v = random.float();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Minimises the score of a batch of candidates (evaluated together, e.g. on worker threads),
 * starting from `initial`. The current mean is evaluated with each population, so the result
 * is never worse than the best point the search has scored.
 */
export async function crossEntropyMinimize(
  initial: readonly number[],
  score: (candidates: readonly (readonly number[])[]) => Promise<readonly number[]>,
  settings: CemSettings,
  onIteration: (iteration: CemIteration) => void = () => undefined,
): Promise<CemResult> {
  const random = new Random(settings.seed);
  const dim = initial.length;
  let mean = [...initial];
  let std = new Array<number>(dim).fill(settings.initialStd);
  let best = [...initial];
  let bestScore = Infinity;
  let evaluations = 0;
  const history: CemIteration[] = [];
  for (let iteration = 1; iteration <= settings.iterations; iteration++) {
    const candidates: number[][] = [[...mean]];
    for (let k = 1; k < settings.population; k++) candidates.push(mean.map((center, j) => center + std[j]! * gaussian(random)));
    const scores = await score(candidates);
    evaluations += candidates.length;
    // Ties keep the earlier candidate: the order is fixed, so the result is too.
    const order = candidates.map((_, k) => k).sort((a, b) => scores[a]! - scores[b]! || a - b);
    const elite = order.slice(0, settings.elite).map((k) => candidates[k]!);
    if (scores[order[0]!]! < bestScore) {
      bestScore = scores[order[0]!]!;
      best = candidates[order[0]!]!;
    }
    mean = Array.from({ length: dim }, (_, j) => elite.reduce((sum, point) => sum + point[j]!, 0) / elite.length);
    std = Array.from({ length: dim }, (_, j) =>
      Math.max(settings.minStd, Math.sqrt(elite.reduce((sum, point) => sum + (point[j]! - mean[j]!) ** 2, 0) / elite.length)),
    );
    const eliteMeanScore = order.slice(0, settings.elite).reduce((sum, k) => sum + scores[k]!, 0) / settings.elite;
    const record = { iteration, bestScore, eliteMeanScore, mean: [...mean], std: [...std] };
    history.push(record);
    onIteration(record);
  }
  return { best, bestScore, history, evaluations };
}
