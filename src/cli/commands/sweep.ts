/**
 * `ce-nas sweep --config FILE --out DIR`: a grid of simulations on worker threads, results
 * streamed to DIR/runs.jsonl (resumable; `--shard K/N` or a Slurm / Kubernetes array index
 * takes a share); `ce-nas merge DIR…`: the shards combined, checked and in grid order.
 */

import { readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { readJsonFile, writeFileAtomically } from '../../files.js';
import { planSweep, resolveShard } from '../../sweep/grid.js';
import { mergeResults, RESULTS_FILE_PATTERN, runSweep } from '../../sweep/run-sweep.js';
import type { CliIo } from '../io.js';

/** A progress bar with ETA on a terminal; a plain line every 5 % (and at the end) otherwise. */
function progressReporter(io: CliIo, label: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (process.stderr.isTTY === true) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} runs | {percentage}% | ETA {eta_formatted}`, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update: (done, total) => {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  const startedMs = performance.now();
  let lastStep = -1;
  return {
    update: (done, total) => {
      const step = total === 0 ? 20 : Math.floor((done / total) * 20);
      if (step === lastStep && done !== total) return;
      lastStep = step;
      const elapsedS = (performance.now() - startedMs) / 1000;
      io.stderr(`${label}: ${done}/${total} runs, ${elapsedS.toFixed(0)} s\n`);
    },
    stop: () => undefined,
  };
}

export function registerSweepCommands(program: Command, io: CliIo): void {
  program
    .command('sweep')
    .description('run a grid of simulations (policies × traces × start times × seeds × any setting) on all cores')
    .requiredOption('--config <file>', 'sweep JSON: { "base": {settings}, "grid": { "policy": [...], "<setting>": [...], "start": {from, to, everyHours} } }')
    .requiredOption('--out <dir>', 'results folder; running again into it resumes')
    .option('--workers <n>', 'worker threads (default: all cores)')
    .option('--shard <k/n>', 'run share k of n (default: from SLURM_ARRAY_TASK_ID/COUNT or JOB_COMPLETION_INDEX when set)')
    .action(async (flags: { config: string; out: string; workers?: string; shard?: string }) => {
      const config = readJsonFile(flags.config, '--config');
      const plan = planSweep(config, `--config ${flags.config}`);
      const workers = flags.workers === undefined ? availableParallelism() : Number(flags.workers);
      if (!Number.isInteger(workers) || workers < 0) throw new InputError(`--workers: expected an integer ≥ 0, got '${flags.workers}'`);
      const shard = resolveShard(flags.shard);
      const label = shard === undefined ? 'sweep' : `sweep shard ${shard.k}/${shard.n}`;
      const progress = progressReporter(io, label);
      const startedMs = performance.now();
      let outcome;
      try {
        outcome = await runSweep(plan, {
          outDir: flags.out,
          workers,
          shard,
          config,
          source: `--config ${flags.config}`,
          onProgress: progress.update,
          onNotice: io.stderr,
        });
      } finally {
        progress.stop(); // an error message starts on a line of its own
      }
      const minutes = (performance.now() - startedMs) / 60_000;
      const rate = outcome.ran === 0 ? '' : `, ${(outcome.ran / minutes).toFixed(0)} runs per minute`;
      io.stdout(`${label}: ${outcome.ran} runs done, ${outcome.skipped} already recorded, ${outcome.total} in all${rate}; results in ${outcome.resultsFile}\n`);
    });

  program
    .command('merge')
    .description('combine the result files of a sweep (shards) into one, checking that every run is there exactly once')
    .argument('<dirs...>', 'folders holding runs*.jsonl and sweep.json')
    .requiredOption('--out <file>', 'merged results (JSON Lines, in grid order)')
    .action((dirs: string[], flags: { out: string }) => {
      const configs = dirs.map((dir) => JSON.stringify(readJsonFile(join(dir, 'sweep.json'), 'sweep config')));
      if (new Set(configs).size !== 1) throw new InputError('merge: the folders hold different sweeps (their sweep.json differ)');
      const plan = planSweep(JSON.parse(configs[0]!), join(dirs[0]!, 'sweep.json'));
      const files = dirs.flatMap((dir) =>
        readdirSync(dir)
          .filter((file) => RESULTS_FILE_PATTERN.test(file))
          .map((file) => join(dir, file)),
      );
      const merged = mergeResults(plan, files);
      writeFileAtomically(flags.out, merged.map((line) => `${JSON.stringify(line)}\n`).join(''));
      io.stdout(`merged ${merged.length} runs from ${files.length} files into ${flags.out}\n`);
    });
}
