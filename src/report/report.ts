/**
 * `ce-nas report DIR`: one self-contained HTML page (charts inlined as SVG, no scripts, opens
 * offline) and the CSV tables behind every chart, for a `ce-nas simulate` folder (HV and
 * cumulative carbon over time per policy, the GPU split beside the intensity) or a
 * `ce-nas sweep` folder (carbon reduction and HV gap against vanilla by region and season).
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describeReadError, InputError } from '../errors.js';
import { makeFolder, readJsonFile, removeEmptyFolders, writeFileAtomically } from '../files.js';
import { runSlugs } from '../sim/output.js';
import { parseScenario } from '../sim/scenario.js';
import type { RunSummary } from '../sim/summary.js';
import { checkUniqueRuns, readResults, RESULTS_FILE_PATTERN, type SweepLine } from '../sweep/run-sweep.js';
import { checkSimulationSummary, checkSweepConfig, checkSweepLines } from './check-results.js';
import { boxPlot, lineChart, renderSvg, type Row, splitChart } from './charts.js';

export interface Chart {
  readonly title: string;
  readonly svg: string;
  readonly table: string;
}

export interface Report {
  readonly htmlFile: string;
  readonly tables: readonly string[];
  readonly charts: number;
}

/** A sweep line leaves defaults out: they come from the scenario schema, their one source. */
const SCENARIO_DEFAULTS = parseScenario({}, 'defaults');
const DEFAULT_TRACE = SCENARIO_DEFAULTS.trace;
const DEFAULT_START = SCENARIO_DEFAULTS.start;
const SEASONS = ['Dec–Feb', 'Mar–May', 'Jun–Aug', 'Sep–Nov'] as const;

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read (${describeReadError(error)})`);
  }
}

function readCsv(path: string): Row[] {
  const parsed = Papa.parse<Row>(readText(path), { header: true, dynamicTyping: true, skipEmptyLines: true });
  if (parsed.errors.length > 0) throw new InputError(`${path}: not a results table (${parsed.errors[0]!.message})`);
  return parsed.data;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function seasonOf(iso: string): string {
  const month = new Date(iso).getUTCMonth();
  return SEASONS[Math.floor(((month + 1) % 12) / 3)]!;
}

function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  return sorted[low]! + (sorted[Math.ceil(position)]! - sorted[low]!) * (position - low);
}

// --- a simulation folder -------------------------------------------------------------------

async function simulationCharts(dir: string, tablesDir: string): Promise<{ charts: Chart[]; intro: string }> {
  const document = readJsonFile(join(dir, 'summary.json'), 'results');
  checkSimulationSummary(document, join(dir, 'summary.json'));
  const summary = document as { scenario: Record<string, unknown>; runs: RunSummary[] };
  const slugs = runSlugs(summary.runs.map((run) => run.policy));
  const progress: Row[] = [];
  const epochs: Row[] = [];
  summary.runs.forEach((run, k) => {
    for (const row of readCsv(join(dir, `${slugs[k]}.progress.csv`)))
      progress.push({ policy: run.policy, hours: row.hours!, hvNormalized: row.hvNormalized!, carbonKg: row.carbonKg! });
    for (const row of readCsv(join(dir, `${slugs[k]}.epochs.csv`))) {
      epochs.push({
        policy: run.policy,
        hours: row.hours!,
        intensityGPerKwh: row.intensityGPerKwh!,
        samplingGpus: row.samplingGpus!,
        evaluationGpus: row.evaluationGpus!,
      });
    }
  });
  const tables: Record<string, Row[]> = {
    'hv-over-time.csv': progress.map((row) => ({ policy: row.policy!, hours: row.hours!, hvNormalized: row.hvNormalized! })),
    'carbon-over-time.csv': progress.map((row) => ({ policy: row.policy!, hours: row.hours!, carbonKg: row.carbonKg! })),
    'gpu-split.csv': epochs,
    'runs.csv': summary.runs.map((run) => ({
      policy: run.policy,
      trainings: run.trainings,
      energyKwh: run.energyKwh,
      carbonKg: run.carbonKg,
      carbonReductionVsVanilla: run.carbonReductionVsVanilla,
      finalHvNormalized: run.finalHvNormalized,
      hvGapVsVanilla: run.hvGapVsVanilla,
    })),
  };
  for (const [name, rows] of Object.entries(tables)) writeFileAtomically(join(tablesDir, name), `${Papa.unparse(rows, { newline: '\n' })}\n`);

  const charts: Chart[] = [
    {
      title: 'Normalised hypervolume of the trained architectures over time',
      svg: await renderSvg(
        lineChart(
          tables['hv-over-time.csv']!,
          { field: 'hours', title: 'hours since the start' },
          { field: 'hvNormalized', title: 'HV / true front HV' },
          'policy',
        ),
      ),
      table: 'hv-over-time.csv',
    },
    {
      title: 'Cumulative carbon over time',
      svg: await renderSvg(
        lineChart(tables['carbon-over-time.csv']!, { field: 'hours', title: 'hours since the start' }, { field: 'carbonKg', title: 'kgCO2eq' }, 'policy'),
      ),
      table: 'carbon-over-time.csv',
    },
  ];
  for (const policy of [...new Set(epochs.map((row) => String(row.policy)))]) {
    const rows = epochs.filter((row) => row.policy === policy);
    charts.push({ title: `GPU split and carbon intensity per epoch: ${policy}`, svg: await renderSvg(splitChart(rows, policy)), table: 'gpu-split.csv' });
  }
  const scenario = summary.scenario;
  const header = ['policy', 'trainings', 'kWh', 'kg CO2eq', 'less carbon than vanilla', 'final HV (normalised)', 'HV gap vs vanilla'];
  const cells = summary.runs.map((run) => [
    run.policy,
    String(run.trainings),
    run.energyKwh.toFixed(2),
    run.carbonKg.toFixed(3),
    run.carbonReductionVsVanilla === null ? '—' : `${run.carbonReductionVsVanilla.toFixed(2)}×`,
    run.finalHvNormalized.toFixed(4),
    run.hvGapVsVanilla === null ? '—' : `${(run.hvGapVsVanilla * 100).toFixed(3)} %`,
  ]);
  const intro =
    `<p>${escapeHtml(`${scenario.gpus} GPUs, ${scenario.hours} h from ${scenario.start} on ${scenario.trace}, seed ${scenario.seed}, ${scenario.accounting} accounting.`)}</p>` +
    `<table><thead><tr>${header.map((cell) => `<th>${escapeHtml(cell)}</th>`).join('')}</tr></thead><tbody>` +
    cells.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('') +
    '</tbody></table>';
  return { charts, intro };
}

// --- a sweep folder ------------------------------------------------------------------------

async function sweepCharts(dir: string, tablesDir: string): Promise<{ charts: Chart[]; intro: string }> {
  const config = readJsonFile(join(dir, 'sweep.json'), 'sweep config');
  checkSweepConfig(config, join(dir, 'sweep.json'));
  const files = readdirSync(dir).filter((file) => RESULTS_FILE_PATTERN.test(file));
  const lines: SweepLine[] = files.flatMap((file) => {
    const fileLines: unknown[] = readResults(join(dir, file));
    checkSweepLines(fileLines, join(dir, file));
    return fileLines;
  });
  if (lines.length === 0)
    throw new InputError(`${dir}: the sweep has no recorded runs yet (no lines in ${files.length === 0 ? 'runs*.jsonl' : files.join(', ')})`);
  checkUniqueRuns(lines, dir); // two writers at once would otherwise count every run twice
  const base = config.base ?? {};
  const groupOf = (line: SweepLine): string => JSON.stringify({ ...line.values, policy: undefined });
  const vanillaByGroup = new Map(lines.filter((line) => line.values.policy === 'vanilla').map((line) => [groupOf(line), line.summary]));
  const runs: Row[] = lines.map((line) => {
    const vanilla = vanillaByGroup.get(groupOf(line));
    const start = String(line.values.start ?? base.start ?? DEFAULT_START);
    return {
      region: String(line.values.trace ?? base.trace ?? DEFAULT_TRACE),
      season: seasonOf(start),
      start,
      seed: Number(line.values.seed ?? base.seed ?? 0),
      policy: String(line.values.policy),
      carbonKg: line.summary.carbonKg,
      energyKwh: line.summary.energyKwh,
      finalHvNormalized: line.summary.finalHvNormalized,
      carbonReductionVsVanilla: vanilla === undefined || line.summary.carbonKg === 0 ? null : vanilla.carbonKg / line.summary.carbonKg,
      hvGapVsVanilla: vanilla === undefined || vanilla.finalHv === 0 ? null : (vanilla.finalHv - line.summary.finalHv) / vanilla.finalHv,
    };
  });
  const compared = runs.filter((row) => row.carbonReductionVsVanilla !== null && row.policy !== 'vanilla');
  const groups = new Map<string, Row[]>();
  for (const row of compared) {
    const key = JSON.stringify([row.region, row.season, row.policy]);
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  const summaryRows: Row[] = [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, rows]) => {
      const [region, season, policy] = JSON.parse(key) as string[];
      const reduction = rows.map((row) => row.carbonReductionVsVanilla as number).sort((a, b) => a - b);
      const gap = rows.map((row) => row.hvGapVsVanilla as number).sort((a, b) => a - b);
      return {
        region: region!,
        season: season!,
        policy: policy!,
        runs: rows.length,
        carbonReductionQ1: quantile(reduction, 0.25),
        carbonReductionMedian: quantile(reduction, 0.5),
        carbonReductionQ3: quantile(reduction, 0.75),
        hvGapMedian: quantile(gap, 0.5),
      };
    });
  writeFileAtomically(join(tablesDir, 'sweep-runs.csv'), `${Papa.unparse(runs, { newline: '\n' })}\n`);
  writeFileAtomically(join(tablesDir, 'by-region-season.csv'), `${Papa.unparse(summaryRows, { newline: '\n' })}\n`);
  const charts: Chart[] =
    compared.length === 0
      ? []
      : [
          {
            title: 'Carbon reduction against vanilla LaMOO (vanilla kg / run kg), by region and season',
            svg: await renderSvg(boxPlot(compared, 'region', { field: 'carbonReductionVsVanilla', title: '× less carbon than vanilla' }, 'season')),
            table: 'sweep-runs.csv',
          },
          {
            title: 'Hypervolume gap to vanilla LaMOO ((vanilla HV − run HV) / vanilla HV), by region and season',
            svg: await renderSvg(boxPlot(compared, 'region', { field: 'hvGapVsVanilla', title: 'HV gap (fraction)' }, 'season')),
            table: 'sweep-runs.csv',
          },
        ];
  const intro = `<p>${escapeHtml(`${lines.length} runs from ${files.length} result file(s); ${compared.length} compared with the vanilla run of the same grid point.`)}</p>`;
  return { charts, intro };
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#222}
figure{margin:2rem 0}figcaption{font-weight:600;margin-bottom:.5rem}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}`;

