import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { hvAtEqualCarbon, type RunFacts, targetShares } from '../src/report/aggregate.js';
import { boxPlot, renderSvg } from '../src/report/charts.js';
import { runCliCaptured as cli } from './support/run-cli.js';

const CHROMIUM = '/usr/bin/chromium';
const required = process.env.CE_NAS_REQUIRE_CHROMIUM === '1';
const browserAvailable = existsSync(CHROMIUM);
if (!browserAvailable && !required) console.warn('report.test.ts: no /usr/bin/chromium (apt-get install chromium); the in-browser check is skipped');

async function simulationFolder(seed = 0): Promise<string> {
  const out = join(mkdtempSync(join(tmpdir(), 'ce-nas-report-')), 'sim');
  const result = await cli([
    'simulate',
    '--hours',
    '8',
    '--gpus',
    '4',
    '--kernel',
    'rbf',
    '--policy',
    'cenas,vanilla,random',
    '--seed',
    String(seed),
    '--out',
    out,
  ]);
  expect(result.code).toBe(0);
  return out;
}

/** A multi-seed folder as the multi-seed simulate writes it: runs of every seed in one summary, files under seed-<n>/. */
async function multiSeedFolder(seeds: readonly number[]): Promise<{ dir: string; runs: RunFacts[] }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'ce-nas-report-')), 'seeds');
  const runs: RunFacts[] = [];
  let first: { scenario: unknown; data: unknown } | undefined;
  for (const seed of seeds) {
    const single = await simulationFolder(seed);
    const summary = JSON.parse(readFileSync(join(single, 'summary.json'), 'utf8')) as { scenario: unknown; data: unknown; runs: RunFacts[] };
    first ??= summary;
    runs.push(...summary.runs);
    mkdirSync(join(dir, `seed-${seed}`), { recursive: true });
    for (const file of readdirSync(single).filter((name) => name.endsWith('.csv'))) cpSync(join(single, file), join(dir, `seed-${seed}`, file));
  }
  writeFileSync(join(dir, 'summary.json'), JSON.stringify({ scenario: first!.scenario, seeds, data: first!.data, runs, aggregates: [{ shape: 'not read' }] }));
  return { dir, runs };
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

describe('report aggregates', () => {
  const run = (policy: string, reaches: (number | null)[], hv: number[]): RunFacts => ({
    policy,
    carbonKg: 1,
    finalHvNormalized: 1,
    hvTargets: reaches.map((carbonKg, k) => ({ hvNormalized: [0.9, 0.99][k]!, carbonKg, hours: carbonKg })),
    hvAtCarbon: { fractionsOfVanilla: [0.5, 1], carbonKg: [1, 2], hvNormalized: hv },
  });

  it('should count a run that never reaches a target as a failure, and take medians over those that did', () => {
    const rows = targetShares([run('a', [1, null], [0, 0]), run('a', [3, null], [0, 0]), run('a', [null, null], [0, 0]), run('a', [2, 5], [0, 0])]);
    expect(rows).toEqual([
      { policy: 'a', hvTarget: 0.9, runs: 4, reachedPercent: 75, medianCarbonKgToTarget: 2, medianHoursToTarget: 2 },
      { policy: 'a', hvTarget: 0.99, runs: 4, reachedPercent: 25, medianCarbonKgToTarget: 5, medianHoursToTarget: 5 },
    ]);
  });

  it("should give the quartiles of HV at each share of vanilla's carbon, per policy", () => {
    const rows = hvAtEqualCarbon([run('a', [], [0.1, 0.5]), run('a', [], [0.3, 0.9]), run('a', [], [0.2, 0.7]), run('b', [], [0.4, 0.8])]);
    expect(rows).toEqual([
      { policy: 'a', percentOfVanillaCarbon: 50, runs: 3, hvQ1: 0.15000000000000002, hvMedian: 0.2, hvQ3: 0.25 },
      { policy: 'a', percentOfVanillaCarbon: 100, runs: 3, hvQ1: 0.6, hvMedian: 0.7, hvQ3: 0.8 },
      { policy: 'b', percentOfVanillaCarbon: 50, runs: 1, hvQ1: 0.4, hvMedian: 0.4, hvQ3: 0.4 },
      { policy: 'b', percentOfVanillaCarbon: 100, runs: 1, hvQ1: 0.8, hvMedian: 0.8, hvQ3: 0.8 },
    ]);
  });

  it('should draw every run as a point, so that a box of no height stays visible', async () => {
    const rows = [1, 2, 3].map((k) => ({ region: 'r', season: 's', policy: 'narrow', value: 2, seed: k }));
    const svg = await renderSvg(boxPlot(rows, 'region', { field: 'value', title: 'v' }, 'season'));
    const symbols = /<g class="mark-symbol role-mark[^"]*"[^>]*>(.*?)<\/g>/s.exec(svg);
    expect(symbols).not.toBeNull();
    expect(symbols![1]!.match(/<path/g)).toHaveLength(3);
  });
});

