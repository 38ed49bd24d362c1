/**
 * The live service through its HTTP interface (Fastify's inject: no socket): answers,
 * caching, stale answers when the provider fails, validation, the bearer token, metrics and
 * the OpenAPI document.
 */

import { REFERENCE_ALLOCATION_RULE } from '../spec/index.js';
import { describe, expect, it } from 'vitest';
import { samplingShare as specShare, splitGpus } from '../spec/allocation.js';
import { loadBuiltinTrace } from '../src/carbon/builtin-traces.js';
import type { CarbonTrace } from '../src/carbon/trace.js';
import { parseTraceCsv } from '../src/carbon/trace-csv.js';
import type { Clock } from '../src/live/clock.js';
import { type PoolSettings, resolvePolicy } from '../src/live/decide.js';
import { type CarbonProvider, ProviderError, replayProvider, withViews } from '../src/live/provider.js';
import { buildServer } from '../src/live/server.js';
import { LiveService } from '../src/live/service.js';

const HOUR = 3600;
const T0 = Date.parse('2021-01-01T00:00:00Z') / 1000;
// Hourly: 100, 300, 200, 400, 150, then 250 for the rest of the day.
const TRACE = parseTraceCsv(
  `timestamp,ci\n${[100, 300, 200, 400, 150, ...Array<number>(19).fill(250)].map((value, hour) => `${new Date((T0 + hour * HOUR) * 1000).toISOString()},${value}`).join('\n')}\n`,
  'day.csv',
);

function manualClock(startS: number): Clock & { set(tS: number): void } {
  let nowS = startS;
  return { nowS: () => nowS, speed: 1, set: (tS) => void (nowS = tS) };
}

function pool(overrides: Partial<PoolSettings> = {}): PoolSettings {
  return {
    name: 'search',
    gpus: 8,
    policy: 'cenas',
    window: { kind: 'remaining' },
    allocation: REFERENCE_ALLOCATION_RULE,
    searchStartS: T0,
    searchEndS: T0 + 6 * HOUR,
    seed: 0,
    ...overrides,
  };
}

async function server(provider: CarbonProvider, options: { token?: string; refreshS?: number; pools?: PoolSettings[]; realNowMs?: () => number } = {}) {
  const pools = [];
  for (const settings of options.pools ?? [pool()]) pools.push({ settings, policy: await resolvePolicy(settings, process.cwd()) });
  const service = new LiveService(provider, pools, options.refreshS ?? Infinity, {}, options.realNowMs);
  const { app } = await buildServer({ service, token: options.token });
  return { app, service };
}

/** A provider whose signal can be made to fail. */
function flakyProvider(trace: CarbonTrace, clock: Clock): CarbonProvider & { failing: boolean; calls: number } {
  const state = { failing: false, calls: 0 };
  const provider = withViews({
    description: 'flaky',
    kind: 'average' as const,
    clock,
    signal: async () => {
      state.calls++;
      if (state.failing) throw new ProviderError('upstream HTTP 500');
      return trace;
    },
  });
  return Object.defineProperties(provider, {
    failing: { get: () => state.failing, set: (value: boolean) => void (state.failing = value) },
    calls: { get: () => state.calls },
  }) as CarbonProvider & { failing: boolean; calls: number };
}

