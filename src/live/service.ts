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
  private readonly pools = new Map<string, PoolState>();
  lastProviderError?: { readonly message: string; readonly atMs: number };
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

  /** The provider's signal: cached for `refreshS`, fetched once however many ask at a time. */
  private async currentSignal(): Promise<CarbonTrace> {
    if (this.signal !== undefined && this.realNowMs() - this.signalFetchedMs < this.refreshS * 1000) return this.signal;
    this.refreshing ??= this.provider
      .signal()
      .then((trace) => {
        if (trace !== this.signal) for (const pool of this.pools.values()) delete pool.inputs;
        this.signal = trace;
        this.signalFetchedMs = this.realNowMs();
        this.lastProviderSuccessMs = this.signalFetchedMs;
        return trace;
      })
      .catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        this.lastProviderError = { message, atMs: this.realNowMs() };
        this.events.onProviderFailure?.(message);
        throw new ProviderError(message);
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** True when a fresh answer for `pool` is cached: the hot path, no promise needed. */
  cachedAllocation(pool: string): Decision | undefined {
    const state = this.pools.get(pool);
    const last = state?.last;
    if (last === undefined || this.realNowMs() - this.signalFetchedMs >= this.refreshS * 1000) return undefined;
    const nowS = this.provider.clock.nowS();
    return nowS >= last.timeS && nowS < last.validUntilS ? last : undefined;
  }

  /**
   * The pool's split now, or at `atS` (a past time of the pool's search, for a driver that
   * decides at its own epochs). Undefined for an unknown pool.
   */
  async allocation(pool: string, atS?: number): Promise<Answer<Decision> | undefined> {
    const state = this.pools.get(pool);
    if (state === undefined) return undefined;
    if (atS === undefined) {
      const cached = this.cachedAllocation(pool);
      if (cached !== undefined) return { value: cached, stale: false };
    }
    try {
      const trace = await this.currentSignal();
      state.inputs ??= { ...decisionInputs(state.policy, state.settings, trace, state.random) };
      const timeS = atS ?? this.provider.clock.nowS();
      readingAt(trace, timeS); // a ProviderError when the signal does not cover the time
      const decision = decide(state.inputs, timeS);
      if (atS === undefined) state.last = decision;
      this.events.onDecision?.(pool, decision);
      return { value: decision, stale: false };
    } catch (error) {
      if (!(error instanceof ProviderError) || state.last === undefined || atS !== undefined) throw error;
      this.events.onStale?.('allocation');
      return { value: state.last, stale: true, reason: error.message };
    }
  }

  /** The provider's signal, or the last good one marked stale. */
  async signalAnswer(): Promise<Answer<CarbonTrace>> {
    try {
      return { value: await this.currentSignal(), stale: false };
    } catch (error) {
      if (this.signal === undefined) throw error;
      this.events.onStale?.('signal');
      return { value: this.signal, stale: true, reason: (error as Error).message };
    }
  }
}
