/**
 * `npm run bench -- vs-libsvm`: the core's SMO against libsvm, the C solver behind the LaMOO
 * authors' scikit-learn SVC, on the classifier trainings of one default-scenario vanilla run.
 * The run's trees are rebuilt from its samples (the tree is a function of the samples in
 * order), recording each node's training set; with LIBSVM_PYTHON naming a Python that has
 * scikit-learn, bench/vs-libsvm-driver.py trains the same sets there, in rounds alternating
 * with ce-nas's. Both sides must agree on every training's SMO iterations and on the decision values.
 */

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildTree, decisionValue, type SvmModel } from '../spec/index.js';
import { clearTreeCache, lamooOptionsOf, lamooTreeInput, predictOnGrid } from '../src/lamoo/optimizer.js';
import { kernelsFor } from '../src/pareto.js';
import { runSearch } from '../src/sim/engine.js';
import { builtinPolicy } from '../src/sim/policies.js';
import { parseScenario } from '../src/sim/scenario.js';
import { setUpSimulation } from '../src/sim/setup.js';
import type { SvmTrainingOptions } from '../src/lamoo/svm-train.js';
import { trainSvmCoreCounted } from '../src/wasm/svm-train.js';

export interface TrainingSet {
  readonly features: Float64Array;
  readonly n: number;
  readonly dim: number;
  readonly labels: Int8Array;
}

export interface VsLibsvmRow {
  readonly trainings: number;
  readonly largestN: number;
  readonly ceNasMs: number;
  readonly ceNasIterations: number;
  /** Through scikit-learn's SVC.fit and through libsvm's entry point; undefined without LIBSVM_PYTHON. */
  readonly sklearnMs: number | undefined;
  readonly libsvmMs: number | undefined;
  readonly libsvmIterations: number | undefined;
  /** The whole vanilla run, in this process, for scale. */
  readonly runMs: number;
}

const ROUNDS = 5;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The classifier trainings of the default scenario's vanilla run, in the order the run did them. */
export function vanillaRunTrainings(): { sets: TrainingSet[]; classifier: SvmTrainingOptions; runMs: number } {
  const setup = setUpSimulation(parseScenario({}, 'bench'));
  const policy = builtinPolicy('vanilla', setup.scenario.window);
  runSearch(setup, policy); // warm-up
  clearTreeCache(); // a cold run: trees shared between runs would make a repeat free
  const start = performance.now();
  const outcome = runSearch(setup, policy);
  const runMs = performance.now() - start;
  const options = lamooOptionsOf(setup, false);
  const sets: TrainingSet[] = [];
  const record = (features: Float64Array, n: number, dim: number, labels: Int8Array): SvmModel => {
    sets.push({ features: features.slice(0, n * dim), n, dim, labels: labels.slice() });
    return trainSvmCoreCounted(features, n, dim, labels, options.classifier).model;
  };
  // The run rebuilds its tree whenever an epoch sees a new number of trained samples.
  const sizes = [...new Set(outcome.epochs.map((epoch) => epoch.trainedSoFar))];
  for (const size of sizes) {
    buildTree(
      lamooTreeInput(setup.space, setup.objectives, setup.reference, outcome.trained.slice(0, size)),
      options,
      record,
      kernelsFor('wasm'),
      predictOnGrid,
    );
  }
  return { sets, classifier: options.classifier, runMs };
}

const totalOf = (counts: readonly number[]): number => counts.reduce((total, count) => total + count, 0);

/** Trains every set once; returns each set's SMO iterations and the sum of decision values on each set's rows. */
function trainAll(sets: readonly TrainingSet[], options: SvmTrainingOptions): { iterations: number[]; digest: number } {
  const iterations: number[] = [];
  let digest = 0;
  for (const set of sets) {
    const trained = trainSvmCoreCounted(set.features, set.n, set.dim, set.labels, options);
    iterations.push(trained.iterations);
    for (let row = 0; row < set.n; row++) digest += decisionValue(trained.model, set.features.subarray(row * set.dim, (row + 1) * set.dim));
  }
  return { iterations, digest };
}

