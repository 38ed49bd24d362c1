/**
 * The AssemblyScript port's `schedule` (as-port/assembly/schedule.ts, through port.mjs)
 * against the product's runSchedule (src/sim/scripted.ts) on seeded random cases
 * (test/support/schedule-cases.ts), and each schedule mutant's first disagreement.
 *
 *   npx tsx scripts/check-schedule-as.ts [--cases 2000] [--seed 1] [--mutants resume-overhead,idle-charging]
 *
 * Prints how many cases agree; for each mutant, how many disagree and its first counterexample
 * shrunk greedily (fewer GPUs, proposals, shares, trace rows, architectures, a shorter span)
 * while the mutant still disagrees. Exits 1 when the correct port disagrees once or a mutant
 * never does.
 */

import { parseArgs } from 'node:util';
import { loadPort } from '../as-port/port.mjs';
import { Random } from '../src/random.js';
import { runSchedule, type ScheduleCase, type ScheduleResult } from '../src/sim/scripted.js';
import { randomScheduleCase, scheduleDisagreement } from '../test/support/schedule-cases.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '1' },
    mutants: { type: 'string', default: 'resume-overhead,idle-charging' },
  },
});
const cases = Number.parseInt(values.cases, 10);
const seed = Number.parseInt(values.seed, 10);
const mutants = values.mutants === '' ? [] : values.mutants.split(',');

const random = new Random(seed);
const inputs: ScheduleCase[] = [];
const expected: ScheduleResult[] = [];
for (let k = 0; k < cases; k++) {
  const input = randomScheduleCase(random);
  inputs.push(input);
  expected.push(runSchedule(input));
}

type Port = ReturnType<typeof loadPort>;

/** Why the port's answer differs from runSchedule's, or undefined (also when runSchedule rejects the case). */
function reasonFor(port: Port, input: ScheduleCase): string | undefined {
  let expectedResult: ScheduleResult;
  try {
    expectedResult = runSchedule(input);
  } catch {
    return undefined;
  }
  try {
    return scheduleDisagreement(expectedResult, port.schedule(input));
  } catch (error) {
    return `error: ${(error as Error).message}`;
  }
}

const without = <T>(values: readonly T[], k: number) => [...values.slice(0, k), ...values.slice(k + 1)];

/** Smaller variants of a case, each one step simpler. */
function* simpler(input: ScheduleCase): Generator<ScheduleCase> {
  if (input.gpus > 1) yield { ...input, gpus: input.gpus - 1 };
  for (let k = input.proposals.length - 1; k >= 0 && input.proposals.length > input.initialSamples; k--)
    yield { ...input, proposals: without(input.proposals, k) };
  if (input.initialSamples > 1) yield { ...input, initialSamples: input.initialSamples - 1 };
  for (let k = input.samplingShares.length - 1; k >= 0 && input.samplingShares.length > 1; k--)
    yield { ...input, samplingShares: without(input.samplingShares, k) };
  const { timesS, intensityGPerKwh } = input.trace;
  for (let k = timesS.length - 1; k >= 1; k--)
    yield { ...input, trace: { ...input.trace, timesS: without(timesS, k), intensityGPerKwh: without(intensityGPerKwh, k) } };
  if (timesS.length === 1 && input.trace.endS > input.endS) yield { ...input, trace: { ...input.trace, endS: input.endS } };
  // Architectures never proposed, dropped with the ids renumbered.
  const used = input.architectures.map((_, id) => input.proposals.includes(id));
  if (used.includes(false)) {
    const newId = used.map((_, id) => used.slice(0, id).filter(Boolean).length);
    yield { ...input, architectures: input.architectures.filter((_, id) => used[id]), proposals: input.proposals.map((id) => newId[id]!) };
  }
  const spanS = input.endS - input.startS;
  if (spanS > 100) yield { ...input, endS: input.startS + Math.round(spanS / 2) };
}

function shrink(port: Port, input: ScheduleCase): { input: ScheduleCase; reason: string } {
  let current = input;
  let reason = reasonFor(port, input)!;
  for (let progress = true; progress;) {
    progress = false;
    for (const candidate of simpler(current)) {
      const why = reasonFor(port, candidate);
      if (why === undefined) continue;
      [current, reason, progress] = [candidate, why, true];
      break;
    }
  }
  return { input: current, reason };
}

function compare(mutant: string | undefined): { disagree: number; first?: { index: number; reason: string } } {
  const port = loadPort(mutant === undefined ? {} : { mutant });
  let disagree = 0;
  let first: { index: number; reason: string } | undefined;
  inputs.forEach((input, index) => {
    let reason: string | undefined;
    try {
      reason = scheduleDisagreement(expected[index]!, port.schedule(input));
    } catch (error) {
      reason = `error: ${(error as Error).message}`;
    }
    if (reason === undefined) return;
    disagree++;
    if (first === undefined) first = { index, reason };
  });
  return first === undefined ? { disagree } : { disagree, first };
}

let failed = false;
/** Cases that sample, resume a paused training (an architecture in two training intervals), cut an estimate short. */
const counts = { sampling: 0, resumed: 0, cancelled: 0 };
expected.forEach((result, index) => {
  const input = inputs[index]!;
  const cut = result.intervals.some(
    ([, activity, startS, endS, id]) => activity === 'sampling' && endS < input.endS && endS - startS < input.architectures[id]!.samplingS * (1 - 1e-12),
  );
  if (cut) counts.cancelled++;
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const [, activity, , , architecture] of result.intervals) {
    const key = `${activity} ${architecture}`;
    if (seen.has(key)) twice.add(activity);
    seen.add(key);
  }
  if (result.intervals.some(([, activity]) => activity === 'sampling')) counts.sampling++;
  if (twice.has('training')) counts.resumed++;
});
console.log(`${cases} cases (seed ${seed}): ${counts.sampling} sample, ${counts.resumed} resume a paused training, ${counts.cancelled} cancel an estimate`);

const correct = compare(undefined);
console.log(`correct port: ${cases - correct.disagree} of ${cases} agree with runSchedule`);
if (correct.first !== undefined) {
  failed = true;
  console.log(`  first disagreement (case ${correct.first.index}): ${correct.first.reason}\n  ${JSON.stringify(inputs[correct.first.index])}`);
}
for (const mutant of mutants) {
  const { disagree, first } = compare(mutant);
  console.log(`mutant ${mutant}: ${disagree} of ${cases} disagree`);
  if (first === undefined) failed = true;
  else {
    const shrunk = shrink(loadPort({ mutant }), inputs[first.index]!);
    console.log(`  first counterexample (case ${first.index}), shrunk: ${shrunk.reason}\n  ${JSON.stringify(shrunk.input)}`);
  }
}
process.exit(failed ? 1 : 0);
