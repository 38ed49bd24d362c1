/**
 * `ce-nas data`: the bundled search space and carbon traces with their facts;
 * `ce-nas data front`: the true Pareto front of the whole space and its hypervolume;
 * `ce-nas data trace FILE`: validate a user's trace and print its facts.
 */

import type { Command } from 'commander';
import { builtinTraceNames, loadBuiltinTrace } from '../../carbon/builtin-traces.js';
import type { CarbonSignal } from '../../carbon/trace.js';
import { traceFacts, type TraceFacts } from '../../carbon/trace.js';
import { readAnyTraceFile } from '../../carbon/formats/read.js';
import type { SignalKind, TraceProvenance } from '../../carbon/formats/model.js';
import { DEFAULT_OBJECTIVES, objectiveSet, parseObjectives } from '../../data/objectives.js';
import { loadSearchSpace } from '../../data/search-space.js';
import { InputError, withUserInput } from '../../errors.js';
import { hypervolume, paretoRanks } from '../../pareto.js';
import type { CliIo } from '../io.js';
import { parseNumberList } from '../point-text.js';
import { formatNumber, formatTable } from '../table.js';

function describeStep(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${seconds / 60} min`;
}

function traceTable(facts: readonly TraceFacts[]): string {
  return formatTable(
    ['trace', 'signal', 'rows', 'start', 'end', 'step', 'gaps', 'min', 'mean', 'max'],
    facts.map((f) => [
      f.name,
      f.signal,
      String(f.rows),
      f.start,
      f.end,
      describeStep(f.stepS),
      String(f.gaps),
      formatNumber(f.minGPerKwh, 1),
      formatNumber(f.meanGPerKwh, 1),
      formatNumber(f.maxGPerKwh, 1),
    ]),
    [false, false, true, false, false, true, true, true, true, true],
  );
}

function checkSignal(text: string): CarbonSignal {
  if (text !== 'lca' && text !== 'direct') throw new InputError(`--signal: expected lca or direct, got '${text}'`);
  return text;
}

const FORMAT_LABELS: Readonly<Record<TraceProvenance['format'], string>> = {
  'electricitymaps-csv': 'Electricity Maps export (CSV)',
  'electricitymaps-api-json': 'Electricity Maps API response (JSON)',
  'watttime-csv': 'WattTime historical data (CSV)',
  'watttime-json': 'WattTime API data (JSON)',
  'carbon-aware-sdk-json': 'Carbon Aware SDK emissions (JSON)',
  'uk-carbon-intensity-json': 'UK Carbon Intensity API (JSON)',
  'generic-csv': 'generic CSV',
};

function provenanceText(provenance: TraceProvenance): string {
  const conversion =
    provenance.toGPerKwh === 1 ? `${provenance.sourceUnit} (no conversion)` : `${provenance.sourceUnit} × ${provenance.toGPerKwh} → gCO2eq/kWh`;
  return (
    [
      `format  ${FORMAT_LABELS[provenance.format]}, field '${provenance.field}'`,
      `kind    ${provenance.kind}`,
      `unit    ${conversion}`,
      ...provenance.notes.map((note) => `note    ${note}`),
    ].join('\n') + '\n\n'
  );
}

function checkKind(text: string | undefined): SignalKind | undefined {
  if (text === undefined || text === 'average' || text === 'marginal') return text;
  throw new InputError(`--kind: expected average or marginal, got '${text}'`);
}

function listData(io: CliIo, json: boolean): void {
  const space = loadSearchSpace();
  const spaceFacts = {
    name: space.name,
    architectures: space.size,
    isomorphismClasses: space.isomorphismClassCount(),
    columns: space.columnNames.length,
  };
  const traces = builtinTraceNames().map((name) => traceFacts(loadBuiltinTrace(name)));
  if (json) {
    io.stdout(`${JSON.stringify({ searchSpaces: [spaceFacts], traces }, null, 2)}\n`);
    return;
  }
  io.stdout(
    `Search spaces\n${formatTable(
      ['space', 'architectures', 'isomorphism classes', 'columns'],
      [[spaceFacts.name, String(spaceFacts.architectures), String(spaceFacts.isomorphismClasses), String(spaceFacts.columns)]],
      [false, true, true, true],
    )}\nCarbon traces (gCO2eq/kWh; mean weighted by time)\n${traceTable(traces)}`,
  );
}

interface FrontFlags {
  readonly objectives: string;
  readonly reference?: string;
  readonly json?: boolean;
}

function printFront(io: CliIo, flags: FrontFlags): void {
  const space = loadSearchSpace();
  const set = objectiveSet(space, parseObjectives(flags.objectives, space));
  const reference = flags.reference === undefined ? set.defaultReference : parseNumberList(flags.reference, '--reference');
  if (reference.length !== set.objectives.length) {
    throw new InputError(`--reference has ${reference.length} values for ${set.objectives.length} objectives`);
  }
  const ranks = paretoRanks(set.points, { maximise: set.maximise });
  const dim = set.points.dim;
  const front = [...ranks.keys()].filter((row) => ranks[row] === 0);
  // Best first in the first objective, then by index.
  const sign = set.maximise[0] ? -1 : 1;
  front.sort((a, b) => sign * (set.points.values[a * dim]! - set.points.values[b * dim]!) || set.indices[a]! - set.indices[b]!);
  const hv = withUserInput(`--reference ${reference.join(',')}`, () => hypervolume(set.points, reference, { maximise: set.maximise }));
  const members = front.map((row) => ({
    index: set.indices[row]!,
    arch: space.archString(set.indices[row]!),
    values: Array.from(set.points.values.subarray(row * dim, (row + 1) * dim)),
  }));
  if (flags.json === true) {
    io.stdout(`${JSON.stringify({ objectives: set.objectives, reference, excluded: set.excludedCount, hypervolume: hv, front: members }, null, 2)}\n`);
    return;
  }
  const header = ['index', 'arch', ...set.objectives.map(({ column, direction }) => `${column} (${direction})`)];
  io.stdout(
    formatTable(
      header,
      members.map((m) => [String(m.index), m.arch, ...m.values.map((value) => formatNumber(value, 6))]),
      header.map((_, j) => j !== 1),
    ),
  );
  io.stdout(
    `\n${members.length} architectures on the front of ${set.points.n}` +
      (set.excludedCount > 0 ? ` (${set.excludedCount} excluded for missing values)` : '') +
      `\nhypervolume ${String(hv)} for reference (${reference.join(', ')})\n`,
  );
}

export function registerDataCommands(program: Command, io: CliIo): void {
  const data = program
    .command('data')
    .description('list the bundled search space and carbon traces with their facts')
    .option('--json', 'print JSON')
    // `data front --json` belongs to `front`, not to `data`.
    .enablePositionalOptions()
    .action((flags: { json?: boolean }) => listData(io, flags.json === true));

  data
    .command('front')
    .description('print the true Pareto front of the whole search space and its hypervolume')
    .option('--objectives <list>', 'objective columns with directions', DEFAULT_OBJECTIVES)
    .option('--reference <values>', 'reference point (default: 0 for accuracies, the largest value for minimised objectives)')
    .option('--json', 'print JSON')
    .action((flags: FrontFlags) => printFront(io, flags));

  data
    .command('trace')
    .description(
      "detect a carbon trace's format (Electricity Maps, WattTime, Carbon Aware SDK, UK Carbon Intensity API, generic CSV), validate it and print its facts",
    )
    .argument('<FILE>', 'CSV or JSON file, plain or gzipped')
    .option('--signal <lca|direct>', 'life-cycle or direct-emission intensity (Electricity Maps)', 'lca')
    .option('--kind <average|marginal>', 'state the kind when the format cannot (Carbon Aware SDK: marginal by default)')
    .option('--allow-gaps', 'accept spacings longer than the step (the earlier row holds across)')
    .option('--json', 'print JSON')
    .action((file: string, flags: { signal: string; kind?: string; allowGaps?: boolean; json?: boolean }) => {
      const kind = checkKind(flags.kind);
      const { trace, provenance } = readAnyTraceFile(file, {
        signal: checkSignal(flags.signal),
        allowGaps: flags.allowGaps === true,
        ...(kind === undefined ? {} : { kind }),
      });
      const facts = traceFacts(trace);
      io.stdout(flags.json === true ? `${JSON.stringify({ ...facts, provenance }, null, 2)}\n` : provenanceText(provenance) + traceTable([facts]));
    });
}
