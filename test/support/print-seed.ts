import { PROPERTY_RUNS, TEST_SEED } from './seed.js';

export default function printSeed(): void {
  console.log(`fast-check seed ${TEST_SEED}, ${PROPERTY_RUNS} runs per property (set CE_NAS_SEED / CE_NAS_SLOW=1 to change)`);
}
