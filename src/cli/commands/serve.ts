/**
 * `ce-nas serve`: CE-NAS's allocation as a live HTTP service. For each named pool it answers
 * how many GPUs should sample and how many evaluate now, decided by the simulator's policy
 * code on a replayed trace (`--trace`, with a clock `--replay-speed` times real time) or on
 * a live provider (`--provider electricitymaps|watttime`). Runs until SIGINT or SIGTERM.
 */

import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import type { CliIo } from '../io.js';

interface ServeFlags {
  readonly trace?: string;
  readonly provider?: string;
  readonly zone?: string;
  readonly region?: string;
  readonly providerUrl?: string;
  readonly refreshSeconds: string;
  readonly replayStart?: string;
  readonly replaySpeed: string;
  readonly pool: string[];
  readonly policy: string;
  readonly window?: string;
  readonly start?: string;
  readonly hours: string;
  readonly seed: string;
  readonly signal: string;
  readonly kind?: string;
  readonly host: string;
  readonly port: string;
  readonly tokenEnv: string;
}

function positiveNumber(text: string, flag: string, integer = false): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new InputError(`${flag}: expected a ${integer ? 'whole ' : ''}number ≥ 0, got '${text}'`);
  }
  return value;
}

function parsePools(specs: readonly string[]): { name: string; gpus: number }[] {
  const pools = (specs.length === 0 ? ['default=8'] : specs).map((spec) => {
    const match = /^([A-Za-z0-9._-]{1,64})=(\d+)$/.exec(spec);
    if (match === null || Number(match[2]) < 1 || Number(match[2]) > 4096)
      throw new InputError(`--pool: expected NAME=GPUS (1 to 4096 GPUs; name of letters, digits, . _ -), got '${spec}'`);
    return { name: match[1]!, gpus: Number(match[2]) };
  });
  const names = new Set<string>();
  for (const { name } of pools) {
    if (names.has(name)) throw new InputError(`--pool: '${name}' is named twice`);
    names.add(name);
  }
  return pools;
}

function requiredEnv(name: string, what: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new InputError(`${what} needs the environment variable ${name}`);
  return value;
}

