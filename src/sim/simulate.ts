/**
 * A simulation: one scenario run under several policies, with each run summarised and
 * compared with vanilla LaMOO. The output is a pure function of the scenario, the policies
 * and the data (never of the clock or the backend), so it can be compared byte for byte.
 */

import type { Backend } from '../pareto.js';
import { type RunOutcome, runSearch } from './engine.js';
import type { Policy } from './policies.js';
import type { Scenario } from './scenario.js';
import { setUpSimulation, type SimulationSetup } from './setup.js';
import { compareWithVanilla, type RunSummary, summarizeRun } from './summary.js';

/** The default comparison: CE-NAS and every baseline of MODEL.md §4. */
export const DEFAULT_POLICIES = ['cenas', 'vanilla', 'oneshot', 'random', 'fixed:0.5'] as const;

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
  for (const policy of policies) {
    const startedMs = performance.now();
    const outcome = runSearch(setup, policy);
    const summary = summarizeRun(setup, outcome);
    outcomes.push(outcome);
    summaries.push(summary);
    hooks.onRun?.(summary, performance.now() - startedMs);
  }
  compareWithVanilla(summaries);
  return { setup, summaries, outcomes };
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
      architectures: setup.candidateCount,
      excludedForMissingValues: setup.space.size - setup.candidateCount,
    },
    runs: result.summaries,
  };
}
