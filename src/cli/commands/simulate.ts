/**
 * `ce-nas simulate`: the main job. Runs a scenario (defaults: MODEL.md's; then a JSON config;
 * then flags) under CE-NAS and the baselines, prints the comparison table and writes
 * `summary.json` and per-run timelines to the output folder.
 */

import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { readJsonFile } from '../../files.js';
import { availableParallelism } from 'node:os';
import type { PolicyAggregate } from '../../sim/aggregate.js';
import { multiSeedDocument, multiSeedFiles, parseSeeds, type SeedJob, simulateSeeds } from '../../sim/multi-seed.js';
import { prepareOutDir, writeResultFiles, writeSimulation } from '../../sim/output.js';
import type { PluginPolicy } from '../../sim/plugin-policy.js';
import { resolvePolicies } from '../../sim/resolve-policies.js';
import { parseScenario, parseWindow, type Scenario, setSettingAt } from '../../sim/scenario.js';
import { DEFAULT_POLICIES, simulate, summaryDocument } from '../../sim/simulate.js';
import type { RunSummary } from '../../sim/summary.js';
import type { CliIo } from '../io.js';
import { formatNumber, formatSpread, formatTable } from '../table.js';
import { checkBackend } from './pareto.js';

interface SimulateFlags {
  readonly policy?: string;
  readonly config?: string;
  readonly trace?: string;
  readonly signal?: string;
  readonly start?: string;
  readonly hours?: string;
  readonly gpus?: string;
  readonly seed?: string;
  readonly seeds?: string;
  readonly threads?: string;
  readonly objectives?: string;
  readonly window?: string;
  readonly accounting?: string;
  readonly kernel?: string;
  readonly epochHours?: string;
  readonly set: string[];
  readonly out?: string;
  readonly json?: boolean;
  readonly backend: string;
  readonly policyTimeout: string;
}

type PlainObject = Record<string, unknown>;

function numberFlag(text: string, flag: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new InputError(`${flag}: expected a number, got '${text}'`);
  return value;
}

function readConfig(path: string): { scenario: PlainObject; policies?: string[] | undefined } {
  const parsed = readJsonFile(path, '--config');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new InputError(`--config ${path}: expected a JSON object of scenario settings`);
  const { policies, ...scenario } = parsed as PlainObject;
  if (policies !== undefined && (!Array.isArray(policies) || policies.some((name) => typeof name !== 'string'))) {
    throw new InputError(`--config ${path}: policies must be an array of policy names`);
  }
  parseScenario(scenario, `--config ${path}`); // errors name the file
  return { scenario, policies: policies as string[] | undefined };
}

