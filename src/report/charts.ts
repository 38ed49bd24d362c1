/**
 * Charts as Vega-Lite specifications, rendered to SVG in Node by Vega (no browser needed),
 * so that a report is one self-contained HTML file that opens offline.
 */

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type Row = Record<string, string | number | null>;

const WIDTH = 640;
const HEIGHT = 260;

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export function lineChart(rows: readonly Row[], x: { field: string; title: string }, y: { field: string; title: string }, series: string): TopLevelSpec {
  return {
    width: WIDTH,
    height: HEIGHT,
    data: { values: rows as Row[] },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: x.field, type: 'quantitative', title: x.title },
      y: { field: y.field, type: 'quantitative', title: y.title, scale: { zero: false } },
      color: { field: series, type: 'nominal', title: series },
    },
  };
}

/** GPUs sampling and evaluating per epoch (stacked), with the carbon intensity on its own axis. */
export function splitChart(rows: readonly Row[], title: string): TopLevelSpec {
  return {
    width: WIDTH,
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

/** Distributions as box plots: one box per group on x, coloured by policy, a column per facet. */
export function boxPlot(rows: readonly Row[], x: string, y: { field: string; title: string }, column: string): TopLevelSpec {
  return {
    data: { values: rows as Row[] },
    facet: { column: { field: column, type: 'nominal', title: column } },
    spec: {
      width: 220,
      height: HEIGHT,
      mark: { type: 'boxplot', extent: 'min-max' },
      encoding: {
        x: { field: x, type: 'nominal', title: x },
        xOffset: { field: 'policy', type: 'nominal' },
        y: { field: y.field, type: 'quantitative', title: y.title, scale: { zero: false } },
        color: { field: 'policy', type: 'nominal' },
      },
    },
  };
}
