/**
 * The page of a `ce-nas simulate` folder. One seed: summary.json with `runs` and the run files
 * at the top. Several seeds: summary.json with `seeds` and `runs` (each with its `seed`), run
 * files under `seed-<n>/`; figures across seeds are aggregated here from `runs`.
 */

import { join } from 'node:path';
import { readJsonFile } from '../files.js';
import { runSlugs } from '../sim/output.js';
import { aggregateCharts } from './aggregate-charts.js';
import { hvAtEqualCarbon, policyMedians, type RunFacts, targetShares } from './aggregate.js';
import { lineChart, renderSvg, type Row, splitChart } from './charts.js';
import { checkSimulationSummary } from './check-results.js';
import { type Chart, escapeHtml, fixed, htmlTable, type Page, policyTable, readCsv, writeTable } from './common.js';

interface SimulationDocument {
  readonly scenario: Record<string, unknown>;
  readonly seeds?: readonly number[];
  readonly runs: readonly RunFacts[];
}

const HOURS_AXIS = { field: 'hours', title: 'hours since the start' };

/** Where each run's files are: its folder and file stem. */
function runFiles(dir: string, document: SimulationDocument): { run: RunFacts; seed: number; stem: string }[] {
  const multiSeed = Array.isArray(document.seeds);
  const seeds = multiSeed ? document.seeds! : [Number(document.scenario.seed ?? 0)];
  return seeds.flatMap((seed) => {
    const runs = multiSeed ? document.runs.filter((run) => run.seed === seed) : document.runs;
    const slugs = runSlugs(runs.map((run) => run.policy));
    return runs.map((run, k) => ({ run, seed, stem: multiSeed ? join(dir, `seed-${seed}`, slugs[k]!) : join(dir, slugs[k]!) }));
  });
}

function targetCell(run: RunFacts): string {
  if (!Array.isArray(run.hvTargets)) return '—';
  return run.hvTargets.map((reach) => `${reach.hvNormalized}: ${reach.carbonKg === null ? 'never' : `${reach.carbonKg.toFixed(2)} kg`}`).join(', ');
}

function introOf(document: SimulationDocument, medians: readonly Row[], shares: readonly Row[]): string {
  const scenario = document.scenario;
  const seeds = document.seeds;
  const seedText = seeds === undefined ? `seed ${String(scenario.seed)}` : `${seeds.length} seeds (${seeds.join(', ')}); figures are medians over the seeds`;
  const lead = `<p>${escapeHtml(`${String(scenario.gpus)} GPUs, ${String(scenario.hours)} h from ${String(scenario.start)} on ${String(scenario.trace)}, ${seedText}, ${String(scenario.accounting)} accounting.`)}</p>`;
  // One row per policy, one column per target: share of runs reaching it, then median kg and hours among those.
  const targets = [...new Set(shares.map((row) => row.hvTarget as number))].sort((a, b) => a - b);
  const policies = [...new Set(shares.map((row) => String(row.policy)))];
  const targetRows = policies.map((policy) => [
    policy,
    ...targets.map((target) => {
      const row = shares.find((share) => share.policy === policy && share.hvTarget === target);
      if (row === undefined) return '—';
      const reached =
        row.medianCarbonKgToTarget === null
          ? 'never'
          : `${fixed(row.medianCarbonKgToTarget as number, 2)} kg, ${fixed(row.medianHoursToTarget as number, 1)} h`;
      return seeds === undefined ? reached : `${fixed(row.reachedPercent as number, 0, ' %')} · ${reached}`;
    }),
  ]);
  const perRun =
    seeds === undefined
      ? ''
      : `<details><summary>Every run</summary>${htmlTable(
          ['policy', 'seed', 'kg CO2eq', 'final HV', 'kg to each HV target'],
          document.runs.map((run) => [run.policy, String(run.seed ?? '—'), fixed(run.carbonKg, 3), fixed(run.finalHvNormalized, 4), targetCell(run)]),
        )}</details>`;
  return (
    lead +
    policyTable(medians) +
    (targetRows.length === 0
      ? ''
      : `<h2>Carbon and hours to each normalised-HV target${seeds === undefined ? '' : ' (share of runs reaching it · medians among them)'}</h2>${htmlTable(
          ['policy', ...targets.map((target) => `HV ≥ ${target}`)],
          targetRows,
        )}`) +
    perRun
  );
}

