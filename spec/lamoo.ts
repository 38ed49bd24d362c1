/**
 * LaMOO space partitioning (Zhao et al., "Multi-objective optimization by learning space
 * partitions", ICLR 2022), as the CE-NAS reference code runs it (MODEL.md §5):
 * - each sample's dominance number is how many *other* samples weakly dominate it; samples
 *   sorted by it ascending (ties keep sample order) give the first ⌊n/2⌋ the label good (+1)
 *   and the rest bad (−1);
 * - a node with more than `leafSize` samples and depth < `maxDepth` fits a classifier to its
 *   samples' labels and splits only if the classifier predicts both classes on those samples;
 *   the children receive the samples by their *labels* (`split: 'labels'`, as the reference
 *   code and the original LaMOO do in `Classifier.split_data`) or by the classifier's
 *   predictions (`split: 'predictions'`); a split that would leave a child empty is not made;
 * - a node's value is the hypervolume of its samples; UCT = value + 2·Cp·√(2 ln n_parent / n)
 *   with n the node's sample count. A leaf is chosen among *all* leaves by largest UCT
 *   (`selectBestLeaf`, the reference's default `--node_select leaf`; leaves in breadth-first
 *   order, good child first, as the reference lists its nodes), or by descending from the
 *   root to the child of larger UCT (`selectLeaf`); ties are broken by the caller's seeded
 *   random choice;
 * - the region of a node is the set of points that every classifier on the path from the
 *   root puts on the path's side.
 */

import { weaklyDominatesMin } from './dominance.js';
import type { ParetoKernels } from './index.js';
import type { PointMatrix } from './points.js';
import { minimisationRows, validatePoints } from './points.js';
import { predictsGood, type SvmModel } from './svm.js';

/** How a split node hands its samples to its children. */
export type SplitBy = 'labels' | 'predictions';

export interface LamooParameters {
  /** Exploration constant of UCT (reference: 30). */
  readonly cp: number;
  /** A node splits only with more samples than this (reference: 10). */
  readonly leafSize: number;
  /** Nodes at this depth do not split (reference: 3; the root has depth 0). */
  readonly maxDepth: number;
  /** Children get the samples by label (reference) or by prediction. Default 'labels'. */
  readonly splitBy?: SplitBy;
}

export const REFERENCE_LAMOO_PARAMETERS: LamooParameters = { cp: 30, leafSize: 10, maxDepth: 3, splitBy: 'labels' };

/** Trains a classifier on row-major features (n × dim) with labels ±1. */
export type ClassifierTrainer = (features: Float64Array, n: number, dim: number, labels: Int8Array) => SvmModel;

/** The classifier's verdict on each row of `features` (1 good, 0 bad), as `predictsGood`. */
export type ClassifierPredictor = (classifier: SvmModel, features: PointMatrix) => Uint8Array;

/** The definition: `predictsGood` row by row. */
export const predictRows: ClassifierPredictor = (classifier, features) =>
  Uint8Array.from({ length: features.n }, (_, i) => (predictsGood(classifier, features.values.subarray(i * features.dim, (i + 1) * features.dim)) ? 1 : 0));

export interface LamooNode {
  /** Indices of the node's samples in the full sample set, ascending. */
  readonly samples: readonly number[];
  readonly depth: number;
  /** Hypervolume of the node's samples. */
  readonly value: number;
  /** Present on inner nodes: the classifier and the two children. */
  readonly split?: { readonly classifier: SvmModel; readonly good: LamooNode; readonly bad: LamooNode };
}

/** For each sample, how many other samples weakly dominate it. */
export function dominanceNumbers(objectives: PointMatrix, maximise?: readonly boolean[]): Int32Array {
  validatePoints(objectives, 'objectives');
  const rows = minimisationRows(objectives, maximise === undefined ? {} : { maximise });
  const numbers = new Int32Array(rows.length);
  rows.forEach((row, i) => {
    rows.forEach((other, j) => {
      if (j !== i && weaklyDominatesMin(other, row)) numbers[i]!++;
    });
  });
  return numbers;
}

/** +1 for the ⌊n/2⌋ samples of smallest dominance number (ties: earlier sample first), else −1. */
export function goodBadLabels(objectives: PointMatrix, maximise?: readonly boolean[]): Int8Array {
  const numbers = dominanceNumbers(objectives, maximise);
  const order = [...numbers.keys()].sort((a, b) => numbers[a]! - numbers[b]! || a - b);
  const labels = new Int8Array(objectives.n).fill(-1);
  for (const i of order.slice(0, Math.floor(objectives.n / 2))) labels[i] = 1;
  return labels;
}

export function uct(value: number, sampleCount: number, parentSampleCount: number, cp: number): number {
  return value + 2 * cp * Math.sqrt((2 * Math.log(parentSampleCount)) / sampleCount);
}

function subset(points: PointMatrix, indices: readonly number[]): PointMatrix {
  const values = new Float64Array(indices.length * points.dim);
  indices.forEach((index, k) => values.set(points.values.subarray(index * points.dim, (index + 1) * points.dim), k * points.dim));
  return { values, n: indices.length, dim: points.dim };
}

