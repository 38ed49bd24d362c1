import { describe, expect, it } from 'vitest';
import { clearTreeCache, treeCacheStats } from '../src/lamoo/optimizer.js';
import { runSearch, type RunOutcome } from '../src/sim/engine.js';
import { builtinPolicy, type Policy } from '../src/sim/policies.js';
import { parseScenario, type ScenarioInput } from '../src/sim/scenario.js';
import { simulate, summaryDocument } from '../src/sim/simulate.js';
import { setUpSimulation, type SimulationSetup } from '../src/sim/setup.js';
import { summarizeRun } from '../src/sim/summary.js';

// Short searches keep the suite fast; the RBF classifier trains in milliseconds.
const SHORT: ScenarioInput = { hours: 10, gpus: 4, lamoo: { kernel: 'rbf' } };

function setupOf(input: ScenarioInput = {}): SimulationSetup {
  return setUpSimulation(parseScenario({ ...SHORT, ...input }, 'test'));
}

function run(setup: SimulationSetup, name: string): RunOutcome {
  return runSearch(setup, builtinPolicy(name, setup.scenario.window));
}

const POLICIES = ['cenas', 'vanilla', 'oneshot', 'random', 'fixed:0.5'] as const;

/** Training stints per architecture from the event log: start..(finish | pause | abandon). */
function trainingStints(outcome: RunOutcome): Map<number, number[]> {
  const open = new Map<number, number>();
  const stints = new Map<number, number[]>();
  for (const event of outcome.events) {
    if (event.task !== 'training') continue;
    if (event.kind === 'start') {
      open.set(event.architecture, event.timeS);
      continue;
    }
    const startS = open.get(event.architecture)!;
    open.delete(event.architecture);
    stints.set(event.architecture, [...(stints.get(event.architecture) ?? []), event.timeS - startS]);
  }
  return stints;
}

describe('simulated search: invariants of every policy', () => {
  const setup = setupOf();
  for (const name of POLICIES) {
    describe(name, () => {
      const outcome = run(setup, name);
      const summary = summarizeRun(setup, outcome);

      it('should train the initial sample and never train an architecture twice', () => {
        expect(outcome.trained.length).toBeGreaterThanOrEqual(setup.scenario.initialSamples);
        expect(new Set(outcome.trained).size).toBe(outcome.trained.length);
        const started = outcome.events.filter((e) => e.kind === 'start').map((e) => `${e.task}:${e.architecture}`);
        const trainingStarts = outcome.events.filter((e) => e.kind === 'start' && e.task === 'training').map((e) => e.architecture);
        expect(started.length).toBeGreaterThan(0);
        // A paused training restarts, but no architecture is drawn for two different tasks.
        const drawnForSampling = new Set(outcome.events.filter((e) => e.kind === 'finish' && e.task === 'sampling').map((e) => e.architecture));
        const sampledThenDrawnAgain = outcome.events.filter(
          (e) =>
            e.kind === 'start' &&
            e.task === 'sampling' &&
            drawnForSampling.has(e.architecture) &&
            e !== outcome.events.find((f) => f.kind === 'start' && f.task === 'sampling' && f.architecture === e.architecture),
        );
        expect(sampledThenDrawnAgain).toHaveLength(0);
        // A training starts once, and once more after each pause.
        const pauses = outcome.events.filter((e) => e.kind === 'pause' && e.task === 'training').map((e) => e.architecture);
        for (const architecture of new Set(trainingStarts)) {
          const count = (list: number[]) => list.filter((a) => a === architecture).length;
          expect(count(trainingStarts)).toBe(1 + count(pauses));
        }
      });

      it('should account for every GPU-second of the run exactly once', () => {
        const { training, sampling, idle, supernet } = outcome.ledger.gpuSeconds;
        expect(training + sampling + idle + supernet).toBeCloseTo(setup.scenario.gpus * (outcome.finishS - outcome.runStartS), 6);
      });

      it('should charge busy GPUs at P_busy and idle ones at P_idle (all-gpu-time)', () => {
        const { power } = setup;
        const { training, sampling, idle, supernet } = outcome.ledger.gpuSeconds;
        const expectedKwh = (((training + sampling + supernet) * power.busyW + idle * power.idleW) * power.pue) / 3.6e6;
        expect(summary.byAccountingMode['all-gpu-time'].energyKwh).toBeCloseTo(expectedKwh, 9);
        expect(summary.byAccountingMode['reference-code'].energyKwh).toBeCloseTo((training * 1000) / 3.6e6, 9);
      });

      it('should split the GPUs so that the parts sum to the total at every epoch', () => {
        expect(outcome.epochs.length).toBeGreaterThan(0);
        for (const epoch of outcome.epochs) expect(epoch.samplingGpus + epoch.evaluationGpus).toBe(setup.scenario.gpus);
      });

      it('should report a hypervolume that never falls and carbon that never falls', () => {
        const hvs = outcome.progress.map((p) => p.hv);
        const carbon = outcome.progress.map((p) => p.carbonKg);
        // Adding a point never lowers the hypervolume; summation order may move the last bit.
        hvs.slice(1).forEach((hv, k) => expect(hv).toBeGreaterThanOrEqual(hvs[k]! * (1 - 1e-12)));
        carbon.slice(1).forEach((kg, k) => expect(kg).toBeGreaterThanOrEqual(carbon[k]!));
        expect(summary.finalHvNormalized).toBeGreaterThan(0);
        expect(summary.finalHvNormalized).toBeLessThanOrEqual(1);
      });

      it('should keep a preempted training’s progress: its stints add up to its full duration', () => {
        for (const architecture of outcome.trained) {
          const total = (trainingStints(outcome).get(architecture) ?? []).reduce((sum, s) => sum + s, 0);
          expect(total).toBeCloseTo(setup.trainingS[architecture]!, 6);
        }
      });
    });
  }
});

