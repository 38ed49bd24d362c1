/** `ce-nas hv` and `ce-nas ranks`: the Pareto kernels on a file of points. */

import type { Command } from 'commander';
import { type Backend, paretoRanks } from '../../pareto.js';
import { InputError } from '../../errors.js';
import { hypervolumeReporting } from '../hv-cost.js';
import { type CliIo, readInputPoints } from '../io.js';
import { compileForLongRun, compileForShortRun } from '../../wasm/module.js';
import { parseNumberList } from '../point-text.js';

interface ParetoFlags {
  readonly maximize?: string;
  readonly backend: Backend;
}

/** `--maximize "1,3"` (1-based column numbers) as one flag per objective. */
export function parseMaximizeFlag(text: string | undefined, dim: number): boolean[] {
  const flags = new Array<boolean>(dim).fill(false);
  if (text === undefined) return flags;
  for (const value of parseNumberList(text, '--maximize')) {
    if (!Number.isInteger(value) || value < 1 || value > dim) {
      throw new InputError(`--maximize: ${value} is not an objective column; the points have columns 1 to ${dim}`);
    }
    flags[value - 1] = true;
  }
  return flags;
}

function addCommonOptions(command: Command): Command {
  return command
    .argument('[FILE]', 'one point per line, numbers separated by commas or spaces; stdin when absent or -')
    .option('--maximize <columns>', 'objective columns to maximise, 1-based, e.g. "1,3" (default: minimise all)')
    .option('--backend <name>', 'implementation: wasm (fast core) or spec (reference definitions)', 'wasm');
}

/**
 * The points of FILE (or stdin), read by the core compiled for a short run; from 4-D on, where
 * the kernels may run for long, the core is then compiled again with V8's optimising compiler.
 */
async function readPoints(io: CliIo, file: string | undefined): ReturnType<typeof readInputPoints> {
  compileForShortRun();
  const points = await readInputPoints(io, file);
  if (points.dim !== undefined && points.dim > 3) compileForLongRun();
  return points;
}

export function checkBackend(name: string): Backend {
  if (name !== 'wasm' && name !== 'spec') throw new InputError(`--backend: expected wasm or spec, got '${name}'`);
  return name;
}

export function registerParetoCommands(program: Command, io: CliIo): void {
  addCommonOptions(
    program
      .command('hv')
      .description('print the hypervolume of the points with respect to a reference point')
      .requiredOption('--ref <values>', 'reference point, e.g. "10,10"'),
  ).action(async (file: string | undefined, flags: ParetoFlags & { ref: string }) => {
    const backend = checkBackend(flags.backend);
    const reference = parseNumberList(flags.ref, '--ref');
    const { values, n, dim, source } = await readPoints(io, file);
    if (dim !== undefined && dim !== reference.length) {
      throw new InputError(`--ref has ${reference.length} values but the points in ${source} have ${dim} objectives`);
    }
    const points = { values, n, dim: reference.length };
    const maximise = parseMaximizeFlag(flags.maximize, reference.length);
    let volume: number;
    try {
      volume = await hypervolumeReporting(points, reference, { maximise, backend }, io.stderr); // warns first when slow
    } catch (error) {
      // The kernels reject bad arguments (an overflowing volume) with RangeError: here they are the user's.
      if (error instanceof RangeError || error instanceof TypeError) throw new InputError(`${source} with --ref ${flags.ref}: ${error.message}`);
      throw error;
    }
    io.stdout(`${String(volume)}\n`);
  });

  addCommonOptions(program.command('ranks').description('print the Pareto rank of each point (0 = non-dominated), in input order')).action(
    async (file: string | undefined, flags: ParetoFlags) => {
      const backend = checkBackend(flags.backend);
      const { values, n, dim } = await readPoints(io, file);
      if (dim === undefined) return;
      const maximise = parseMaximizeFlag(flags.maximize, dim);
      const ranks = paretoRanks({ values, n, dim }, { maximise, backend });
      io.stdout(ranks.length === 0 ? '' : `${Array.from(ranks).join('\n')}\n`);
    },
  );
}
