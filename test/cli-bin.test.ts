import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/ce-nas.js', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../examples/moocore-example.txt', import.meta.url));

/** The installed command, as users run it (needs the build that `npm test` does first). */
function ceNas(args: string[], input = ''): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('the ce-nas executable', () => {
  it('should print 38 for the bundled moocore example', () => {
    expect(ceNas(['hv', '--ref', '10,10', EXAMPLE])).toEqual({ status: 0, stdout: '38\n', stderr: '' });
  });

  it('should exit with 2 and one line, no stack trace, on bad input', () => {
    const result = ceNas(['hv', '--ref', '10,10'], '1 2\n3\n');
    expect(result.status).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual(['ce-nas: stdin, line 2: 1 value, but line 1 has 2; every point needs the same number of objectives']);
  });

  it('should simulate the default seeds on worker threads and write their results', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ce-nas-bin-')), 'results');
    const result = ceNas(['simulate', '--hours', '4', '--policy', 'cenas,vanilla', '--out', out]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/seeds 0-4 \(5 runs per policy\)/);
    expect(result.stdout).toMatch(/cenas\(reference\)\s+5\s+\d/);
    // Per seed: 2 policies × 3 timelines + the seed's summary; then the top summary.
    expect(result.stderr).toMatch(/wrote 36 files to /);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
    expect(existsSync(join(out, 'seed-4', 'vanilla.intervals.csv'))).toBe(true);
  });
});