describe('simulated search: what distinguishes the policies', () => {
  const setup = setupOf();

  it('should never sample under vanilla LaMOO', () => {
    const outcome = run(setup, 'vanilla');
    expect(outcome.estimates).toBe(0);
    expect(outcome.ledger.gpuSeconds.sampling).toBe(0);
    expect(outcome.epochs.every((e) => e.samplingShare === 0)).toBe(true);
  });

  it('should sample on every GPU during one-shot LaMOO’s search, then train its estimated front within the budget', () => {
    const outcome = run(setup, 'oneshot');
    const trainingStarts = outcome.events.filter((e) => e.kind === 'start' && e.task === 'training');
    const samplingStarts = outcome.events.filter((e) => e.kind === 'start' && e.task === 'sampling');
    const lastSamplingS = Math.max(...samplingStarts.map((e) => e.timeS));
    // The bootstrap trains first; after it only the front trains, once sampling is over.
    const afterBootstrap = trainingStarts.slice(setup.scenario.initialSamples);
    expect(afterBootstrap.length).toBeGreaterThan(0);
    expect(afterBootstrap.every((e) => e.timeS >= lastSamplingS)).toBe(true);
    expect(outcome.trained.length).toBe(trainingStarts.length);
    expect(outcome.abandonedTrainings).toBe(0);
    expect(outcome.finishS).toBe(setup.endS);
    expect(outcome.progress.every((p) => p.timeS <= setup.endS)).toBe(true);
    // Every GPU samples in its search epochs: the minimum of evaluators does not apply to it.
    const searchEpochs = outcome.epochs.filter((e) => e.samplingShare === 1);
    expect(searchEpochs.length).toBeGreaterThan(0);
    expect(searchEpochs.every((e) => e.samplingGpus === setup.scenario.gpus)).toBe(true);
    // While it samples, no GPU waits: every estimate starts when another one ends.
    const idleWhileSampling = outcome.intervals.filter((i) => i.activity === 'idle' && i.endS <= lastSamplingS && i.startS >= setup.startS);
    expect(idleWhileSampling.length).toBeLessThanOrEqual(setup.scenario.gpus);
  });

  it('should not train again the initial architectures on one-shot LaMOO’s estimated front', () => {
    // A sample budget of the initial trainings alone: the front holds only trained architectures.
    const budgeted = setupOf({ lamoo: { kernel: 'rbf', maxSamples: 10 } });
    const outcome = run(budgeted, 'oneshot');
    expect(outcome.estimates).toBe(0);
    expect(outcome.trained).toHaveLength(budgeted.scenario.initialSamples);
    expect(new Set(outcome.trained).size).toBe(outcome.trained.length);
  });

  it('should move GPUs toward sampling when the intensity is high under CE-NAS (fixed window)', () => {
    const outcome = run(setupOf({ window: { kind: 'search' } }), 'cenas');
    const sorted = [...outcome.epochs].sort((a, b) => a.intensityGPerKwh - b.intensityGPerKwh);
    for (let k = 1; k < sorted.length; k++) expect(sorted[k]!.samplingGpus).toBeGreaterThanOrEqual(sorted[k - 1]!.samplingGpus);
  });

  it('should preempt trainings when GPUs move to sampling, and resume them with the overhead', () => {
    // Arrange: alternate all-evaluate and all-sample epochs, with a 10-minute resume overhead.
    const overheadS = 600;
    const alternating = setupOf({ epochHours: 0.5, training: { resumeOverheadS: overheadS } });
    let epoch = 0;
    const policy: Policy = { name: 'alternate', samplingShare: () => (epoch++ % 2 === 0 ? 0 : 1) };
    // Act
    const outcome = runSearch(alternating, policy);
    // Assert
    expect(outcome.preemptions).toBeGreaterThan(0);
    const stints = trainingStints(outcome);
    let resumed = 0;
    for (const architecture of outcome.trained) {
      const parts = stints.get(architecture)!;
      resumed += parts.length - 1;
      const total = parts.reduce((sum, s) => sum + s, 0);
      expect(total).toBeCloseTo(alternating.trainingS[architecture]! + overheadS * (parts.length - 1), 6);
    }
    expect(resumed).toBeGreaterThan(0);
  });

  it('should scale carbon exactly with PUE and busy power, leaving the search unchanged', () => {
    const baseSetup = setupOf({ power: { pue: 1 } });
    const base = summarizeRun(baseSetup, run(baseSetup, 'cenas'));
    const scaledSetup = setupOf({ power: { busyW: 2 * baseSetup.power.busyW, idleW: 2 * baseSetup.power.idleW, pue: 1.5 } });
    const scaled = summarizeRun(scaledSetup, run(scaledSetup, 'cenas'));
    expect(scaled.trainings).toBe(base.trainings);
    expect(scaled.finalHv).toBe(base.finalHv);
    expect(scaled.carbonKg / base.carbonKg).toBeCloseTo(3, 9);
  });

  it('should charge only training at 1 kW in reference-code accounting', () => {
    const referenceSetup = setupOf({ accounting: 'reference-code' });
    const outcome = run(referenceSetup, 'cenas');
    const summary = summarizeRun(referenceSetup, outcome);
    expect(summary.breakdown.sampling.carbonKg).toBe(0);
    expect(summary.breakdown.idle.carbonKg).toBe(0);
    expect(summary.energyKwh).toBeCloseTo(outcome.ledger.gpuSeconds.training / 3600, 6);
    expect(summary.carbonKg).toBe(summary.byAccountingMode['reference-code'].carbonKg);
  });

  it('should charge the supernet once, only for runs that sampled', () => {
    const withSupernet = setupOf({ sampling: { supernetTrainingGpuHours: 10 } });
    const cenas = summarizeRun(withSupernet, run(withSupernet, 'cenas'));
    const vanilla = summarizeRun(withSupernet, run(withSupernet, 'vanilla'));
    // 10 GPU-hours at the busy power, times PUE.
    expect(cenas.breakdown.supernet.energyKwh).toBeCloseTo((10 * withSupernet.power.busyW * withSupernet.power.pue) / 1000, 9);
    expect(cenas.gpuHours.supernet).toBeCloseTo(10, 9);
    expect(vanilla.breakdown.supernet.energyKwh).toBe(0);
  });

  it('should report a user policy that throws as that policy’s error', () => {
    const failing: Policy = {
      name: 'failing',
      samplingShare: () => {
        throw new Error('no forecast available');
      },
    };
    expect(() => runSearch(setup, failing)).toThrow(/policy failing: samplingShare threw at 2021-07-02T\d\d:\d\d:\d\d.*Z: no forecast available/);
  });

  it('should reject a user policy whose share is outside [0, 1], naming it', () => {
    expect(() => runSearch(setup, { name: 'wild', samplingShare: () => 1.5 })).toThrow(/policy wild: samplingShare returned 1.5/);
  });
});

