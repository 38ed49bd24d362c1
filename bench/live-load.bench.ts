/**
 * Load on `ce-nas serve` (the installed command, in its own process, on 127.0.0.1): the
 * allocation endpoint against /health as the anchor, in alternating rounds of fixed length
 * (autocannon, 10 connections), then the same endpoint while its live provider (a local
 * stand-in for the Electricity Maps API) fails: every answer must still be a 200, from
 * cache, marked stale. Target: ≥ 5,000 requests/s with p99 latency under 10 ms.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const BIN = fileURLToPath(new URL('../bin/ce-nas.js', import.meta.url));
const ROUND_S = 3;
const CONNECTIONS = 10;
const WARM_UP_S = 6;

export interface LoadRow {
  readonly what: string;
  readonly requestsPerS: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
}

function startServe(args: string[], env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start within 30 s: ${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
}

async function load(what: string, url: string, durationS = ROUND_S): Promise<LoadRow> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: durationS });
  return { what, requestsPerS: result.requests.average, p99Ms: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** A stand-in for the Electricity Maps API: hourly history up to now and a day of forecast; it can be made to fail. */
async function fakeElectricityMaps(): Promise<{ server: Server; url: string; fail(): void; requests(): number }> {
  let failing = false;
  let count = 0;
  const hourS = 3600;
  const nowHourS = Math.floor(Date.now() / 1000 / hourS) * hourS;
  // Constructed intensities (a daily cycle), not measurements: the bench needs a signal, not a grid.
  const point = (tS: number) => ({
    datetime: new Date(tS * 1000).toISOString(),
    carbonIntensity: 200 + 100 * Math.sin((2 * Math.PI * tS) / 86400),
    emissionFactorType: 'lifecycle',
  });
  const history = { zone: 'BENCH', history: Array.from({ length: 24 }, (_, k) => point(nowHourS - (23 - k) * hourS)) };
  const forecast = { zone: 'BENCH', forecast: Array.from({ length: 24 }, (_, k) => point(nowHourS + (k + 1) * hourS)) };
  const server = createServer((request, response) => {
    count++;
    if (failing) return void response.writeHead(500).end('{}');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(request.url!.includes('/history') ? history : forecast));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, fail: () => void (failing = true), requests: () => count };
}

export interface LiveLoadReport {
  readonly rounds: LoadRow[];
  readonly allocation: { requestsPerS: number; p99Ms: number };
  readonly anchor: { requestsPerS: number; p99Ms: number };
  readonly failing: LoadRow & { staleAnswer: boolean; staleCount: number; providerRequestsWhileFailing: number };
}

export async function runLiveLoadBench(rounds = 5): Promise<LiveLoadReport> {
  const replay = await startServe(['--trace', 'ES:2022', '--replay-speed', '3600', '--start', '2022-03-01T00:00:00Z', '--hours', '40']);
  const rows: LoadRow[] = [];
  try {
    const allocationUrl = `${replay.url}/v1/pools/default/allocation`;
    await load('warm-up', allocationUrl, WARM_UP_S); // JIT and first-use costs of a fresh process
    for (let round = 0; round < rounds; round++) {
      const pair = [() => load('allocation', allocationUrl), () => load('anchor /health', `${replay.url}/health`)];
      for (const run of round % 2 === 0 ? pair : pair.reverse()) rows.push(await run());
    }
  } finally {
    replay.child.kill('SIGTERM');
  }
  const pick = (what: string) => rows.filter((row) => row.what === what);

  const api = await fakeElectricityMaps();
  const live = await startServe(['--provider', 'electricitymaps', '--zone', 'BENCH', '--provider-url', api.url, '--refresh-seconds', '1'], {
    ELECTRICITYMAPS_API_KEY: 'bench-key',
  });
  let failing: LiveLoadReport['failing'];
  try {
    const allocationUrl = `${live.url}/v1/pools/default/allocation`;
    await load('warm-up', allocationUrl, WARM_UP_S); // also the HTTP client's first use
    rows.push(await load('live provider up (refreshed every second)', allocationUrl));
    api.fail();
    const before = api.requests();
    const row = await load('live provider failing', allocationUrl);
    rows.push(row);
    const answer = (await (await fetch(allocationUrl)).json()) as { stale: boolean };
    const metrics = await (await fetch(`${live.url}/metrics`)).text();
    const staleCount = Number(/ce_nas_stale_answers_total\{what="allocation"\} (\d+)/.exec(metrics)?.[1] ?? 0);
    failing = { ...row, staleAnswer: answer.stale, staleCount, providerRequestsWhileFailing: api.requests() - before };
  } finally {
    live.child.kill('SIGTERM');
    api.server.close();
  }
  return {
    rounds: rows,
    allocation: { requestsPerS: median(pick('allocation').map((row) => row.requestsPerS)), p99Ms: median(pick('allocation').map((row) => row.p99Ms)) },
    anchor: { requestsPerS: median(pick('anchor /health').map((row) => row.requestsPerS)), p99Ms: median(pick('anchor /health').map((row) => row.p99Ms)) },
    failing,
  };
}
