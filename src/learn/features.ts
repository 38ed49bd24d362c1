/**
 * What a learned allocation policy sees (MODEL.md §7): a few features of the carbon trace's
 * past and of the search's state, each computed from rows at or before the decision time only,
 * so a policy built on them is causal by construction (a test shuffles the future and checks).
 */

import { intensityAt, rowAt } from '../carbon/trace.js';
import type { PolicyContext } from '../sim/policies.js';
import { SECONDS_PER_HOUR } from '../units.js';

export const FEATURE_NAMES = [
  /** Share of the past 24 h's rows below the intensity now (ties count half): 0 cleanest, 1 dirtiest. */
  'percentile24h',
  /** The same over the past week. */
  'percentile168h',
  /** (now − the past 24 h's mean) / that mean. */
  'relativeToMean24h',
  /** The seasonal-naive forecast of the next 6 h (yesterday's same hours) over now, minus 1. */
  'seasonalSlope6h',
  /** Share of the time budget used. */
  'budgetUsed',
  /** Normalised hypervolume so far (0 where the caller does not know the search's state). */
  'hvNormalized',
  /** Queued estimates over the queue's capacity. */
  'queueFill',
] as const;

export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Rows in force during the `hours` before `timeS`, the row in force now included. */
function pastRows(context: PolicyContext, hours: number): { first: number; now: number } {
  const { trace } = context.carbon;
  const now = rowAt(trace, context.timeS);
  const fromS = Math.max(trace.timesS[0]!, context.timeS - hours * SECONDS_PER_HOUR);
  return { first: rowAt(trace, fromS), now };
}

function percentile(context: PolicyContext, hours: number): number {
  const { first, now } = pastRows(context, hours);
  const values = context.carbon.trace.intensityGPerKwh;
  const current = context.intensityGPerKwh;
  let below = 0;
  for (let row = first; row <= now; row++) below += values[row]! < current ? 1 : values[row]! === current ? 0.5 : 0;
  return below / (now - first + 1);
}

function relativeToMean(context: PolicyContext, hours: number): number {
  const { first, now } = pastRows(context, hours);
  const values = context.carbon.trace.intensityGPerKwh;
  let sum = 0;
  for (let row = first; row <= now; row++) sum += values[row]!;
  const mean = sum / (now - first + 1);
  return mean > 0 ? (context.intensityGPerKwh - mean) / mean : 0;
}

function seasonalSlope(context: PolicyContext, hours: number): number {
  const { trace } = context.carbon;
  const dayAgoS = context.timeS - 24 * SECONDS_PER_HOUR;
  if (dayAgoS < trace.timesS[0]! || context.intensityGPerKwh <= 0) return 0;
  let sum = 0;
  for (let hour = 1; hour <= hours; hour++) sum += intensityAt(trace, Math.min(context.timeS, dayAgoS + hour * SECONDS_PER_HOUR));
  return sum / hours / context.intensityGPerKwh - 1;
}

/** The value of one feature at a decision epoch. */
export function feature(name: FeatureName, context: PolicyContext): number {
  switch (name) {
    case 'percentile24h':
      return percentile(context, 24);
    case 'percentile168h':
      return percentile(context, 168);
    case 'relativeToMean24h':
      return relativeToMean(context, 24);
    case 'seasonalSlope6h':
      return seasonalSlope(context, 6);
    case 'budgetUsed':
      return Math.min(1, Math.max(0, (context.timeS - context.searchStartS) / (context.searchEndS - context.searchStartS)));
    case 'hvNormalized':
      return context.search?.hvNormalized ?? 0;
    case 'queueFill':
      return context.search === undefined || context.search.queueCapacity === 0 ? 0 : context.search.queued / context.search.queueCapacity;
  }
}
