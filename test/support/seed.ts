/**
 * The one seed behind every randomised test: CE_NAS_SEED when set, else a fixed value, so
 * that runs are reproducible. `CE_NAS_SLOW=1` runs many more cases.
 */
export const TEST_SEED = Number.parseInt(process.env.CE_NAS_SEED ?? '20261128', 10);
export const SLOW = process.env.CE_NAS_SLOW === '1';
export const PROPERTY_RUNS = SLOW ? 2_000 : 150;