describe('simulated search: edge cases', () => {
  it('should train the initial sample one after another on a single GPU before the first epoch', () => {
    const setup = setupOf({ gpus: 1, hours: 16 });
    const outcome = run(setup, 'cenas');
    const firstEpochS = outcome.epochs[0]!.timeS;
    const initial = outcome.progress.slice(0, setup.scenario.initialSamples);
    expect(initial).toHaveLength(setup.scenario.initialSamples);
    expect(initial.every((record) => record.timeS <= firstEpochS)).toBe(true);
    expect(outcome.epochs.every((epoch) => epoch.samplingGpus + epoch.evaluationGpus === 1)).toBe(true);
  });

  it('should end cleanly when the budget ends during the initial trainings', () => {
    const setup = setupOf({ gpus: 2, hours: 0.25 });
    const outcome = run(setup, 'cenas');
    const summary = summarizeRun(setup, outcome);
    expect(outcome.epochs).toHaveLength(0);
    expect(outcome.abandonedTrainings).toBe(setup.scenario.initialSamples - outcome.trained.length);
    expect(summary.finalHvNormalized).toBeGreaterThanOrEqual(0);
    expect(summary.carbonKg).toBeGreaterThan(0);
  });

  it('should never train two isomorphic architectures when twins are excluded', () => {
    const setup = setupOf({ lamoo: { kernel: 'rbf', excludeTwins: true } });
    const outcome = run(setup, 'vanilla');
    const classes = outcome.trained.map((architecture) => setup.space.column('iso_rep_index')[architecture]);
    expect(new Set(classes).size).toBe(classes.length);
  });
});

