/**
 * `ce-nas report DIR`: one self-contained HTML page (charts inlined as SVG, no scripts, opens
 * offline) and the CSV tables behind every chart, for a `ce-nas simulate` folder of one or
 * several seeds (simulation.ts) or a `ce-nas sweep` folder (sweep.ts).
 */

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { makeFolder, removeEmptyFolders, writeFileAtomically } from '../files.js';
import { escapeHtml, type Page } from './common.js';
import { simulationPage } from './simulation.js';
import { sweepPage } from './sweep.js';

export interface Report {
  readonly htmlFile: string;
  readonly tables: readonly string[];
  readonly charts: number;
}

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:980px;color:#222}
figure{margin:2rem 0}h2{margin-top:2rem;font-size:1.2rem}details{margin:1rem 0}figcaption{font-weight:600;margin-bottom:.5rem}table{border-collapse:collapse}
td,th{border-bottom:1px solid #ddd;padding:.25rem .6rem;text-align:right}td:first-child,th:first-child{text-align:left}`;

/** Writes DIR/report.html and DIR/report/*.csv; returns what it wrote. */
export async function writeReport(dir: string): Promise<Report> {
  const isSimulation = existsSync(join(dir, 'summary.json'));
  if (!isSimulation && !existsSync(join(dir, 'sweep.json'))) {
    throw new InputError(`${dir}: neither a ce-nas simulate folder (summary.json) nor a ce-nas sweep folder (sweep.json)`);
  }
  const tablesDir = join(dir, 'report');
  const created = makeFolder(tablesDir, tablesDir);
  let made: Page;
  try {
    made = isSimulation ? await simulationPage(dir, tablesDir) : await sweepPage(dir, tablesDir);
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