export async function simulationPage(dir: string, tablesDir: string): Promise<Page> {
  const path = join(dir, 'summary.json');
  const document = readJsonFile(path, 'results');
  checkSimulationSummary(document, path);
  const summary = document as unknown as SimulationDocument;
  const multiSeed = Array.isArray(summary.seeds);
  const files = runFiles(dir, summary);
  const withSeed = (seed: number): Row => (multiSeed ? { seed } : {});
  const progress: Row[] = [];
  const epochs: Row[] = [];
  for (const { run, seed, stem } of files) {
    for (const row of readCsv(`${stem}.progress.csv`))
      progress.push({ policy: run.policy, ...withSeed(seed), hours: row.hours!, hvNormalized: row.hvNormalized!, carbonKg: row.carbonKg! });
    if (seed !== files[0]!.seed) continue; // the GPU split is drawn for the first seed only
    for (const row of readCsv(`${stem}.epochs.csv`)) {
      epochs.push({
        policy: run.policy,
        hours: row.hours!,
        intensityGPerKwh: row.intensityGPerKwh!,
        samplingGpus: row.samplingGpus!,
        evaluationGpus: row.evaluationGpus!,
      });
    }
  }
  const pick = (row: Row, fields: readonly string[]): Row => Object.fromEntries(fields.filter((field) => field in row).map((field) => [field, row[field]!]));
  const equalCarbon = hvAtEqualCarbon(summary.runs);
  const shares = targetShares(summary.runs);
  const medians = policyMedians(summary.runs);
  const gains: Row[] = summary.runs
    .filter((run) => typeof run.timingGain === 'number')
    .map((run) => ({ policy: run.policy, ...withSeed(run.seed ?? 0), timingGain: run.timingGain! }));
  const tables: Record<string, readonly Row[]> = {
    'hv-over-time.csv': progress.map((row) => pick(row, ['policy', 'seed', 'hours', 'hvNormalized'])),
    'carbon-over-time.csv': progress.map((row) => pick(row, ['policy', 'seed', 'hours', 'carbonKg'])),
    'hv-vs-carbon.csv': progress.map((row) => pick(row, ['policy', 'seed', 'carbonKg', 'hvNormalized'])),
    'hv-targets.csv': shares,
    'gpu-split.csv': epochs,
    'policies.csv': medians,
    'runs.csv': summary.runs.map((run) => ({
      policy: run.policy,
      seed: run.seed ?? Number(summary.scenario.seed ?? 0),
      carbonKg: run.carbonKg,
      carbonReductionVsVanilla: run.carbonReductionVsVanilla ?? null,
      finalHvNormalized: run.finalHvNormalized,
      hvGapVsVanilla: run.hvGapVsVanilla ?? null,
      finalHvNadirNormalized: run.finalHvNadirNormalized ?? null,
      igd: run.igd ?? null,
      frontRecall: run.frontRecall ?? null,
      timingGain: run.timingGain ?? null,
    })),
  };
  if (equalCarbon.length > 0) tables['hv-at-equal-carbon.csv'] = equalCarbon;
  if (gains.length > 0) tables['timing-gain.csv'] = gains;
  for (const [name, rows] of Object.entries(tables)) writeTable(tablesDir, name, rows);

  const detail = multiSeed ? 'seed' : undefined;
  const runsText = multiSeed ? ' (one line per run)' : '';
  const charts: Chart[] = [
    {
      title: `Normalised hypervolume of the trained architectures over time${runsText}`,
      svg: await renderSvg(lineChart(tables['hv-over-time.csv']!, HOURS_AXIS, { field: 'hvNormalized', title: 'HV / true front HV' }, 'policy', detail)),
      table: 'hv-over-time.csv',
    },
    {
      title: `Cumulative carbon over time${runsText}`,
      svg: await renderSvg(lineChart(tables['carbon-over-time.csv']!, HOURS_AXIS, { field: 'carbonKg', title: 'kgCO2eq' }, 'policy', detail)),
      table: 'carbon-over-time.csv',
    },
    {
      title: `The trade-off: normalised hypervolume against cumulative carbon${runsText}`,
      svg: await renderSvg(
        lineChart(
          tables['hv-vs-carbon.csv']!,
          { field: 'carbonKg', title: 'cumulative kgCO2eq' },
          { field: 'hvNormalized', title: 'HV / true front HV' },
          'policy',
          detail,
        ),
      ),
      table: 'hv-vs-carbon.csv',
    },
  ];
  charts.push(
    ...(await aggregateCharts({
      equalCarbon,
      equalCarbonTitle: multiSeed
        ? "HV at equal carbon: median over the seeds (band: quartiles), carbon as a share of the same seed's vanilla run"
        : "HV at equal carbon: carbon as a share of the vanilla run's",
      shares,
      gains,
      gainsTable: 'timing-gain.csv',
    })),
  );
  const splitNote = multiSeed ? ` (seed ${files[0]!.seed})` : '';
  for (const policy of [...new Set(epochs.map((row) => String(row.policy)))]) {
    const rows = epochs.filter((row) => row.policy === policy);
    charts.push({
      title: `GPU split and carbon intensity per epoch: ${policy}${splitNote}`,
      svg: await renderSvg(splitChart(rows, policy)),
      table: 'gpu-split.csv',
    });
  }
  const gainNote = gains.length > 0 ? '' : '<p>No timing gain: the simulation had no <code>fixed:matched</code> comparison.</p>';
  return { charts, intro: introOf(summary, medians, shares) + gainNote };
}
