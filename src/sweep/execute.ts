/**
 * Runs one sweep run: the scenario's setup (cached per scenario within a thread, since the
 * policies of a grid share it) and the search, reduced to the run's summary.
 */

import type { Backend } from '../pareto.js';
import { runSearch } from '../sim/engine.js';
import { builtinPolicy } from '../sim/policies.js';
import type { Scenario } from '../sim/scenario.js';
import { setUpSimulation, type SimulationSetup } from '../sim/setup.js';
import { type RunSummary, summarizeRun } from '../sim/summary.js';

export interface RunRequest {
  readonly id: string;
  readonly policy: string;
  readonly scenario: Scenario;
}

export interface RunResult {
  readonly id: string;
  readonly summary: RunSummary;
}

const SETUP_CACHE_SIZE = 8;
const setups = new Map<string, SimulationSetup>();

function setupFor(scenario: Scenario, backend: Backend): SimulationSetup {
  const key = JSON.stringify(scenario);
  let setup = setups.get(key);
  if (setup === undefined) {
    setup = setUpSimulation(scenario, backend);
    if (setups.size >= SETUP_CACHE_SIZE) setups.delete(setups.keys().next().value!);
    setups.set(key, setup);
  }
  return setup;
}

export function executeRun(request: RunRequest, backend: Backend = 'wasm'): RunResult {
  const setup = setupFor(request.scenario, backend);
  const summary = summarizeRun(setup, runSearch(setup, builtinPolicy(request.policy, request.scenario.window)));
  return { id: request.id, summary };
}
