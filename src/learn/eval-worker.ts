/**
 * A worker thread of `ce-nas train-policy` (train.ts): holds the set-ups of the scenarios it is
 * given and runs policies on them on request. One request = one scenario and a list of
 * policies run in order (so `fixed:matched` can follow the CE-NAS run it matches).
 */

import { parentPort, workerData } from 'node:worker_threads';
import { evaluateOnScenario, type EvaluationRequest } from './evaluate.js';
import type { Scenario } from '../sim/scenario.js';
import type { SimulationSetup } from '../sim/setup.js';

const scenarios = workerData as Scenario[];
const setups = new Map<number, SimulationSetup>();
const port = parentPort!;

port.on('message', (request: EvaluationRequest) => {
  try {
    port.postMessage({ id: request.id, results: evaluateOnScenario(scenarios, request, setups) });
  } catch (error) {
    port.postMessage({ id: request.id, error: (error as Error).message });
  }
});
