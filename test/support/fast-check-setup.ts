import fc from 'fast-check';
import { PROPERTY_RUNS, TEST_SEED } from './seed.js';

fc.configureGlobal({ seed: TEST_SEED, numRuns: PROPERTY_RUNS });
