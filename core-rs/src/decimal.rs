//! The CLI's point-file reader (`src/cli/point-text.ts`): one pass over the file's bytes
//! into doubles, in the core because a fresh process's JavaScript runs this loop unoptimised
//! for much of its length. It accepts exactly what the reader's row parser (the reference)
//! accepts on ASCII text and gives up, with no message, on anything else: the row parser
//! then says what is wrong and where. Numbers are rounded by Rust's parser (Eisel–Lemire with
//! a big-number fallback), correctly, as JavaScript's `Number()` does.

use std::mem::ManuallyDrop;

/// Status of `scan_points`: the text was read.
const SCANNED: i32 = 0;
/// Status of `scan_points`: something the scanner does not accept (or a bad argument).
const GAVE_UP: i32 = 1;

fn is_blank(c: u8) -> bool {
    // The white space of JavaScript's `\s` within ASCII, except the line feed.
    matches!(c, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

/// One pass over `text`, which ends with a line feed; the values, row-major, and the
/// number of rows and of values per row (0 when there are none).
fn scan(text: &[u8]) -> Option<(Vec<f64>, usize, usize)> {
    if text.last() != Some(&b'\n') {
        return None;
    }
    let mut values: Vec<f64> = Vec::with_capacity(text.len() / 8 + 16);
    let (mut rows, mut dim) = (0usize, 0usize);
    let end = text.len();
    let mut i = 0;
    // Every read below is in range: the final line feed stops each inner loop.
    while i < end {
        let mut line_values = 0usize;
        let mut comma_pending = false; // a comma since the last value: another, or none after it, is an empty value
        loop {
            let mut c = text[i];
            while c == b',' || is_blank(c) {
                if c == b',' {
                    if comma_pending || line_values == 0 {
                        return None;
                    }
                    comma_pending = true;
                }
                i += 1;
                c = text[i];
            }
            if c == b'\n' || c == b'#' {
                if comma_pending {
                    return None;
                }
                if c == b'#' {
                    // A comment runs to the line feed; a lone carriage return (where `.` in
                    // /#.*/ stops) or a byte outside ASCII: give up.
                    i += 1;
                    c = text[i];
                    while c != b'\n' {
                        if (c == b'\r' && text[i + 1] != b'\n') || c >= 0x80 {
                            return None;
                        }
                        i += 1;
                        c = text[i];
                    }
                }
                i += 1;
                break;
            }
            // A decimal number: [+-]? (digits [. digits*] | . digits) ([eE] [+-]? digits)?
            let start = i;
            if c == b'+' || c == b'-' {
                i += 1;
                c = text[i];
            }
            let mantissa_start = i;
            while c.is_ascii_digit() {
                i += 1;
                c = text[i];
            }
            let mut digits = i - mantissa_start;
            if c == b'.' {
                i += 1;
                let fraction_start = i;
                c = text[i];
                while c.is_ascii_digit() {
                    i += 1;
                    c = text[i];
                }
                digits += i - fraction_start;
            }
            if digits == 0 {
                return None;
            }
            if c == b'e' || c == b'E' {
                i += 1;
                c = text[i];
                if c == b'+' || c == b'-' {
                    i += 1;
                    c = text[i];
                }
                if !c.is_ascii_digit() {
                    return None;
                }
                while c.is_ascii_digit() {
                    i += 1;
                    c = text[i];
                }
            }
            if !(c == b',' || c == b'\n' || c == b'#' || is_blank(c)) {
                return None;
            }
            // The token is ASCII by construction, so valid UTF-8.
            let value: f64 = std::str::from_utf8(&text[start..i]).ok()?.parse().ok()?;
            if !value.is_finite() {
                return None;
            }
            values.push(value);
            line_values += 1;
            comma_pending = false;
        }
        if line_values > 0 {
            if rows == 0 {
                dim = line_values;
            } else if line_values != dim {
                return None;
            }
            rows += 1;
        }
    }
    Some((values, rows, dim))
}

/// Scans the `len` bytes at `text` (ending with a line feed). On success writes the values'
/// address, their count, the allocation's capacity in values (free it with
/// `dealloc(address, capacity * 8)`), the number of rows and of values per row to the five
/// u32 at `out`, and returns 0; returns 1, allocating nothing, when it gives up.
///
/// # Safety
/// `text` must point to `len` readable bytes and `out` to five writable u32.
#[no_mangle]
pub unsafe extern "C" fn scan_points(text: *const u8, len: usize, out: *mut u32) -> i32 {
    if text.is_null() || out.is_null() || len == 0 {
        return GAVE_UP;
    }
    // SAFETY: guaranteed by the caller.
    let bytes = unsafe { std::slice::from_raw_parts(text, len) };
    match scan(bytes) {
        None => GAVE_UP,
        Some((values, rows, dim)) => {
            let values = ManuallyDrop::new(values);
            let fields = [values.as_ptr() as usize, values.len(), values.capacity(), rows, dim];
            for (k, field) in fields.iter().enumerate() {
                // SAFETY: guaranteed by the caller; wasm32 addresses and counts fit in u32.
                unsafe { *out.add(k) = *field as u32 };
            }
            SCANNED
        }
    }
}

#[cfg(test)]
mod tests {
    use super::scan;

    fn values(text: &str) -> Option<(Vec<f64>, usize, usize)> {
        scan(text.as_bytes())
    }

    #[test]
    fn reads_numbers_exactly_in_the_forms_the_row_parser_accepts() {
        let (v, rows, dim) = values("# header\n0.16773613851142777, +.5\t3.\r\n\n2E-2 -1e3 7 # note\n").unwrap();
        assert_eq!(v, vec![0.16773613851142777, 0.5, 3.0, 0.02, -1000.0, 7.0]);
        assert_eq!((rows, dim), (2, 3));
        assert!(values("-0\n").unwrap().0[0].is_sign_negative());
        assert_eq!(values("9007199254740993\n").unwrap().0, vec![9007199254740992.0]); // a tie, to even
        assert_eq!(values("2.4703282292062328e-324\n").unwrap().0, vec![5e-324]); // just above the tie
        assert_eq!(values("\n\n").unwrap(), (vec![], 0, 0));
    }

    #[test]
    fn gives_up_on_what_the_row_parser_rejects_or_reads_otherwise() {
        for text in ["1e999\n", "1e\n", ".\n", "0x10\n", "1,,2\n", ",1\n", "1,\n", "1 2\n3\n", "1 # \u{e9}\n", "1 # a\rb\n", "1_0\n", "1"] {
            assert!(values(text).is_none(), "{:?}", text);
        }
    }
}