export interface TreeInput {
  /** Classifier features of every sample (n × featureDim). */
  readonly features: PointMatrix;
  /** True objectives of every sample (n × objectives). */
  readonly objectives: PointMatrix;
  readonly maximise: readonly boolean[];
  readonly reference: readonly number[];
}

/**
 * Builds the LaMOO tree over all samples. `kernels` computes the hypervolumes and `predict`
 * the classifiers' verdicts on the samples (an implementation must agree with `predictRows`).
 */
export function buildTree(
  input: TreeInput,
  parameters: LamooParameters,
  train: ClassifierTrainer,
  kernels: ParetoKernels,
  predict: ClassifierPredictor = predictRows,
): LamooNode {
  const { features, objectives, maximise, reference } = input;
  if (features.n !== objectives.n) throw new RangeError(`${features.n} feature rows but ${objectives.n} objective rows`);
  const build = (samples: readonly number[], depth: number): LamooNode => {
    const own = subset(objectives, samples);
    const value = kernels.hypervolume(own, reference, { maximise: [...maximise] });
    if (samples.length <= parameters.leafSize || depth >= parameters.maxDepth) return { samples, depth, value };
    const ownFeatures = subset(features, samples);
    const labels = goodBadLabels(own, maximise);
    const classifier = train(ownFeatures.values, samples.length, features.dim, labels);
    const verdicts = predict(classifier, ownFeatures);
    if (!verdicts.includes(1) || !verdicts.includes(0)) return { samples, depth, value };
    const isGood = (parameters.splitBy ?? 'labels') === 'labels' ? (k: number) => labels[k] === 1 : (k: number) => verdicts[k] === 1;
    const good = samples.filter((_, k) => isGood(k));
    const bad = samples.filter((_, k) => !isGood(k));
    if (good.length === 0 || bad.length === 0) return { samples, depth, value };
    return { samples, depth, value, split: { classifier, good: build(good, depth + 1), bad: build(bad, depth + 1) } };
  };
  return build([...Array(features.n).keys()], 0);
}

/** One step of a path: the classifier and the side (true = good) the path takes. */
export interface PathStep {
  readonly classifier: SvmModel;
  readonly good: boolean;
}

/**
 * From the root, repeatedly take the child of larger UCT; `chooseAmongTies(count)` returns
 * an index in [0, count) when both children tie (the seeded RNG in the product).
 */
export function selectLeaf(
  root: LamooNode,
  cp: number,
  chooseAmongTies: (count: number) => number,
): { readonly leaf: LamooNode; readonly path: readonly PathStep[] } {
  const path: PathStep[] = [];
  let node = root;
  while (node.split !== undefined) {
    const { classifier, good, bad } = node.split;
    const scores = [good, bad].map((child) => uct(child.value, child.samples.length, node.samples.length, cp));
    const best = Math.max(...scores);
    const tied = [0, 1].filter((k) => scores[k] === best);
    const pick = tied.length === 1 ? tied[0]! : tied[chooseAmongTies(tied.length)]!;
    path.push({ classifier, good: pick === 0 });
    node = pick === 0 ? good : bad;
  }
  return { leaf: node, path };
}

/**
 * The leaf of largest UCT among all leaves (UCT with the leaf's parent's sample count), and
 * its path from the root; the root itself when it has no children. Leaves are listed in
 * breadth-first order, good child before bad; `chooseAmongTies(count)` picks among ties.
 */
export function selectBestLeaf(
  root: LamooNode,
  cp: number,
  chooseAmongTies: (count: number) => number,
): { readonly leaf: LamooNode; readonly path: readonly PathStep[] } {
  const leaves: { leaf: LamooNode; path: PathStep[]; score: number }[] = [];
  let level: { node: LamooNode; path: PathStep[]; parentCount: number }[] = [{ node: root, path: [], parentCount: 0 }];
  while (level.length > 0) {
    const next: typeof level = [];
    for (const { node, path, parentCount } of level) {
      if (node.split === undefined) {
        const score = path.length === 0 ? Infinity : uct(node.value, node.samples.length, parentCount, cp);
        leaves.push({ leaf: node, path, score });
        continue;
      }
      const { classifier, good, bad } = node.split;
      next.push({ node: good, path: [...path, { classifier, good: true }], parentCount: node.samples.length });
      next.push({ node: bad, path: [...path, { classifier, good: false }], parentCount: node.samples.length });
    }
    level = next;
  }
  const best = Math.max(...leaves.map((entry) => entry.score));
  const tied = leaves.filter((entry) => entry.score === best);
  const pick = tied.length === 1 ? tied[0]! : tied[chooseAmongTies(tied.length)]!;
  return { leaf: pick.leaf, path: pick.path };
}

/** Whether `x` lies in the region of a path: every classifier puts it on the path's side. */
export function inRegion(path: readonly PathStep[], x: ArrayLike<number>): boolean {
  return path.every(({ classifier, good }) => predictsGood(classifier, x) === good);
}

/** Region membership of every row of `points` (n × dim): 1 inside, 0 outside. */
export function regionMembership(path: readonly PathStep[], points: PointMatrix): Uint8Array {
  return Uint8Array.from({ length: points.n }, (_, i) => (inRegion(path, points.values.subarray(i * points.dim, (i + 1) * points.dim)) ? 1 : 0));
}
