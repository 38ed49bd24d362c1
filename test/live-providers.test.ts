/**
 * The Electricity Maps and WattTime clients against a local HTTP server (127.0.0.1) that
 * replays responses of the documented shapes (test/fixtures/formats/README.md): parsing,
 * unit conversion, auth headers, caching, rate limits, errors. No test touches the network.
 */

import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../src/live/clock.js';
import { electricityMapsProvider } from '../src/live/electricitymaps.js';
import { retryAfterSeconds } from '../src/live/http.js';
import { ProviderError } from '../src/live/provider.js';
import { wattTimeProvider } from '../src/live/watttime.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/formats/${name}`, import.meta.url)), 'utf8');
const EM_HISTORY = fixture('electricitymaps-api-history-ES.json');
const WT_DATA = fixture('watttime-data-CAISO_NORTH.json');

type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A recorded-response server on 127.0.0.1; resolves with its base URL and the requests it saw. */
async function recorded(handler: Handler): Promise<{ url: string; seen: IncomingMessage[] }> {
  const seen: IncomingMessage[] = [];
  const server = createServer((request, response) => {
    seen.push(request);
    handler(request, response);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function reply(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(body);
}

const at = (iso: string): Clock => ({ nowS: () => Date.parse(iso) / 1000, speed: 1 });

async function providerError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ProviderError);
    return (error as Error).message;
  }
  throw new Error('expected a ProviderError');
}