describe('determinism', () => {
  it('should give the same run whether LaMOO trees come from the shared cache or are rebuilt', () => {
    // Vanilla's search ignores carbon, so two start times train the same samples: the second
    // run takes every tree from the cache.
    const first = setupOf({ start: '2021-05-01T00:00:00Z' });
    const second = setupOf({ start: '2021-05-03T12:00:00Z' });
    clearTreeCache();
    runSearch(first, builtinPolicy('vanilla', first.scenario.window));
    const builtForFirst = treeCacheStats().builds;
    const cached = JSON.stringify(summarizeRun(second, runSearch(second, builtinPolicy('vanilla', second.scenario.window))));
    expect(treeCacheStats()).toEqual({ hits: builtForFirst, builds: builtForFirst });
    clearTreeCache();
    const rebuilt = JSON.stringify(summarizeRun(second, runSearch(second, builtinPolicy('vanilla', second.scenario.window))));
    expect(cached).toBe(rebuilt);
  });

  it('should give byte-identical summaries for the same scenario and seed', () => {
    const scenario = parseScenario({ ...SHORT, seed: 7 }, 'test');
    const policies = ['cenas', 'random'].map((name) => builtinPolicy(name, scenario.window));
    const first = JSON.stringify(summaryDocument(simulate(scenario, policies)));
    const second = JSON.stringify(summaryDocument(simulate(scenario, policies)));
    expect(second).toBe(first);
  });

  it('should give byte-identical summaries whichever backend computes the kernels', () => {
    const scenario = parseScenario({ ...SHORT, hours: 5, lamoo: { kernel: 'poly' } }, 'test');
    const policies = ['cenas', 'vanilla'].map((name) => builtinPolicy(name, scenario.window));
    const wasm = JSON.stringify(summaryDocument(simulate(scenario, policies, 'wasm')));
    const spec = JSON.stringify(summaryDocument(simulate(scenario, policies, 'spec')));
    expect(spec).toBe(wasm);
  });

  it('should change the search with the seed', () => {
    const a = run(setupOf({ seed: 1 }), 'vanilla');
    const b = run(setupOf({ seed: 2 }), 'vanilla');
    expect(a.trained.slice(0, 10)).not.toEqual(b.trained.slice(0, 10));
  });

  it('should start every policy from the same initial sample', () => {
    const setup = setupOf({ seed: 3 });
    const initial = POLICIES.map((name) =>
      run(setup, name)
        .events.filter((e) => e.kind === 'start')
        .slice(0, setup.scenario.gpus)
        .map((e) => e.architecture),
    );
    for (const sample of initial) expect(sample).toEqual(initial[0]);
  });
});

