/**
 * `npm run docs:screenshot`: the README's report screenshot, taken from the real page: the
 * default scenario simulated, its report written, and the page's top captured in headless
 * Chromium (Debian's /usr/bin/chromium) into docs/report-screenshot.png.
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { runCli } from '../src/cli/main.js';

const out = join(mkdtempSync(join(tmpdir(), 'ce-nas-screenshot-')), 'default');
const quiet = { stdout: () => undefined, stderr: () => undefined, readStdin: async () => '' };
if ((await runCli(['simulate', '--out', out], quiet)) !== 0 || (await runCli(['report', out], quiet)) !== 0) throw new Error('simulate or report failed');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1040, height: 1180 }, deviceScaleFactor: 1 });
  await page.goto(`file://${join(out, 'report.html')}`);
  const target = fileURLToPath(new URL('../docs/report-screenshot.png', import.meta.url));
  await page.screenshot({ path: target });
  process.stdout.write(`wrote ${target} from ${join(out, 'report.html')}\n`);
} finally {
  await browser.close();
}
