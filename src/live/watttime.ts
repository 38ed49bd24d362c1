/**
 * WattTime API v3 as a provider: log in with HTTP Basic (WATTTIME_USERNAME and
 * WATTTIME_PASSWORD; never logged) for a bearer token, reused for 25 minutes (WattTime's
 * expire after 30) and renewed once on a 401; then `/v3/historical` for the past 24 h and
 * `/v3/forecast` for a region's MOER, converted from lbs/MWh to g/kWh and marked marginal.
 */

import type { CarbonTrace } from '../carbon/trace.js';
import type { Clock } from './clock.js';
import { parseProviderJson } from './electricitymaps.js';
import { JsonHttpClient } from './http.js';
import { type CarbonProvider, joinHistoryAndForecast, ProviderError, withViews } from './provider.js';

export const WATTTIME_USER_VARIABLE = 'WATTTIME_USERNAME';
export const WATTTIME_PASSWORD_VARIABLE = 'WATTTIME_PASSWORD';
const TOKEN_LIFETIME_MS = 25 * 60 * 1000;
const HISTORY_S = 24 * 3600;

export interface WattTimeOptions {
  readonly region: string;
  readonly username: string;
  readonly password: string;
  readonly baseUrl?: string;
  readonly clock: Clock;
  readonly cacheTtlS?: number;
  readonly timeoutMs?: number;
}

function isoMinute(tS: number): string {
  return new Date(Math.floor(tS / 60) * 60 * 1000).toISOString().replace('.000Z', 'Z');
}

export function wattTimeProvider(options: WattTimeOptions): CarbonProvider & { readonly http: JsonHttpClient } {
  const http = new JsonHttpClient({
    name: 'WattTime',
    baseUrl: options.baseUrl ?? 'https://api.watttime.org',
    cacheTtlS: options.cacheTtlS ?? 300,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  let token: { value: string; atMs: number } | undefined;
  const login = async (): Promise<string> => {
    if (token !== undefined && Date.now() - token.atMs < TOKEN_LIFETIME_MS) return token.value;
    const basic = Buffer.from(`${options.username}:${options.password}`).toString('base64');
    const body = await http.getText('/login', { authorization: `Basic ${basic}` }, false);
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ProviderError('WattTime /login: the response is not JSON');
    }
    const value = (parsed as { token?: unknown }).token;
    if (typeof value !== 'string' || value === '') throw new ProviderError('WattTime /login: no token in the response');
    token = { value, atMs: Date.now() };
    return value;
  };
  /** GET with the bearer token, logging in again once if it was refused. */
  const get = async (path: string): Promise<string> => {
    try {
      return await http.getText(path, { authorization: `Bearer ${await login()}` });
    } catch (error) {
      if (!(error instanceof ProviderError) || error.cause !== 401) throw error;
      token = undefined;
      return http.getText(path, { authorization: `Bearer ${await login()}` });
    }
  };
  const region = encodeURIComponent(options.region);
  return withViews({
    description: `WattTime ${options.region} (co2_moer)`,
    kind: 'marginal',
    clock: options.clock,
    http,
    async signal() {
      const nowS = options.clock.nowS();
      const historyPath = `/v3/historical?region=${region}&signal_type=co2_moer&start=${isoMinute(nowS - HISTORY_S)}&end=${isoMinute(nowS)}`;
      const history = parseProviderJson(await get(historyPath), 'WattTime historical');
      let forecast: CarbonTrace | undefined;
      try {
        forecast = parseProviderJson(await get(`/v3/forecast?region=${region}&signal_type=co2_moer`), 'WattTime forecast');
      } catch (error) {
        if (!(error instanceof ProviderError)) throw error;
        forecast = undefined;
      }
      return joinHistoryAndForecast(history, forecast, `WattTime ${options.region}`);
    },
  });
}
