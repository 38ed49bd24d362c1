//! Exact decimal-to-double conversion for the CLI's point-file reader (`src/cli/point-text.ts`).
//! The reader checks the grammar and converts the easy numbers itself (Clinger's fast path);
//! the others (16 and more significant digits, large exponents) come here, where Rust's
//! parser (Eisel–Lemire, with a big-number fallback) rounds correctly, as JavaScript's
//! `Number()` does, only several times faster.

/// The double nearest to the ASCII decimal number in the `len` bytes at `ptr` (ties to
/// even), or NaN when they are not a number Rust reads (the reader never passes such).
///
/// # Safety
/// `ptr` must point to `len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn parse_decimal(ptr: *const u8, len: usize) -> f64 {
    if ptr.is_null() || len == 0 {
        return f64::NAN;
    }
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { std::slice::from_raw_parts(ptr, len) };
    match std::str::from_utf8(bytes) {
        Ok(text) => text.parse::<f64>().unwrap_or(f64::NAN),
        Err(_) => f64::NAN,
    }
}

#[cfg(test)]
mod tests {
    use super::parse_decimal;

    fn parse(text: &str) -> f64 {
        // SAFETY: a live string slice.
        unsafe { parse_decimal(text.as_ptr(), text.len()) }
    }

    #[test]
    fn reads_the_forms_the_point_reader_accepts() {
        assert_eq!(parse("0.16773613851142777"), 0.16773613851142777);
        assert_eq!(parse("+.5"), 0.5);
        assert_eq!(parse("3."), 3.0);
        assert_eq!(parse("2E-2"), 0.02);
        assert_eq!(parse("-1e3"), -1000.0);
        assert!(parse("-0").is_sign_negative());
        assert_eq!(parse("1e999"), f64::INFINITY);
        assert_eq!(parse("2.4703282292062328e-324"), 5e-324); // just above the tie: rounds up
        assert_eq!(parse("2.4703282292062327e-324"), 0.0); // just below it: rounds to zero
        assert_eq!(parse("9007199254740993"), 9007199254740992.0); // 2^53 + 1: a tie, to even
        assert_eq!(parse("9007199254740993.0000000000000000000001"), 9007199254740994.0);
    }

    #[test]
    fn rejects_what_is_not_a_number() {
        assert!(parse("").is_nan());
        assert!(parse("1e").is_nan());
        assert!(parse("0x10").is_nan());
    }
}
