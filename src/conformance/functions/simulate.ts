import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { runSearch, type RunOutcome } from '../../sim/engine.js';
import { builtinPolicy } from '../../sim/policies.js';
import { parseScenario } from '../../sim/scenario.js';
import { setUpSimulation } from '../../sim/setup.js';
import { summarizeRun } from '../../sim/summary.js';
import type { Args, ConformanceFunction } from './types.js';

/** The event log of a run as lines, and their SHA-256 (what another engine must reproduce). */
function eventLogDigest(outcome: RunOutcome): string {
  const hash = createHash('sha256');
  for (const event of outcome.events) hash.update(`${event.timeS},${event.gpu},${event.kind},${event.task},${event.architecture}\n`);
  return hash.digest('hex');
}

/** One run of the engine, summarised as the protocol's `simulate` result. */
export function simulateSummary(args: Args): unknown {
  const scenario = parseScenario(args.scenario, 'conformance vector');
  const setup = setUpSimulation(scenario);
  const outcome = runSearch(setup, builtinPolicy(args.policy as string, scenario.window));
  const { trainings, estimates, preemptions, carbonKg, energyKwh, finalHv } = summarizeRun(setup, outcome);
  return { trainings, estimates, preemptions, carbonKg, energyKwh, finalHv, eventLogSha256: eventLogDigest(outcome) };
}

export const simulation: ConformanceFunction = {
  name: 'simulate',
  description: 'a small end-to-end run: { trainings, estimates, preemptions, carbonKg, energyKwh, finalHv, eventLogSha256 } for a scenario and policy',
  tolerance: { kind: 'relative', value: 1e-9 },
  maxRandomCases: 12,
  // The engine is both the definition of a run and the product (MODEL.md; README "What a run does").
  reference: (args) => simulateSummary(args),
  fixed: [
    { scenario: { hours: 4, gpus: 2, lamoo: { kernel: 'rbf' } }, policy: 'vanilla' },
    { scenario: { hours: 4, gpus: 3, lamoo: { kernel: 'rbf' } }, policy: 'cenas' },
    { scenario: { hours: 5, gpus: 2, seed: 3, trace: 'DE:2020', start: '2020-03-01T00:00:00Z', lamoo: { kernel: 'rbf' } }, policy: 'oneshot' },
  ],
  arbitrary: fc.record({
    scenario: fc.record({
      hours: fc.integer({ min: 2, max: 6 }),
      gpus: fc.integer({ min: 1, max: 4 }),
      seed: fc.integer({ min: 0, max: 1000 }),
      start: fc.constantFrom('2021-01-05T00:00:00Z', '2021-07-02T06:00:00Z', '2021-10-11T12:00:00Z'),
      epochHours: fc.constantFrom(0.5, 1),
      lamoo: fc.constant({ kernel: 'rbf' }),
    }),
    policy: fc.constantFrom('cenas', 'vanilla', 'oneshot', 'random', 'fixed:0.5'),
  }),
};
