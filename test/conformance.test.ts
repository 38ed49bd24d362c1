import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { disagreement } from '../src/conformance/compare.js';
import { CONFORMANCE_FUNCTIONS } from '../src/conformance/functions/index.js';
import { Implementation } from '../src/conformance/implementation.js';
import { expectedAnswer, type FunctionReport, runConformance } from '../src/conformance/runner.js';
import { SERVED_FUNCTIONS } from '../src/conformance/serve.js';
import { runCliCaptured as cli } from './support/run-cli.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** `ce-nas` from the TypeScript sources, not dist/, which may be stale. */
const CE_NAS_FROM_SOURCES = `node --import tsx ${join(ROOT, 'test/support/ce-nas-from-sources.ts')}`;
const PYTHON_IMPL = join(ROOT, 'examples/python-impl/impl.py');
const SHRINKABLE = fileURLToPath(new URL('./fixtures/conformance/shrinkable-ranks.mjs', import.meta.url));
const LATE_NOT_IMPLEMENTED = fileURLToPath(new URL('./fixtures/conformance/late-not-implemented.mjs', import.meta.url));
const PYTHON_FUNCTIONS = ['dominance', 'ranks', 'hypervolume', 'contributions', 'allocation', 'carbon', 'labels', 'svmDecision', 'leafSelection', 'schedule'];
const OPTIONS = { seed: 7, cases: 30, timeoutMs: 20_000 };
const outcomes = (reports: readonly FunctionReport[]) => reports.map((report) => [report.name, report.outcome]);

describe('conformance vectors', () => {
  it('should export one file per function with its tolerance and the spec’s answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ce-nas-vectors-'));
    const result = await cli(['conformance', 'export', dir, '--random', '5', '--seed', '3']);
    expect(result.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(CONFORMANCE_FUNCTIONS.map((d) => `${d.name}.json`).sort());
    for (const definition of CONFORMANCE_FUNCTIONS) {
      const document = JSON.parse(readFileSync(join(dir, `${definition.name}.json`), 'utf8'));
      expect(document.tolerance).toEqual(definition.tolerance);
      expect(document.vectors.length).toBe(definition.fixed.length + Math.min(5, definition.maxRandomCases ?? 5));
      // Answers survive the JSON round trip: an implementation reading them sees the same numbers.
      for (const vector of document.vectors) {
        expect(vector.fn).toBe(definition.name);
        expect(vector.tolerance).toEqual(definition.tolerance);
        const answer = expectedAnswer(definition, vector.args);
        if ('error' in answer) expect(vector).toMatchObject({ error: answer.error });
        else expect(disagreement(answer.result, vector.expected, { kind: 'exact' })).toBeUndefined();
      }
    }
    // An overflowing hypervolume is exported as the defined error it is.
    const hypervolumes = JSON.parse(readFileSync(join(dir, 'hypervolume.json'), 'utf8')).vectors;
    expect(hypervolumes.find((vector: { args: { reference: number[] } }) => vector.args.reference[0] === 1e300)).toMatchObject({
      error: expect.stringMatching(/^hypervolume overflows/),
    });
  });

  it('should compare within the stated tolerance and name the first difference', () => {
    expect(disagreement([1, 2], [1, 2 + 1e-12], { kind: 'relative', value: 1e-9 })).toBeUndefined();
    expect(disagreement([1, 2], [1, 2.1], { kind: 'relative', value: 1e-9 })).toBe('result[1]: expected 2, got 2.1');
    expect(disagreement({ a: true }, { a: false }, { kind: 'exact' })).toBe('result.a: expected true, got false');
    expect(disagreement([0, 100], [1e-7, 100], { kind: 'relative-to-total', value: 1e-8 })).toBeUndefined();
    expect(disagreement(3, -0 + 3, { kind: 'exact' })).toBeUndefined();
    expect(disagreement([1], 'one', { kind: 'exact' })).toMatch(/expected 1 values/);
  });
});