async function runServe(io: CliIo, flags: ServeFlags): Promise<void> {
  const [{ parseTimestamp }, { isoSeconds }, { parseScenario, parseWindow }, clockModule, providerModule, decideModule, { LiveService }] = await Promise.all([
    import('../../carbon/trace-csv.js'),
    import('../../carbon/trace.js'),
    import('../../sim/scenario.js'),
    import('../../live/clock.js'),
    import('../../live/provider.js'),
    import('../../live/decide.js'),
    import('../../live/service.js'),
  ]);
  if (flags.signal !== 'lca' && flags.signal !== 'direct') throw new InputError(`--signal: expected lca or direct, got '${flags.signal}'`);
  if (flags.kind !== undefined && flags.kind !== 'average' && flags.kind !== 'marginal')
    throw new InputError(`--kind: expected average or marginal, got '${flags.kind}'`);
  const port = positiveNumber(flags.port, '--port', true);
  if (port > 65535) throw new InputError(`--port: expected 0 to 65535, got ${port}`);
  const defaults = parseScenario({}, 'defaults');
  const window = flags.window === undefined ? defaults.window : parseWindow(flags.window);
  const hours = positiveNumber(flags.hours, '--hours');
  if (hours === 0) throw new InputError('--hours: the search must last more than 0 hours');
  const seed = positiveNumber(flags.seed, '--seed', true);
  const refreshS = positiveNumber(flags.refreshSeconds, '--refresh-seconds');
  const time = (text: string, flag: string): number => {
    const tS = parseTimestamp(text, true);
    if (tS === undefined) throw new InputError(`${flag}: expected an ISO-8601 timestamp with a zone, got '${text}'`);
    return tS;
  };
  const providerName = flags.provider ?? (flags.trace !== undefined ? 'replay' : undefined);
  let provider;
  let replay: import('../../live/clock.js').ReplayClock | undefined;
  let replayFromS = 0;
  let startS: number;
  if (providerName === 'replay') {
    if (flags.trace === undefined) throw new InputError('--provider replay needs --trace NAME|FILE');
    const { builtinTraceNames, loadBuiltinTrace } = await import('../../carbon/builtin-traces.js');
    const { readAnyTraceFile } = await import('../../carbon/formats/read.js');
    const loaded = builtinTraceNames().includes(flags.trace)
      ? { trace: loadBuiltinTrace(flags.trace, flags.signal), provenance: { kind: 'average' as const } }
      : readAnyTraceFile(flags.trace, { signal: flags.signal, ...(flags.kind === undefined ? {} : { kind: flags.kind }) });
    const replayStartS =
      flags.replayStart !== undefined
        ? time(flags.replayStart, '--replay-start')
        : flags.start !== undefined
          ? time(flags.start, '--start')
          : loaded.trace.timesS[0]!;
    const { trace } = loaded;
    if (replayStartS < trace.timesS[0]! || replayStartS >= trace.endS) {
      throw new InputError(
        `--replay-start: ${isoSeconds(replayStartS)} is outside the trace ${trace.name} [${isoSeconds(trace.timesS[0]!)}, ${isoSeconds(trace.endS)})`,
      );
    }
    const speed = positiveNumber(flags.replaySpeed, '--replay-speed');
    if (speed === 0) throw new InputError('--replay-speed: must be more than 0');
    replay = clockModule.replayClock(replayStartS, speed);
    replayFromS = replayStartS;
    provider = providerModule.replayProvider(trace, replay, flags.kind ?? loaded.provenance.kind);
    startS = flags.start !== undefined ? time(flags.start, '--start') : replayStartS;
  } else if (providerName === 'electricitymaps' || providerName === 'watttime') {
    if (flags.trace !== undefined || flags.replayStart !== undefined)
      throw new InputError(`--trace and --replay-start are for --provider replay, not ${providerName}`);
    const cache = { cacheTtlS: Math.max(1, refreshS), ...(flags.providerUrl === undefined ? {} : { baseUrl: flags.providerUrl }) };
    if (providerName === 'electricitymaps') {
      if (flags.zone === undefined) throw new InputError('--provider electricitymaps needs --zone (e.g. DE)');
      const { electricityMapsProvider, ELECTRICITY_MAPS_KEY_VARIABLE } = await import('../../live/electricitymaps.js');
      provider = electricityMapsProvider({
        zone: flags.zone,
        apiKey: requiredEnv(ELECTRICITY_MAPS_KEY_VARIABLE, '--provider electricitymaps'),
        signal: flags.signal,
        clock: clockModule.systemClock,
        ...cache,
      });
    } else {
      if (flags.region === undefined) throw new InputError('--provider watttime needs --region (e.g. CAISO_NORTH)');
      const { wattTimeProvider, WATTTIME_PASSWORD_VARIABLE, WATTTIME_USER_VARIABLE } = await import('../../live/watttime.js');
      provider = wattTimeProvider({
        region: flags.region,
        username: requiredEnv(WATTTIME_USER_VARIABLE, '--provider watttime'),
        password: requiredEnv(WATTTIME_PASSWORD_VARIABLE, '--provider watttime'),
        clock: clockModule.systemClock,
        ...cache,
      });
    }
    startS = flags.start !== undefined ? time(flags.start, '--start') : clockModule.systemClock.nowS();
  } else {
    throw new InputError(
      `--provider: expected replay (with --trace), electricitymaps or watttime, got '${providerName ?? '(none)'}'; give --trace NAME|FILE to replay a trace`,
    );
  }

  const pools = [];
  for (const { name, gpus } of parsePools(flags.pool)) {
    const settings = {
      name,
      gpus,
      policy: flags.policy,
      window,
      allocation: defaults.allocation,
      searchStartS: startS,
      searchEndS: startS + hours * 3600,
      seed,
    };
    pools.push({ settings, policy: await decideModule.resolvePolicy(settings, process.cwd()) });
  }
  // A replayed signal never changes; a live one is asked again every refresh period.
  const service = new LiveService(provider, pools, providerName === 'replay' ? Infinity : refreshS);
  const token = process.env[flags.tokenEnv];
  const { buildServer } = await import('../../live/server.js');
  const { app } = await buildServer({ service, token: token === '' ? undefined : token });
  let address: string;
  try {
    address = await app.listen({ host: flags.host, port });
  } catch (error) {
    throw new Error(`cannot listen on ${flags.host}:${port} (${(error as Error).message})`);
  }
  replay?.begin(); // the replay starts when the service can answer
  const poolText = pools.map(({ settings, policy }) => `${settings.name} (${settings.gpus} GPUs, ${policy.name})`).join(', ');
  io.stdout(
    `ce-nas serve: listening on ${address}; pools: ${poolText}; search ${isoSeconds(startS)} + ${hours} h; ${provider.description}` +
      `${providerName === 'replay' ? ` from ${isoSeconds(replayFromS)} at ${provider.clock.speed}×` : ''}; bearer token ${token ? 'required' : 'off'}\n`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await app.close();
  io.stderr('ce-nas serve: stopped\n');
}

export function registerServeCommand(program: Command, io: CliIo): void {
  program
    .command('serve')
    .description("answer, over HTTP, how a pool's GPUs should split between sampling and evaluation now (CE-NAS's allocation as a live service)")
    .option('--trace <name|file>', 'replay a built-in ZONE:YEAR trace or a trace file of any format `ce-nas data trace` reads')
    .option('--replay-start <iso>', 'trace time at which the replay begins (default: --start, else the trace start)')
    .option('--replay-speed <x>', 'trace seconds per real second (3600: an hour per second)', '1')
    .option('--provider <name>', 'replay (with --trace), electricitymaps (key in ELECTRICITYMAPS_API_KEY) or watttime (WATTTIME_USERNAME, WATTTIME_PASSWORD)')
    .option('--zone <zone>', 'Electricity Maps zone, e.g. DE')
    .option('--region <region>', 'WattTime region, e.g. CAISO_NORTH')
    .option('--provider-url <url>', "the provider API's base URL (default: its public one)")
    .option('--refresh-seconds <s>', 'ask a live provider again at most this often', '300')
    .option('--pool <name=gpus>', 'a pool of GPUs to allocate (repeatable; default default=8)', (value: string, all: string[]) => [...all, value], [])
    .option('--policy <name>', 'cenas, vanilla, oneshot, random, fixed:λ or a module path, as in simulate', 'cenas')
    .option('--window <kind>', "CE-NAS's window: reference, remaining, search, trailing:H, past-year or forecast:H (default reference, as simulate)")
    .option('--start <iso>', 'start of the search (default: the replay start, or now)')
    .option('--hours <h>', 'length of the search', '40')
    .option('--seed <n>', 'seed of the random policy', '0')
    .option('--signal <lca|direct>', 'life-cycle or direct intensity (Electricity Maps)', 'lca')
    .option('--kind <average|marginal>', 'state the kind of a trace file whose format does not')
    .option('--host <address>', 'address to bind (default: this machine only)', '127.0.0.1')
    .option('--port <n>', 'port (0: any free one)', '8080')
    .option('--token-env <name>', 'environment variable holding the bearer token that callers must send (unset: no token)', 'CE_NAS_SERVE_TOKEN')
    .action(async (flags: ServeFlags) => runServe(io, flags));
}
