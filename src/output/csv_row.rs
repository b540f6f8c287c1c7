//! Writing the rows of the large per-day files straight into one text, without a string per
//! cell: these files are megabytes per run, and formatting them once cost as much as the
//! simulation itself.

use super::sweep_csv::push_csv_field;
use std::fmt::Write;

/// One row of a CSV file, cell by cell. `end` closes the line.
pub struct Row<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Row<'a> {
    pub fn start(out: &'a mut String) -> Row<'a> {
        Row { out, first: true }
    }

    fn next_cell(&mut self) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.out
    }

    /// A whole number.
    pub fn int(mut self, v: impl itoa::Integer) -> Self {
        self.next_cell().push_str(itoa::Buffer::new().format(v));
        self
    }

    /// A number with `decimals` digits after the point, as `format!("{x:.N}")` writes it.
    pub fn fixed(mut self, x: f64, decimals: u32) -> Self {
        push_fixed(self.next_cell(), x, decimals);
        self
    }

    /// A number in its shortest exact form (as `x.to_string()`).
    pub fn shortest(mut self, x: f64) -> Self {
        let _ = write!(self.next_cell(), "{x}");
        self
    }

    /// A name or other text, quoted when it holds a comma, quote or line break.
    pub fn text(mut self, text: &str) -> Self {
        push_csv_field(self.next_cell(), text);
        self
    }

    /// An empty cell (an undefined value).
    pub fn empty(mut self) -> Self {
        self.next_cell();
        self
    }

    pub fn opt_int(self, v: Option<impl itoa::Integer>) -> Self {
        match v {
            Some(v) => self.int(v),
            None => self.empty(),
        }
    }

    pub fn opt_fixed(self, x: Option<f64>, decimals: u32) -> Self {
        match x {
            Some(x) => self.fixed(x, decimals),
            None => self.empty(),
        }
    }

    pub fn opt_shortest(self, x: Option<f64>) -> Self {
        match x {
            Some(x) => self.shortest(x),
            None => self.empty(),
        }
    }

    pub fn end(self) {
        self.out.push('\n');
    }
}

/// Appends `x` with `decimals` (at most 6) digits after the point, byte for byte as
/// `format!("{x:.N}")` (the exact binary value rounded half to even), but by integer
/// arithmetic instead of the formatter's big-number path. Falls back to the formatter for
/// values too large for it and for NaN and infinities.
pub fn push_fixed(out: &mut String, x: f64, decimals: u32) {
    match scaled_units(x, decimals) {
        Some(units) => {
            if x.is_sign_negative() {
                out.push('-');
            }
            let scale = 10u64.pow(decimals);
            let mut digits = itoa::Buffer::new();
            out.push_str(digits.format(units / scale));
            if decimals > 0 {
                out.push('.');
                let fraction = digits.format(units % scale);
                out.extend(std::iter::repeat_n('0', decimals as usize - fraction.len()));
                out.push_str(fraction);
            }
        }
        None => {
            let _ = write!(out, "{x:.*}", decimals as usize);
        }
    }
}

/// |x| × 10^decimals rounded half to even, when it fits a u64.
fn scaled_units(x: f64, decimals: u32) -> Option<u64> {
    if !x.is_finite() || decimals > 6 {
        return None;
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    // |x| = mantissa × 2^exponent exactly.
    let (mantissa, exponent) = if biased == 0 { (fraction, -1074) } else { (fraction | 1u64 << 52, biased - 1075) };
    // Below 2^53 × 10^6 < 2^73: exact in a u128.
    let scaled = u128::from(mantissa) * u128::from(10u64.pow(decimals));
    let units = if exponent >= 0 {
        if exponent > 60 {
            return None;
        }
        scaled << exponent
    } else {
        let shift = exponent.unsigned_abs();
        if shift >= 127 {
            // Below 2^73 / 2^127: far under one half.
            0
        } else {
            let whole = scaled >> shift;
            let rest = scaled & ((1u128 << shift) - 1);
            let half = 1u128 << (shift - 1);
            whole + u128::from(rest > half || (rest == half && whole & 1 == 1))
        }
    };
    u64::try_from(units).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};

    fn fixed(x: f64, decimals: u32) -> String {
        let mut out = String::new();
        push_fixed(&mut out, x, decimals);
        out
    }

    #[test]
    fn fixed_is_the_formatters_text_for_every_kind_of_value() {
        let mut rng = rand_pcg::Pcg64::seed_from_u64(29);
        let mut values: Vec<f64> = vec![
            0.0,
            -0.0,
            0.05,
            0.15,
            0.25,
            0.35,
            2.5,
            -2.5,
            0.0005,
            0.0015,
            -0.00049,
            1e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            1e18,
            1.8e19,
            9.2e18,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        // Exact ties of every precision (k + 1/2) / 10^d, their neighbours, and random values.
        for d in 0..=6 {
            for k in 0..2000u32 {
                let tie = (f64::from(k) + 0.5) / 10f64.powi(d);
                values.extend([tie, f64::from_bits(tie.to_bits() + 1), f64::from_bits(tie.to_bits() - 1), -tie]);
            }
        }
        for _ in 0..100_000 {
            values.push(rng.random_range(-1000.0..1000.0));
            values.push(rng.random_range(0.0..600.0_f64).round() / 60.0);
        }
        values.extend((0..20_000).map(|_| f64::from_bits(rng.random::<u64>())));
        for x in values {
            for d in 0..=6 {
                assert_eq!(fixed(x, d), format!("{x:.*}", d as usize), "x = {x:e} ({:#x}), {d} decimals", x.to_bits());
            }
        }
    }

    #[test]
    fn a_row_joins_its_cells_and_quotes_names() {
        let mut out = String::new();
        Row::start(&mut out)
            .int(7u32)
            .fixed(1.25, 1)
            .text("Asyl, Duldung")
            .opt_int(None::<u32>)
            .opt_shortest(Some(0.1))
            .fixed(-3.0, 3)
            .end();
        assert_eq!(out, "7,1.2,\"Asyl, Duldung\",,0.1,-3.000\n");
    }
}
