/**
 * The bundled data against the raw sources it was packed from (data/README.md), in the
 * folder CE_NAS_SOURCE_DATA names (CI sets it to its copy). Skipped, and said so, where it
 * is not given, unless CE_NAS_REQUIRE_PROVENANCE=1 (as CI sets it): then its absence fails.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBuiltinTrace } from '../src/carbon/builtin-traces.js';
import { parseTraceCsv } from '../src/carbon/trace-csv.js';
import { loadSearchSpace } from '../src/data/search-space.js';

const sourceFolder = process.env.CE_NAS_SOURCE_DATA;
const sharedData = resolve(sourceFolder ?? '(CE_NAS_SOURCE_DATA not set)');
const present = sourceFolder !== undefined && existsSync(join(sharedData, 'nasbench201', 'nb201_accuracy_cost.csv'));
const required = process.env.CE_NAS_REQUIRE_PROVENANCE === '1';
if (!present && !required) console.log(`data provenance: no raw sources at ${sharedData} (set CE_NAS_SOURCE_DATA), source comparison skipped`);

describe.runIf(present || required)('bundled data = shared sources', () => {
  it('should find the shared sources', () => {
    expect(present, `CE_NAS_REQUIRE_PROVENANCE=1 but ${sharedData} holds no nasbench201/nb201_accuracy_cost.csv`).toBe(true);
  });

  it.each(['nb201_accuracy_cost.csv', 'nb201_latency_help.csv', 'nb201_latency_eagle.csv'])('should hold every value of %s', (file) => {
    const space = loadSearchSpace();
    const [header, ...rows] = readFileSync(join(sharedData, 'nasbench201', file), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split(','));
    expect(rows).toHaveLength(15_625);
    header!.forEach((name, j) => {
      if (name === 'arch_str') rows.forEach((row, i) => expect(space.archString(i)).toBe(row[j]));
      else if (name === 'op_code') rows.forEach((row, i) => expect(space.opCodes(i).join('')).toBe(row[j]));
      else {
        const column = space.column(name);
        rows.forEach((row, i) => expect(Object.is(column[i], row[j] === '' ? Number.NaN : Number(row[j]))).toBe(true));
      }
    });
  });

  it('should hold every carbon trace unchanged', () => {
    for (const [file, name] of [
      ['US-CAL-CISO_2021.csv', 'US-CAL-CISO:2021'],
      ['DE_2020.csv', 'DE:2020'],
      ['GB_2020.csv', 'GB:2020'],
    ] as const) {
      const source = parseTraceCsv(readFileSync(join(sharedData, 'carbon', file), 'utf8'), file, { allowGaps: true });
      expect(loadBuiltinTrace(name).intensityGPerKwh).toEqual(source.intensityGPerKwh);
    }
  });
});
