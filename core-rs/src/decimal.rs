//! The CLI's point-file reader (`src/cli/point-text.ts`): one pass over the file's bytes
//! into doubles, in the core because a fresh process's JavaScript runs this loop unoptimised
//! for much of its length. It accepts exactly what the reader's row parser (the reference)
//! accepts on ASCII text and gives up, with no message, on anything else: the row parser
//! then says what is wrong and where. Numbers are rounded by Rust's parser (Eisel–Lemire with
//! a big-number fallback), correctly, as JavaScript's `Number()` does.

use std::mem::ManuallyDrop;

/// The state of one scan: the values so far, row-major, and the rows' count and length.
pub struct Scanner {
    values: Vec<f64>,
    rows: usize,
    dim: usize,
}

fn is_blank(c: u8) -> bool {
    // The white space of JavaScript's `\s` within ASCII, except the line feed.
    matches!(c, b' ' | b'\t' | b'\r' | 0x0b | 0x0c)
}

impl Scanner {
    fn new(capacity: usize) -> Scanner {
        Scanner { values: Vec::with_capacity(capacity), rows: 0, dim: 0 }
    }

    /// Reads whole lines: `text` ends with a line feed. False when it gives up.
    fn scan(&mut self, text: &[u8]) -> bool {
        if text.last() != Some(&b'\n') {
            return false;
        }
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
                            return false;
                        }
                        comma_pending = true;
                    }
                    i += 1;
                    c = text[i];
                }
                if c == b'\n' || c == b'#' {
                    if comma_pending {
                        return false;
                    }
                    if c == b'#' {
                        // A comment runs to the line feed; a lone carriage return (where `.` in
                        // /#.*/ stops) or a byte outside ASCII: give up.
                        i += 1;
                        c = text[i];
                        while c != b'\n' {
                            if (c == b'\r' && text[i + 1] != b'\n') || c >= 0x80 {
                                return false;
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
                    return false;
                }
                if c == b'e' || c == b'E' {
                    i += 1;
                    c = text[i];
                    if c == b'+' || c == b'-' {
                        i += 1;
                        c = text[i];
                    }
                    if !c.is_ascii_digit() {
                        return false;
                    }
                    while c.is_ascii_digit() {
                        i += 1;
                        c = text[i];
                    }
                }
                if !(c == b',' || c == b'\n' || c == b'#' || is_blank(c)) {
                    return false;
                }
                // The token is ASCII by construction, so valid UTF-8.
                let value: f64 = match std::str::from_utf8(&text[start..i]).ok().and_then(|token| token.parse().ok()) {
                    Some(value) => value,
                    None => return false,
                };
                if !value.is_finite() {
                    return false;
                }
                self.values.push(value);
                line_values += 1;
                comma_pending = false;
            }
            if line_values > 0 {
                if self.rows == 0 {
                    self.dim = line_values;
                } else if line_values != self.dim {
                    return false;
                }
                self.rows += 1;
            }
        }
        true
    }
}

/// Starts a scan with room for `capacity` values (more is allocated as needed); the
/// handle goes to `scan_chunk` and `scan_end`.
#[no_mangle]
pub extern "C" fn scan_begin(capacity: usize) -> *mut Scanner {
    Box::into_raw(Box::new(Scanner::new(capacity)))
}

/// Reads the whole lines among the `len` bytes at `text` and returns how many bytes that
/// is (up to the last line feed; 0 when there is none), or -1 when the scanner gives up.
///
/// # Safety
/// `scanner` must come from `scan_begin` and not have ended; `text` must point to `len`
/// readable bytes.
#[no_mangle]
pub unsafe extern "C" fn scan_chunk(scanner: *mut Scanner, text: *const u8, len: usize) -> i32 {
    if scanner.is_null() || text.is_null() || len > i32::MAX as usize {
        return -1;
    }
    // SAFETY: guaranteed by the caller.
    let (scanner, bytes) = unsafe { (&mut *scanner, std::slice::from_raw_parts(text, len)) };
    let whole = match bytes.iter().rposition(|&c| c == b'\n') {
        Some(last) => last + 1,
        None => return 0,
    };
    if scanner.scan(&bytes[..whole]) {
        whole as i32
    } else {
        -1
    }
}

/// Ends a scan: writes the values' address, their count, the allocation's capacity in
/// values (free it with `dealloc(address, capacity * 8)`), the number of rows and of values
/// per row to the five u32 at `out`, and frees the scanner.
///
/// # Safety
/// `scanner` must come from `scan_begin` and not have ended; `out` must point to five
/// writable u32.
#[no_mangle]
pub unsafe extern "C" fn scan_end(scanner: *mut Scanner, out: *mut u32) {
    if scanner.is_null() || out.is_null() {
        return;
    }
    // SAFETY: guaranteed by the caller.
    let scanner = unsafe { Box::from_raw(scanner) };
    let values = ManuallyDrop::new(scanner.values);
    let fields = [values.as_ptr() as usize, values.len(), values.capacity(), scanner.rows, scanner.dim];
    for (k, field) in fields.iter().enumerate() {
        // SAFETY: guaranteed by the caller; wasm32 addresses and counts fit in u32.
        unsafe { *out.add(k) = *field as u32 };
    }
}

#[cfg(test)]
mod tests {
    use super::Scanner;

    fn values(text: &str) -> Option<(Vec<f64>, usize, usize)> {
        let mut scanner = Scanner::new(0);
        scanner.scan(text.as_bytes()).then(|| (scanner.values, scanner.rows, scanner.dim))
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
    fn reads_a_file_in_chunks_of_whole_lines() {
        let text = b"1 2\n3 4\n5 6";
        let mut scanner = Scanner::new(0);
        let consumed = unsafe { super::scan_chunk(&mut scanner, text.as_ptr(), 6) }; // "1 2\n3 " 
        assert_eq!(consumed, 4);
        let consumed = unsafe { super::scan_chunk(&mut scanner, text[4..].as_ptr(), 7) }; // "3 4\n5 6"
        assert_eq!(consumed, 4);
        assert!(scanner.scan(b"5 6\n"));
        assert_eq!((scanner.values, scanner.rows, scanner.dim), (vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, 2));
    }

    #[test]
    fn gives_up_on_what_the_row_parser_rejects_or_reads_otherwise() {
        for text in ["1e999\n", "1e\n", ".\n", "0x10\n", "1,,2\n", ",1\n", "1,\n", "1 2\n3\n", "1 # \u{e9}\n", "1 # a\rb\n", "1_0\n", "1"] {
            assert!(values(text).is_none(), "{:?}", text);
        }
    }
}
