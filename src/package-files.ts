/** Files shipped with the package (the WebAssembly core, bundled data), found at run time. */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The absolute path of `relativePath` inside the package, found by walking up from this
 * module (it runs from `src/` under vitest and tsx, and from `dist/src/` when installed).
 */
export function packageFile(relativePath: string): string {
  const here = fileURLToPath(import.meta.url);
  for (let dir = dirname(here); ; dir = dirname(dir)) {
    const candidate = join(dir, relativePath);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`ce-nas: cannot find ${relativePath} in the package above ${here}`);
  }
}
