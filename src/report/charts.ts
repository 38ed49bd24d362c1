/**
 * Charts as Vega-Lite specifications, rendered to SVG in Node by Vega (no browser needed),
 * so that a report is one self-contained HTML file that opens offline.
 */

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type Row = Record<string, string | number | null>;

/** Plot width that, with the y axis, fills the page's 980 px column; legends go below. */
export const WIDTH = 860;
const HEIGHT = 260;
/** Room for a second y axis on the right, px. */
const RIGHT_AXIS = 60;
const LEGEND_BELOW = { legend: { orient: 'bottom' as const, columns: 4 } };

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Step lines, one per series; `detail` draws one line per run (e.g. per seed) within a series. */
export function lineChart(
  rows: readonly Row[],
  x: { field: string; title: string },
  y: { field: string; title: string },
  series: string,
  detail?: string,
): TopLevelSpec {
  return {
    width: WIDTH,
    height: HEIGHT,
    config: LEGEND_BELOW,
    data: { values: rows as Row[] },
    mark: { type: 'line', interpolate: 'step-after', opacity: detail === undefined ? 1 : 0.55 },
    encoding: {
      x: { field: x.field, type: 'quantitative', title: x.title },
      y: { field: y.field, type: 'quantitative', title: y.title, scale: { zero: false } },
      color: { field: series, type: 'nominal', title: series },
      ...(detail === undefined ? {} : { detail: { field: detail, type: 'nominal' as const } }),
    },
  };
}

/** Median lines with the interquartile band, per policy (rows from `hvAtEqualCarbon`). */
export function bandChart(
  rows: readonly Row[],
  x: { field: string; title: string },
  y: { field: string; title: string; low: string; high: string },
): TopLevelSpec {
  const xEncoding = { field: x.field, type: 'quantitative' as const, title: x.title };
  // HV is 0 until a first training completes; starting the axis there would flatten the differences that matter.
  const reached = rows.map((row) => row[y.low]).filter((value): value is number => typeof value === 'number' && value > 0);
  const domainMin = reached.length === 0 ? 0 : Math.floor(Math.min(...reached) * 100) / 100;
  const yScale = { zero: false, domainMin };
  return {
    width: WIDTH,
    height: HEIGHT,
    config: LEGEND_BELOW,
    data: { values: rows as Row[] },
    layer: [
      {
        mark: { type: 'area', opacity: 0.2, interpolate: 'step-after', clip: true },
        encoding: {
          x: xEncoding,
          y: { field: y.low, type: 'quantitative', title: `${y.title} (axis from ${domainMin})`, scale: yScale },
          y2: { field: y.high },
          color: { field: 'policy', type: 'nominal' },
        },
      },
      {
        mark: { type: 'line', interpolate: 'step-after', point: true, clip: true },
        encoding: { x: xEncoding, y: { field: y.field, type: 'quantitative', scale: yScale }, color: { field: 'policy', type: 'nominal' } },
      },
    ],
  };
}

/** Bars of a percentage (0–100 %), grouped on x, one bar per policy, each labelled (a 0 % bar has no height). */
export function percentBars(rows: readonly Row[], x: { field: string; title: string }, y: { field: string; title: string }): TopLevelSpec {
  const encoding = {
    x: { field: x.field, type: 'nominal' as const, title: x.title, axis: { labelAngle: 0 } },
    xOffset: { field: 'policy', type: 'nominal' as const },
    y: { field: y.field, type: 'quantitative' as const, title: y.title, scale: { domain: [0, 100] } },
    color: { field: 'policy', type: 'nominal' as const },
  };
  return {
    width: WIDTH,
    height: HEIGHT,
    config: LEGEND_BELOW,
    data: { values: rows as Row[] },
    layer: [
      { mark: { type: 'bar' }, encoding },
      {
        mark: { type: 'text', dy: -6, fontSize: 11 },
        encoding: { ...encoding, color: { value: '#222' }, text: { field: y.field, type: 'quantitative', format: '.0f' } },
      },
    ],
  };
}

/** GPUs sampling and evaluating per epoch (stacked), with the carbon intensity on its own axis. */
export function splitChart(rows: readonly Row[], title: string): TopLevelSpec {
  return {
    width: WIDTH - RIGHT_AXIS,
    config: LEGEND_BELOW,
    height: HEIGHT,
    title,
    data: { values: rows as Row[] },
    layer: [
      {
        transform: [{ fold: ['samplingGpus', 'evaluationGpus'], as: ['task', 'gpus'] }],
        mark: { type: 'bar', opacity: 0.75 },
        encoding: {
          x: { field: 'hours', type: 'quantitative', bin: { step: 1 }, title: 'hours since the start' },
          y: { field: 'gpus', type: 'quantitative', stack: true, title: 'GPUs' },
          color: { field: 'task', type: 'nominal', title: 'GPUs', scale: { range: ['#4c78a8', '#f58518'] } },
        },
      },
      {
        mark: { type: 'line', color: '#222', interpolate: 'step-after' },
        encoding: {
          x: { field: 'hours', type: 'quantitative' },
          y: { field: 'intensityGPerKwh', type: 'quantitative', title: 'carbon intensity (gCO2eq/kWh)', scale: { zero: false } },
        },
      },
    ],
    resolve: { scale: { y: 'independent' } },
  };
}

/** Space Vega-Lite leaves between facet columns, px. */
const FACET_SPACING = 20;

/**
 * Distributions as box plots: one box per group on x, coloured by policy, a column per facet,
 * the columns together as wide as the page. Every run is also drawn as a point over its box,
 * so a policy whose runs all lie close together (a box of no height) stays visible.
 */
export function boxPlot(rows: readonly Row[], x: string, y: { field: string; title: string }, column: string): TopLevelSpec {
  const columns = Math.max(1, new Set(rows.map((row) => row[column])).size);
  const encoding = {
    x: { field: x, type: 'nominal' as const, title: x, axis: { labelAngle: 0 } },
    xOffset: { field: 'policy', type: 'nominal' as const },
    y: { field: y.field, type: 'quantitative' as const, title: y.title, scale: { zero: false } },
    color: { field: 'policy', type: 'nominal' as const },
  };
  return {
    config: LEGEND_BELOW,
    data: { values: rows as Row[] },
    facet: { column: { field: column, type: 'nominal', title: column } },
    spacing: FACET_SPACING,
    spec: {
      width: Math.floor((WIDTH - FACET_SPACING * (columns - 1)) / columns),
      height: HEIGHT,
      layer: [
        { mark: { type: 'boxplot', extent: 'min-max', opacity: 0.6, median: { color: '#222' } }, encoding },
        { mark: { type: 'point', filled: true, size: 18, opacity: 0.8, stroke: '#222', strokeWidth: 0.5 }, encoding },
      ],
    },
  };
}

/** One point per run and policy (e.g. timing gains), on a shared axis. */
export function stripChart(rows: readonly Row[], y: { field: string; title: string }): TopLevelSpec {
  return {
    width: WIDTH,
    height: 160,
    config: LEGEND_BELOW,
    data: { values: rows as Row[] },
    mark: { type: 'tick', thickness: 2, size: 24 },
    encoding: {
      x: { field: y.field, type: 'quantitative', title: y.title, scale: { zero: false } },
      y: { field: 'policy', type: 'nominal', title: 'policy' },
      color: { field: 'policy', type: 'nominal', legend: null },
    },
  };
}
