import { assertClose, type BenchCase, type KernelBench } from './harness.js';

// The spec's leave-one-out definition costs n hypervolumes on a front; it is timed up to
// the sizes where one run stays within seconds.
const cases: BenchCase[] = [
  ...[10, 100, 1000, 10000, 15625].map((n) => ({ shape: 'uniform' as const, dim: 2, n, withSpec: true })),
  ...[10, 100, 1000, 10000, 15625].map((n) => ({ shape: 'front' as const, dim: 2, n, withSpec: n <= 1000 })),
  ...[10, 100, 1000, 10000].map((n) => ({ shape: 'uniform' as const, dim: 3, n, withSpec: n <= 1000 })),
  ...[10, 100, 1000, 10000].map((n) => ({ shape: 'front' as const, dim: 3, n, withSpec: n <= 100 })),
  ...[10, 50].map((n) => ({ shape: 'front' as const, dim: 4, n, withSpec: true })),
];

export const contributionsBench: KernelBench<Float64Array> = {
  kernel: 'contributions',
  cases,
  run: (impl, points) => impl.hypervolumeContributions(points, new Array<number>(points.dim).fill(1.1)),
  check: (spec, wasm, label) => {
    const total = spec.reduce((sum, value) => sum + value, 0);
    spec.forEach((value, i) => assertClose(value, wasm[i]!, Math.max(total, 1e-300), `${label}, point ${i}`));
  },
  digest: (contributions) => contributions[0] ?? 0,
};
