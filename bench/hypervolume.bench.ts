import { assertClose, type BenchCase, type KernelBench } from './harness.js';
import { benchReference } from './inputs.js';

const cases: BenchCase[] = (['uniform', 'front'] as const).flatMap((shape) => [
  ...[10, 100, 1000, 10000, 15625].map((n) => ({ shape, dim: 2, n, withSpec: true })),
  ...[10, 100, 1000, 10000].map((n) => ({ shape, dim: 3, n, withSpec: true })),
  ...[10, 100, 300].map((n) => ({ shape, dim: 4, n, withSpec: true })),
  ...[10, 50, 100].map((n) => ({ shape, dim: 5, n, withSpec: true })),
  ...[10, 30, 60].map((n) => ({ shape, dim: 6, n, withSpec: true })),
]);

export const hypervolumeBench: KernelBench<number> = {
  kernel: 'hv',
  cases,
  run: (impl, points) => impl.hypervolume(points, benchReference(points.dim)),
  check: (spec, wasm, label) => assertClose(spec, wasm, spec, label),
  digest: (hv) => hv,
};