describe('ce-nas report', () => {
  it('should write a self-contained page and the tables for a simulation', async () => {
    const dir = await simulationFolder();
    const result = await cli(['report', dir]);
    expect(result.code).toBe(0);
    // 3 over time or carbon, HV at equal carbon, HV targets, 3 GPU splits.
    expect(result.stdout).toMatch(/report\.html \(8 charts\) and 8 tables/);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(html).toMatch(/No timing gain/);
    expect(readFileSync(join(dir, 'report', 'hv-over-time.csv'), 'utf8').split('\n')[0]).toBe('policy,hours,hvNormalized');
    expect(readFileSync(join(dir, 'report', 'hv-vs-carbon.csv'), 'utf8').split('\n')[0]).toBe('policy,carbonKg,hvNormalized');
    expect(readFileSync(join(dir, 'report', 'gpu-split.csv'), 'utf8').split('\n')[0]).toBe('policy,hours,intensityGPerKwh,samplingGpus,evaluationGpus');
    // 3 policies × 3 default HV targets; 3 policies × 20 carbon points.
    expect(
      readFileSync(join(dir, 'report', 'hv-targets.csv'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(1 + 9);
    expect(
      readFileSync(join(dir, 'report', 'hv-at-equal-carbon.csv'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(1 + 60);
  });

  it('should aggregate a multi-seed simulation from its runs, reading each seed folder', async () => {
    const { dir, runs } = await multiSeedFolder([0, 1]);
    const result = await cli(['report', dir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const hv = readFileSync(join(dir, 'report', 'hv-over-time.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(hv[0]).toBe('policy,seed,hours,hvNormalized');
    const perSeed = [0, 1].map((seed) =>
      ['cenas-reference', 'vanilla', 'random'].reduce(
        (sum, slug) =>
          sum +
          readFileSync(join(dir, `seed-${seed}`, `${slug}.progress.csv`), 'utf8')
            .trim()
            .split('\n').length -
          1,
        0,
      ),
    );
    expect(hv.length - 1).toBe(perSeed[0]! + perSeed[1]!);
    expect(new Set(hv.slice(1).map((line) => line.split(',')[1]))).toEqual(new Set(['0', '1']));
    // Seed 1's vanilla rows are exactly seed-1/vanilla.progress.csv's.
    const vanillaSeed1 = hv
      .slice(1)
      .filter((line) => line.startsWith('vanilla,1,'))
      .map((line) => line.split(',').slice(2).join(','));
    const file = readFileSync(join(dir, 'seed-1', 'vanilla.progress.csv'), 'utf8')
      .trim()
      .split('\n');
    const columns = file[0]!.split(',');
    expect(vanillaSeed1).toEqual(
      file.slice(1).map((line) => [columns.indexOf('hours'), columns.indexOf('hvNormalized')].map((k) => line.split(',')[k]).join(',')),
    );
    const policies = readFileSync(join(dir, 'report', 'policies.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(policies.slice(1).map((line) => line.split(',')[1])).toEqual(['2', '2', '2']);
    const vanillaKg = runs.filter((run) => run.policy === 'vanilla').map((run) => run.carbonKg);
    expect(Number(policies.find((line) => line.startsWith('vanilla,'))!.split(',')[2])).toBeCloseTo((vanillaKg[0]! + vanillaKg[1]!) / 2, 9);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/2 seeds \(0, 1\); figures are medians over the seeds/);
  });

  it('should reject a multi-seed summary whose run has a seed not listed', async () => {
    const { dir } = await multiSeedFolder([0]);
    const document = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as { seeds: number[] };
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ ...document, seeds: [5] }));
    const result = await cli(['report', dir]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/summary\.json: runs\[0\]: its seed is not one of "seeds" \(5\)/);
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
    // Each policy: 4 runs per target; 3 policies × 20 carbon points at equal carbon.
    const targets = readFileSync(join(dir, 'report', 'hv-targets.csv'), 'utf8')
      .trim()
      .split('\n');
    expect(targets).toHaveLength(1 + 9);
    for (const line of targets.slice(1)) expect(line.split(',')[2]).toBe('4');
    expect(
      readFileSync(join(dir, 'report', 'hv-at-equal-carbon.csv'), 'utf8')
        .trim()
        .split('\n'),
    ).toHaveLength(1 + 60);
    expect(result.stdout).toMatch(/\(4 charts\)/);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/HV gap \(%\)/);
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
      expect(counts).toHaveLength(8);
      for (const count of counts) expect(count).toBeGreaterThan(0);
    });

    it('should render every chart of a sweep report', async () => {
      const dir = await sweepFolder();
      await cli(['report', dir]);
      const counts = await renderedCharts(join(dir, 'report.html'));
      expect(counts).toHaveLength(4);
      for (const count of counts) expect(count).toBeGreaterThan(0);
    });
  });
});
