import { describe, expect, it } from 'vitest';
import { pointMatrix } from '../spec/index.js';
import { coreExports, coreModule } from '../src/wasm/module.js';
import { hypervolume, paretoRanks } from '../src/wasm/kernels.js';

describe('the WebAssembly module', () => {
  it('should import nothing', () => {
    expect(WebAssembly.Module.imports(coreModule())).toEqual([]);
  });

  it('should export the memory protocol and the kernels', () => {
    const names = WebAssembly.Module.exports(coreModule()).map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['memory', 'alloc', 'dealloc', 'pareto_ranks', 'hypervolume', 'hv_contributions']));
  });

  it('should report bad input through negative status codes, not traps', () => {
    const core = coreExports();
    const ptr = core.alloc(16);
    try {
      new Float64Array(core.memory.buffer, ptr, 2).set([1, Number.NaN]);
      expect(core.pareto_ranks(ptr, 1, 2, 0)).toBe(-2);
      expect(core.pareto_ranks(ptr, 1, 0, 0)).toBe(-1);
      expect(core.hypervolume(0, 1, 2, ptr, ptr)).toBe(-4);
    } finally {
      core.dealloc(ptr, 16);
    }
  });

  it('should free what it allocates, so memory does not grow over repeated calls', () => {
    const points = pointMatrix(Array.from({ length: 2000 }, (_, i) => [i, 2000 - i, (i * 7919) % 2000]));
    for (let k = 0; k < 5; k++) hypervolume(points, [3000, 3000, 3000]);
    const bytesAfterWarmUp = coreExports().memory.buffer.byteLength;
    for (let k = 0; k < 50; k++) {
      hypervolume(points, [3000, 3000, 3000]);
      paretoRanks(points);
    }
    expect(coreExports().memory.buffer.byteLength).toBe(bytesAfterWarmUp);
  });

  it('should surface wrapper validation errors before calling the core', () => {
    expect(() => paretoRanks({ values: new Float64Array([1, 2, 3]), n: 1, dim: 2 })).toThrow(/expected n × dim = 1 × 2/);
  });
});
