import { describe, expect, it } from 'vitest';
import { difference, MUTANTS, type Mutant, randomCase, runPythonRequests } from '../scripts/check-schedule-python.js';
import { runSchedule, type ScheduleCase } from '../src/sim/scripted.js';

/**
 * examples/python-impl/schedule.py, written from the specification of the conformance kit's
 * `schedule` function, against the product's runSchedule; each of its mutants must be caught.
 * (The full run: `npx tsx scripts/check-schedule-python.ts --cases 2000 --mutants`.)
 */

const SEEDS = Array.from({ length: 200 }, (_, k) => k + 1);

const BASE = {
  startS: 0,
  queueCapacity: 10,
  allocation: { rounding: 'nearest', minEvaluationGpus: 0 },
  power: { busyW: 300, idleW: 50, pue: 1.5 },
  reference: [10, 10],
} as const;

/** The smallest counterexample of each mutant, by hand. */
const COUNTEREXAMPLES: Record<Mutant, ScheduleCase> = {
  // Epoch 0 at 300 (bootstrap over): both GPUs draw, 2 (300–1300) and 3 (300–2300). Epoch 1 at
  // 900 leaves one evaluator: 2 (finishing first) keeps its GPU, 3 pauses with 1,400 s left.
  'preemption-order': {
    ...BASE,
    gpus: 2,
    endS: 3000,
    epochS: 600,
    initialSamples: 2,
    resumeOverheadS: 0,
    trace: { timesS: [0], intensityGPerKwh: [100], endS: 3000 },
    architectures: [
      { trainingS: 100, samplingS: 1, estimate: [1, 5], objectives: [1, 5] },
      { trainingS: 300, samplingS: 1, estimate: [5, 1], objectives: [5, 1] },
      { trainingS: 1000, samplingS: 1, estimate: [3, 3], objectives: [3, 3] },
      { trainingS: 2000, samplingS: 1, estimate: [2, 2], objectives: [2, 2] },
    ],
    proposals: [0, 1, 2, 3],
    samplingShares: [0, 0.5],
  },
  // One GPU: 1 trains from 100, pauses at 700 (λs = 1) with 400 s left, resumes at 1300 for 400 + 100 s.
  'resume-overhead': {
    ...BASE,
    gpus: 1,
    endS: 3000,
    epochS: 600,
    initialSamples: 1,
    resumeOverheadS: 100,
    trace: { timesS: [0], intensityGPerKwh: [100], endS: 3000 },
    architectures: [
      { trainingS: 100, samplingS: 1, estimate: [1, 5], objectives: [1, 5] },
      { trainingS: 1000, samplingS: 1, estimate: [5, 1], objectives: [5, 1] },
    ],
    proposals: [0, 1],
    samplingShares: [0, 1, 0],
  },
  // One GPU trains 100 s, then idles 100 s: (100·300 + 100·50)·1.5 W·s.
  'idle-charging': {
    ...BASE,
    gpus: 1,
    endS: 200,
    epochS: 600,
    initialSamples: 1,
    resumeOverheadS: 0,
    trace: { timesS: [0], intensityGPerKwh: [100], endS: 200 },
    architectures: [{ trainingS: 100, samplingS: 1, estimate: [1, 5], objectives: [1, 5] }],
    proposals: [0],
    samplingShares: [0],
  },
};

describe('schedule.py (the schedule function from its specification) against runSchedule', () => {
  const cases = SEEDS.map(randomCase);
  const expected = cases.map((c) => runSchedule(c));
  const handCases = Object.values(COUNTEREXAMPLES);
  const handExpected = handCases.map((c) => runSchedule(c));
  // One Python process for everything (starting one is slow on some machines).
  const variants: (Mutant | undefined)[] = [undefined, ...MUTANTS];
  const answers = runPythonRequests(variants.flatMap((mutant) => [...cases, ...handCases].map((args) => ({ args, mutant }))));
  const answersOf = (mutant: Mutant | undefined) => {
    const from = variants.indexOf(mutant) * (cases.length + handCases.length);
    return { random: answers.slice(from, from + cases.length), hand: answers.slice(from + cases.length, from + cases.length + handCases.length) };
  };

  it('should agree on 200 random cases', () => {
    const { random } = answersOf(undefined);
    const failures = cases.flatMap((_, k) => {
      const why = difference(random[k]!, expected[k]!);
      return why === undefined ? [] : [`seed ${SEEDS[k]}: ${why}`];
    });
    expect(failures).toEqual([]);
  });

  it('should agree on the hand-made counterexamples, which the hand computation confirms', () => {
    const { hand } = answersOf(undefined);
    handCases.forEach((_, k) => expect(difference(hand[k]!, handExpected[k]!)).toBeUndefined());
    expect(runSchedule(COUNTEREXAMPLES['resume-overhead']).intervals).toEqual([
      [0, 'training', 0, 100, 0],
      [0, 'training', 100, 700, 1],
      [0, 'idle', 700, 1300, -1],
      [0, 'training', 1300, 1800, 1],
      [0, 'idle', 1800, 3000, -1],
    ]);
    expect(runSchedule(COUNTEREXAMPLES['preemption-order']).intervals.filter(([gpu]) => gpu === 0)).toEqual([
      [0, 'training', 0, 100, 0],
      [0, 'idle', 100, 300, -1],
      [0, 'training', 300, 1300, 2],
      [0, 'training', 1300, 2700, 3],
      [0, 'idle', 2700, 3000, -1],
    ]);
    expect(runSchedule(COUNTEREXAMPLES['idle-charging']).energyKwh).toBeCloseTo(((100 * 300 + 100 * 50) * 1.5) / 3.6e6, 15);
  });

  for (const mutant of MUTANTS) {
    it(`should catch the ${mutant} mutant on its counterexample and on some random cases`, () => {
      const { random, hand } = answersOf(mutant);
      const own = handCases.indexOf(COUNTEREXAMPLES[mutant]);
      expect(difference(hand[own]!, handExpected[own]!)).toBeDefined();
      const caught = cases.filter((_, k) => difference(random[k]!, expected[k]!) !== undefined);
      expect(caught.length).toBeGreaterThan(0);
    });
  }
});
