/**
 * The CLI loads a command's module only when that command runs; the top-level help lists the
 * others from a table in main.ts, which must match the modules' own definitions.
 */

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../src/cli/main.js';
import { runCliCaptured } from './support/run-cli.js';

async function helpOf(load: string | undefined): Promise<string> {
  let out = '';
  const io = { stdout: (text: string) => void (out += text), stderr: (text: string) => void (out += text), readStdin: async () => '' };
  const program = await buildProgram(io, load);
  program.configureOutput({ writeOut: io.stdout, writeErr: io.stderr, getOutHelpWidth: () => 100 });
  out = program.helpInformation();
  return out;
}

describe('lazy command loading', () => {
  it('should list every command in the top-level help exactly as the loaded modules define it', async () => {
    expect(await helpOf(undefined)).toBe(await helpOf('all'));
  });

  it('should run a command named after options and show its own help after `help`', async () => {
    const help = await runCliCaptured(['help', 'hv']);
    expect(help.stdout).toContain('--ref <values>');
    const run = await runCliCaptured(['hv', '--ref', '3,3'], '1 2\n');
    expect(run).toEqual({ code: 0, stdout: '2\n', stderr: '' });
  });

  it('should not load the simulator or the chart libraries for ce-nas hv', () => {
    // A fresh process on the sources; NODE_DEBUG=esm logs every module it loads.
    const script = `
      const { runCli } = await import(${JSON.stringify(fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)))});
      await runCli(['hv', '--ref', '3,3'], { stdout: () => {}, stderr: () => {}, readStdin: async () => '1 2' });`;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE_DEBUG: 'esm' },
    });
    expect(result.status).toBe(0);
    const log = `${result.stdout}${result.stderr}`;
    expect(log).toMatch(/point-text/);
    expect(log).not.toMatch(/vega|src\/sim\/|src\/report\//);
  });

  it('should run the installed ce-nas hv and ranks from one CommonJS file, without the ES module loader', () => {
    // The built command (npm test builds it first), as users run it. NODE_DEBUG logs each
    // file the CommonJS loader (MODULE) or the ES module loader (ESM) loads.
    const bin = fileURLToPath(new URL('../bin/ce-nas.js', import.meta.url));
    for (const args of [
      ['hv', '--ref', '3,3', '-'],
      ['ranks', '-'],
      ['help', 'hv'],
    ]) {
      const result = spawnSync(process.execPath, [bin, ...args], { input: '1 2\n', encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'module,esm' } });
      expect(result.status, args.join(' ')).toBe(0);
      expect(result.stdout).toMatch({ hv: /^2\n$/, ranks: /^0\n$/, help: /^Usage: ce-nas hv \[options\]/ }[args[0]!]!);
      const loaded = new Set(result.stderr.match(/(?<=^MODULE \d+: load ")\/[^"]+/gm));
      expect([...loaded].map((path) => path.replace(/.*\/(bin|dist)\//, '$1/'))).toEqual(['bin/ce-nas.js', 'dist/cli/pareto.cjs']);
      expect(result.stderr, args.join(' ')).not.toMatch(/^ESM /m);
    }
  });

  it('should run the other commands from the ES module bundle in dist/cli, in a few files', () => {
    const bin = fileURLToPath(new URL('../bin/ce-nas.js', import.meta.url));
    const result = spawnSync(process.execPath, [bin, 'data', '--help'], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'esm' } });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^Usage: ce-nas data/);
    const loaded = new Set(result.stderr.match(/file:\/\/\S+?\.m?js/g));
    expect([...loaded].filter((url) => /\/dist\/src\/|\/node_modules\/commander\//.test(url))).toEqual([]); // commander is inside the bundle
    expect(loaded.size).toBeGreaterThan(0);
    expect(loaded.size).toBeLessThanOrEqual(40);
  });
});
