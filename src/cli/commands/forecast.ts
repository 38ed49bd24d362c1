/**
 * `ce-nas forecast eval`: the accuracy (MAE and MAPE by horizon) of each carbon forecaster on
 * each bundled trace, or on the traces named (MODEL.md §8).
 */

import type { Command } from 'commander';
import { builtinTraceNames, resolveTrace } from '../../carbon/builtin-traces.js';
import { InputError } from '../../errors.js';
import { evaluateForecaster, type ForecastEvaluation } from '../../forecast/evaluate.js';
import { forecasterByName } from '../../forecast/forecasters.js';
import type { CliIo } from '../io.js';
import { parseNumberList } from '../point-text.js';
import { formatNumber, formatTable } from '../table.js';

const DEFAULT_MODELS = 'persistence,seasonal-day,seasonal-week,ar';
const DEFAULT_HORIZONS = '1,6,24';
/** Every forecaster compared starts after the longest history any of them reads (the AR model's five weeks). */
const WARM_UP_DAYS = 35;

interface EvalFlags {
  readonly traces?: string;
  readonly models: string;
  readonly horizons: string;
  readonly every: string;
  readonly json?: boolean;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

export function evaluateForecasts(flags: EvalFlags): ForecastEvaluation[] {
  const horizonsHours = parseNumberList(flags.horizons, '--horizons');
  if (horizonsHours.length === 0 || horizonsHours.some((hours) => !(hours > 0)))
    throw new InputError(`--horizons: expected hours > 0, got '${flags.horizons}'`);
  const everyHours = Number(flags.every);
  if (!(everyHours > 0 && Number.isInteger(everyHours))) throw new InputError(`--every: expected a whole number of hours > 0, got '${flags.every}'`);
  const forecasters = splitList(flags.models).map(forecasterByName);
  if (forecasters.length === 0) throw new InputError('--models: no forecaster named');
  const traces = flags.traces === undefined ? builtinTraceNames() : splitList(flags.traces);
  const options = { horizonsHours, everyHours, warmUpS: WARM_UP_DAYS * 86400 };
  return traces.flatMap((name) => {
    const trace = resolveTrace(name, { allowGaps: true });
    return forecasters.map((forecaster) => evaluateForecaster(trace, forecaster, options));
  });
}

function evaluationTable(evaluations: readonly ForecastEvaluation[]): string {
  const horizons = evaluations[0]!.byHorizon.map((error) => error.horizonHours);
  const header = ['trace', 'forecaster', 'issues', ...horizons.flatMap((hours) => [`MAE ${hours} h`, `MAPE ${hours} h`])];
  const rows = evaluations.map((evaluation) => [
    evaluation.trace,
    evaluation.forecaster,
    String(evaluation.issues),
    ...evaluation.byHorizon.flatMap((error) => [formatNumber(error.maeGPerKwh, 1), `${formatNumber(error.mapePercent, 1)} %`]),
  ]);
  return formatTable(
    header,
    rows,
    header.map((_, j) => j >= 2),
  );
}

export function registerForecastCommands(program: Command, io: CliIo): void {
  const forecast = program.command('forecast').description('carbon-intensity forecasters: their accuracy on the bundled traces');
  forecast
    .command('eval')
    .description('print the MAE and MAPE by horizon of each forecaster on each bundled trace')
    .option('--traces <list>', 'traces to evaluate on (built-in names or files; default: every bundled trace)')
    .option('--models <list>', 'forecasters: persistence, seasonal-day, seasonal-week, ar, file:PATH', DEFAULT_MODELS)
    .option('--horizons <hours>', 'horizons to report, hours ahead', DEFAULT_HORIZONS)
    .option('--every <hours>', 'hours between two forecast issues', '6')
    .option('--json', 'print JSON')
    .action((flags: EvalFlags) => {
      const evaluations = evaluateForecasts(flags);
      io.stdout(flags.json === true ? `${JSON.stringify(evaluations, null, 2)}\n` : evaluationTable(evaluations));
    });
}
