/**
 * The charts a simulation page and a sweep page share, drawn from the report's own aggregates
 * (aggregate.ts): HV at equal carbon, the share of runs reaching each HV target and the timing
 * gain. Each is left out when no run has its figures.
 */

import { bandChart, percentBars, renderSvg, type Row, stripChart } from './charts.js';
import type { Chart } from './common.js';

export interface AggregateChartData {
  /** hvAtEqualCarbon's rows, with the chart's title. */
  readonly equalCarbon: readonly Row[];
  readonly equalCarbonTitle: string;
  /** targetShares's rows. */
  readonly shares: readonly Row[];
  /** One row per run with a timing gain, and the table they are in. */
  readonly gains: readonly Row[];
  readonly gainsTable: string;
}

export async function aggregateCharts(data: AggregateChartData): Promise<Chart[]> {
  const charts: Chart[] = [];
  if (data.equalCarbon.length > 0) {
    charts.push({
      title: data.equalCarbonTitle,
      svg: await renderSvg(
        bandChart(
          data.equalCarbon,
          { field: 'percentOfVanillaCarbon', title: "carbon spent, % of vanilla's total" },
          { field: 'hvMedian', title: 'HV / true front HV', low: 'hvQ1', high: 'hvQ3' },
        ),
      ),
      table: 'hv-at-equal-carbon.csv',
    });
  }
  if (data.shares.length > 0) {
    charts.push({
      title: 'Share of runs reaching each normalised-HV target',
      svg: await renderSvg(
        percentBars(data.shares, { field: 'hvTarget', title: 'normalised HV target' }, { field: 'reachedPercent', title: 'runs reaching it (%)' }),
      ),
      table: 'hv-targets.csv',
    });
  }
  if (data.gains.length > 0) {
    charts.push({
      title: 'Timing gain (against a fixed:matched run)',
      svg: await renderSvg(stripChart(data.gains, { field: 'timingGain', title: 'timing gain' })),
      table: data.gainsTable,
    });
  }
  return charts;
}
