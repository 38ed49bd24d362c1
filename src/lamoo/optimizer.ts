/**
 * The LaMOO optimiser over the bundled search space (MODEL.md §5): from the fully trained
 * samples it builds the partition tree, selects a leaf by UCT and returns the leaf's region
 * as candidate architectures, classifying all 15,625 architectures in the WebAssembly core.
 */

import {
  buildTree,
  type ClassifierPredictor,
  predictRows,
  regionMembership,
  type LamooNode,
  type LamooParameters,
  type PathStep,
  type TreeInput,
  REFERENCE_LAMOO_PARAMETERS,
  selectBestLeaf,
  selectLeaf,
} from '../../spec/index.js';
import type { SimulationSetup } from '../sim/setup.js';
import type { ObjectiveSet } from '../data/objectives.js';
import { decodeEncoding, EDGE_COUNT, ENCODING_VALUES, gridIndexOfOpCodes } from '../data/nb201-encoding.js';
import type { SearchSpace } from '../data/search-space.js';
import type { Random } from '../random.js';
import { type Backend, kernelsFor } from '../pareto.js';
import { classifyGrid, decisionPoints } from '../wasm/classify.js';
import { trainSvmCore } from '../wasm/svm-train.js';
import { REFERENCE_SVM_OPTIONS, type SvmTrainingOptions, trainSvm } from './svm-train.js';

export interface LamooOptions extends LamooParameters {
  /** How each node's classifier is trained; default: the reference polynomial SVC. */
  readonly classifier: SvmTrainingOptions;
  /** `leaf`: best UCT among all leaves (reference); `path`: descend by UCT. Default leaf. */
  readonly selection?: 'leaf' | 'path';
  /** Where hypervolumes and classifications are computed; results are identical. Default wasm. */
  readonly backend?: Backend;
  /**
   * Names the objective values, reference and options (not the samples). When set, trees are
   * shared between optimizers with the same key: a tree is a pure function of them and of the
   * trained samples in order, so runs of a sweep that train the same samples (carbon-blind
   * policies at different start times) build each tree once.
   */
  readonly cacheKey?: string;
}

/** Trees and region masks kept for reuse, least recently stored dropped first. */
const CACHE_ENTRIES = 400;
const treeCache = new Map<string, LamooNode>();
const maskCache = new Map<string, Uint8Array>();
const treeCacheCounts = { hits: 0, builds: 0 };

/** Trees taken from the cache and trees built since the last `clearTreeCache`. */
export function treeCacheStats(): { readonly hits: number; readonly builds: number } {
  return { ...treeCacheCounts };
}

function remember<T>(cache: Map<string, T>, key: string, value: T): void {
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
}

/** Empties the shared caches (benchmarks time cold runs). */
export function clearTreeCache(): void {
  treeCache.clear();
  maskCache.clear();
  treeCacheCounts.hits = 0;
  treeCacheCounts.builds = 0;
}

export const DEFAULT_LAMOO_OPTIONS: LamooOptions = {
  ...REFERENCE_LAMOO_PARAMETERS,
  classifier: REFERENCE_SVM_OPTIONS,
};

/** RBF classifiers, which the LaMOO authors note do slightly better. */
export const RBF_SVM_OPTIONS: SvmTrainingOptions = { ...REFERENCE_SVM_OPTIONS, kernel: 'rbf' };

/** What one decision epoch's LaMOO step gives: the tree, the selected leaf, its path and its region. */
export interface Region {
  readonly tree: LamooNode;
  readonly leaf: LamooNode;
  readonly path: readonly PathStep[];
  /** Region membership by architecture (1 inside), before any exclusion of trained ones. */
  readonly regionMask: Uint8Array;
}

/**
 * Classifier verdicts on architecture encodings from the core's decision values at those
 * architectures' grid points (bit-identical to the spec's `predictRows`).
 */
export const predictOnGrid: ClassifierPredictor = (classifier, features) => {
  const points = Uint32Array.from({ length: features.n }, (_, i) =>
    gridIndexOfOpCodes(decodeEncoding(features.values.subarray(i * features.dim, (i + 1) * features.dim))),
  );
  const decisions = decisionPoints(classifier, ENCODING_VALUES, EDGE_COUNT, points);
  return Uint8Array.from(decisions, (decision) => (decision > 0 ? 1 : 0));
};

/** Per-space lookups the optimiser needs, computed once. */
class SpaceIndex {
  readonly gridIndex: Int32Array;
  readonly encodings: Float64Array;
  constructor(readonly space: SearchSpace) {
    this.gridIndex = space.gridIndexes();
    this.encodings = space.encodings();
  }
}

const spaceIndexes = new WeakMap<SearchSpace, SpaceIndex>();

function indexFor(space: SearchSpace): SpaceIndex {
  let index = spaceIndexes.get(space);
  if (index === undefined) {
    index = new SpaceIndex(space);
    spaceIndexes.set(space, index);
  }
  return index;
}

/**
 * What a LaMOO tree depends on besides its samples: the objective values searched on (true,
 * or estimated, whose noise follows the seed), the reference point and the LaMOO settings.
 * Runs with equal keys share trees (see `LamooOptions.cacheKey`).
 */
function treeCacheKey(setup: SimulationSetup, onEstimates: boolean): string {
  const { objectives, sampling, lamoo, seed } = setup.scenario;
  const estimate = onEstimates ? { estimate: sampling.estimate, ...(sampling.estimate === 'noisy' ? { tau: sampling.noisyKendallTau, seed } : {}) } : {};
  return JSON.stringify({ objectives, estimate, reference: setup.reference, lamoo });
}