function timeCeNas(sets: readonly TrainingSet[], options: SvmTrainingOptions): number {
  const start = performance.now();
  for (const set of sets) trainSvmCoreCounted(set.features, set.n, set.dim, set.labels, options);
  return performance.now() - start;
}

function setsFileText(sets: readonly TrainingSet[]): string {
  const lines = [String(sets.length)];
  for (const set of sets) lines.push(`${set.n} ${set.dim}`, Array.from(set.labels).join(' '), Array.from(set.features).join(' '));
  return `${lines.join('\n')}\n`;
}

export function runVsLibsvmBench(python = process.env.LIBSVM_PYTHON): VsLibsvmRow {
  const { sets, classifier: options, runMs } = vanillaRunTrainings();
  const own = trainAll(sets, options);
  const ceNasTimes: number[] = [];
  const sklearnTimes: number[] = [];
  const libsvmTimes: number[] = [];
  let libsvmIterations: number | undefined;
  const directory = python === undefined ? undefined : mkdtempSync(join(tmpdir(), 'ce-nas-vs-libsvm-'));
  try {
    const file = directory === undefined ? undefined : join(directory, 'sets.txt');
    if (file !== undefined) writeFileSync(file, setsFileText(sets));
    const driver = join(dirname(fileURLToPath(import.meta.url)), 'vs-libsvm-driver.py');
    for (let round = 0; round < ROUNDS; round++) {
      ceNasTimes.push(timeCeNas(sets, options));
      if (python === undefined || file === undefined) continue;
      const output = execFileSync(python, [driver, file, '1'], { encoding: 'utf8' }).trim().split('\n');
      const [fitMs, libsvmMs] = output[0]!.split(' ').map(Number);
      sklearnTimes.push(fitMs!);
      libsvmTimes.push(libsvmMs!);
      const theirs = output[1]!.split(' ').map(Number);
      const differing = own.iterations.findIndex((count, index) => count !== theirs[index]);
      if (theirs.length !== own.iterations.length || differing >= 0)
        throw new Error(
          `vs-libsvm: training ${differing + 1} of ${sets.length} took ${own.iterations[differing]} SMO iterations in ce-nas, ${theirs[differing]} in libsvm: not the same path`,
        );
      libsvmIterations = totalOf(theirs);
      const digest = Number(output[2]);
      if (Math.abs(digest - own.digest) > 1e-6 * Math.max(1, Math.abs(digest))) {
        throw new Error(`vs-libsvm: decision values disagree (ce-nas ${own.digest}, scikit-learn ${digest})`);
      }
    }
  } finally {
    if (directory !== undefined) rmSync(directory, { recursive: true, force: true });
  }
  return {
    trainings: sets.length,
    largestN: Math.max(...sets.map((set) => set.n)),
    ceNasMs: median(ceNasTimes),
    ceNasIterations: totalOf(own.iterations),
    sklearnMs: sklearnTimes.length > 0 ? median(sklearnTimes) : undefined,
    libsvmMs: libsvmTimes.length > 0 ? median(libsvmTimes) : undefined,
    libsvmIterations,
    runMs,
  };
}

/** The bench's table, as `npm run bench -- vs-libsvm` prints it. */
export function vsLibsvmTable(row: VsLibsvmRow): string {
  const cell = (value: number | undefined, digits = 0): string => (value === undefined ? '—' : value.toFixed(digits));
  return [
    `${row.trainings} trainings of one default vanilla run (largest n = ${row.largestN}); medians of ${ROUNDS} alternating rounds`,
    '',
    '| solver | ms | SMO iterations |',
    '|---|---:|---:|',
    `| ce-nas core | ${cell(row.ceNasMs)} | ${row.ceNasIterations} |`,
    `| libsvm (scikit-learn's _libsvm.fit) | ${cell(row.libsvmMs)} | ${cell(row.libsvmIterations)} |`,
    `| scikit-learn SVC.fit | ${cell(row.sklearnMs)} | ${cell(row.libsvmIterations)} |`,
    '',
    `The whole vanilla run: ${row.runMs.toFixed(0)} ms in this process.`,
  ].join('\n');
}
