/**
 * The CE-NAS allocation rule (docs/MODEL.md §4, docs/conformance.md `allocation`):
 * λs = (c − min) / (max − min) clamped to [0, 1], and 0 when max = min (the window carries no
 * signal); of G GPUs, with `nearest` rounding gs = ⌊G·λs + ½⌋ sample (half up) and G − gs
 * evaluate; with `reference` rounding (the CE-NAS code's) ge = ⌊G·(1 − λs)⌋ evaluate; then at
 * least `minEvaluation` GPUs evaluate, at most G.
 */

import { mutant, ROUNDING } from './mutant';

/** λs, or NaN for intensities that are negative, not finite, or a window upside down. */
export function samplingShare(currentGPerKwh: f64, minGPerKwh: f64, maxGPerKwh: f64): f64 {
  if (!(isFinite(currentGPerKwh) && isFinite(minGPerKwh) && isFinite(maxGPerKwh))) return NaN;
  if (currentGPerKwh < 0 || minGPerKwh < 0 || maxGPerKwh < minGPerKwh) return NaN;
  if (maxGPerKwh == minGPerKwh) return 0;
  const share = (currentGPerKwh - minGPerKwh) / (maxGPerKwh - minGPerKwh);
  return share > 1 ? 1 : share < 0 ? 0 : share;
}

/** gs, or −1 for a negative GPU count, a share outside [0, 1] or a negative minimum. */
export function samplingGpus(totalGpus: i32, share: f64, referenceRounding: bool = false, minEvaluation: i32 = 0): i32 {
  if (totalGpus < 0 || minEvaluation < 0 || !(share >= 0 && share <= 1)) return -1;
  const total = <f64>totalGpus;
  let evaluation: f64;
  if (referenceRounding) {
    evaluation = Math.floor(total * (1 - share));
  } else {
    const scaled = total * share;
    evaluation = total - Math.floor(mutant == ROUNDING ? scaled : scaled + 0.5);
  }
  evaluation = Math.min(total, Math.max(evaluation, <f64>minEvaluation));
  return totalGpus - <i32>evaluation;
}
