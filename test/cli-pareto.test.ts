import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main.js';
import { runCliCaptured as run } from './support/run-cli.js';

/** Runs the CLI in-process with `stdin` as standard input. */

describe('ce-nas hv', () => {
  it('should answer the moocore documentation example with 38', async () => {
    const result = await run(['hv', '--ref', '10,10'], '5,5\n4,6\n2,7\n7,4\n');
    expect(result).toEqual({ code: 0, stdout: '38\n', stderr: '' });
  });

  it('should read a file with comments, blank lines and mixed separators', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ce-nas-'));
    const file = join(dir, 'points.txt');
    writeFileSync(file, '# accuracy energy\n5 5\n\n4,\t6  # second\n2 , 7\r\n7 4\n');
    expect((await run(['hv', '--ref', '10 10', file])).stdout).toBe('38\n');
    expect((await run(['hv', '--ref', '10,10', '--backend', 'spec', file])).stdout).toBe('38\n');
  });

  it('should print the shortest round-trip form', async () => {
    const result = await run(['hv', '--ref', '1,1'], '0.9 0.9\n');
    expect(result.stdout).toBe(`${String((1 - 0.9) * (1 - 0.9))}\n`);
    expect(Number(result.stdout)).toBe((1 - 0.9) * (1 - 0.9));
  });

  it('should maximise the 1-based columns given', async () => {
    const result = await run(['hv', '--ref', '0,10', '--maximize', '1'], '90 5\n80 2\n');
    expect(result.stdout).toBe('690\n');
  });

  it('should print 0 for an input with no points', async () => {
    expect((await run(['hv', '--ref', '1,1'], '# nothing\n\n')).stdout).toBe('0\n');
  });

  it.each([
    ['NaN', '1 2\n3 NaN\n', /stdin, line 2, value 2: NaN is not a finite number/],
    ['infinity', '1 -inf\n', /line 1, value 2: -inf is not a finite number/],
    ['an overflowing number', '1 1e999\n', /line 1, value 2: 1e999 is out of the range/],
    ['a word', '1 abc\n', /line 1, value 2: 'abc' is not a number/],
    ['an empty field', '1,,2\n', /line 1, value 2: empty value/],
    ['a ragged row', '1 2\n\n3 4 5\n', /line 3: 3 values, but line 1 has 2/],
  ])('should reject %s with exit code 2 and the line named', async (_, input, message) => {
    const result = await run(['hv', '--ref', '10,10'], input);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('should reject a reference of the wrong dimension', async () => {
    const result = await run(['hv', '--ref', '10,10,10'], '1 2\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--ref has 3 values but the points in stdin have 2 objectives/);
  });

  it('should reject a hypervolume that overflows as bad input, naming the input and the cause', async () => {
    const result = await run(['hv', '--ref', '1e300,1e300'], '-1e300 -1e300\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'ce-nas: stdin with --ref 1e300,1e300: hypervolume overflows: the volume exceeds the largest double (about 1.8e308); rescale the objectives\n',
    );
  });

  it('should reject bad flags', async () => {
    expect((await run(['hv'], '1 2\n')).code).toBe(2);
    expect((await run(['hv', '--ref', '1,x'], '')).stderr).toMatch(/--ref, value 2: 'x' is not a number/);
    expect((await run(['hv', '--ref', '5,5', '--maximize', '3'], '1 2\n')).stderr).toMatch(/columns 1 to 2/);
    expect((await run(['hv', '--ref', '5,5', '--backend', 'gpu'], '1 2\n')).stderr).toMatch(/--backend: expected wasm or spec/);
    expect((await run(['hv', '--ref', '5,5', 'no/such/file'])).stderr).toMatch(/no\/such\/file: cannot read \(no such file\)/);
    expect((await run(['frobnicate'])).code).toBe(2);
  });
});

describe('ce-nas ranks', () => {
  it('should print one rank per point in input order', async () => {
    const result = await run(['ranks'], '3 3\n1 1\n2 2\n1 1\n');
    expect(result).toEqual({ code: 0, stdout: '2\n0\n1\n0\n', stderr: '' });
  });

  it('should honour --maximize', async () => {
    expect((await run(['ranks', '--maximize', '1,2'], '3 3\n1 1\n2 2\n')).stdout).toBe('0\n2\n1\n');
  });

  it('should print nothing for no points and reject ragged rows', async () => {
    expect(await run(['ranks'], '')).toEqual({ code: 0, stdout: '', stderr: '' });
    const result = await run(['ranks'], '1\n1 2\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/line 2: 2 values, but line 1 has 1/);
  });
});

describe('errors that are not the user’s', () => {
  it('should exit 1 with the message and a request to report it, not 2, for a RangeError from a bug', async () => {
    let stderr = '';
    const failingStdin = async (): Promise<string> => {
      throw new RangeError('index 7 out of range');
    };
    const code = await runCli(['hv', '--ref', '1,1'], { stdout: () => undefined, stderr: (text) => (stderr += text), readStdin: failingStdin });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'ce-nas: unexpected failure: index 7 out of range\n' +
        'ce-nas: this is a bug in ce-nas; please report it with the command that caused it (CE_NAS_DEBUG=1 shows the stack)\n',
    );
  });

  it('should print the stack instead of the request with CE_NAS_DEBUG=1', async () => {
    let stderr = '';
    const failingStdin = async (): Promise<string> => {
      throw new TypeError('x is undefined');
    };
    process.env.CE_NAS_DEBUG = '1';
    try {
      expect(await runCli(['ranks'], { stdout: () => undefined, stderr: (text) => (stderr += text), readStdin: failingStdin })).toBe(1);
    } finally {
      delete process.env.CE_NAS_DEBUG;
    }
    expect(stderr).toMatch(/^ce-nas: unexpected failure: x is undefined\nTypeError: x is undefined\n\s+at /);
  });
});
