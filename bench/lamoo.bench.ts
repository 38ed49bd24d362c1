/**
 * LaMOO hot paths: classifying all 15,625 architectures through a 3-node path of trained
 * RBF classifiers (spec vs wasm, outputs compared first), training one SVC on 300 samples
 * (TypeScript vs core SMO, models compared first), and rebuilding the partition tree from
 * 300 trained samples (SMO training and hypervolumes in the core).
 */

import { buildTree, goodBadLabels, regionMembership, selectLeaf } from '../spec/index.js';
import { DEFAULT_OBJECTIVES, objectiveSet, parseObjectives } from '../src/data/objectives.js';
import { EDGE_COUNT, ENCODING_VALUES, gridIndexOfOpCodes } from '../src/data/nb201-encoding.js';
import { loadSearchSpace } from '../src/data/search-space.js';
import { DEFAULT_LAMOO_OPTIONS, LamooOptimizer, RBF_SVM_OPTIONS } from '../src/lamoo/optimizer.js';
import { trainSvm } from '../src/lamoo/svm-train.js';
import { Random } from '../src/random.js';
import { classifyGrid } from '../src/wasm/classify.js';
import { trainSvmCore } from '../src/wasm/svm-train.js';
import { wasmKernels } from '../src/wasm/kernels.js';
import { medianMs } from './harness.js';

export interface LamooBenchRow {
  readonly task: string;
  readonly specMedianMs: number | undefined;
  readonly wasmMedianMs: number;
}

function distinctSample(count: number, size: number, random: Random): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(random.int(size));
  return [...chosen];
}

export async function runLamooBench(): Promise<LamooBenchRow[]> {
  const space = loadSearchSpace();
  const set = objectiveSet(space, parseObjectives(DEFAULT_OBJECTIVES, space));
  const rowOf = new Int32Array(space.size);
  set.indices.forEach((architecture, row) => (rowOf[architecture] = row));
  const random = new Random(42);
  const rows: LamooBenchRow[] = [];

  // A real path: the tree of 200 samples with RBF classifiers, down to a depth-3 leaf.
  /** Classifier features and objective values of sampled architectures. */
  const sampleData = (samples: readonly number[]): { features: Float64Array; objectives: Float64Array } => {
    const features = new Float64Array(samples.length * EDGE_COUNT);
    const objectives = new Float64Array(samples.length * 2);
    samples.forEach((architecture, k) => {
      features.set(space.encoding(architecture), k * EDGE_COUNT);
      objectives.set(set.points.values.subarray(rowOf[architecture]! * 2, rowOf[architecture]! * 2 + 2), k * 2);
    });
    return { features, objectives };
  };
  const samples = distinctSample(200, space.size, random);
  const { features, objectives } = sampleData(samples);
  const tree = buildTree(
    {
      features: { values: features, n: samples.length, dim: EDGE_COUNT },
      objectives: { values: objectives, n: samples.length, dim: 2 },
      maximise: set.maximise,
      reference: set.defaultReference,
    },
    DEFAULT_LAMOO_OPTIONS,
    (x, n, dim, labels) => trainSvm(x, n, dim, labels, RBF_SVM_OPTIONS),
    wasmKernels,
  );
  const { path } = selectLeaf(tree, DEFAULT_LAMOO_OPTIONS.cp, (count) => random.int(count));
  const supportVectors = path.map((step) => step.classifier.dualCoef.length).join('/');
  const encodings = { values: space.encodings(), n: space.size, dim: EDGE_COUNT };
  const gridIndex = Int32Array.from({ length: space.size }, (_, i) => gridIndexOfOpCodes(space.opCodes(i)));
  const specMembers = regionMembership(path, encodings);
  const wasmMembers = classifyGrid(path, ENCODING_VALUES, EDGE_COUNT);
  specMembers.forEach((member, architecture) => {
    if (wasmMembers[gridIndex[architecture]!] !== member) throw new Error(`classification differs at architecture ${architecture}`);
  });
  let sink = 0;
  const specOnce = performance.now();
  regionMembership(path, encodings);
  const specMs = await medianMs('spec classify', () => void (sink += regionMembership(path, encodings)[0]!), performance.now() - specOnce);
  const wasmMs = await medianMs('wasm classify', () => void (sink += classifyGrid(path, ENCODING_VALUES, EDGE_COUNT)[0]!), 1);
  rows.push({
    task: `classify 15,625 architectures, ${path.length}-node RBF path (${supportVectors} support vectors)`,
    specMedianMs: specMs,
    wasmMedianMs: wasmMs,
  });

  // One SVC on 300 samples: the TypeScript trainer against the core's, models compared first.
  const svcSamples = distinctSample(300, space.size, random);
  const { features: svcFeatures, objectives: svcObjectives } = sampleData(svcSamples);
  const svcLabels = goodBadLabels({ values: svcObjectives, n: svcSamples.length, dim: 2 }, set.maximise);
  for (const [name, classifier] of [
    ['polynomial (reference)', DEFAULT_LAMOO_OPTIONS.classifier],
    ['RBF', RBF_SVM_OPTIONS],
  ] as const) {
    const train = (trainer: typeof trainSvm) => trainer(svcFeatures, svcSamples.length, EDGE_COUNT, svcLabels, classifier);
    const tsOnce = performance.now();
    const tsModel = train(trainSvm);
    const tsOnceMs = performance.now() - tsOnce;
    const coreModel = train(trainSvmCore);
    if (tsModel.intercept !== coreModel.intercept || tsModel.dualCoef.some((value, k) => value !== coreModel.dualCoef[k])) {
      throw new Error(`SVC training differs between TypeScript and the core (${name})`);
    }
    const tsMs = await medianMs(`train ${name} ts`, () => void (sink += train(trainSvm).intercept), tsOnceMs);
    const coreMs = await medianMs(`train ${name} core`, () => void (sink += train(trainSvmCore).intercept), tsOnceMs / 4);
    rows.push({ task: `train one ${name} SVC on 300 samples (TypeScript trainer vs core, bit-identical)`, specMedianMs: tsMs, wasmMedianMs: coreMs });
  }

  for (const [name, classifier] of [
    ['polynomial (reference)', DEFAULT_LAMOO_OPTIONS.classifier],
    ['RBF', RBF_SVM_OPTIONS],
  ] as const) {
    const optimizer = new LamooOptimizer(space, set, set.defaultReference, { ...DEFAULT_LAMOO_OPTIONS, classifier });
    const trained = distinctSample(300, space.size, random);
    const selectMs = await medianMs(`select region ${name}`, () => void (sink += optimizer.selectRegion(trained, new Random(1)).regionMask.length), 50);
    rows.push({ task: `rebuild tree from 300 samples + select leaf + region, ${name} SVC`, specMedianMs: undefined, wasmMedianMs: selectMs });
  }
  if (sink === Number.MIN_VALUE) throw new Error(`lamoo bench: impossible sink ${sink}`); // keeps the work observable
  return rows;
}
