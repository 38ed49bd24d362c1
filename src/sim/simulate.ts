/**
 * A simulation: one scenario run under several policies, with each run summarised and
 * compared with vanilla LaMOO. The output is a pure function of the scenario, the policies
 * and the data (never of the clock or the backend), so it can be compared byte for byte.
 */

import type { Backend } from '../pareto.js';
import { type RunOutcome, runSearch } from './engine.js';
import { InputError } from '../errors.js';
import { isMatchedRequest, MATCHED_POLICY_NAME, matchedFixedPolicy } from './matched.js';
import type { Policy } from './policies.js';
import type { Scenario } from './scenario.js';
import { setUpSimulation, type SimulationSetup } from './setup.js';
import { compareWithVanilla, type RunSummary, summarizeRun } from './summary.js';

/**
 * The default comparison: CE-NAS, the paper's baselines (MODEL.md §4) and the carbon-blind
 * control with CE-NAS's own amount of sampling (`fixed:matched`), which separates what timing
 * buys from what doing less training buys.
 */
export const DEFAULT_POLICIES = ['cenas', 'vanilla', 'oneshot', 'random', 'fixed:matched'] as const;

export interface SimulationResult {
  readonly setup: SimulationSetup;
  readonly summaries: readonly RunSummary[];
  readonly outcomes: readonly RunOutcome[];
}

export interface SimulationHooks {
  /** Called after each run with its wall-clock duration (for progress output only). */
  readonly onRun?: (summary: RunSummary, elapsedMs: number) => void;
}

export function simulate(scenario: Scenario, policies: readonly Policy[], backend: Backend = 'wasm', hooks: SimulationHooks = {}): SimulationResult {
  const setup = setUpSimulation(scenario, backend);
  const outcomes: RunOutcome[] = [];
  const summaries: RunSummary[] = [];
  const run = (policy: Policy, at: number): void => {
    const startedMs = performance.now();
    const outcome = runSearch(setup, policy);
    const summary = summarizeRun(setup, outcome);
    outcomes[at] = outcome;
    summaries[at] = summary;
    hooks.onRun?.(summary, performance.now() - startedMs);
  };
  // `fixed:matched` runs after the CE-NAS run it matches, wherever it is listed.
  policies.forEach((policy, at) => {
    if (!isMatchedRequest(policy)) run(policy, at);
  });
  policies.forEach((policy, at) => {
    if (!isMatchedRequest(policy)) return;
    const cenas = outcomes.find((outcome) => outcome !== undefined && outcome.policy.startsWith('cenas'));
    if (cenas === undefined) throw new InputError('policy fixed:matched: it matches a CE-NAS run, so list cenas too');
    run(matchedFixedPolicy(cenas.epochs, scenario.gpus, scenario.allocation), at);
  });
  compareWithVanilla(summaries);
  compareWithMatched(summaries);
  return { setup, summaries, outcomes };
}

/** CE-NAS's timing gain: the matched control's carbon over CE-NAS's (> 1: timing saved carbon). */
export function compareWithMatched(runs: RunSummary[]): void {
  const matched = runs.find((run) => run.policy === MATCHED_POLICY_NAME);
  const cenas = runs.find((run) => run.policy.startsWith('cenas'));
  if (matched === undefined || cenas === undefined || !(cenas.carbonKg > 0)) return;
  cenas.timingGain = Number((matched.carbonKg / cenas.carbonKg).toPrecision(12));
}

/** `summary.json`'s content: the resolved scenario and one entry per run. */
export function summaryDocument(result: SimulationResult): { scenario: Scenario; data: Record<string, unknown>; runs: readonly RunSummary[] } {
  const { setup } = result;
  return {
    scenario: setup.scenario,
    data: {
      trace: setup.trace.name,
      objectives: setup.objectives.objectives.map(({ column, direction }) => `${column}:${direction}`).join(','),
      reference: setup.reference,
      frontHv: setup.frontHv,
      trueFrontArchitectures: setup.trueFront.length,
      nadirReference: setup.nadirReference,
      nadirFrontHv: setup.nadirFrontHv,
      architectures: setup.candidateCount,
      excludedForMissingValues: setup.space.size - setup.candidateCount,
    },
    runs: result.summaries,
  };
}