describe('estimators and their costs', () => {
  it('should charge a supernet estimate one test pass and a 12-epoch estimate 12 epochs of training plus a validation pass', () => {
    const supernet = setupOf();
    const twelveEpochs = setupOf({ sampling: { estimate: 'c10valid_valid_acc_12ep' } });
    for (const architecture of [0, 1234, 15624]) {
      const testPassS = supernet.space.column('c10valid_test_eval_time_200ep_s')[architecture]! / 200;
      const epochS = supernet.space.column('c10valid_train_time_per_epoch_s')[architecture]!;
      const validationPassS = supernet.space.column('c10valid_valid_eval_time_200ep_s')[architecture]! / 200;
      expect(supernet.samplingS[architecture]).toBeCloseTo(testPassS, 12);
      expect(twelveEpochs.samplingS[architecture]).toBeCloseTo(12 * epochS + validationPassS, 12);
    }
    // Only the supernet estimator trains a supernet: 2.224 GPU-hours over 4 GPUs.
    expect(supernet.supernetS).toBeCloseTo(8007.13 / 4, 9);
    expect(twelveEpochs.supernetS).toBe(0);
  });
});

describe('scenario resolution errors', () => {
  it('should reject a search that runs past the trace, naming both spans', () => {
    expect(() => setupOf({ start: '2022-12-31T12:00:00Z', hours: 24 })).toThrow(/must lie within the trace US-CAL-CISO:2021-2022/);
  });

  it('should reject a start that leaves no trace for the supernet’s training before it, naming both', () => {
    // 2.224 GPU-hours on 4 GPUs: 33 minutes before the start, which is the trace's first hour.
    expect(() => setupOf({ start: '2021-01-01T00:15:00Z' })).toThrow(
      /start: the supernet trains for 0\.556 h on 4 GPUs before the search, from 2020-12-31T23:41:.*before the trace US-CAL-CISO:2021-2022 starts at 2021-01-01T00:00:00Z/,
    );
    expect(() => setupOf({ start: '2021-01-01T00:15:00Z', sampling: { supernetTrainingGpuHours: 0 } })).not.toThrow();
    expect(() => setupOf({ start: '2021-01-01T00:15:00Z', sampling: { estimate: 'c10valid_valid_acc_12ep' } })).not.toThrow();
  });

  it('should reject a reference point of the wrong length', () => {
    expect(() => setupOf({ reference: [0] })).toThrow(/reference: 1 values for 2 objectives/);
  });

  it('should reject an unknown objective column', () => {
    expect(() => setupOf({ objectives: 'accuracy:max' })).toThrow(/unknown column 'accuracy'/);
  });
});
