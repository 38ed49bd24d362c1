/**
 * `npx tsx scripts/pareto-points.ts DIR`: writes the point sets of the moocore comparison
 * (bench/vs-c-cases.ts) to DIR, one text file per case, so that any other implementation can
 * be timed on exactly the points `npm run bench -- vs-c` uses.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { caseFileName, pointFileText, VS_C_CASES, vsCPoints } from '../bench/vs-c-cases.js';
import { writeFileAtomically } from '../src/files.js';

const directory = process.argv[2];
if (directory === undefined) {
  process.stderr.write('usage: tsx scripts/pareto-points.ts DIR\n');
  process.exit(2);
}
mkdirSync(directory, { recursive: true });
for (const c of VS_C_CASES) {
  const path = join(directory, caseFileName(c));
  writeFileAtomically(path, pointFileText(vsCPoints(c.shape, c.n, c.dim), c.dim));
  process.stdout.write(`${path}\n`);
}
