/**
 * LaMOO-guided search against uniform random search on the bundled space (issue: LaMOO
 * partitioning). Both start from the same 10 random architectures and fully train every
 * proposal; LaMOO trains a uniformly drawn member of the region it selects. Reports the
 * normalised hypervolume (HV / HV of the true front, default objectives and reference)
 * after `EVALUATIONS` trainings, over `SEEDS` seeds each.
 *
 *   npx tsx scripts/lamoo-vs-random.ts [SEEDS=20] [EVALUATIONS=100] [rbf]
 */

import { DEFAULT_OBJECTIVES, objectiveSet, parseObjectives } from '../src/data/objectives.js';
import { loadSearchSpace } from '../src/data/search-space.js';
import { DEFAULT_LAMOO_OPTIONS, LamooOptimizer, RBF_SVM_OPTIONS } from '../src/lamoo/optimizer.js';
import { hypervolume, paretoRanks } from '../src/pareto.js';
import { Random } from '../src/random.js';

const seeds = Number(process.argv[2] ?? 20);
const evaluations = Number(process.argv[3] ?? 100);
const rbf = process.argv[4] === 'rbf';
const INITIAL = 10;

const space = loadSearchSpace();
const set = objectiveSet(space, parseObjectives(DEFAULT_OBJECTIVES, space));
const reference = set.defaultReference;
const options = { maximise: set.maximise };
const trueFrontHv = hypervolume(set.points, reference, options);
const rowOf = new Map(Array.from(set.indices, (architecture, row) => [architecture, row]));
const inObjectiveSet = new Uint8Array(space.size);
for (const architecture of set.indices) inObjectiveSet[architecture] = 1;

function normalisedHv(trained: readonly number[]): number {
  const dim = set.points.dim;
  const values = new Float64Array(trained.length * dim);
  trained.forEach((architecture, k) => {
    const row = rowOf.get(architecture)!;
    values.set(set.points.values.subarray(row * dim, (row + 1) * dim), k * dim);
  });
  return hypervolume({ values, n: trained.length, dim }, reference, options) / trueFrontHv;
}

function initialSample(random: Random): number[] {
  const chosen = new Set<number>();
  while (chosen.size < INITIAL) chosen.add(set.indices[random.int(set.indices.length)]!);
  return [...chosen];
}

function randomSearch(seed: number): number {
  const random = new Random(seed);
  const trained = initialSample(random);
  const seen = new Set(trained);
  while (trained.length < evaluations) {
    const candidate = set.indices[random.int(set.indices.length)]!;
    if (!seen.has(candidate)) {
      seen.add(candidate);
      trained.push(candidate);
    }
  }
  return normalisedHv(trained);
}

/** The region's architectures that have objective values and are not trained yet, ascending. */
function candidates(regionMask: Uint8Array, trained: readonly number[]): number[] {
  const excluded = new Set(trained);
  const members: number[] = [];
  for (let architecture = 0; architecture < regionMask.length; architecture++) {
    if (regionMask[architecture] === 1 && inObjectiveSet[architecture] === 1 && !excluded.has(architecture)) members.push(architecture);
  }
  return members;
}

function lamooSearch(seed: number): { hv: number; meanRegion: number } {
  const random = new Random(seed);
  const trained = initialSample(random);
  const optimizer = new LamooOptimizer(space, set, reference, rbf ? { ...DEFAULT_LAMOO_OPTIONS, classifier: RBF_SVM_OPTIONS } : DEFAULT_LAMOO_OPTIONS);
  let regionTotal = 0;
  while (trained.length < evaluations) {
    const members = candidates(optimizer.selectRegion(trained, random).regionMask, trained);
    regionTotal += members.length;
    const pool = members.length > 0 ? members : set.indices.filter((a) => !trained.includes(a));
    trained.push(pool[random.int(pool.length)]!);
  }
  return { hv: normalisedHv(trained), meanRegion: regionTotal / (evaluations - INITIAL) };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: readonly number[]) => Math.sqrt(mean(xs.map((x) => (x - mean(xs)) ** 2)));
const start = performance.now();
const lamoo: number[] = [];
const random: number[] = [];
const regions: number[] = [];
for (let seed = 0; seed < seeds; seed++) {
  const result = lamooSearch(seed);
  lamoo.push(result.hv);
  regions.push(result.meanRegion);
  random.push(randomSearch(seed));
}
const wins = lamoo.filter((hv, k) => hv > random[k]!).length;
const frontSize = paretoRanks(set.points, options).filter((rank) => rank === 0).length;
console.log(`objectives ${DEFAULT_OBJECTIVES}; reference (${reference.join(', ')}); true front: ${frontSize} architectures, HV ${trueFrontHv}`);
console.log(
  `classifier: ${rbf ? 'RBF' : 'polynomial degree 4'} SVC; Cp ${DEFAULT_LAMOO_OPTIONS.cp}, leaf size ${DEFAULT_LAMOO_OPTIONS.leafSize}, depth ${DEFAULT_LAMOO_OPTIONS.maxDepth}`,
);
console.log(`${seeds} seeds, ${evaluations} evaluations (${INITIAL} initial random):`);
console.log(
  `  LaMOO   normalised HV mean ${mean(lamoo).toFixed(4)} (sd ${sd(lamoo).toFixed(4)}), mean candidate region ${mean(regions).toFixed(0)} architectures`,
);
console.log(`  random  normalised HV mean ${mean(random).toFixed(4)} (sd ${sd(random).toFixed(4)})`);
console.log(`  LaMOO better on ${wins} of ${seeds} seeds; ${((performance.now() - start) / 1000).toFixed(1)} s`);
