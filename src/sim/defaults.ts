/**
 * The model's cited defaults, in one place (each source is given in docs/MODEL.md §2–§3,
 * with how sure we are of it). Settings in scenario.ts take their defaults from here.
 */

/** Busy and held-idle power of one GPU, W. */
export interface GpuProfile {
  readonly busyW: number;
  readonly idleW: number;
}

/**
 * Busy power is the board's maximum (TDP / total graphics power) from the vendor's
 * datasheet: an upper bound on what a training run draws. Held-idle power is a GPU with a
 * CUDA context and no kernel: 50 W for data-centre (HBM) cards, the top of the 26–50 W a
 * context adds over bare idle (Vadari 2026, arXiv:2605.23918), so a lower bound; for the
 * consumer card, its measured desktop idle (18 W) plus the 66 W the same paper gives for a
 * GDDR card's context.
 */
export const GPU_PROFILES = {
  'V100-SXM2': { busyW: 300, idleW: 50 },
  'V100-PCIe': { busyW: 250, idleW: 50 },
  'A100-SXM4': { busyW: 400, idleW: 50 },
  'A100-PCIe': { busyW: 300, idleW: 50 },
  'H100-SXM5': { busyW: 700, idleW: 50 },
  'H100-PCIe': { busyW: 350, idleW: 50 },
  'RTX-3090': { busyW: 350, idleW: 84 },
} as const satisfies Record<string, GpuProfile>;

export type GpuProfileName = keyof typeof GPU_PROFILES;
export const GPU_PROFILE_NAMES = Object.keys(GPU_PROFILES) as [GpuProfileName, ...GpuProfileName[]];

/** NAS-Bench-201's training times date from 2019-2020 data-centre GPUs; the V100 is the card of that era. */
export const DEFAULT_GPU_PROFILE: GpuProfileName = 'V100-SXM2';

/** Industry-average PUE, Uptime Institute Global Data Center Survey 2023. */
export const DEFAULT_PUE = 1.58;

/**
 * Supernet training: the search cost of RSPS (random search with parameter sharing, the
 * plain uniformly sampled supernet) on NAS-Bench-201 CIFAR-10, 8007.13 GPU-seconds (NAS-Bench-201's
 * table as reproduced in TE-NAS, ICLR 2021, Table 1).
 */
export const DEFAULT_SUPERNET_GPU_HOURS = 8007.13 / 3600;

/**
 * Kendall τ of the simulated supernet's estimates with the true accuracy. This project's
 * choice, not a figure from a table we could verify (MODEL.md §2 says where to look); the
 * study varies it.
 */
export const DEFAULT_SUPERNET_KENDALL_TAU = 0.7;
