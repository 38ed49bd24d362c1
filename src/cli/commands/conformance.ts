/**
 * `ce-nas conformance export DIR`: the spec's vectors as JSON, one file per function;
 * `ce-nas conformance run --impl CMD`: check an implementation speaking the JSON Lines
 * protocol (docs/conformance.md); `ce-nas conformance serve`: this project's own
 * implementation behind that protocol.
 */

import { join } from 'node:path';
import type { Command } from 'commander';
import { CONFORMANCE_FUNCTIONS } from '../../conformance/functions/index.js';
import { conformanceVectors, type FunctionReport, runConformance } from '../../conformance/runner.js';
import { STARTUP_ALLOWANCE_MS } from '../../conformance/implementation.js';
import { serveConformance } from '../../conformance/serve.js';
import { CheckFailure, InputError } from '../../errors.js';
import { makeFolder, writeFileAtomically } from '../../files.js';
import type { CliIo } from '../io.js';

function integerFlag(text: string, flag: string, min: number): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new InputError(`${flag}: expected an integer ≥ ${min}, got '${text}'`);
  return value;
}

function selectedFunctions(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const names = text.split(',').map((name) => name.trim());
  const known = CONFORMANCE_FUNCTIONS.map((definition) => definition.name);
  for (const name of names) {
    if (!known.includes(name)) throw new InputError(`--only: unknown function '${name}'; functions: ${known.join(', ')}`);
  }
  return names;
}

function describeReport(report: FunctionReport): string {
  if (report.outcome === 'not-implemented') return `SKIP  ${report.name}: not implemented by the implementation\n`;
  const counts = `${report.vectors} vectors, ${report.randomCases} random cases`;
  if (report.outcome === 'pass') return `PASS  ${report.name} (${counts})\n`;
  const { kind, source, args, message } = report.failure!;
  const what = { mismatch: 'wrong answer', 'error-reply': 'error reply', broken: 'implementation failure' }[kind];
  const origin = source === 'vector' ? 'fixed vector' : kind === 'broken' ? 'random case' : 'random case, shrunk';
  return `FAIL  ${report.name}: ${what}: ${message}\n      first counterexample (${origin}): ${JSON.stringify(args)}\n`;
}

/** The closing lines: which functions the implementation answers itself, and whether they pass. */
function summarizeReports(reports: readonly FunctionReport[]): { text: string; failed: boolean } {
  const names = (outcome: FunctionReport['outcome']) => reports.filter((report) => report.outcome === outcome).map((report) => report.name);
  const [passed, failed, skipped] = [names('pass'), names('fail'), names('not-implemented')];
  const answered = passed.length + failed.length;
  const lines: string[] = [];
  if (answered === 0) lines.push(`the implementation answers none of the ${reports.length} functions checked`);
  else if (failed.length === 0) lines.push(`all ${answered} functions the implementation answers pass: ${passed.join(', ')}`);
  else lines.push(`${failed.length} of ${answered} functions the implementation answers fail: ${failed.join(', ')}`);
  if (skipped.length > 0) lines.push(`not implemented by the implementation (not checked): ${skipped.join(', ')}`);
  return { text: lines.map((line) => `${line}\n`).join(''), failed: answered === 0 || failed.length > 0 };
}

export function registerConformanceCommands(program: Command, io: CliIo): void {
  const conformance = program.command('conformance').description('conformance vectors and checks for other implementations of the model (docs/conformance.md)');

  conformance
    .command('export')
    .description("write the spec's vectors as JSON, one file per function, each with its tolerance")
    .argument('<DIR>', 'output folder')
    .option('--seed <n>', 'seed of the random vectors', '0')
    .option('--random <n>', 'random vectors per function beyond the fixed ones', '50')
    .action((dir: string, flags: { seed: string; random: string }) => {
      const seed = integerFlag(flags.seed, '--seed', 0);
      const randomCount = integerFlag(flags.random, '--random', 0);
      makeFolder(dir, dir);
      for (const definition of CONFORMANCE_FUNCTIONS) {
        const document = {
          function: definition.name,
          description: definition.description,
          tolerance: definition.tolerance,
          seed,
          vectors: conformanceVectors(definition, seed, randomCount),
        };
        const path = join(dir, `${definition.name}.json`);
        writeFileAtomically(path, `${JSON.stringify(document, null, 1)}\n`);
      }
      io.stdout(`wrote ${CONFORMANCE_FUNCTIONS.length} vector files to ${dir}\n`);
    });

  conformance
    .command('run')
    .description('check an implementation: fixed vectors, then random cases from a seed; exit 0 only when every function it answers passes')
    .requiredOption('--impl <command>', 'shell command that starts the implementation (JSON Lines on stdin/stdout)')
    .option('--seed <n>', 'seed of the random cases', '0')
    .option('--cases <n>', 'random cases per function', '200')
    .option('--timeout-ms <ms>', 'longest wait for one reply', '10000')
    .option('--startup-ms <ms>', "extra wait for each process's first reply (start-up)", String(STARTUP_ALLOWANCE_MS))
    .option('--only <names>', `functions to check (default all: ${CONFORMANCE_FUNCTIONS.map((d) => d.name).join(', ')})`)
    .action(async (flags: { impl: string; seed: string; cases: string; timeoutMs: string; startupMs: string; only?: string }) => {
      const reports = await runConformance(flags.impl, {
        seed: integerFlag(flags.seed, '--seed', 0),
        cases: integerFlag(flags.cases, '--cases', 0),
        timeoutMs: integerFlag(flags.timeoutMs, '--timeout-ms', 1),
        startupMs: integerFlag(flags.startupMs, '--startup-ms', 0),
        ...(flags.only === undefined ? {} : { only: selectedFunctions(flags.only)! }),
      });
      for (const report of reports) io.stdout(describeReport(report));
      const summary = summarizeReports(reports);
      io.stdout(summary.text);
      if (summary.failed) throw new CheckFailure('conformance check failed');
    });

  conformance
    .command('serve')
    .description("answer conformance requests with this project's implementation (for `run --impl`)")
    .action(async () => {
      await serveConformance(process.stdin, io.stdout);
    });
}
