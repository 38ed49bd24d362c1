/**
 * The `ce-nas` command line. Input errors (`InputError`, and commander's own) exit with
 * code 2 and a one-line message naming what is wrong and where; commands convert the
 * library's RangeError/TypeError into InputError where the input is the user's. Anything
 * else is a bug: exit 1 with its message and a request to report it (stack with CE_NAS_DEBUG=1).
 */

import { Command, CommanderError } from 'commander';
import { CheckFailure, InputError, IoError } from '../errors.js';
import { type CliIo, processIo } from './io.js';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;

type Register = (program: Command, io: CliIo) => void;

/**
 * Each command module, loaded only when one of its commands runs, so that `ce-nas hv` never
 * loads the simulator or the report's chart libraries. For the top-level help, the commands
 * are listed from `term` and `description` without loading anything; test/cli-startup.test.ts
 * checks that this list matches the modules' own definitions.
 */
const COMMAND_MODULES: readonly {
  readonly commands: readonly { readonly name: string; readonly term: string; readonly description: string }[];
  readonly load: () => Promise<Register>;
}[] = [
  {
    commands: [
      { name: 'hv', term: 'hv [options] [FILE]', description: 'print the hypervolume of the points with respect to a reference point' },
      { name: 'ranks', term: 'ranks [options] [FILE]', description: 'print the Pareto rank of each point (0 = non-dominated), in input order' },
    ],
    load: async () => (await import('./commands/pareto.js')).registerParetoCommands,
  },
  {
    commands: [{ name: 'data', term: 'data [options]', description: 'list the bundled search space and carbon traces with their facts' }],
    load: async () => (await import('./commands/data.js')).registerDataCommands,
  },
  {
    commands: [
      {
        name: 'simulate',
        term: 'simulate [options]',
        description: 'simulate a carbon-aware search under CE-NAS and the baselines; print the comparison and write the results',
      },
    ],
    load: async () => (await import('./commands/simulate.js')).registerSimulateCommand,
  },
  {
    commands: [
      {
        name: 'train-policy',
        term: 'train-policy [options]',
        description: 'learn an allocation policy on the simulator (cross-entropy method) and test it on held-out months and a held-out region',
      },
    ],
    load: async () => (await import('./commands/train-policy.js')).registerTrainPolicyCommand,
  },
  {
    commands: [
      { name: 'sweep', term: 'sweep [options]', description: 'run a grid of simulations (policies × traces × start times × seeds × any setting) on all cores' },
      {
        name: 'merge',
        term: 'merge [options] <dirs...>',
        description: 'combine the result files of a sweep (shards) into one, checking that every run is there exactly once',
      },
    ],
    load: async () => (await import('./commands/sweep.js')).registerSweepCommands,
  },
  {
    commands: [
      {
        name: 'report',
        term: 'report <DIR>',
        description: 'write DIR/report.html (self-contained, opens offline) and DIR/report/*.csv for a ce-nas simulate or sweep folder',
      },
    ],
    load: async () => (await import('./commands/report.js')).registerReportCommand,
  },
  {
    commands: [
      {
        name: 'conformance',
        term: 'conformance',
        description: 'conformance vectors and checks for other implementations of the model (docs/conformance.md)',
      },
    ],
    load: async () => (await import('./commands/conformance.js')).registerConformanceCommands,
  },
  {
    commands: [
      {
        name: 'serve',
        term: 'serve [options]',
        description: "answer, over HTTP, how a pool's GPUs should split between sampling and evaluation now (CE-NAS's allocation as a live service)",
      },
    ],
    load: async () => (await import('./commands/serve.js')).registerServeCommand,
  },
  {
    commands: [{ name: 'forecast', term: 'forecast', description: 'carbon-intensity forecasters: their accuracy on the bundled traces' }],
    load: async () => (await import('./commands/forecast.js')).registerForecastCommands,
  },
];

/** The command `argv` runs: its first word, or the one after `help`. */
function commandNameOf(argv: readonly string[]): string | undefined {
  const words = argv.filter((arg) => !arg.startsWith('-'));
  return words[0] === 'help' ? words[1] : words[0];
}

/**
 * The program with every command: the real definitions of the modules named by `load`
 * ('all' for every module), placeholders listed by name and description for the others.
 */
export async function buildProgram(io: CliIo, load: string | undefined | 'all'): Promise<Command> {
  const program = new Command('ce-nas')
    .description('Carbon-efficient neural architecture search: simulator, specification and tools')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  const terms = new Map<string, string>();
  for (const module of COMMAND_MODULES) {
    if (load === 'all' || module.commands.some((command) => command.name === load)) {
      (await module.load())(program, io);
    } else {
      for (const { name, term, description } of module.commands) {
        program.command(name).description(description);
        terms.set(name, term);
      }
    }
  }
  program.configureHelp({ subcommandTerm: (command) => terms.get(command.name()) ?? new Command().createHelp().subcommandTerm(command) });
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
    const program = await buildProgram(io, commandNameOf(argv));
    await program.parseAsync([...argv], { from: 'user' });
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
  // processIo's stdout handles a reader that stops early (`ce-nas data front | head`).
  process.exitCode = await runCli(process.argv.slice(2));
}