describe('GET /v1/pools/:pool/allocation', () => {
  it("should answer the split, λs, the window's extremes, the intensity used and until when it holds", async () => {
    const clock = manualClock(T0 + 1.5 * HOUR);
    const { app } = await server(replayProvider(TRACE, clock));
    const response = await app.inject('/v1/pools/search/allocation');
    expect(response.statusCode).toBe(200);
    // At 01:30 the intensity is 300; over the rest of the search [01:30, 06:00) min 150, max 400.
    const share = specShare(300, 150, 400);
    expect(response.json()).toEqual({
      pool: 'search',
      policy: 'cenas(remaining)',
      gpus: 8,
      time: '2021-01-01T01:30:00Z',
      intensityGPerKwh: 300,
      signalKind: 'average',
      samplingShare: share,
      evaluationShare: 1 - share,
      ...splitGpus(8, share),
      window: { kind: 'remaining', from: '2021-01-01T01:30:00Z', to: '2021-01-01T06:00:00Z', minGPerKwh: 150, maxGPerKwh: 400 },
      validUntil: '2021-01-01T02:00:00Z',
      stale: false,
      provider: 'replay of day.csv',
    });
  });

  it('should hold a trailing window until a row leaves it', async () => {
    const clock = manualClock(T0 + 4.25 * HOUR);
    const { app } = await server(replayProvider(TRACE, clock), { pools: [pool({ window: { kind: 'trailing', hours: 2.5 } })] });
    // Window [01:45, 04:15]: rows 1–4. Row 1 (from 01:00) leaves at 01:00 + 1 h + 2.5 h = 04:30.
    const body = (await app.inject('/v1/pools/search/allocation')).json() as { validUntil: string; window: { minGPerKwh: number } };
    expect(body.validUntil).toBe('2021-01-01T04:30:00Z');
    expect(body.window.minGPerKwh).toBe(150);
  });

  it('should decide once per validity interval and again when it ends', async () => {
    const clock = manualClock(T0 + 1.2 * HOUR);
    const provider = flakyProvider(TRACE, clock);
    const { app } = await server(provider);
    for (let k = 0; k < 5; k++) expect((await app.inject('/v1/pools/search/allocation')).statusCode).toBe(200);
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toMatch(/ce_nas_decisions_total\{pool="search"\} 1\n/);
    clock.set(T0 + 2.1 * HOUR);
    expect((await app.inject('/v1/pools/search/allocation')).json()).toMatchObject({ intensityGPerKwh: 200, validUntil: '2021-01-01T03:00:00Z' });
  });

  it('should keep answering, marked stale, when the provider fails, and report it', async () => {
    const clock = manualClock(T0 + 1.5 * HOUR);
    let realMs = 0;
    const provider = flakyProvider(TRACE, clock);
    const { app } = await server(provider, { refreshS: 0, realNowMs: () => realMs });
    expect((await app.inject('/v1/pools/search/allocation')).json()).toMatchObject({ stale: false, intensityGPerKwh: 300 });
    provider.failing = true;
    clock.set(T0 + 2.5 * HOUR);
    // Decided on the last good signal, which still covers now.
    const response = await app.inject('/v1/pools/search/allocation');
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ time: '2021-01-01T02:30:00Z', intensityGPerKwh: 200, stale: true, staleReason: 'upstream HTTP 500' });
    // Within the back-off the failing provider is not asked again.
    const calls = provider.calls;
    for (let k = 0; k < 20; k++) expect((await app.inject('/v1/pools/search/allocation')).json()).toMatchObject({ stale: true });
    expect(provider.calls).toBe(calls);
    expect((await app.inject('/health')).json()).toMatchObject({ status: 'degraded', lastProviderError: 'upstream HTTP 500' });
    expect((await app.inject('/v1/intensity')).json()).toMatchObject({ stale: true, intensityGPerKwh: 200 });
    const metrics = (await app.inject('/metrics')).body;
    expect(metrics).toMatch(/ce_nas_stale_answers_total\{what="allocation"\} 21\n/);
    expect(metrics).toMatch(/ce_nas_provider_failures_total 1\n/);
    provider.failing = false;
    realMs += 1500; // after the back-off the next request refreshes in the background
    await app.inject('/v1/pools/search/allocation');
    await new Promise((resolve) => setImmediate(resolve));
    expect((await app.inject('/v1/pools/search/allocation')).json()).toMatchObject({ stale: false, intensityGPerKwh: 200 });
    expect((await app.inject('/health')).json()).toMatchObject({ status: 'ok' });
  });

  it('should serve the last decision, marked stale, when the last good signal does not reach now', async () => {
    const short = parseTraceCsv('timestamp,ci\n2021-01-01T00:00:00Z,100\n2021-01-01T01:00:00Z,300\n', 'short.csv');
    const clock = manualClock(T0 + 1.5 * HOUR);
    const provider = flakyProvider(short, clock);
    const { app } = await server(provider, { refreshS: 0 });
    const fresh = (await app.inject('/v1/pools/search/allocation')).json() as Record<string, unknown>;
    provider.failing = true;
    clock.set(T0 + 3 * HOUR);
    expect((await app.inject('/v1/pools/search/allocation')).json()).toEqual({ ...fresh, stale: true, staleReason: 'upstream HTTP 500' });
  });

  it('should answer 503 when the provider fails before any answer', async () => {
    const provider = flakyProvider(TRACE, manualClock(T0));
    provider.failing = true;
    const { app } = await server(provider);
    expect((await app.inject('/v1/pools/search/allocation')).json()).toEqual({ statusCode: 503, error: 'Service Unavailable', message: 'upstream HTTP 500' });
  });

  it('should decide for a past moment of the search with at=, and refuse the future and outside the search', async () => {
    const { app } = await server(replayProvider(TRACE, manualClock(T0 + 5 * HOUR)));
    expect((await app.inject('/v1/pools/search/allocation?at=2021-01-01T03:00:00Z')).json()).toMatchObject({
      time: '2021-01-01T03:00:00Z',
      intensityGPerKwh: 400,
      samplingGpus: 7,
    });
    for (const [at, message] of [
      ['2021-01-01T05:30:00Z', 'at: 2021-01-01T05:30:00Z is after now (2021-01-01T05:00:00Z)'],
      ['2020-12-31T23:00:00Z', "at: 2020-12-31T23:00:00Z is outside the pool's search [2021-01-01T00:00:00Z, 2021-01-01T06:00:00Z)"],
      ['2021-01-01T03:00:00', 'querystring.at: must match pattern'],
      ['2021-02-30T00:00:00Z', "at: '2021-02-30T00:00:00Z' is not a valid timestamp"],
    ]) {
      const response = await app.inject(`/v1/pools/search/allocation?at=${encodeURIComponent(at!)}`);
      expect(response.statusCode).toBe(400);
      expect((response.json() as { message: string }).message).toContain(message);
    }
  });

  it('should validate the pool and every parameter', async () => {
    const { app } = await server(replayProvider(TRACE, manualClock(T0)));
    expect((await app.inject('/v1/pools/other/allocation')).json()).toEqual({ statusCode: 404, error: 'Not Found', message: "no pool 'other'; pools: search" });
    expect((await app.inject('/v1/pools/a%20b/allocation')).statusCode).toBe(400);
    expect((await app.inject('/v1/pools/search/allocation?gpus=9')).json()).toMatchObject({
      statusCode: 400,
      message: "querystring: unknown parameter 'gpus'",
    });
    expect((await app.inject('/v1/forecast?hours=0')).statusCode).toBe(400);
    expect((await app.inject('/v1/forecast?hours=1000')).statusCode).toBe(400);
    expect((await app.inject('/v1/forecast?hours=many')).statusCode).toBe(400);
  });
});

