/**
 * Forecasts read from a file: CSV with the header `issue_time,horizon_hours,intensity_g_per_kwh`,
 * one row per forecast value (issue time ISO-8601 with a zone; hours ahead > 0; gCO2eq/kWh ≥ 0).
 * At a decision the forecaster uses the latest issue at or before it (so it stays causal), and
 * for each step the value of that issue's latest target time (issue + horizon) at or before the
 * step's row start, or its first value for steps before its first target.
 */

import { readFileSync } from 'node:fs';
import { parseTimestamp } from '../carbon/trace-csv.js';
import { isoSeconds, lastStartAtOrBefore } from '../carbon/trace.js';
import { describeReadError, InputError } from '../errors.js';
import { parseFiniteNumber } from '../text/numbers.js';
import { SECONDS_PER_HOUR } from '../units.js';
import type { Forecaster } from './forecasters.js';
import { lastRowStartS } from './past.js';

const HEADER = 'issue_time,horizon_hours,intensity_g_per_kwh';

interface Issue {
  readonly issueS: number;
  /** Target times (issue + horizon), increasing, and their values. */
  readonly targetsS: number[];
  readonly values: number[];
}

/** Parses the file's text; every problem is an InputError naming the source and line. */
export function parseForecastCsv(text: string, source: string): Issue[] {
  const lines = text.split(/\r?\n/);
  if (lines[0]?.trim() !== HEADER) throw new InputError(`${source}, line 1: expected the header '${HEADER}'`);
  const byIssue = new Map<number, { targetS: number; value: number }[]>();
  lines.slice(1).forEach((line, k) => {
    if (line.trim() === '') return;
    const where = `${source}, line ${k + 2}`;
    const cells = line.split(',').map((cell) => cell.trim());
    if (cells.length !== 3) throw new InputError(`${where}: expected 3 columns, found ${cells.length}`);
    const issueS = parseTimestamp(cells[0]!, true);
    if (issueS === undefined) throw new InputError(`${where}: issue_time '${cells[0]}' is not an ISO-8601 timestamp with a zone`);
    const hours = parseFiniteNumber(cells[1]!, `${where}, horizon_hours`);
    if (!(hours > 0)) throw new InputError(`${where}: horizon_hours must be > 0, got ${hours}`);
    const value = parseFiniteNumber(cells[2]!, `${where}, intensity_g_per_kwh`);
    if (!(value >= 0)) throw new InputError(`${where}: intensity_g_per_kwh must be ≥ 0, got ${value}`);
    const rows = byIssue.get(issueS) ?? [];
    rows.push({ targetS: issueS + hours * SECONDS_PER_HOUR, value });
    byIssue.set(issueS, rows);
  });
  if (byIssue.size === 0) throw new InputError(`${source}: no forecast rows`);
  return [...byIssue.entries()]
    .sort(([a], [b]) => a - b)
    .map(([issueS, rows]) => {
      rows.sort((a, b) => a.targetS - b.targetS);
      rows.forEach((row, k) => {
        if (k > 0 && row.targetS === rows[k - 1]!.targetS) {
          throw new InputError(`${source}: issue ${isoSeconds(issueS)} has two values for ${isoSeconds(row.targetS)}`);
        }
      });
      return { issueS, targetsS: rows.map((row) => row.targetS), values: rows.map((row) => row.value) };
    });
}

/** The forecaster of the file at `path`. */
export function readForecastFile(path: string): Forecaster {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`forecast file ${path}: ${describeReadError(error)}`);
  }
  return fileForecaster(parseForecastCsv(text, path), `file:${path}`);
}

export function fileForecaster(issues: readonly Issue[], name: string): Forecaster {
  const issueTimesS = Float64Array.from(issues, (issue) => issue.issueS);
  return {
    name,
    historyS: 0,
    forecast(past, steps) {
      if (issues[0]!.issueS > past.issueS) {
        throw new InputError(`${name}: no forecast issued at or before ${isoSeconds(past.issueS)} (the first is ${isoSeconds(issues[0]!.issueS)})`);
      }
      // The latest issue at or before the decision (the issues are sorted).
      const { targetsS, values } = issues[lastStartAtOrBefore(issueTimesS, past.issueS)]!;
      const out = new Float64Array(steps);
      let j = 0;
      for (let k = 1; k <= steps; k++) {
        const stepStartS = lastRowStartS(past) + k * past.stepS;
        while (j + 1 < targetsS.length && targetsS[j + 1]! <= stepStartS) j++;
        out[k - 1] = values[j]!;
      }
      return out;
    },
  };
}
