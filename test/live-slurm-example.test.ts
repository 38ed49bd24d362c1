/**
 * examples/live/slurm-resize.sh against a running service, with a stand-in `scontrol` on
 * PATH that records its arguments: each epoch's split becomes array throttles, and a share
 * of zero GPUs requeues and holds that array.
 */

import { REFERENCE_ALLOCATION_RULE } from '../spec/index.js';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseTraceCsv } from '../src/carbon/trace-csv.js';
import { resolvePolicy } from '../src/live/decide.js';
import { replayProvider } from '../src/live/provider.js';
import { buildServer } from '../src/live/server.js';
import { LiveService } from '../src/live/service.js';

const SCRIPT = fileURLToPath(new URL('../examples/live/slurm-resize.sh', import.meta.url));
const T0 = Date.parse('2021-01-01T00:00:00Z') / 1000;
const TRACE = parseTraceCsv('t,ci\n2021-01-01T00:00:00Z,100\n2021-01-01T01:00:00Z,400\n2021-01-01T02:00:00Z,250\n2021-01-01T03:00:00Z,250\n', 'slurm.csv');

async function serveAt(clockS: number, token?: string): Promise<{ url: string; close: () => Promise<void> }> {
  const settings = {
    name: 'default',
    gpus: 6,
    policy: 'cenas',
    window: { kind: 'remaining' as const },
    allocation: { ...REFERENCE_ALLOCATION_RULE, minEvaluationGpus: 0 },
    searchStartS: T0,
    searchEndS: T0 + 4 * 3600,
    seed: 0,
  };
  const service = new LiveService(
    replayProvider(TRACE, { nowS: () => clockS, speed: 1 }),
    [{ settings, policy: await resolvePolicy(settings, process.cwd()) }],
    Infinity,
  );
  const { app } = await buildServer({ service, token });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, close: () => app.close() };
}

/** Runs the script asynchronously (the service answers from this process's event loop). */
async function runScript(url: string, extraEnv: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; calls: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'ce-nas-slurm-'));
  const log = join(dir, 'calls.log');
  writeFileSync(join(dir, 'scontrol'), `#!/bin/sh\necho "$*" >> ${log}\n`);
  chmodSync(join(dir, 'scontrol'), 0o755);
  writeFileSync(log, '');
  const child = spawn('bash', [SCRIPT, '111', '222'], {
    env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, CE_NAS_URL: url, CE_NAS_EPOCHS: '2', CE_NAS_EPOCH_S: '0', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  clearTimeout(timer);
  return { status, stdout, calls: readFileSync(log, 'utf8').trim().split('\n') };
}

describe('examples/live/slurm-resize.sh', () => {
  it('should throttle the arrays to the split and requeue-hold an array given no GPUs', async () => {
    // At 01:30 the intensity is the window's maximum (400): λs = 1; with no minimum of evaluators, all 6 GPUs sample.
    const service = await serveAt(T0 + 1.5 * 3600);
    try {
      const { status, stdout, calls } = await runScript(service.url);
      expect(status).toBe(0);
      expect(stdout).toBe('epoch 0: 6 sampling, 0 training GPUs (stale: False)\nepoch 1: 6 sampling, 0 training GPUs (stale: False)\n');
      expect(calls).toEqual([
        'update JobId=111 ArrayTaskThrottle=6',
        'release 111',
        'requeuehold 222',
        'update JobId=111 ArrayTaskThrottle=6',
        'release 111',
        'requeuehold 222',
      ]);
    } finally {
      await service.close();
    }
  });

  it('should split by the answer and send the bearer token', async () => {
    // At 02:30: 250 within [250, 250] over the rest of the search: λs = 0, all 6 GPUs train.
    const service = await serveAt(T0 + 2.5 * 3600, 'tok');
    try {
      expect((await runScript(service.url)).calls).toEqual(['']); // refused without the token: nothing resized
      const { calls } = await runScript(service.url, { CE_NAS_SERVE_TOKEN: 'tok' });
      expect(calls.slice(0, 3)).toEqual(['requeuehold 111', 'update JobId=222 ArrayTaskThrottle=6', 'release 222']);
    } finally {
      await service.close();
    }
  });
});