/** Writes DIR/report.html and DIR/report/*.csv; returns what it wrote. */
export async function writeReport(dir: string): Promise<Report> {
  const isSimulation = existsSync(join(dir, 'summary.json'));
  if (!isSimulation && !existsSync(join(dir, 'sweep.json'))) {
    throw new InputError(`${dir}: neither a ce-nas simulate folder (summary.json) nor a ce-nas sweep folder (sweep.json)`);
  }
  const tablesDir = join(dir, 'report');
  const created = makeFolder(tablesDir, tablesDir);
  let made: { charts: Chart[]; intro: string };
  try {
    made = isSimulation ? await simulationCharts(dir, tablesDir) : await sweepCharts(dir, tablesDir);
  } catch (error) {
    removeEmptyFolders(created); // a failed report leaves no empty report/ folder
    throw error;
  }
  const { charts, intro } = made;
  const figures = charts
    .map(
      (chart) =>
        `<figure class="chart"><figcaption>${escapeHtml(chart.title)}</figcaption>${chart.svg}<p><a href="report/${chart.table}">data: report/${chart.table}</a></p></figure>`,
    )
    .join('\n');
  const title = isSimulation ? 'ce-nas simulation report' : 'ce-nas sweep report';
  const html = `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>${title}</title><style>${STYLE}</style></head>\n<body><h1>${title}</h1>${intro}\n${figures}\n</body></html>\n`;
  const htmlFile = join(dir, 'report.html');
  writeFileAtomically(htmlFile, html);
  return {
    htmlFile,
    tables: readdirSync(tablesDir)
      .filter((file) => file.endsWith('.csv'))
      .map((file) => join(tablesDir, file)),
    charts: charts.length,
  };
}
