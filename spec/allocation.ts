/**
 * CE-NAS GPU allocation (MODEL.md §4; paper §3.2): with the current carbon intensity Ccur and
 * the minimum and maximum Cmin, Cmax of a window,
 *   λs = clamp((Ccur − Cmin) / (Cmax − Cmin), 0, 1),   λe = 1 − λs,
 * and of Gt GPUs, gs sample and ge = Gt − gs evaluate, so gs + ge = Gt. Two roundings:
 * - `reference` (the CE-NAS reference code, `cenas_RL.py`: `max(int(G·rate), 1)` with
 *   rate = λe): ge = max(⌊Gt · (1 − λs)⌋, minEvaluationGpus), computed in IEEE doubles
 *   exactly as written, and capped at Gt;
 * - `nearest`: gs = ⌊Gt · λs + ½⌋ (half up), then ge raised to minEvaluationGpus if needed.
 * Both are monotone in λs. Decided here (the paper and code are silent): with Cmax = Cmin
 * the window carries no signal, and nothing is gained by waiting to evaluate: λs = 0 (all
 * GPUs evaluate, as vanilla LaMOO).
 */

export interface GpuSplit {
  readonly samplingGpus: number;
  readonly evaluationGpus: number;
}

function checkIntensity(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite intensity ≥ 0, got ${value}`);
}

/** The sampling share λs ∈ [0, 1] for the current intensity within [min, max]. */
export function samplingShare(currentGPerKwh: number, minGPerKwh: number, maxGPerKwh: number): number {
  checkIntensity('current intensity', currentGPerKwh);
  checkIntensity('window minimum', minGPerKwh);
  checkIntensity('window maximum', maxGPerKwh);
  if (maxGPerKwh < minGPerKwh) throw new RangeError(`window maximum ${maxGPerKwh} is below its minimum ${minGPerKwh}`);
  if (maxGPerKwh === minGPerKwh) return 0;
  return Math.min(1, Math.max(0, (currentGPerKwh - minGPerKwh) / (maxGPerKwh - minGPerKwh)));
}

export type SplitRounding = 'reference' | 'nearest';

export interface AllocationRule {
  readonly rounding: SplitRounding;
  /** At least this many GPUs evaluate (capped at the total); the reference code keeps 1. */
  readonly minEvaluationGpus: number;
}

/** The reference code's rule: ge = max(⌊Gt·λe⌋, 1). */
export const REFERENCE_ALLOCATION_RULE: AllocationRule = { rounding: 'reference', minEvaluationGpus: 1 };

/** Half-up rounding of gs with no minimum: the split this project used before it matched the reference. */
export const NEAREST_ALLOCATION_RULE: AllocationRule = { rounding: 'nearest', minEvaluationGpus: 0 };

/** Splits `totalGpus` by the sampling share λs under `rule`; the parts sum to the total. */
export function splitGpus(totalGpus: number, samplingShareValue: number, rule: AllocationRule = NEAREST_ALLOCATION_RULE): GpuSplit {
  if (!Number.isInteger(totalGpus) || totalGpus < 0) throw new RangeError(`the GPU count must be an integer ≥ 0, got ${totalGpus}`);
  if (!(samplingShareValue >= 0 && samplingShareValue <= 1)) throw new RangeError(`λs must lie in [0, 1], got ${samplingShareValue}`);
  if (!Number.isInteger(rule.minEvaluationGpus) || rule.minEvaluationGpus < 0) {
    throw new RangeError(`the minimum of evaluation GPUs must be an integer ≥ 0, got ${rule.minEvaluationGpus}`);
  }
  const rounded =
    rule.rounding === 'reference' ? Math.floor(totalGpus * (1 - samplingShareValue)) : totalGpus - Math.floor(totalGpus * samplingShareValue + 0.5);
  const evaluationGpus = Math.min(totalGpus, Math.max(rounded, rule.minEvaluationGpus));
  return { samplingGpus: totalGpus - evaluationGpus, evaluationGpus };
}
