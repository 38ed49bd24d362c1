import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { runCliCaptured as cli } from './support/run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.CE_NAS_REQUIRE_CHROMIUM === '1';
const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && !required) console.warn('report.test.ts: no /usr/bin/chromium (apt-get install chromium); the in-browser check is skipped');

async function simulationFolder(): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'ce-nas-report-')), 'sim');
  const result = await cli(['simulate', '--hours', '8', '--gpus', '4', '--kernel', 'rbf', '--policy', 'cenas,vanilla,random', '--out', out]);
  expect(result.code).toBe(0);
  return out;
}

async function sweepFolder(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'ce-nas-report-'));
  const config = join(dir, 'sweep-config.json');
  writeFileSync(
    config,
    JSON.stringify({
      base: { hours: 6, gpus: 3, lamoo: { kernel: 'rbf' } },
      grid: { policy: ['cenas', 'vanilla', 'random'], trace: ['US-CAL-CISO:2021', 'ES:2021'], start: ['2021-01-10T00:00:00Z', '2021-07-10T12:00:00Z'] },
    }),
  );
  const out = join(dir, 'sweep');
  expect((await cli(['sweep', '--config', config, '--out', out, '--workers', '0'])).code).toBe(0);
  return out;
}

/** Opens the page in headless Chromium; returns per chart the number of drawn marks with a size. */
async function renderedCharts(htmlFile: string): Promise<number[]> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(`file://${htmlFile}`);
    const counts = await page.$$eval('figure.chart', (figures) =>
      figures.map(
        (figure) =>
          // Data marks only (Vega's role-mark groups), not axes or legends, drawn with a size.
          [...figure.querySelectorAll('svg g.role-mark > path, svg g.role-mark > line')].filter((mark) => {
            const box = (mark as unknown as { getBBox(): { width: number; height: number } }).getBBox();
            return box.width > 0 || box.height > 0;
          }).length,
      ),
    );
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]); // opens offline
    return counts;
  } finally {
    await browser.close();
  }
}

describe('ce-nas report', () => {
  it('should write a self-contained page and the tables for a simulation', async () => {
    const dir = await simulationFolder();
    const result = await cli(['report', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/report\.html \(5 charts\) and 4 tables/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(readFileSync(join(dir, 'report', 'hv-over-time.csv'), 'utf8').split('\n')[0]).toBe('policy,hours,hvNormalized');
    expect(readFileSync(join(dir, 'report', 'gpu-split.csv'), 'utf8').split('\n')[0]).toBe('policy,hours,intensityGPerKwh,samplingGpus,evaluationGpus');
  });

  it('should summarise a sweep by region and season against vanilla', async () => {
    const dir = await sweepFolder();
    const result = await cli(['report', dir]);
    expect(result.code).toBe(0);
    const table = readFileSync(join(dir, 'report', 'by-region-season.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(table[0]).toBe('region,season,policy,runs,carbonReductionQ1,carbonReductionMedian,carbonReductionQ3,hvGapMedian');
    // 2 regions × 2 seasons × 2 policies compared with vanilla.
    expect(table).toHaveLength(1 + 8);
  });

  it('should reject a folder that holds no results, with exit code 2', async () => {
    const result = await cli(['report', mkdtempSync(join(tmpdir(), 'ce-nas-empty-'))]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/neither a ce-nas simulate folder \(summary\.json\) nor a ce-nas sweep folder/);
  });

  describe.runIf(browserAvailable || required)('in headless Chromium', () => {
    it('should render every chart of a simulation report', async () => {
      const dir = await simulationFolder();
      await cli(['report', dir]);
      const counts = await renderedCharts(join(dir, 'report.html'));
      expect(counts).toHaveLength(5);
      for (const count of counts) expect(count).toBeGreaterThan(0);
    });

    it('should render every chart of a sweep report', async () => {
      const dir = await sweepFolder();
      await cli(['report', dir]);
      const counts = await renderedCharts(join(dir, 'report.html'));
      expect(counts).toHaveLength(2);
      for (const count of counts) expect(count).toBeGreaterThan(0);
    });
  });
});