// Every function is checked in a fresh process (started from the sources through tsx for
// `serve`): minutes, not seconds, on a loaded 2-core machine.
describe('conformance runner', { timeout: 300_000 }, () => {
  it('should pass `conformance serve` on the functions the product answers itself, and skip the others', async () => {
    const reports = await runConformance(`${CE_NAS_FROM_SOURCES} conformance serve`, OPTIONS);
    expect(SERVED_FUNCTIONS).toEqual(['ranks', 'hypervolume', 'contributions', 'carbon', 'svmDecision']);
    expect(outcomes(reports)).toEqual(CONFORMANCE_FUNCTIONS.map(({ name }) => [name, SERVED_FUNCTIONS.includes(name) ? 'pass' : 'not-implemented']));
  });

  it('should answer through the product, never through the spec the runner compares with', () => {
    // A spec import here would make "serve passes" true by construction.
    const source = readFileSync(join(ROOT, 'src/conformance/serve.ts'), 'utf8');
    expect(source.match(/from '[^']*spec\/[^']*'/g) ?? []).toEqual([]);
    expect(source).not.toMatch(/\.reference\(/);
  });

  it('should pass the independent Python implementation as run by default, simulate not implemented', async () => {
    const reports = await runConformance(`python3 ${PYTHON_IMPL}`, OPTIONS);
    const expected = CONFORMANCE_FUNCTIONS.map(({ name }) => [name, PYTHON_FUNCTIONS.includes(name) ? 'pass' : 'not-implemented']);
    expect(expected.filter(([, outcome]) => outcome === 'not-implemented')).toEqual([['simulate', 'not-implemented']]);
    expect(outcomes(reports)).toEqual(expected);
  });

  it.each([
    ['tie-rule', ['labels'], /result\.labels\[\d+\]: expected 1, got -1/],
    ['rounding', ['allocation'], /result\.samplingGpus: expected 3, got 2/],
    ['trace-boundary', ['carbon'], /result\.carbonKg: expected 0\.15, got 0\.1/],
    ['overflow', ['hypervolume', 'contributions'], /expected an error \(hypervolume overflows: .*\), got 1\.7976931348623157e\+308/],
    // The scheduler's mutants, each caught on a fixed vector of `schedule`.
    ['preemption-order', ['schedule'], /result\.intervals\[\d+\]\[\d\]: expected \d+, got \d+/],
    ['resume-overhead', ['schedule'], /result\.intervals\[\d+\]\[\d\]: expected 7120, got 7000/],
    ['idle-charging', ['schedule'], /result\.energyKwh: expected 0\.109375, got 0\.1$/],
  ])('should catch the %s mutant in %j, and only there, with a counterexample', async (mutant, caughtIn, message) => {
    const reports = await runConformance(`python3 ${PYTHON_IMPL} --mutant ${mutant}`, { ...OPTIONS, only: PYTHON_FUNCTIONS });
    const failed = reports.filter((report) => report.outcome === 'fail');
    expect(failed.map((report) => report.name)).toEqual(caughtIn);
    expect(failed[0]!.failure!.kind).toBe('mismatch');
    expect(failed[0]!.failure!.message).toMatch(message);
    expect(failed[0]!.failure!.args).toBeDefined();
  });

  it('should give the first reply of each process a start-up allowance beyond --timeout-ms', async () => {
    const [report] = await runConformance(`sleep 2; exec python3 ${PYTHON_IMPL}`, { ...OPTIONS, cases: 5, timeoutMs: 300, only: ['allocation'] });
    expect(report!.outcome).toBe('pass');
  });

  it('should fail an implementation that says "not implemented" after answering', async () => {
    const [report] = await runConformance(`node ${LATE_NOT_IMPLEMENTED}`, { ...OPTIONS, only: ['ranks'] });
    expect(report!.outcome).toBe('fail');
    expect(report!.failure!.kind).toBe('error-reply');
    expect(report!.failure!.message).toMatch(/replied "not implemented" after answering earlier requests/);
  });

  it('should shrink a failing random case to a small counterexample', async () => {
    // Arrange: an implementation right on every fixed vector and wrong from five points on.
    // Act
    const [report] = await runConformance(`node ${SHRINKABLE}`, { ...OPTIONS, cases: 200, only: ['ranks'] });
    // Assert: random cases hold up to 30 points; the reported one is shrunk to the minimum.
    expect(report!.outcome).toBe('fail');
    expect(report!.failure!.source).toBe('random');
    expect((report!.failure!.args as { points: unknown[] }).points).toHaveLength(5);
  });

  it.each([
    ['a timeout', `read line; echo '{"id":1,"result":[]}'; sleep 30`, /no reply to ranks within 300 ms/],
    ['a reply that is not JSON', 'echo hello', /malformed reply \(not JSON\): hello/],
    ['a command that does not exist', 'ce-nas-no-such-command', /the implementation exited \(code 127\)/],
    ['an exit mid-run', 'head -n 1 > /dev/null', /the implementation exited/],
  ])('should report %s as an implementation failure, not crash', async (_, command, message) => {
    const [report] = await runConformance(command, { ...OPTIONS, timeoutMs: 300, only: ['ranks'] });
    expect(report!.outcome).toBe('fail');
    expect(report!.failure!.kind).toBe('broken');
    expect(report!.failure!.message).toMatch(message);
  });

  it('should read a reply written just before the process exits, every time', async () => {
    // The exit event can come before stdout's last line is read: the old runner then reported
    // "exited (code 0)" for about a third of these (72 of 200 in a scratch loop).
    const messages = new Set<string>();
    for (let k = 0; k < 25; k++) {
      const implementation = new Implementation('echo hello', 2000, 0);
      messages.add(await implementation.call('ranks', {}).then(String, (error: Error) => error.message));
      implementation.close();
    }
    expect([...messages]).toEqual(['malformed reply (not JSON): hello']);
  });

  it('should report an exit while a process it started holds stdout open, without waiting for the timeout', async () => {
    // Waiting for stdout to close would end in "no reply … within 10000 ms" (the sleep holds it).
    const implementation = new Implementation('sleep 60 & exit 3', 10_000, 0);
    const message = await implementation.call('ranks', {}).then(String, (error: Error) => error.message);
    implementation.close();
    expect(message).toMatch(/^the implementation exited \(code 3\)/);
  });
});

describe('ce-nas conformance run', { timeout: 120_000 }, () => {
  it('should print one line per function and exit 0 when all pass', async () => {
    const result = await cli(['conformance', 'run', '--impl', `python3 ${PYTHON_IMPL}`, '--only', 'allocation,carbon', '--cases', '20']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'PASS  allocation (12 vectors, 20 random cases)\nPASS  carbon (4 vectors, 20 random cases)\nall 2 functions the implementation answers pass: allocation, carbon\n',
    );
  });

  it('should list what the implementation does not implement as SKIP, never PASS, and exit 1 when it answers nothing', async () => {
    const some = await cli(['conformance', 'run', '--impl', `python3 ${PYTHON_IMPL}`, '--only', 'carbon,simulate', '--cases', '5']);
    expect(some.code).toBe(0);
    expect(some.stdout).toBe(
      'PASS  carbon (4 vectors, 5 random cases)\nSKIP  simulate: not implemented by the implementation\n' +
        'all 1 functions the implementation answers pass: carbon\nnot implemented by the implementation (not checked): simulate\n',
    );
    const none = await cli(['conformance', 'run', '--impl', `python3 ${PYTHON_IMPL}`, '--only', 'simulate']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('the implementation answers none of the 1 functions checked');
  });

  it('should exit 1 with the counterexample when a function fails', async () => {
    const result = await cli(['conformance', 'run', '--impl', `python3 ${PYTHON_IMPL} --mutant rounding`, '--only', 'allocation', '--cases', '20']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('FAIL  allocation: wrong answer: result.samplingGpus: expected 3, got 2');
    expect(result.stdout).toContain('first counterexample (fixed vector): {"currentGPerKwh":131.25');
  });

  it.each([
    [['--only', 'sorting'], /--only: unknown function 'sorting'/],
    [['--cases', '-1'], /--cases: expected an integer ≥ 0/],
    [['--timeout-ms', 'soon'], /--timeout-ms: expected an integer ≥ 1/],
  ])('should reject %j with exit code 2', async (flags, message) => {
    const result = await cli(['conformance', 'run', '--impl', 'true', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});
