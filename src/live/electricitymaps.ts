/**
 * Electricity Maps API v3 as a provider: `GET /carbon-intensity/history` (the past 24 h) and
 * `/carbon-intensity/forecast` for a zone, with the key in the `auth-token` header (from
 * ELECTRICITYMAPS_API_KEY; never logged). Plans without the forecast still work: the
 * signal is then the history alone, and windows reaching past it are clipped to it.
 */

import { readJsonTrace } from '../carbon/formats/json-formats.js';
import type { CarbonSignal, CarbonTrace } from '../carbon/trace.js';
import { InputError } from '../errors.js';
import type { Clock } from './clock.js';
import { JsonHttpClient } from './http.js';
import { type CarbonProvider, joinHistoryAndForecast, ProviderError, withViews } from './provider.js';

export const ELECTRICITY_MAPS_KEY_VARIABLE = 'ELECTRICITYMAPS_API_KEY';

export interface ElectricityMapsOptions {
  readonly zone: string;
  readonly apiKey: string;
  readonly baseUrl?: string;
  readonly signal?: CarbonSignal;
  readonly clock: Clock;
  readonly cacheTtlS?: number;
  readonly timeoutMs?: number;
}

/** Parses a response body with the file reader; a malformed one is the provider's failure. */
export function parseProviderJson(text: string, source: string, options: Parameters<typeof readJsonTrace>[2] = {}): CarbonTrace {
  try {
    return readJsonTrace(text, source, { ...options, allowGaps: true }).trace;
  } catch (error) {
    if (error instanceof InputError) throw new ProviderError(`unexpected response: ${error.message}`);
    throw error;
  }
}

export function electricityMapsProvider(options: ElectricityMapsOptions): CarbonProvider & { readonly http: JsonHttpClient } {
  const http = new JsonHttpClient({
    name: 'Electricity Maps',
    baseUrl: options.baseUrl ?? 'https://api.electricitymaps.com/v3',
    cacheTtlS: options.cacheTtlS ?? 300,
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const signal = options.signal ?? 'lca';
  const query = `zone=${encodeURIComponent(options.zone)}&emissionFactorType=${signal === 'lca' ? 'lifecycle' : 'direct'}`;
  const headers = { 'auth-token': options.apiKey };
  const cacheTtlMs = (options.cacheTtlS ?? 300) * 1000;
  let forecastSkippedUntilMs = 0;
  return withViews({
    description: `Electricity Maps ${options.zone} (${signal === 'lca' ? 'life cycle' : 'direct'})`,
    kind: 'average',
    clock: options.clock,
    http,
    async signal() {
      const history = parseProviderJson(await http.getText(`/carbon-intensity/history?${query}`, headers), 'Electricity Maps history', { signal });
      let forecast: CarbonTrace | undefined;
      if (Date.now() >= forecastSkippedUntilMs) {
        try {
          forecast = parseProviderJson(await http.getText(`/carbon-intensity/forecast?${query}`, headers), 'Electricity Maps forecast', { signal });
        } catch (error) {
          if (!(error instanceof ProviderError)) throw error;
          // Not in every plan: decide on the history alone, and ask again only after the cache period.
          forecastSkippedUntilMs = Date.now() + cacheTtlMs;
        }
      }
      return joinHistoryAndForecast(history, forecast, `Electricity Maps ${options.zone}`);
    },
  });
}
