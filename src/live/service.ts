/**
 * The live service's state, apart from HTTP: per pool, the last decision and until when it
 * holds; the provider's signal, refreshed at most every `refreshS` real seconds (single
 * flight, so a burst of requests asks the provider once). When the provider fails, the last
 * answer is served marked stale rather than failing the caller, which is what a cluster
 * scheduler needs from a carbon signal that is advisory.
 */

import type { CarbonTrace } from '../carbon/trace.js';
import type { Policy } from '../sim/policies.js';
import { type Decision, decide, type DecisionInputs, decisionInputs, type PoolSettings } from './decide.js';
import { type CarbonProvider, ProviderError, readingAt } from './provider.js';
import { Random } from '../random.js';

export interface Answer<T> {
  readonly value: T;
  /** True when the provider failed and this is the last good answer. */
  readonly stale: boolean;
  /** Why it is stale (the provider's error), for logs and the health route. */
  readonly reason?: string;
}

export interface ServiceEvents {
  onDecision?(pool: string, decision: Decision): void;
  onProviderFailure?(message: string): void;
  onStale?(what: string): void;
}

interface PoolState {
  readonly settings: PoolSettings;
  readonly policy: Policy;
  readonly random: Random;
  inputs?: DecisionInputs;
  last?: Decision;
}

export class LiveService {
  private signal?: CarbonTrace;
  private signalFetchedMs = -Infinity;
  private refreshing?: Promise<CarbonTrace> | undefined;
  /** After a failure the provider is not asked again before this (no stampede on a failing API). */
  private nextAttemptMs = -Infinity;
  private readonly pools = new Map<string, PoolState>();
  /** The provider's last failure, cleared by its next success. */
  failure?: { readonly message: string; readonly atMs: number } | undefined;
  lastProviderSuccessMs?: number;

  constructor(
    readonly provider: CarbonProvider,
    pools: readonly { settings: PoolSettings; policy: Policy }[],
    private readonly refreshS: number,
    readonly events: ServiceEvents = {},
    private readonly realNowMs: () => number = Date.now,
  ) {
    for (const { settings, policy } of pools) this.pools.set(settings.name, { settings, policy, random: new Random(settings.seed) });
  }

  poolNames(): string[] {
    return [...this.pools.keys()];
  }

  poolSettings(name: string): PoolSettings | undefined {
    return this.pools.get(name)?.settings;
  }

  policyName(name: string): string | undefined {
    return this.pools.get(name)?.policy.name;
  }

  private refreshDue(): boolean {
    const nowMs = this.realNowMs();
    return nowMs - this.signalFetchedMs >= this.refreshS * 1000 && nowMs >= this.nextAttemptMs;
  }

  /** Asks the provider once, however many callers wait; records success and failure. */
  private refresh(): Promise<CarbonTrace> {
    this.refreshing ??= this.provider
      .signal()
      .then((trace) => {
        if (trace !== this.signal) {
          // A revised signal: every cached decision may be out of date.
          for (const pool of this.pools.values()) {
            delete pool.inputs;
            delete pool.last;
          }
        }
        this.signal = trace;
        this.signalFetchedMs = this.realNowMs();
        this.lastProviderSuccessMs = this.signalFetchedMs;
        this.failure = undefined;
        return trace;
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.failure = { message, atMs: this.realNowMs() };
        this.nextAttemptMs = this.failure.atMs + Math.min(60, Math.max(1, this.refreshS)) * 1000;
        this.events.onProviderFailure?.(message);
        throw new ProviderError(message);
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** The provider's signal: cached for `refreshS`; while it fails, the last good one, marked stale. */
  private async currentSignal(): Promise<Answer<CarbonTrace>> {
    if (this.signal !== undefined && !this.refreshDue()) {
      return this.failure === undefined ? { value: this.signal, stale: false } : { value: this.signal, stale: true, reason: this.failure.message };
    }
    if (this.realNowMs() < this.nextAttemptMs && this.failure !== undefined) {
      if (this.signal === undefined) throw new ProviderError(this.failure.message);
      return { value: this.signal, stale: true, reason: this.failure.message };
    }
    try {
      return { value: await this.refresh(), stale: false };
    } catch (error) {
      if (this.signal === undefined || !(error instanceof ProviderError)) throw error;
      return { value: this.signal, stale: true, reason: error.message };
    }
  }

  /**
   * The hot path, without a promise: the pool's last decision while it still holds on the
   * clock (the signal is refreshed in the background when due).
   */
  cachedAllocation(pool: string): Answer<Decision> | undefined {
    const last = this.pools.get(pool)?.last;
    if (last === undefined) return undefined;
    const nowS = this.provider.clock.nowS();
    if (!(nowS >= last.timeS && nowS < last.validUntilS)) return undefined;
    if (this.refreshing === undefined && this.refreshDue()) this.refresh().catch(() => undefined);
    if (this.failure === undefined) return { value: last, stale: false };
    this.events.onStale?.('allocation');
    return { value: last, stale: true, reason: this.failure.message };
  }

  /**
   * The pool's split now, or at `atS` (a past time of the pool's search, for a driver that
   * decides at its own epochs). Undefined for an unknown pool. While the provider fails, the
   * decision is made on its last good signal, or is the last decision when that signal does
   * not reach now, and is marked stale either way.
   */
  async allocation(pool: string, atS?: number): Promise<Answer<Decision> | undefined> {
    const state = this.pools.get(pool);
    if (state === undefined) return undefined;
    if (atS === undefined) {
      const cached = this.cachedAllocation(pool);
      if (cached !== undefined) return cached;
    }
    let signal: Answer<CarbonTrace>;
    try {
      signal = await this.currentSignal();
    } catch (error) {
      if (!(error instanceof ProviderError) || state.last === undefined || atS !== undefined) throw error;
      this.events.onStale?.('allocation');
      return { value: state.last, stale: true, reason: error.message };
    }
    const timeS = atS ?? this.provider.clock.nowS();
    try {
      readingAt(signal.value, timeS); // a ProviderError when the signal does not cover the time
    } catch (error) {
      if (!(error instanceof ProviderError) || state.last === undefined || atS !== undefined) throw error;
      this.events.onStale?.('allocation');
      return { value: state.last, stale: true, reason: signal.reason ?? error.message };
    }
    state.inputs ??= decisionInputs(state.policy, state.settings, signal.value, state.random);
    const decision = decide(state.inputs, timeS);
    if (atS === undefined) state.last = decision;
    this.events.onDecision?.(pool, decision);
    if (signal.stale) this.events.onStale?.('allocation');
    return signal.stale ? { value: decision, stale: true, reason: signal.reason! } : { value: decision, stale: false };
  }

  /** The provider's signal, or the last good one marked stale. */
  async signalAnswer(): Promise<Answer<CarbonTrace>> {
    const answer = await this.currentSignal();
    if (answer.stale) this.events.onStale?.('signal');
    return answer;
  }
}
