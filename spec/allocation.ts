/**
 * CE-NAS GPU allocation (MODEL.md §4; paper §3.2): with the current carbon intensity Ccur and
 * the minimum and maximum Cmin, Cmax of a window,
 *   λs = clamp((Ccur − Cmin) / (Cmax − Cmin), 0, 1),   λe = 1 − λs,
 * and of Gt GPUs, gs = round(Gt · λs) sample and ge = Gt − gs evaluate, so gs + ge = Gt.
 * Decisions made here (the paper and code are silent):
 * - rounding is half up: gs = ⌊Gt · λs + ½⌋, which is monotone in λs;
 * - with Cmax = Cmin the window carries no signal, and nothing is gained by waiting to
 *   evaluate: λs = 0 (all GPUs evaluate, as vanilla LaMOO).
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

/** Splits `totalGpus` by the sampling share λs (rounded half up); the parts sum to the total. */
export function splitGpus(totalGpus: number, samplingShareValue: number): GpuSplit {
  if (!Number.isInteger(totalGpus) || totalGpus < 0) throw new RangeError(`the GPU count must be an integer ≥ 0, got ${totalGpus}`);
  if (!(samplingShareValue >= 0 && samplingShareValue <= 1)) throw new RangeError(`λs must lie in [0, 1], got ${samplingShareValue}`);
  const samplingGpus = Math.floor(totalGpus * samplingShareValue + 0.5);
  return { samplingGpus, evaluationGpus: totalGpus - samplingGpus };
}
