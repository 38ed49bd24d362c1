/**
 * Deliberate bugs that the adapter can switch on (`--mutant NAME`), to show that the
 * conformance runner catches each one. 0 is the correct program; the checks sit outside the
 * hot loops of ranks and hypervolume, except `DUPLICATES`, which is one comparison. The kit's
 * fixed vectors catch the first four; only its random cases catch `SLICING` (no fixed vector
 * is 4-D), which shows a counterexample shrunk. `RESUME_OVERHEAD` and `IDLE_CHARGING` touch
 * `schedule` only.
 */

export const CORRECT: i32 = 0;
/** dominance: equal values count as better, so a vector "Pareto-dominates" its equal. */
export const TIE_RULE: i32 = 1;
/** allocation: sampling GPUs = ⌊G·λs⌋ instead of ⌊G·λs + ½⌋. */
export const ROUNDING: i32 = 2;
/** carbon: the integral starts at the first row starting at or after the interval's start. */
export const TRACE_BOUNDARY: i32 = 3;
/** ranks (2-D): a duplicate of a front's last point is taken as dominated by it. */
export const DUPLICATES: i32 = 4;
/** hypervolume (≥ 4-D): each slice measures the points below it but not the one at its base. */
export const SLICING: i32 = 5;

/** schedule: a paused training resumes without `resumeOverheadS`. */
export const RESUME_OVERHEAD: i32 = 6;
/** schedule: idle GPU time is charged at busy power. */
export const IDLE_CHARGING: i32 = 7;

export let mutant: i32 = CORRECT;

export function setMutant(code: i32): void {
  mutant = code;
}
