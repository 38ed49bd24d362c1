/**
 * The page of a `ce-nas sweep` folder: carbon reduction and HV gap against the vanilla run of
 * the same grid point, by region and season, and per policy the HV at equal carbon, the share
 * of runs reaching each HV target and the timing gain.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { readJsonFile } from '../files.js';
import { parseScenario } from '../sim/scenario.js';
import { hvAtVanillaCarbon } from '../sim/summary.js';
import { checkUniqueRuns, readResults, RESULTS_FILE_PATTERN, type SweepLine } from '../sweep/run-sweep.js';
import { quantileSorted as quantile } from '../sim/aggregate.js';
import { aggregateCharts } from './aggregate-charts.js';
import { hvAtEqualCarbon, policyMedians, type RunFacts, targetShares } from './aggregate.js';
import { boxPlot, renderSvg, type Row } from './charts.js';
import { checkSweepConfig, checkSweepLines } from './check-results.js';
import { type Chart, escapeHtml, type Page, policyTable, writeTable } from './common.js';

/** A sweep line leaves defaults out: they come from the scenario schema, their one source. */
const SCENARIO_DEFAULTS = parseScenario({}, 'defaults');
const SEASONS = ['Dec–Feb', 'Mar–May', 'Jun–Aug', 'Sep–Nov'] as const;

function seasonOf(iso: string): string {
  const month = new Date(iso).getUTCMonth();
  return SEASONS[Math.floor(((month + 1) % 12) / 3)]!;
}

function readLines(dir: string): { lines: SweepLine[]; files: string[] } {
  const files = readdirSync(dir).filter((file) => RESULTS_FILE_PATTERN.test(file));
  const lines: SweepLine[] = files.flatMap((file) => {
    const fileLines: unknown[] = readResults(join(dir, file));
    checkSweepLines(fileLines, join(dir, file));
    return fileLines;
  });
  if (lines.length === 0)
    throw new InputError(`${dir}: the sweep has no recorded runs yet (no lines in ${files.length === 0 ? 'runs*.jsonl' : files.join(', ')})`);
  checkUniqueRuns(lines, dir); // two writers at once would otherwise count every run twice
  return { lines, files };
}

export async function sweepPage(dir: string, tablesDir: string): Promise<Page> {
  const config = readJsonFile(join(dir, 'sweep.json'), 'sweep config');
  checkSweepConfig(config, join(dir, 'sweep.json'));
  const { lines, files } = readLines(dir);
  const base = config.base ?? {};
  const groupOf = (line: SweepLine): string => JSON.stringify({ ...line.values, policy: undefined });
  const vanillaByGroup = new Map(lines.filter((line) => line.values.policy === 'vanilla').map((line) => [groupOf(line), line.summary]));
  // Each run with its comparison to the vanilla run of its grid point, computed here (older lines lack it).
  const facts: RunFacts[] = lines.map((line) => {
    const vanilla = vanillaByGroup.get(groupOf(line));
    const summary = line.summary as unknown as RunFacts & { hvCarbonSteps?: { carbonKg: number[]; hvNormalized: number[] } };
    return {
      ...summary,
      policy: String(line.values.policy),
      carbonReductionVsVanilla: vanilla === undefined || summary.carbonKg === 0 ? null : vanilla.carbonKg / summary.carbonKg,
      hvGapVsVanilla: vanilla === undefined || vanilla.finalHv === 0 ? null : (vanilla.finalHv - line.summary.finalHv) / vanilla.finalHv,
      hvAtCarbon:
        vanilla === undefined || summary.hvCarbonSteps === undefined ? null : hvAtVanillaCarbon({ hvCarbonSteps: summary.hvCarbonSteps }, vanilla.carbonKg),
    };
  });
  const runs: Row[] = lines.map((line) => {
    const vanilla = vanillaByGroup.get(groupOf(line));
    const start = String(line.values.start ?? base.start ?? SCENARIO_DEFAULTS.start);
    const hvGap = vanilla === undefined || vanilla.finalHv === 0 ? null : (vanilla.finalHv - line.summary.finalHv) / vanilla.finalHv;
    return {
      region: String(line.values.trace ?? base.trace ?? SCENARIO_DEFAULTS.trace),
      season: seasonOf(start),
      start,
      seed: Number(line.values.seed ?? base.seed ?? 0),
      policy: String(line.values.policy),
      carbonKg: line.summary.carbonKg,
      energyKwh: line.summary.energyKwh,
      finalHvNormalized: line.summary.finalHvNormalized,
      carbonReductionVsVanilla: vanilla === undefined || line.summary.carbonKg === 0 ? null : vanilla.carbonKg / line.summary.carbonKg,
      hvGapVsVanilla: hvGap,
      hvGapPercentVsVanilla: hvGap === null ? null : hvGap * 100,
      timingGain: typeof line.summary.timingGain === 'number' ? line.summary.timingGain : null,
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
  const equalCarbon = hvAtEqualCarbon(facts);
  const shares = targetShares(facts);
  const gains = runs.filter((row) => row.timingGain !== null);
  writeTable(tablesDir, 'sweep-runs.csv', runs);
  writeTable(tablesDir, 'by-region-season.csv', summaryRows);
  if (equalCarbon.length > 0) writeTable(tablesDir, 'hv-at-equal-carbon.csv', equalCarbon);
  if (shares.length > 0) writeTable(tablesDir, 'hv-targets.csv', shares);

  const charts: Chart[] = [];
  if (compared.length > 0) {
    charts.push(
      {
        title: 'Carbon reduction against vanilla LaMOO (vanilla kg / run kg), by region and season; one point per run',
        svg: await renderSvg(boxPlot(compared, 'region', { field: 'carbonReductionVsVanilla', title: '× less carbon than vanilla' }, 'season')),
        table: 'sweep-runs.csv',
      },
      {
        title: 'Hypervolume gap to vanilla LaMOO ((vanilla HV − run HV) / vanilla HV), by region and season; one point per run',
        svg: await renderSvg(boxPlot(compared, 'region', { field: 'hvGapPercentVsVanilla', title: 'HV gap (%)' }, 'season')),
        table: 'sweep-runs.csv',
      },
    );
  }
  charts.push(
    ...(await aggregateCharts({
      equalCarbon,
      equalCarbonTitle: "HV at equal carbon over all runs: median (band: quartiles), carbon as a share of the grid point's vanilla run",
      shares,
      gains,
      gainsTable: 'sweep-runs.csv',
    })),
  );
  const intro =
    `<p>${escapeHtml(`${lines.length} runs from ${files.length} result file(s); ${compared.length} compared with the vanilla run of the same grid point. Medians over each policy's runs:`)}</p>` +
    policyTable(policyMedians(facts));
  return { charts, intro };
}
