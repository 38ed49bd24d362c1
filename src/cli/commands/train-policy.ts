/**
 * `ce-nas train-policy`: learns an allocation policy (src/learn/), writes it as a policy file
 * for `--policy learned:FILE`, and prints its held-out comparison.
 */

import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { InputError } from '../../errors.js';
import { writeFileAtomically } from '../../files.js';
import { readTrainConfig } from '../../learn/train-config.js';
import { type LearnedPolicyDocument, trainPolicy } from '../../learn/train.js';
import type { CliIo } from '../io.js';
import { formatNumber, formatSpread, formatTable } from '../table.js';

export function evaluationTable(document: LearnedPolicyDocument): string {
  const rows = (['train', 'heldOutMonths', 'heldOutRegion'] as const).flatMap((set) =>
    document.evaluation[set].policies.map((policy) => [
      set,
      policy.policy,
      String(policy.runs),
      formatSpread(policy.carbonReductionVsVanilla, 2, '×', 1),
      formatSpread(policy.hvGapVsVanilla, 2, ' %', 100),
      formatSpread(policy.finalHvNormalized, 4, '', 1),
      formatSpread(policy.timingEfficiency, 2, '', 1),
      formatSpread(policy.optimumCarbonReductionVsVanilla, 2, '×', 1),
    ]),
  );
  return formatTable(['scenarios', 'policy', 'runs', 'less carbon', 'HV gap', 'final HV', 'timing efficiency', 'optimum: less carbon'], rows, [
    false,
    false,
    true,
    true,
    true,
    true,
    true,
    true,
  ]);
}

export function registerTrainPolicyCommand(program: Command, io: CliIo): void {
  program
    .command('train-policy')
    .description('learn an allocation policy on the simulator (cross-entropy method) and test it on held-out months and a held-out region')
    .requiredOption('--config <file>', 'training config (JSON; see examples/learned/train.json)')
    .requiredOption('--out <file>', 'the policy file to write (must not exist); run it with --policy learned:FILE')
    .option('--threads <n>', 'worker threads (default: the CPUs available)')
    .action(async (flags: { config: string; out: string; threads?: string }) => {
      const config = readTrainConfig(flags.config);
      if (existsSync(flags.out)) throw new InputError(`--out ${flags.out}: the file exists; choose a new name so that no earlier policy is overwritten`);
      const threads = flags.threads === undefined ? availableParallelism() : Number(flags.threads);
      if (!(Number.isInteger(threads) && threads >= 1)) throw new InputError(`--threads: expected a whole number ≥ 1, got '${flags.threads}'`);
      const startedMs = performance.now();
      const document = await trainPolicy(config, threads, (line) => io.stderr(`${line}\n`));
      io.stdout(`${evaluationTable(document)}\n`);
      writeFileAtomically(flags.out, `${JSON.stringify(document, null, 2)}\n`);
      io.stderr(`wrote ${flags.out} in ${formatNumber((performance.now() - startedMs) / 60_000, 1)} min\n`);
    });
}