describe('intensity, forecast, pools', () => {
  it('should give the intensity now and the rows ahead (a replay forecasts perfectly)', async () => {
    const { app } = await server(replayProvider(TRACE, manualClock(T0 + 0.5 * HOUR)));
    expect((await app.inject('/v1/intensity')).json()).toMatchObject({
      intensityGPerKwh: 100,
      rowStart: '2021-01-01T00:00:00Z',
      validUntil: '2021-01-01T01:00:00Z',
    });
    const forecast = (await app.inject('/v1/forecast?hours=2')).json() as { points: { intensityGPerKwh: number }[] };
    expect(forecast.points.map((point) => point.intensityGPerKwh)).toEqual([100, 300, 200]);
    expect((await app.inject('/v1/pools')).json()).toEqual({
      pools: [
        { name: 'search', gpus: 8, policy: 'cenas(remaining)', window: 'remaining', searchStart: '2021-01-01T00:00:00Z', searchEnd: '2021-01-01T06:00:00Z' },
      ],
    });
  });

  it('should answer 503 past the end of a replayed trace', async () => {
    const { app } = await server(replayProvider(TRACE, manualClock(T0 + 30 * HOUR)), { pools: [pool({ searchEndS: T0 + 40 * HOUR })] });
    const response = await app.inject('/v1/intensity');
    expect(response.statusCode).toBe(503);
    expect((response.json() as { message: string }).message).toMatch(/no intensity for 2021-01-02T06:00:00Z: day\.csv covers/);
  });
});

describe('bearer token, OpenAPI and metrics', () => {
  it('should require the token on every route but /health', async () => {
    const { app } = await server(replayProvider(TRACE, manualClock(T0)), { token: 's3cret' });
    for (const path of ['/v1/pools/search/allocation', '/v1/intensity', '/v1/forecast', '/v1/pools', '/metrics', '/openapi.json']) {
      expect((await app.inject(path)).statusCode).toBe(401);
      expect((await app.inject({ url: path, headers: { authorization: 'Bearer wrong' } })).statusCode).toBe(401);
      expect((await app.inject({ url: path, headers: { authorization: 'Bearer s3cret' } })).statusCode).toBe(200);
    }
    expect((await app.inject('/health')).statusCode).toBe(200);
  });

  it('should describe every route with its schemas in /openapi.json', async () => {
    const { app } = await server(replayProvider(TRACE, manualClock(T0)));
    const document = (await app.inject('/openapi.json')).json() as {
      openapi: string;
      paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> } }>;
    };
    expect(document.openapi).toBe('3.0.3');
    expect(Object.keys(document.paths).sort()).toEqual(['/health', '/metrics', '/v1/forecast', '/v1/intensity', '/v1/pools', '/v1/pools/{pool}/allocation']);
    const allocation = document.paths['/v1/pools/{pool}/allocation']!.get.responses['200']!.content['application/json']!.schema;
    expect(Object.keys(allocation.properties)).toEqual(
      expect.arrayContaining(['samplingGpus', 'evaluationGpus', 'samplingShare', 'window', 'intensityGPerKwh', 'validUntil', 'stale']),
    );
  });

  it('should count requests by route and status in Prometheus format', async () => {
    const { app } = await server(replayProvider(loadBuiltinTrace('ES:2022'), manualClock(Date.parse('2022-03-01T05:00:00Z') / 1000)), {
      pools: [pool({ searchStartS: Date.parse('2022-03-01T00:00:00Z') / 1000, searchEndS: Date.parse('2022-03-02T00:00:00Z') / 1000 })],
    });
    await app.inject('/v1/pools/search/allocation');
    await app.inject('/v1/pools/nope/allocation');
    const response = await app.inject('/metrics');
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('ce_nas_http_requests_total{route="/v1/pools/:pool/allocation",status="200"} 1');
    expect(response.body).toContain('ce_nas_http_requests_total{route="/v1/pools/:pool/allocation",status="404"} 1');
    expect(response.body).toMatch(/ce_nas_sampling_gpus\{pool="search"\} \d/);
  });
});
