/**
 * The simulator: one default-scenario run (8 GPUs, 40 h on US-CAL-CISO:2021 from
 * 2021-07-02T06:00Z, seed 0) per policy, with the reference polynomial classifier and with
 * RBF. Before timing, each run is checked to repeat exactly; a short scenario is checked to
 * give the same summary on the spec backend. Each timed round runs bench:ci's calibration
 * loop (the anchor) right before the run, so that the run's time in calibration loops can be
 * compared between this shared machine's quiet and busy spells.
 */

import { calibrationOnceMs } from './regression.js';
import { clearTreeCache } from '../src/lamoo/optimizer.js';
import { runSearch } from '../src/sim/engine.js';
import { builtinPolicy } from '../src/sim/policies.js';
import { parseScenario, type ScenarioInput } from '../src/sim/scenario.js';
import { DEFAULT_POLICIES, simulate, summaryDocument } from '../src/sim/simulate.js';
import { setUpSimulation } from '../src/sim/setup.js';
import { summarizeRun } from '../src/sim/summary.js';
import { isMatchedRequest, matchedFixedPolicy } from '../src/sim/matched.js';
import type { RunOutcome } from '../src/sim/records.js';

export interface SimulateBenchRow {
  readonly policy: string;
  readonly kernel: string;
  readonly medianMs: number;
  /** Median over the rounds of the run's time over the calibration loop's just before. */
  readonly medianCalibrations: number;
  readonly samples: number;
  readonly trainings: number;
}

function checkAgreement(): void {
  const scenario = parseScenario({ hours: 6 }, 'bench');
  const policies = ['cenas', 'vanilla'].map((name) => builtinPolicy(name, scenario.window));
  const wasm = JSON.stringify(summaryDocument(simulate(scenario, policies, 'wasm')));
  const spec = JSON.stringify(summaryDocument(simulate(scenario, policies, 'spec')));
  if (wasm !== spec) throw new Error('simulate: the spec and wasm backends disagree on a 6-hour scenario');
}

export function runSimulateBench(iterations = 5, kernels: readonly ('poly' | 'rbf')[] = ['poly', 'rbf']): SimulateBenchRow[] {
  checkAgreement();
  const rows: SimulateBenchRow[] = [];
  for (const kernel of kernels) {
    const input: ScenarioInput = kernel === 'poly' ? {} : { lamoo: { kernel } };
    const setup = setUpSimulation(parseScenario(input, 'bench'));
    let cenas: RunOutcome | undefined;
    for (const name of DEFAULT_POLICIES) {
      const requested = builtinPolicy(name, setup.scenario.window);
      // fixed:matched replays the CE-NAS run's sampling (listed before it in DEFAULT_POLICIES).
      const policy = isMatchedRequest(requested) ? matchedFixedPolicy(cenas!.epochs, setup.scenario.gpus, setup.scenario.allocation) : requested;
      const first = runSearch(setup, policy);
      if (name === 'cenas') cenas = first;
      const reference = JSON.stringify(summarizeRun(setup, first));
      const repeat = summarizeRun(setup, runSearch(setup, policy));
      if (JSON.stringify(repeat) !== reference) throw new Error(`simulate ${name}: a repeated run differs`);
      let sink = 0;
      // Cold runs: trees shared between runs (LamooOptions.cacheKey) would make repeats free.
      const timed = Array.from({ length: iterations }, () => {
        const calibrationMs = calibrationOnceMs();
        clearTreeCache();
        const start = performance.now();
        sink += runSearch(setup, policy).trained.length;
        const runMs = performance.now() - start;
        return { runMs, calibrations: runMs / calibrationMs };
      });
      if (sink === 0) throw new Error(`simulate ${name}: no result`);
      const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      rows.push({
        policy: policy.name,
        kernel,
        medianMs: median(timed.map((round) => round.runMs)),
        medianCalibrations: median(timed.map((round) => round.calibrations)),
        samples: timed.length,
        trainings: repeat.trainings,
      });
    }
  }
  return rows;
}
