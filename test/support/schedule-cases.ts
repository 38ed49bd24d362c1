/**
 * Seeded random `schedule` cases (docs/conformance.md) and the comparison of an answer with
 * runSchedule's: shared by test/as-port-schedule.test.ts and scripts/check-schedule-as.ts.
 *
 * Half the cases are "coarse": durations and epochs from a few round values, the start and
 * trace steps on round numbers, so that finishes, epochs and pauses coincide and the tie rules
 * (events at one instant, equal finish times, equal work left, equal estimates) decide; the
 * others use arbitrary doubles.
 */

import type { ScheduleCase, ScheduleResult } from '../../src/sim/scripted.js';
import type { Random } from '../../src/random.js';
import { disagreement } from '../../src/conformance/compare.js';

const SHARES = [0, 0.25, 0.5, 1] as const;
const COARSE_TRAINING_S = [50, 100, 600, 1200, 1800, 3600, 5400, 7200, 10_800, 20_000] as const;
const COARSE_SAMPLING_S = [1, 10, 60, 100, 300, 500] as const;
const COARSE_EPOCH_S = [600, 1200, 1800, 3600] as const;

function pick<T>(random: Random, values: readonly T[]): T {
  return values[random.int(values.length)]!;
}

function uniform(random: Random, low: number, high: number): number {
  return low + (high - low) * random.float();
}

/** An integer in [low, high]. */
function between(random: Random, low: number, high: number): number {
  return low + random.int(high - low + 1);
}

export function randomScheduleCase(random: Random): ScheduleCase {
  const coarse = random.int(2) === 0;
  const round = (value: number, step: number) => (coarse ? Math.max(step, Math.round(value / step) * step) : value);
  const gpus = between(random, 1, 6);
  const count = between(random, 2, 30);
  // Objectives and estimates on a small grid (ties, duplicates) or arbitrary.
  const grid = random.int(2) === 0;
  const value = () => (grid ? random.int(5) : uniform(random, 0, 4));
  const architectures = Array.from({ length: count }, () => {
    const estimate = [value(), value()];
    return {
      trainingS: coarse ? pick(random, COARSE_TRAINING_S) : uniform(random, 50, 20_000),
      samplingS: coarse ? pick(random, COARSE_SAMPLING_S) : uniform(random, 1, 500),
      // Estimates sometimes exact, so that ties in the queue carry over to the objectives.
      estimate,
      objectives: random.int(3) === 0 ? [...estimate] : [value(), value()],
    };
  });
  const ids = Array.from({ length: count }, (_, id) => id);
  for (let k = count - 1; k > 0; k--) {
    const j = random.int(k + 1);
    [ids[k], ids[j]] = [ids[j]!, ids[k]!];
  }
  const proposals = ids.slice(0, between(random, 1, count));
  const initialSamples = between(random, 1, Math.min(proposals.length, 8));
  const samplingShares = Array.from({ length: between(random, 1, 6) }, () => {
    const pick = random.int(SHARES.length + 1);
    return pick < SHARES.length ? SHARES[pick]! : random.float();
  });
  const epochS = coarse ? pick(random, COARSE_EPOCH_S) : uniform(random, 600, 3600);
  const startS = round(uniform(random, 0, 1e6), 100);
  const endS = startS + round(uniform(random, 2_000, 150_000), 100);
  // A trace of 1–50 rows with uneven steps, starting at or before the start, ending at or after the end.
  const rows = between(random, 1, 50);
  const timesS = [startS - (random.int(3) === 0 ? 0 : round(uniform(random, 0, 5_000), 100))];
  const meanStepS = (endS - timesS[0]!) / rows;
  for (let r = 1; r < rows; r++) timesS.push(timesS[r - 1]! + round(uniform(random, 0.1, 1.9) * meanStepS, 100));
  const intensityGPerKwh = timesS.map(() => (coarse ? random.int(800) : uniform(random, 0, 800)));
  const traceEndS = Math.max(endS, timesS[rows - 1]! + round(uniform(random, 1, 2) * meanStepS, 100)) + (random.int(2) === 0 ? 0 : 3_600);
  return {
    gpus,
    startS,
    endS,
    epochS,
    initialSamples,
    queueCapacity: between(random, 1, 10),
    resumeOverheadS: random.int(4) === 0 ? 0 : round(uniform(random, 0, 300), 10),
    allocation: { rounding: random.int(2) === 0 ? 'reference' : 'nearest', minEvaluationGpus: between(random, 0, 2) },
    power: { busyW: uniform(random, 100, 400), idleW: uniform(random, 0, 100), pue: uniform(random, 1, 1.6) },
    trace: { timesS, intensityGPerKwh, endS: traceEndS },
    architectures,
    proposals,
    samplingShares,
    reference: grid ? [4, 4] : [uniform(random, 2, 5), uniform(random, 2, 5)],
  };
}

/**
 * Why `actual` differs from `expected`, or undefined: ids, GPUs and activities exactly, times,
 * energy, carbon and hypervolumes within relative 1e-9 (the kit's tolerance for `schedule`).
 */
export function scheduleDisagreement(expected: ScheduleResult, actual: ScheduleResult): string | undefined {
  const exact = (interval: ScheduleResult['intervals'][number] | undefined) =>
    interval === undefined ? 'none' : JSON.stringify([interval[0], interval[1], interval[4]]);
  const length = Math.max(expected.intervals.length, actual.intervals.length);
  for (let k = 0; k < length; k++) {
    if (exact(expected.intervals[k]) !== exact(actual.intervals[k])) {
      return `intervals[${k}]: expected ${JSON.stringify(expected.intervals[k])}, got ${JSON.stringify(actual.intervals[k])}`;
    }
  }
  if (JSON.stringify(expected.trainings) !== JSON.stringify(actual.trainings)) {
    return `trainings: expected ${JSON.stringify(expected.trainings)}, got ${JSON.stringify(actual.trainings)}`;
  }
  return disagreement(expected, actual, { kind: 'relative', value: 1e-9 });
}
