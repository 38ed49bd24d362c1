/**
 * The `ce-nas` command run from its TypeScript sources (`node --import tsx` this file), for
 * tests that need a separate process: they then check the code as it is, never a stale dist/.
 */

import { main } from '../../src/cli/main.js';

await main();
