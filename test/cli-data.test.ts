import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliCaptured as run } from './support/run-cli.js';

const RAW_EXPORT = fileURLToPath(new URL('./fixtures/electricitymaps-ES_2023_hourly.csv.gz', import.meta.url));

describe('ce-nas data', () => {
  it('should list the search space and every built-in trace with its facts', async () => {
    const result = await run(['data']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/nasbench201\s+15625\s+6466/);
    expect(result.stdout).toMatch(/US-CAL-CISO:2021\s+lca\s+8760\s+2021-01-01T00:00:00Z\s+2022-01-01T00:00:00Z\s+1 h\s+0\s+99\.4\s+274\.3\s+417\.3/);
    expect(result.stdout).toMatch(/DE:2020\s+lca\s+35134 .* 15 min\s+2 /);
  });

  it('should print the same facts as JSON', async () => {
    const facts = JSON.parse((await run(['data', '--json'])).stdout) as { traces: { name: string; rows: number }[] };
    expect(facts.traces).toHaveLength(15);
    expect(facts.traces.find((t) => t.name === 'GB:2020')?.rows).toBe(20542);
  });
});

describe('ce-nas data front', () => {
  it('should print the 16-architecture front of the default objectives and its hypervolume', async () => {
    const result = await run(['data', 'front']);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^index\s+arch\s+c10_test_acc_200ep \(max\)\s+fpga_energy_mj \(min\)$/);
    expect(lines[2]).toMatch(/^ 6111\s+\|nor_conv_3x3~0\|/);
    expect(result.stdout).toMatch(/16 architectures on the front of 15625\n/);
    expect(result.stdout).toMatch(/hypervolume 4919\.14218133\d* for reference \(0, 60\.74991\d*\)/);
  });

  it('should count exclusions and accept another objective and reference', async () => {
    const result = await run(['data', 'front', '--objectives', 'c10_test_acc_200ep:max,eagle_jetson_nano_gpu_fp16_latency_s:min', '--json']);
    const front = JSON.parse(result.stdout) as { excluded: number; front: { index: number }[]; hypervolume: number };
    expect(front.excluded).toBe(341);
    expect(front.front.length).toBeGreaterThan(0);
    const custom = JSON.parse((await run(['data', 'front', '--reference', '10,70', '--json'])).stdout) as { reference: number[] };
    expect(custom.reference).toEqual([10, 70]);
  });

  it('should reject bad objectives and references with exit code 2', async () => {
    expect((await run(['data', 'front', '--objectives', 'nope:max'])).stderr).toMatch(/unknown column 'nope'/);
    const wrongReference = await run(['data', 'front', '--reference', '1,2,3']);
    expect(wrongReference.code).toBe(2);
    expect(wrongReference.stderr).toMatch(/--reference has 3 values for 2 objectives/);
    const overflowing = await run(['data', 'front', '--reference', '0,1e308']);
    expect(overflowing.code).toBe(2);
    expect(overflowing.stderr).toMatch(/^ce-nas: --reference 0,1e\+308: hypervolume overflows/);
  });
});

describe('ce-nas data trace', () => {
  it('should validate a real Electricity Maps export and print its facts', async () => {
    const result = await run(['data', 'trace', RAW_EXPORT]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/lca\s+8760\s+2023-01-01T00:00:00Z\s+2024-01-01T00:00:00Z\s+1 h\s+0\s+55\.3\s+160\.1\s+356\.2/);
    const direct = JSON.parse((await run(['data', 'trace', RAW_EXPORT, '--signal', 'direct', '--json'])).stdout) as { minGPerKwh: number };
    expect(direct.minGPerKwh).toBe(31.05);
  });

  it('should exit with 2 and name the problem for a bad file or flag', async () => {
    const missing = await run(['data', 'trace', 'no-such.csv']);
    expect(missing).toMatchObject({ code: 2, stdout: '' });
    expect(missing.stderr).toBe('ce-nas: no-such.csv: cannot read (no such file)\n');
    expect((await run(['data', 'trace', RAW_EXPORT, '--signal', 'marginal'])).stderr).toMatch(/--signal: expected lca or direct/);
    expect((await run(['data', 'trace'])).code).toBe(2);
  });
});
