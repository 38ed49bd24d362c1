//! e^x by musl's algorithm (FreeBSD msun), the same sequence of IEEE-754 operations as
//! `spec/exp.ts`, so that core and spec agree bit for bit (the platform `exp` may not).

const LN2_HI: f64 = 6.93147180369123816490e-01;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const INV_LN2: f64 = 1.44269504088896338700e+00;
const P1: f64 = 1.66666666666666019037e-01;
const P2: f64 = -2.77777777770155933842e-03;
const P3: f64 = 6.61375632143793436117e-05;
const P4: f64 = -1.65339022054652515390e-06;
const P5: f64 = 4.13813679705723846039e-08;

/// 2^n for −1022 ≤ n ≤ 1023.
fn power_of_two(n: i32) -> f64 {
    f64::from_bits(((0x3ff + n) as u64) << 52)
}

/// x · 2^n without double rounding (musl's scalbn).
fn scale_by_power_of_two(x: f64, n: i32) -> f64 {
    let mut y = x;
    let mut k = n;
    if k > 1023 {
        y *= power_of_two(1023);
        k -= 1023;
        if k > 1023 {
            y *= power_of_two(1023);
            k -= 1023;
            if k > 1023 {
                k = 1023;
            }
        }
    } else if k < -1022 {
        y *= power_of_two(-1022) * power_of_two(53);
        k += 1022 - 53;
        if k < -1022 {
            y *= power_of_two(-1022) * power_of_two(53);
            k += 1022 - 53;
            if k < -1022 {
                k = -1022;
            }
        }
    }
    y * power_of_two(k)
}

pub fn exp(x: f64) -> f64 {
    let high = (x.to_bits() >> 32) as u32;
    let sign = (high >> 31) as i32;
    let abs_high = high & 0x7fff_ffff;
    if abs_high >= 0x4086_232b {
        if x.is_nan() {
            return x;
        }
        if x > 709.782712893383973096 {
            return f64::INFINITY;
        }
        if x < -745.13321910194110842 {
            return 0.0;
        }
    }
    let (hi, lo, k, reduced);
    if abs_high > 0x3fd6_2e42 {
        k = if abs_high >= 0x3ff0_a2b2 {
            (INV_LN2 * x + if sign == 0 { 0.5 } else { -0.5 }) as i32
        } else {
            1 - sign - sign
        };
        hi = x - k as f64 * LN2_HI;
        lo = k as f64 * LN2_LO;
        reduced = hi - lo;
    } else if abs_high > 0x3e30_0000 {
        k = 0;
        hi = x;
        lo = 0.0;
        reduced = x;
    } else {
        return 1.0 + x;
    }
    let xx = reduced * reduced;
    let c = reduced - xx * (P1 + xx * (P2 + xx * (P3 + xx * (P4 + xx * P5))));
    let y = 1.0 + (reduced * c / (2.0 - c) - lo + hi);
    if k == 0 {
        y
    } else {
        scale_by_power_of_two(y, k)
    }
}
