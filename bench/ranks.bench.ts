import type { BenchCase, KernelBench } from './harness.js';

const cases: BenchCase[] = [
  ...[10, 100, 1000, 10000, 15625].map((n) => ({ shape: 'uniform' as const, dim: 2, n, withSpec: true })),
  ...[10, 100, 1000, 10000].map((n) => ({ shape: 'uniform' as const, dim: 3, n, withSpec: true })),
  ...[4, 5, 6].map((dim) => ({ shape: 'uniform' as const, dim, n: 1000, withSpec: true })),
];

export const ranksBench: KernelBench<Int32Array> = {
  kernel: 'ranks',
  cases,
  run: (impl, points) => impl.paretoRanks(points),
  check: (spec, wasm, label) => {
    const mismatch = spec.findIndex((rank, i) => rank !== wasm[i]);
    if (mismatch >= 0) throw new Error(`${label}: ranks differ at point ${mismatch}`);
  },
  digest: (ranks) => ranks[ranks.length - 1] ?? 0,
};
