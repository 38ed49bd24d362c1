/**
 * The AssemblyScript port's `schedule` (as-port/assembly/schedule.ts, through port.mjs)
 * against the product's runSchedule (src/sim/scripted.ts) on seeded random cases
 * (test/support/schedule-cases.ts), and each schedule mutant's first disagreement.
 *
 *   npx tsx scripts/check-schedule-as.ts [--cases 2000] [--seed 1] [--mutants resume-overhead,idle-charging]
 *
 * Prints how many cases agree; for each mutant, how many disagree and the smallest
 * counterexample found (fewest proposals, then GPUs, then trace rows). Exits 1 when the
 * correct port disagrees once or a mutant never does.
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

const size = (input: ScheduleCase) => [input.proposals.length, input.gpus, input.trace.timesS.length];
const smaller = (a: ScheduleCase, b: ScheduleCase) => {
  const [x, y] = [size(a), size(b)];
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return x[k]! < y[k]!;
  return false;
};

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
    if (first === undefined || smaller(input, inputs[first.index]!)) first = { index, reason };
  });
  return first === undefined ? { disagree } : { disagree, first };
}

let failed = false;
/** Cases with an activity, and with an architecture in two intervals of one activity (a resumed training, a re-drawn estimate). */
const counts = { sampling: 0, resumed: 0, redrawn: 0 };
for (const result of expected) {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const [, activity, , , architecture] of result.intervals) {
    const key = `${activity} ${architecture}`;
    if (seen.has(key)) twice.add(activity);
    seen.add(key);
  }
  if (result.intervals.some(([, activity]) => activity === 'sampling')) counts.sampling++;
  if (twice.has('training')) counts.resumed++;
  if (twice.has('sampling')) counts.redrawn++;
}
console.log(`${cases} cases (seed ${seed}): ${counts.sampling} sample, ${counts.resumed} resume a paused training, ${counts.redrawn} estimate an architecture again after a cancel`);

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
  else console.log(`  smallest counterexample (case ${first.index}): ${first.reason}\n  ${JSON.stringify(inputs[first.index])}`);
}
process.exit(failed ? 1 : 0);
