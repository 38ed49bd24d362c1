/**
 * Running policies on one scenario for training and evaluation (train.ts, eval-worker.ts):
 * a scenario's set-up is built once per pool (or worker thread) and reused by every run on it.
 */

import { Worker } from 'node:worker_threads';
import { offlineBound } from '../bound/offline-bound.js';
import { packageFile } from '../package-files.js';
import { runSearch } from '../sim/engine.js';
import { matchedFixedPolicy } from '../sim/matched.js';
import { builtinPolicy, type Policy } from '../sim/policies.js';
import type { RunOutcome } from '../sim/records.js';
import type { Scenario } from '../sim/scenario.js';
import { setUpSimulation, type SimulationSetup } from '../sim/setup.js';
import { summarizeRun } from '../sim/summary.js';
import type { FeatureName } from './features.js';
import { linearPolicy } from './learned-policy.js';

/** A built-in policy name, or a linear policy's parameters. */
export type PolicySpec =
  string | { readonly name: string; readonly features: readonly FeatureName[]; readonly weights: readonly number[]; readonly bias: number };

export interface EvaluationRequest {
  readonly id: number;
  readonly scenario: number;
  readonly policies: readonly PolicySpec[];
}

export interface RunFigures {
  readonly policy: string;
  readonly carbonKg: number;
  readonly finalHv: number;
  readonly finalHvNormalized: number;
  readonly trainings: number;
  readonly meanSamplingShare: number;
  /** The offline-optimal bound of the run's own work (docs/offline-bound.md). */
  readonly optimalKg: number;
  readonly timingEfficiency: number | null;
}

/** Runs a request's policies; `setups` caches the set-ups of these `scenarios` by index (one map per list). */
export function evaluateOnScenario(scenarios: readonly Scenario[], request: EvaluationRequest, setups: Map<number, SimulationSetup>): RunFigures[] {
  let setup = setups.get(request.scenario);
  if (setup === undefined) setups.set(request.scenario, (setup = setUpSimulation(scenarios[request.scenario]!)));
  const outcomes: RunOutcome[] = [];
  return request.policies.map((spec) => {
    let policy: Policy;
    if (typeof spec !== 'string') policy = linearPolicy(spec.name, spec);
    else if (spec === 'fixed:matched') {
      const cenas = outcomes.find((outcome) => outcome.policy.startsWith('cenas'));
      if (cenas === undefined) throw new Error('fixed:matched must follow a cenas run');
      policy = matchedFixedPolicy(cenas.epochs, setup.scenario.gpus, setup.scenario.allocation);
    } else policy = builtinPolicy(spec, setup.scenario.window);
    const outcome = runSearch(setup, policy);
    outcomes.push(outcome);
    const summary = summarizeRun(setup, outcome);
    const bound = offlineBound(setup, outcome);
    return {
      policy: summary.policy,
      carbonKg: summary.carbonKg,
      finalHv: summary.finalHv,
      finalHvNormalized: summary.finalHvNormalized,
      trainings: summary.trainings,
      meanSamplingShare: summary.meanSamplingShare,
      optimalKg: bound.optimalKg,
      timingEfficiency: bound.timingEfficiency,
    };
  });
}

/** A pool of threads that evaluate requests on a fixed list of scenarios (in this thread when 1). */
export class EvaluationPool {
  private readonly workers: Worker[] = [];
  /** Set-ups of the scenarios run in this thread (when the pool has no workers). */
  private readonly setups = new Map<number, SimulationSetup>();

  constructor(
    private readonly scenarios: readonly Scenario[],
    threads: number,
  ) {
    for (let k = 0; k < threads && threads > 1; k++) {
      this.workers.push(new Worker(packageFile('dist/src/learn/eval-worker.js'), { workerData: scenarios }));
    }
  }

  /** Runs every request; results in request order, whichever thread ran each. */
  async run(requests: readonly Omit<EvaluationRequest, 'id'>[]): Promise<RunFigures[][]> {
    if (this.workers.length === 0) return requests.map((request, id) => evaluateOnScenario(this.scenarios, { ...request, id }, this.setups));
    const results: RunFigures[][] = new Array(requests.length);
    let next = 0;
    const drive = (worker: Worker): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const finish = (error?: Error): void => {
          worker.off('message', onMessage);
          worker.off('error', finish);
          if (error === undefined) resolve();
          else reject(error);
        };
        const send = (): void => {
          if (next >= requests.length) finish();
          else {
            const id = next++;
            worker.postMessage({ ...requests[id]!, id });
          }
        };
        const onMessage = (reply: { id: number; results?: RunFigures[]; error?: string }): void => {
          if (reply.error !== undefined) finish(new Error(reply.error));
          else {
            results[reply.id] = reply.results!;
            send();
          }
        };
        worker.on('message', onMessage);
        worker.on('error', finish);
        send();
      });
    await Promise.all(this.workers.map(drive));
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }
}
