/**
 * e^x, computed by a fixed sequence of IEEE-754 operations so that the spec and the
 * WebAssembly core (core-rs/src/exp.rs, the same algorithm) agree bit for bit; the
 * platforms' own `exp` functions may differ in the last bit. The algorithm is musl's
 * `exp` (from FreeBSD msun: argument reduction by ln 2, a degree-5 rational approximation,
 * scaling by 2^k), accurate to under 1 ulp.
 */

const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.6533902205465251539e-6;
const P5 = 4.13813679705723846039e-8;

// One 8-byte scratch cell seen as a double and as two 32-bit words; the index of the high
// word depends on the platform's byte order.
const scratchDouble = new Float64Array(1);
const scratchWords = new Uint32Array(scratchDouble.buffer);
const HIGH = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;
const LOW = 1 - HIGH;

function highWord(x: number): number {
  scratchDouble[0] = x;
  return scratchWords[HIGH]!;
}

/** 2^n for −1022 ≤ n ≤ 1023, built from its bits. */
function powerOfTwo(n: number): number {
  scratchWords[HIGH] = (0x3ff + n) << 20;
  scratchWords[LOW] = 0;
  return scratchDouble[0]!;
}

/** x · 2^n without double rounding (musl's scalbn). */
export function scaleByPowerOfTwo(x: number, n: number): number {
  let y = x;
  let k = n;
  if (k > 1023) {
    y *= powerOfTwo(1023);
    k -= 1023;
    if (k > 1023) {
      y *= powerOfTwo(1023);
      k -= 1023;
      if (k > 1023) k = 1023;
    }
  } else if (k < -1022) {
    y *= powerOfTwo(-1022) * powerOfTwo(53);
    k += 1022 - 53;
    if (k < -1022) {
      y *= powerOfTwo(-1022) * powerOfTwo(53);
      k += 1022 - 53;
      if (k < -1022) k = -1022;
    }
  }
  return y * powerOfTwo(k);
}

export function exp(x: number): number {
  const high = highWord(x);
  const sign = high >>> 31;
  const absHigh = high & 0x7fffffff;
  if (absHigh >= 0x4086232b) {
    // |x| ≥ 708.39 or NaN
    if (Number.isNaN(x)) return x;
    if (x > 709.782712893383973096) return Infinity;
    if (x < -745.13321910194110842) return 0;
  }
  let hi: number;
  let lo: number;
  let k: number;
  let reduced: number;
  if (absHigh > 0x3fd62e42) {
    // |x| > 0.5 ln 2
    k = absHigh >= 0x3ff0a2b2 ? Math.trunc(INV_LN2 * x + (sign === 0 ? 0.5 : -0.5)) : 1 - sign - sign;
    hi = x - k * LN2_HI;
    lo = k * LN2_LO;
    reduced = hi - lo;
  } else if (absHigh > 0x3e300000) {
    // |x| > 2^-28
    k = 0;
    hi = x;
    lo = 0;
    reduced = x;
  } else {
    return 1 + x;
  }
  const xx = reduced * reduced;
  const c = reduced - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
  const y = 1 + ((reduced * c) / (2 - c) - lo + hi);
  return k === 0 ? y : scaleByPowerOfTwo(y, k);
}
