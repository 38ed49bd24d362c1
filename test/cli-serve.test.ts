/** `ce-nas serve`'s flags: bad ones exit with 2 and one line before anything listens. */

import { describe, expect, it } from 'vitest';
import { runCliCaptured as run } from './support/run-cli.js';

describe('ce-nas serve flags', () => {
  it.each([
    [[], "--provider: expected replay (with --trace), electricitymaps or watttime, got '(none)'; give --trace NAME|FILE to replay a trace"],
    [['--trace', 'ES:2022', '--pool', 'gpus'], "--pool: expected NAME=GPUS (1 to 4096 GPUs; name of letters, digits, . _ -), got 'gpus'"],
    [['--trace', 'ES:2022', '--pool', 'a=2', '--pool', 'a=3'], "--pool: 'a' is named twice"],
    [['--trace', 'ES:2022', '--replay-speed', '0'], '--replay-speed: must be more than 0'],
    [
      ['--trace', 'ES:2022', '--replay-start', '2030-01-01T00:00:00Z'],
      '--replay-start: 2030-01-01T00:00:00Z is outside the trace ES:2022 [2022-01-01T00:00:00Z, 2023-01-01T00:00:00Z)',
    ],
    [['--trace', 'ES:2022', '--window', 'soon'], "window: expected reference, remaining, search, trailing:HOURS, past-year or forecast:HOURS, got 'soon'"],
    [
      ['--trace', 'ES:2022', '--policy', 'greedy'],
      "unknown policy 'greedy'; built-in policies: cenas, vanilla, oneshot, random, fixed:λ, fixed:matched, learned:FILE, forecast:MODEL:HOURS, defer:MODEL:HOURS (MODEL: persistence, seasonal-day, seasonal-week, ar, file:PATH) (or a module path)",
    ],
    [['--trace', 'ES:2022', '--port', '70000'], '--port: expected 0 to 65535, got 70000'],
    [['--trace', 'no-such.csv'], 'no-such.csv: cannot read (no such file)'],
    [['--provider', 'electricitymaps'], '--provider electricitymaps needs --zone (e.g. DE)'],
    [['--provider', 'watttime', '--region', 'CAISO_NORTH'], '--provider watttime needs the environment variable WATTTIME_USERNAME'],
  ])('should refuse %j in one line', async (args, message) => {
    const saved = process.env.WATTTIME_USERNAME;
    delete process.env.WATTTIME_USERNAME;
    try {
      expect(await run(['serve', ...args])).toEqual({ code: 2, stdout: '', stderr: `ce-nas: ${message}\n` });
    } finally {
      if (saved !== undefined) process.env.WATTTIME_USERNAME = saved;
    }
  });
});