/** The LaMOO options a simulated search runs with (searching on estimates or true values). */
export function lamooOptionsOf(setup: SimulationSetup, onEstimates: boolean): LamooOptions {
  const { lamoo } = setup.scenario;
  return {
    ...DEFAULT_LAMOO_OPTIONS,
    cp: lamoo.cp,
    leafSize: lamoo.leafSize,
    maxDepth: lamoo.maxDepth,
    splitBy: lamoo.splitBy,
    selection: lamoo.selection,
    classifier: lamoo.kernel === 'rbf' ? RBF_SVM_OPTIONS : DEFAULT_LAMOO_OPTIONS.classifier,
    backend: setup.backend,
    cacheKey: treeCacheKey(setup, onEstimates),
  };
}

/** Row of each architecture in `objectives` (−1: not in the set). */
function rowsOfArchitectures(space: SearchSpace, objectives: ObjectiveSet): Int32Array {
  const rows = new Int32Array(space.size).fill(-1);
  objectives.indices.forEach((architecture, row) => (rows[architecture] = row));
  return rows;
}

/**
 * A LaMOO tree's input for trained architectures in order: their encodings as classifier
 * features and their objective values (benchmarks rebuild a run's trees from it).
 */
export function lamooTreeInput(
  space: SearchSpace,
  objectives: ObjectiveSet,
  reference: readonly number[],
  trained: readonly number[],
  rowOfArchitecture = rowsOfArchitectures(space, objectives),
): TreeInput {
  const dim = objectives.points.dim;
  const encodings = indexFor(space).encodings;
  const objectiveValues = new Float64Array(trained.length * dim);
  const features = new Float64Array(trained.length * EDGE_COUNT);
  trained.forEach((architecture, k) => {
    const row = rowOfArchitecture[architecture];
    if (row === undefined || row < 0) {
      throw new RangeError(`architecture ${architecture} is not in the objective set (unknown, or missing an objective value)`);
    }
    objectiveValues.set(objectives.points.values.subarray(row * dim, (row + 1) * dim), k * dim);
    features.set(encodings.subarray(architecture * EDGE_COUNT, (architecture + 1) * EDGE_COUNT), k * EDGE_COUNT);
  });
  return {
    features: { values: features, n: trained.length, dim: EDGE_COUNT },
    objectives: { values: objectiveValues, n: trained.length, dim },
    maximise: objectives.maximise,
    reference,
  };
}

export class LamooOptimizer {
  private readonly spaceIndex: SpaceIndex;
  private readonly rowOfArchitecture: Int32Array;

  constructor(
    private readonly space: SearchSpace,
    private readonly objectives: ObjectiveSet,
    private readonly reference: readonly number[],
    private readonly options: LamooOptions = DEFAULT_LAMOO_OPTIONS,
  ) {
    if (reference.length !== objectives.objectives.length) {
      throw new RangeError(`reference has ${reference.length} values for ${objectives.objectives.length} objectives`);
    }
    this.spaceIndex = indexFor(space);
    this.rowOfArchitecture = rowsOfArchitectures(space, objectives);
  }

  /** The tree of the trained architectures, the selected leaf, its path and its region. */
  selectRegion(trained: readonly number[], random: Random): Region {
    const tree = this.cachedTree(trained);
    const select = this.options.selection === 'path' ? selectLeaf : selectBestLeaf;
    const { leaf, path } = select(tree, this.options.cp, (count) => random.int(count));
    return { tree, leaf, path, regionMask: this.cachedRegionMask(trained, path) };
  }

  /** The tree of these samples, in this order: rebuilt, or the same tree from the cache. */
  private cachedTree(trained: readonly number[]): LamooNode {
    const key = this.options.cacheKey === undefined ? undefined : `${this.options.cacheKey}|${trained.join(',')}`;
    const cached = key === undefined ? undefined : treeCache.get(key);
    if (cached !== undefined) {
      treeCacheCounts.hits++;
      return cached;
    }
    const tree = this.buildTreeOf(trained);
    treeCacheCounts.builds++;
    if (key !== undefined) remember(treeCache, key, tree);
    return tree;
  }

  private cachedRegionMask(trained: readonly number[], path: readonly PathStep[]): Uint8Array {
    if (this.options.cacheKey === undefined) return this.regionMask(path);
    const key = `${this.options.cacheKey}|${trained.join(',')}|${path.map((step) => (step.good ? 'g' : 'b')).join('')}`;
    const cached = maskCache.get(key);
    if (cached !== undefined) return cached;
    const mask = this.regionMask(path);
    remember(maskCache, key, mask);
    return mask;
  }

  private buildTreeOf(trained: readonly number[]): LamooNode {
    return buildTree(
      lamooTreeInput(this.space, this.objectives, this.reference, trained, this.rowOfArchitecture),
      this.options,
      (x, n, featureDim, labels) => (this.options.backend === 'spec' ? trainSvm : trainSvmCore)(x, n, featureDim, labels, this.options.classifier),
      kernelsFor(this.options.backend),
      this.options.backend === 'spec' ? predictRows : predictOnGrid,
    );
  }

  /** Region membership of every architecture (1 inside) for a path; the whole space for []. */
  regionMask(path: readonly PathStep[]): Uint8Array {
    const { space } = this;
    if (path.length === 0) return new Uint8Array(space.size).fill(1);
    if (this.options.backend === 'spec') {
      return regionMembership(path, { values: this.spaceIndex.encodings, n: space.size, dim: EDGE_COUNT });
    }
    const onGrid = classifyGrid(path, ENCODING_VALUES, EDGE_COUNT);
    const { gridIndex } = this.spaceIndex;
    const mask = new Uint8Array(space.size);
    for (let architecture = 0; architecture < space.size; architecture++) mask[architecture] = onGrid[gridIndex[architecture]!]!;
    return mask;
  }
}
