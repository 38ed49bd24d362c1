import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planSweep } from '../src/sweep/grid.js';
import { mergeResults, runSweep } from '../src/sweep/run-sweep.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = join(ROOT, 'examples/cluster/slurm-sweep.sh');
const CONFIG = {
  base: { hours: 6, gpus: 3, lamoo: { kernel: 'rbf' } },
  grid: { policy: ['cenas', 'vanilla'], seed: [0, 1, 2], start: { from: '2021-03-01T00:00:00Z', to: '2021-03-01T12:00:00Z', everyHours: 12 } },
};

/** A Slurm cluster answers (`scripts/slurm-local.sh` starts one; CI always does). */
function slurmIsUp(): boolean {
  const result = spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8' });
  return result.status === 0 && /idle|mixed|allocated/.test(result.stdout);
}

const required = process.env.CE_NAS_REQUIRE_SLURM === '1';
const available = slurmIsUp();
if (!available && !required) console.warn('slurm.test.ts: no Slurm cluster here; run `bash scripts/slurm-local.sh` (as root) to include the job-array test');

describe.runIf(available || required)('a sweep as a Slurm job array', () => {
  it('should run 4 array tasks whose merged shards equal the unsharded sweep', async () => {
    // Arrange
    expect(available, 'CE_NAS_REQUIRE_SLURM=1 but no Slurm cluster answers sinfo').toBe(true);
    const dir = mkdtempSync(join(tmpdir(), 'ce-nas-slurm-'));
    const configFile = join(dir, 'sweep-config.json');
    writeFileSync(configFile, JSON.stringify(CONFIG));
    // Act: the documented array script, as users submit it.
    const submitted = spawnSync(
      'sbatch',
      ['--array=0-3', '--wait', `--chdir=${ROOT}`, `--output=${join(dir, 'task-%A_%a.out')}`, SCRIPT, configFile, join(dir, 'shards')],
      { encoding: 'utf8', timeout: 300_000 },
    );
    // Assert
    expect(submitted.status, `${submitted.stdout}${submitted.stderr}`).toBe(0);
    const plan = planSweep(CONFIG, 'test');
    const merged = mergeResults(
      plan,
      [1, 2, 3, 4].map((k) => join(dir, 'shards', `runs-${k}-of-4.jsonl`)),
    );
    await runSweep(plan, { outDir: join(dir, 'whole'), workers: 0, config: CONFIG });
    expect(merged).toEqual(mergeResults(plan, [join(dir, 'whole', 'runs.jsonl')]));
    expect(readFileSync(join(dir, 'task-' + submitted.stdout.trim().split(' ').pop() + '_0.out'), 'utf8')).toMatch(/sweep shard 1\/4: 3 runs done/);
  }, 320_000);
});
