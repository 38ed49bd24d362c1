/**
 * Reads a carbon trace in any supported format (CSV or JSON, plain or gzipped), detected
 * from the content, with its provenance: format, average or marginal, unit conversion.
 */

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describeReadError, InputError } from '../../errors.js';
import { readCsvTrace } from './csv-formats.js';
import { type JsonReadOptions, readJsonTrace } from './json-formats.js';
import type { LoadedTrace } from './model.js';

/** Parses text of any supported format; `source` names it in errors. */
export function parseAnyTrace(text: string, source: string, options: JsonReadOptions = {}): LoadedTrace {
  const start = text.replace(/^\uFEFF/, '').trimStart()[0];
  return start === '{' || start === '[' ? readJsonTrace(text, source, options) : readCsvTrace(text, source, options);
}

/** Reads a trace file of any supported format. */
export function readAnyTraceFile(path: string, options: JsonReadOptions = {}): LoadedTrace {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new InputError(`${path}: cannot read (${describeReadError(error)})`);
  }
  let text: string;
  try {
    text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  } catch (error) {
    throw new InputError(`${path}: corrupt gzip data (${(error as Error).message})`);
  }
  return parseAnyTrace(text, path, options);
}
