/**
 * The `ce-nas` command line. Input errors (`InputError`, and commander's own) exit with
 * code 2 and a one-line message naming what is wrong and where; commands convert the
 * library's RangeError/TypeError into InputError where the input is the user's. Anything
 * else is a bug: exit 1 with its message and a request to report it (stack with CE_NAS_DEBUG=1).
 */

import { Command, CommanderError } from 'commander';
import { registerConformanceCommands } from './commands/conformance.js';
import { registerDataCommands } from './commands/data.js';
import { registerParetoCommands } from './commands/pareto.js';
import { registerReportCommand } from './commands/report.js';
import { registerServeCommand } from './commands/serve.js';
import { registerSimulateCommand } from './commands/simulate.js';
import { registerSweepCommands } from './commands/sweep.js';
import { CheckFailure, InputError, IoError } from '../errors.js';
import { type CliIo, processIo } from './io.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

function buildProgram(io: CliIo): Command {
  const program = new Command('ce-nas')
    .description('Carbon-efficient neural architecture search: simulator, specification and tools')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  registerParetoCommands(program, io);
  registerDataCommands(program, io);
  registerSimulateCommand(program, io);
  registerSweepCommands(program, io);
  registerReportCommand(program, io);
  registerConformanceCommands(program, io);
  registerServeCommand(program, io);
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
    command.commands.forEach(configure);
  };
  program.commands.forEach(configure);
  return program;
}

/** Runs the CLI on `argv` (without the node and script entries) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    await buildProgram(io).parseAsync([...argv], { from: 'user' });
    return EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message; help and version are not failures.
      return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    }
    if (error instanceof CheckFailure) return EXIT_FAILURE;
    if (error instanceof IoError) {
      io.stderr(`ce-nas: ${error.message}\n`); // a full disk or a read-only mount: one line, exit 1
      return EXIT_FAILURE;
    }
    if (error instanceof InputError) {
      io.stderr(`ce-nas: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(`ce-nas: unexpected failure: ${message}\n`);
    if (process.env.CE_NAS_DEBUG === '1' && error instanceof Error) io.stderr(`${error.stack}\n`);
    else io.stderr('ce-nas: this is a bug in ce-nas; please report it with the command that caused it (CE_NAS_DEBUG=1 shows the stack)\n');
    return EXIT_FAILURE;
  }
}

export async function main(): Promise<void> {
  // A reader that stops early (`ce-nas data front | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
    throw error;
  });
  process.exitCode = await runCli(process.argv.slice(2));
}
