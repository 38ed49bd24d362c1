/**
 * A small JSON-over-HTTP client for carbon APIs: responses cached per URL for a TTL, at
 * most one request per URL in flight, a timeout, and 429s honoured (no request to that API
 * until its Retry-After has passed). Errors are ProviderErrors naming the API, path and
 * status, never the request's headers (which carry the keys).
 */

import { ProviderError } from './provider.js';

export interface JsonHttpOptions {
  /** The API's name in messages ("Electricity Maps"). */
  readonly name: string;
  readonly baseUrl: string;
  readonly timeoutMs?: number;
  /** How long a successful response is reused, seconds. */
  readonly cacheTtlS?: number;
  readonly realNowMs?: () => number;
}

const DEFAULT_RETRY_AFTER_S = 60;

/** Seconds to wait from a Retry-After header (seconds or an HTTP date). */
export function retryAfterSeconds(header: string | null, nowMs: number): number {
  if (header === null) return DEFAULT_RETRY_AFTER_S;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const dateMs = Date.parse(header);
  return Number.isFinite(dateMs) ? Math.max(0, (dateMs - nowMs) / 1000) : DEFAULT_RETRY_AFTER_S;
}

export class JsonHttpClient {
  private readonly cache = new Map<string, { text: string; atMs: number }>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private blockedUntilMs = 0;
  readonly requestCount = { value: 0 };

  constructor(private readonly options: JsonHttpOptions) {}

  private now(): number {
    return (this.options.realNowMs ?? Date.now)();
  }

  /** The body text of GET `path` (relative to the base URL), from cache when fresh. */
  async getText(path: string, headers: Record<string, string> = {}, useCache = true): Promise<string> {
    const url = `${this.options.baseUrl.replace(/\/+$/, '')}${path}`;
    const cached = this.cache.get(url);
    if (useCache && cached !== undefined && this.now() - cached.atMs < (this.options.cacheTtlS ?? 300) * 1000) return cached.text;
    const pending = this.inFlight.get(url);
    if (pending !== undefined) return pending;
    const request = this.fetchText(url, path, headers).finally(() => this.inFlight.delete(url));
    this.inFlight.set(url, request);
    return request;
  }

  private async fetchText(url: string, path: string, headers: Record<string, string>): Promise<string> {
    const { name } = this.options;
    if (this.now() < this.blockedUntilMs) {
      throw new ProviderError(`${name} rate limit: no requests until ${new Date(this.blockedUntilMs).toISOString()}`);
    }
    this.requestCount.value++;
    let response: Response;
    try {
      response = await fetch(url, { headers: { accept: 'application/json', ...headers }, signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `timed out after ${this.options.timeoutMs ?? 10_000} ms` : (error as Error).message;
      throw new ProviderError(`${name} ${path}: ${reason}`);
    }
    const text = await response.text().catch(() => '');
    if (response.status === 429) {
      const waitS = retryAfterSeconds(response.headers.get('retry-after'), this.now());
      this.blockedUntilMs = this.now() + waitS * 1000;
      throw new ProviderError(`${name} ${path}: rate limited (HTTP 429); retrying after ${waitS} s`);
    }
    if (response.status === 401 || response.status === 403)
      throw new ProviderError(`${name} ${path}: the credentials were refused (HTTP ${response.status})`, { cause: response.status });
    if (!response.ok) throw new ProviderError(`${name} ${path}: HTTP ${response.status}`);
    this.cache.set(url, { text, atMs: this.now() });
    return text;
  }
}