describe('Electricity Maps client', () => {
  it('should read the history with the key in auth-token, decide without a forecast the plan lacks, and cache', async () => {
    const { url, seen } = await recorded((request, response) => {
      if (request.headers['auth-token'] !== 'em-key') return reply(response, 401, '{"message":"bad key"}');
      if (request.url!.startsWith('/carbon-intensity/history?zone=ES&emissionFactorType=lifecycle')) return reply(response, 200, EM_HISTORY);
      reply(response, 403, '{"message":"not in your plan"}');
    });
    const provider = electricityMapsProvider({ zone: 'ES', apiKey: 'em-key', baseUrl: url, clock: at('2023-01-01T05:30:00Z') });
    expect(await provider.latest()).toMatchObject({
      intensityGPerKwh: JSON.parse(EM_HISTORY).history[5].carbonIntensity,
      rowStartS: Date.parse('2023-01-01T05:00:00Z') / 1000,
    });
    expect((await provider.history(2)).length).toBe(3);
    expect(provider.kind).toBe('average');
    expect(seen.length).toBe(2); // history once, forecast once; then both from cache
    await provider.signal();
    expect(seen.length).toBe(2);
  });

  it('should join the forecast after the history', async () => {
    const forecast = JSON.stringify({
      zone: 'ES',
      forecast: [
        { carbonIntensity: 99, datetime: '2023-01-02T00:00:00.000Z' },
        { carbonIntensity: 98, datetime: '2023-01-02T01:00:00.000Z' },
      ],
      updatedAt: '2023-01-01T23:00:00.000Z',
    });
    const { url } = await recorded((request, response) => reply(response, 200, request.url!.includes('/history') ? EM_HISTORY : forecast));
    const provider = electricityMapsProvider({ zone: 'ES', apiKey: 'k', baseUrl: url, clock: at('2023-01-01T23:30:00Z') });
    expect((await provider.forecast(3)).map((point) => point.intensityGPerKwh)).toEqual([JSON.parse(EM_HISTORY).history[23].carbonIntensity, 99, 98]);
  });

  it('should honour 429 Retry-After without asking again, and name errors without the key', async () => {
    const { url, seen } = await recorded((_request, response) => reply(response, 429, '{}', { 'retry-after': '120' }));
    const provider = electricityMapsProvider({ zone: 'ES', apiKey: 'secret-key-123', baseUrl: url, clock: at('2023-01-01T05:30:00Z') });
    expect(await providerError(provider.signal())).toBe(
      'Electricity Maps /carbon-intensity/history?zone=ES&emissionFactorType=lifecycle: rate limited (HTTP 429); retrying after 120 s',
    );
    expect(await providerError(provider.signal())).toMatch(/^Electricity Maps rate limit: no requests until /);
    expect(seen.length).toBe(1);
    expect(retryAfterSeconds('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('2015-10-21T07:27:00Z'))).toBe(60);
  });

  it.each([
    [500, '{}', 'Electricity Maps /carbon-intensity/history?zone=ES&emissionFactorType=lifecycle: HTTP 500'],
    [401, '{}', 'the credentials were refused (HTTP 401)'],
    [
      200,
      '{"zone":"ES","history":[{"datetime":"2023-01-01T00:00:00Z","carbonIntensity":"n/a"}]}',
      'unexpected response: Electricity Maps history, history[0].carbonIntensity: expected a number, got "n/a"',
    ],
    [200, 'not json', 'unexpected response: Electricity Maps history: not valid JSON'],
  ])('should turn HTTP %i into a ProviderError', async (status, body, message) => {
    const { url } = await recorded((_request, response) => reply(response, status, body));
    const provider = electricityMapsProvider({ zone: 'ES', apiKey: 'secret-key-123', baseUrl: url, clock: at('2023-01-01T05:30:00Z') });
    const error = await providerError(provider.signal());
    expect(error).toContain(message);
    expect(error).not.toContain('secret-key-123');
  });

  it('should time out a server that does not answer', async () => {
    const { url } = await recorded(() => undefined);
    const provider = electricityMapsProvider({ zone: 'ES', apiKey: 'k', baseUrl: url, clock: at('2023-01-01T05:30:00Z'), timeoutMs: 200 });
    expect(await providerError(provider.signal())).toMatch(/timed out after 200 ms$/);
  });
});

describe('WattTime client', () => {
  it('should log in with Basic auth, use the bearer token, convert lbs/MWh to g/kWh and mark the signal marginal', async () => {
    const logins: string[] = [];
    const { url, seen } = await recorded((request, response) => {
      if (request.url === '/login') {
        logins.push(request.headers.authorization ?? '');
        return reply(response, 200, '{"token":"wt-token"}');
      }
      if (request.headers.authorization !== 'Bearer wt-token') return reply(response, 401, '{}');
      if (request.url!.startsWith('/v3/historical?region=CAISO_NORTH&signal_type=co2_moer&start=2023-12-31T00:30:00Z&end=2024-01-01T00:30:00Z'))
        return reply(response, 200, WT_DATA);
      if (request.url === '/v3/forecast?region=CAISO_NORTH&signal_type=co2_moer') {
        return reply(
          response,
          200,
          JSON.stringify({
            meta: { units: 'lbs_co2_per_mwh', signal_type: 'co2_moer', region: 'CAISO_NORTH', generated_at: '2024-01-01T00:55:00+00:00' },
            data: [
              { point_time: '2024-01-01T01:00:00+00:00', value: 2000 },
              { point_time: '2024-01-01T01:05:00+00:00', value: 500 },
            ],
          }),
        );
      }
      reply(response, 404, '{}');
    });
    const provider = wattTimeProvider({ region: 'CAISO_NORTH', username: 'ada', password: 'pw', baseUrl: url, clock: at('2024-01-01T00:30:00Z') });
    expect(provider.kind).toBe('marginal');
    expect((await provider.latest()).intensityGPerKwh).toBeCloseTo(845 * 0.45359237, 10); // 00:30 row: 845 lbs/MWh
    expect(logins).toEqual([`Basic ${Buffer.from('ada:pw').toString('base64')}`]);
    const ahead = await provider.forecast(1);
    expect(ahead.at(-2)!.intensityGPerKwh).toBeCloseTo(2000 * 0.45359237, 10);
    expect(seen.map((request) => request.url!.split('?')[0])).toEqual(['/login', '/v3/historical', '/v3/forecast']);
  });

  it('should log in again once when the token is refused', async () => {
    let tokens = 0;
    const { url } = await recorded((request, response) => {
      if (request.url === '/login') return reply(response, 200, JSON.stringify({ token: `t${++tokens}` }));
      if (request.headers.authorization !== 'Bearer t2') return reply(response, 401, '{}');
      reply(response, 200, request.url!.startsWith('/v3/historical') ? WT_DATA : '{}');
    });
    const provider = wattTimeProvider({ region: 'CAISO_NORTH', username: 'u', password: 'p', baseUrl: url, clock: at('2024-01-01T00:30:00Z') });
    expect((await provider.signal()).timesS.length).toBe(12);
    expect(tokens).toBe(2);
  });

  it('should fail with a clear message when the login is refused, without the password', async () => {
    const { url } = await recorded((_request, response) => reply(response, 403, '{}'));
    const provider = wattTimeProvider({ region: 'X', username: 'u', password: 'hunter2', baseUrl: url, clock: at('2024-01-01T00:30:00Z') });
    const error = await providerError(provider.signal());
    expect(error).toBe('WattTime /login: the credentials were refused (HTTP 403)');
  });
});