/** `--set power.busyW=250`: a JSON value (or a bare string) at a dotted path. */
function applySetting(target: PlainObject, assignment: string): void {
  const equals = assignment.indexOf('=');
  if (equals <= 0) throw new InputError(`--set: expected key=value (e.g. power.busyW=250), got '${assignment}'`);
  const text = assignment.slice(equals + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  setSettingAt(target, assignment.slice(0, equals), value);
}

function scenarioFrom(flags: SimulateFlags, configScenario: PlainObject): Scenario {
  const input: PlainObject = structuredClone(configScenario);
  if (flags.trace !== undefined) input.trace = flags.trace;
  if (flags.signal !== undefined) input.signal = flags.signal;
  if (flags.start !== undefined) input.start = flags.start;
  if (flags.hours !== undefined) input.hours = numberFlag(flags.hours, '--hours');
  if (flags.gpus !== undefined) input.gpus = numberFlag(flags.gpus, '--gpus');
  if (flags.seed !== undefined) input.seed = numberFlag(flags.seed, '--seed');
  if (flags.objectives !== undefined) input.objectives = flags.objectives;
  if (flags.window !== undefined) input.window = parseWindow(flags.window);
  if (flags.accounting !== undefined) input.accounting = flags.accounting;
  if (flags.epochHours !== undefined) input.epochHours = numberFlag(flags.epochHours, '--epoch-hours');
  if (flags.kernel !== undefined) applySetting(input, `lamoo.kernel=${JSON.stringify(flags.kernel)}`);
  for (const assignment of flags.set) applySetting(input, assignment);
  return parseScenario(input, 'flags');
}

function defaultOutDir(): string {
  return `results/${new Date().toISOString().replace(/[:.]/g, '-')}`;
}

function percent(value: number | null): string {
  return value === null ? '—' : `${formatNumber(value * 100, 3)} %`;
}

export function comparisonTable(runs: readonly RunSummary[]): string {
  return formatTable(
    ['policy', 'trainings', 'energy kWh', 'carbon kg', 'less carbon', 'final HV', 'HV gap', 'kg to target', 'h to target', 'timing gain', 'timing efficiency'],
    runs.map((run) => [
      run.policy,
      String(run.trainings),
      formatNumber(run.energyKwh, 2),
      formatNumber(run.carbonKg, 3),
      run.carbonReductionVsVanilla === null ? '—' : `${formatNumber(run.carbonReductionVsVanilla, 2)}×`,
      formatNumber(run.finalHvNormalized, 4),
      percent(run.hvGapVsVanilla),
      run.carbonKgToTargetHv === null ? 'never' : formatNumber(run.carbonKgToTargetHv, 3),
      run.hoursToTargetHv === null ? 'never' : formatNumber(run.hoursToTargetHv, 1),
      run.timingGain === null ? '—' : `${formatNumber(run.timingGain, 3)}×`,
      run.offlineBound?.timingEfficiency == null ? '—' : formatNumber(run.offlineBound.timingEfficiency, 2),
    ]),
    [false, true, true, true, true, true, true, true, true, true, true],
  );
}

/** The multi-seed table: each policy's median over the seeds and, in brackets, its interquartile range. */
export function aggregateTable(aggregates: readonly PolicyAggregate[]): string {
  const share = (value: number | null): string => (value === null ? '—' : `${formatNumber(value * 100, 3)} %`);
  const targets = aggregates[0]?.reachedTargets.map((target) => String(target.hvNormalized)).join(' / ') ?? '';
  return formatTable(
    ['policy', 'runs', 'carbon kg', 'less carbon', 'HV gap', 'final HV', `reached ${targets}`, 'HV ≥ vanilla', 'timing gain', 'timing efficiency'],
    aggregates.map((aggregate) => [
      aggregate.policy,
      String(aggregate.runs),
      formatSpread(aggregate.carbonKg, 3),
      formatSpread(aggregate.carbonReductionVsVanilla, 2, '×'),
      formatSpread(aggregate.hvGapVsVanilla, 2, ' %', 100),
      formatSpread(aggregate.finalHvNormalized, 4),
      `${aggregate.reachedTargets.map((target) => formatNumber(target.share * 100, 3)).join(' / ')} %`,
      share(aggregate.matchedVanillaHvShare),
      formatSpread(aggregate.timingGain, 2, '×'),
      formatSpread(aggregate.timingEfficiency, 2),
    ]),
    [false, true, true, true, true, true, true, true, true, true],
  );
}

/** The seeds of a plain `ce-nas simulate`: enough for medians and quartiles, within 20 s on 2 cores. */
const DEFAULT_SEEDS = '0-4';

/** The defaults, from the scenario schema (the one source of them), for the help text. */
const DEFAULTS = parseScenario({}, 'defaults');

export function registerSimulateCommand(program: Command, io: CliIo): void {
  const d = DEFAULTS;
  program
    .command('simulate')
    .description('simulate a carbon-aware search under CE-NAS and the baselines; print the comparison and write the results')
    .option('--policy <names>', `comma-separated policies: cenas, vanilla, oneshot, random, fixed:λ, or a module path (default: ${DEFAULT_POLICIES.join(',')})`)
    .option('--config <file>', 'JSON scenario settings (any MODEL.md parameter; may list "policies"); flags override it')
    .option(
      '--trace <name|file>',
      `carbon trace: a built-in ZONE:YEAR or consecutive years ZONE:FIRST-LAST (see \`ce-nas data\`) or a CSV file (default ${d.trace})`,
    )
    .option('--signal <lca|direct>', `which intensity of an Electricity Maps trace (default ${d.signal})`)
    .option('--start <iso>', `search start, ISO 8601 with a zone (default ${d.start})`)
    .option('--hours <h>', `search budget in wall-clock hours (default ${d.hours})`)
    .option('--gpus <n>', `GPUs in the search (default ${d.gpus})`)
    .option('--seeds <list>', 'seeds to run, e.g. 0-9 or 0,3,7: the table shows medians and interquartile ranges (default 0-4)')
    .option('--seed <n>', 'one seed only: the single-run table (also when the config sets "seed")')
    .option('--threads <n>', 'worker threads for the seeds (default: the CPUs available)')
    .option('--objectives <spec>', `column:max|min,… (default ${d.objectives})`)
    .option('--window <kind>', `CE-NAS window: reference, remaining, search, trailing:H, past-year or forecast:H (default ${d.window.kind})`)
    .option('--accounting <mode>', `all-gpu-time or reference-code (default ${d.accounting})`)
    .option('--kernel <poly|rbf>', `LaMOO classifier kernel (default ${d.lamoo.kernel}, as the reference code)`)
    .option('--epoch-hours <h>', `decision epoch length (default ${d.epochHours})`)
    .option(
      '--set <key=value>',
      'any other setting, e.g. power.busyW=250 or sampling.queueCapacity=20 (repeatable)',
      (value: string, all: string[]) => [...all, value],
      [],
    )
    .option('--out <dir>', 'results folder, which must be new or empty (default results/<timestamp>)')
    .option('--json', 'print summary.json instead of the table')
    .option('--backend <name>', 'kernels: wasm (fast core) or spec (reference definitions); results are identical', 'wasm')
    .option('--policy-timeout <s>', 'time limit of a policy module per call (and for loading), seconds', '10')
    .action(async (flags: SimulateFlags) => {
      const backend = checkBackend(flags.backend);
      const timeoutS = numberFlag(flags.policyTimeout, '--policy-timeout');
      if (!(timeoutS > 0)) throw new InputError(`--policy-timeout: expected seconds > 0, got '${flags.policyTimeout}'`);
      const config = flags.config === undefined ? { scenario: {} } : readConfig(flags.config);
      const scenario = scenarioFrom(flags, config.scenario);
      const names = flags.policy
        ?.split(',')
        .map((name) => name.trim())
        .filter((name) => name !== '') ??
        config.policies ?? [...DEFAULT_POLICIES];
      const outDir = flags.out ?? defaultOutDir();
      prepareOutDir(outDir); // before any work: a folder that cannot take the results is known now
      const single = flags.seed !== undefined || config.scenario.seed !== undefined;
      if (single && flags.seeds !== undefined) throw new InputError('--seeds and --seed (or a config "seed"): choose one');
      if (!single) {
        const seeds = parseSeeds(flags.seeds ?? DEFAULT_SEEDS);
        const threads = flags.threads === undefined ? availableParallelism() : numberFlag(flags.threads, '--threads');
        if (!(Number.isInteger(threads) && threads >= 1)) throw new InputError(`--threads: expected a whole number ≥ 1, got '${flags.threads}'`);
        const job: SeedJob = { scenario, policyNames: names, backend, policyTimeoutMs: timeoutS * 1000, resolveFrom: process.cwd() };
        const result = await simulateSeeds(job, seeds, Math.min(threads, seeds.length), (done) =>
          io.stderr(`ran seed ${done.seed} in ${formatNumber(done.elapsedMs / 1000, 2)} s\n`),
        );
        if (flags.json === true) io.stdout(`${JSON.stringify(multiSeedDocument(job, result), null, 2)}\n`);
        else {
          const data = result.bySeed[0]!.data;
          io.stdout(
            `${scenario.gpus} GPUs, ${scenario.hours} h from ${scenario.start} on ${String(data.trace)}, seeds ${flags.seeds ?? DEFAULT_SEEDS} (${seeds.length} runs per policy); ` +
              `carbon in ${scenario.accounting} accounting; medians (interquartile range) over the seeds; HV normalised by the true front's ${formatNumber(Number(data.frontHv), 3)}\n\n` +
              aggregateTable(result.aggregates),
          );
        }
        const written = writeResultFiles(outDir, multiSeedFiles(job, result), io.stderr);
        io.stderr(`wrote ${written.length} files to ${outDir}\n`);
        return;
      }
      const modules: PluginPolicy[] = [];
      let result;
      try {
        const policies = await resolvePolicies(names, scenario, timeoutS * 1000, modules);
        result = simulate(scenario, policies, backend, {
          onRun: (summary, elapsedMs) => io.stderr(`ran ${summary.policy} in ${formatNumber(elapsedMs / 1000, 2)} s\n`),
        });
      } finally {
        for (const module of modules) module.close();
      }
      // The table first: it is the result even if the disk is full.
      if (flags.json === true) {
        io.stdout(`${JSON.stringify(summaryDocument(result), null, 2)}\n`);
      } else {
        const { setup } = result;
        io.stdout(
          `${scenario.gpus} GPUs, ${scenario.hours} h from ${scenario.start} on ${setup.trace.name}, seed ${scenario.seed}; ` +
            `carbon in ${scenario.accounting} accounting; HV normalised by the true front's ${formatNumber(setup.frontHv, 3)}\n\n` +
            comparisonTable(result.summaries),
        );
      }
      const written = writeSimulation(outDir, result, io.stderr);
      io.stderr(`wrote ${written.length} files to ${outDir}\n`);
    });
}
