//! The fit as a scenario fragment (TOML with each estimate's interval and data as comments)
//! and as a short summary for the console.

use super::demand::{clamp_trend, Months, Trend};
use super::{CaseFit, Fit, Interval};
use std::fmt::Write;

fn pct(level: f64) -> String {
    format!("{}%", (level * 1000.0).round() / 10.0)
}

/// `value [low, high]` with `digits` decimals.
fn ci(i: &Interval, digits: usize) -> String {
    format!("{:.digits$} [{:.digits$}, {:.digits$}]", i.value, i.low, i.high)
}

/// The TOML fragment: `[[case_types]]` tables and `[portal]`, values written only where the
/// data support them.
pub fn fragment(fit: &Fit) -> String {
    let mut out = String::new();
    let level = pct(fit.level);
    let p = &fit.period;
    let _ = writeln!(out, "# Fitted by amtsim fit from {} ({} rows read).", fit.file, fit.rows_read);
    let _ = writeln!(out, "# Data: bookings from {} to {} ({} whole weeks).", p.first, p.last(), p.weeks);
    let _ =
        writeln!(out, "# [low, high] are {level} confidence intervals; n is the number of observations behind each.");
    let _ = writeln!(
        out,
        "# per_week is the rate at {}: use it as simulation.start_date, or the trend starts elsewhere.",
        p.first
    );
    let _ = writeln!(out, "# Only portal bookings are in a booking log: walk-ins (channels.walkin) are not estimated.");
    for case in &fit.cases {
        out.push('\n');
        case_table(&mut out, case, fit);
    }
    out.push_str("\n[portal]\n");
    match fit.outcomes.no_show {
        Some(i) => {
            let _ = writeln!(
                out,
                "# no-show rate as recorded: {}, n = {} appointments that came due. Attended visits the clerk did not mark count as no-shows: the true rate may be lower.",
                ci(&i, 4),
                i.n
            );
            let _ = writeln!(out, "no_show_prob = {:.4}", i.value);
        }
        None => out.push_str("# no-show rate: no appointment with a recorded outcome\n"),
    }
    match fit.outcomes.cancel {
        Some(i) => {
            let _ = writeln!(out, "# cancellation rate: {}, n = {} bookings that came due", ci(&i, 4), i.n);
            let _ = writeln!(out, "cancel_prob = {:.4}", i.value);
        }
        None => out.push_str("# cancellation rate: no booking with a known outcome\n"),
    }
    out
}

fn case_table(out: &mut String, case: &CaseFit, fit: &Fit) {
    let d = &case.demand;
    let _ = writeln!(out, "[[case_types]]");
    let _ = writeln!(out, "name = {}", toml::Value::String(case.name.clone()));
    let _ = writeln!(
        out,
        "# bookings per week: {} over the {} weeks, n = {} bookings (attended, no-show, cancelled, still booked){}",
        ci(&d.mean_per_week, 2),
        fit.period.weeks,
        d.mean_per_week.n,
        if case.rebookings > 0 {
            format!("; {} rows of clients who booked again are not counted", case.rebookings)
        } else {
            String::new()
        }
    );
    let mut arrivals = format!("per_week = {:.2}", d.per_week.value.max(0.0));
    match &d.trend {
        Trend::TooShort => {
            let _ = writeln!(out, "# trend: not estimated (fewer than {} weeks of data)", super::MIN_TREND_WEEKS);
        }
        Trend::NotSignificant(t) => {
            let _ = writeln!(
                out,
                "# trend: {} per year, n = {} weeks; the interval contains 0, so no trend is written",
                ci(t, 3),
                fit.period.weeks
            );
        }
        Trend::Written(t) => {
            let _ = writeln!(
                out,
                "# trend: {} per year (least squares on {} weekly counts); per_week {} is the rate at the start",
                ci(t, 3),
                fit.period.weeks,
                ci(&d.per_week, 2)
            );
            let _ = write!(arrivals, ", trend_per_year = {:.4}", clamp_trend(t.value));
        }
    }
    match &d.months {
        Months::TooShort => {
            let _ = writeln!(out, "# month factors: not estimated (less than a year of data)");
        }
        Months::NotSignificant { chi2, .. } => {
            let _ = writeln!(
                out,
                "# month factors: the months do not differ more than chance (chi-square {chi2:.1}, 11 df, 1% level); none written"
            );
        }
        Months::Written { factors, chi2 } => {
            let _ = writeln!(out, "# month factors (observed / expected bookings; chi-square {chi2:.1}, 11 df):");
            for (m, f) in factors.iter().enumerate() {
                let _ = writeln!(out, "#   month {:>2}: {}, n = {}", m + 1, ci(f, 3), f.n);
            }
            let list: Vec<String> = factors.iter().map(|f| format!("{:.3}", f.value)).collect();
            let _ = write!(arrivals, ", month_factors = [{}]", list.join(", "));
        }
    }
    let days = if d.weekend_share >= 0.01 { "all" } else { "weekdays" };
    let _ = writeln!(out, "arrivals = {{ {arrivals}, days = \"{days}\" }}");
    let _ = writeln!(out, "channels = {{ portal = 1.0 }}");
    match &case.service {
        Some(s) => {
            let _ = writeln!(
                out,
                "# service time: mean {} min, cv {}, n = {} attended visits with times (percentile bootstrap)",
                ci(&s.mean_min, 2),
                ci(&s.cv, 3),
                s.mean_min.n
            );
            let _ = writeln!(
                out,
                "service_time = {{ dist = \"lognormal\", mean_min = {:.2}, cv = {:.3} }}",
                s.mean_min.value,
                s.cv.value.clamp(0.001, 10.0)
            );
        }
        None => {
            let _ = writeln!(out, "# service_time: no service times in the log; add one from your own measurements");
        }
    }
    let o = &case.outcomes;
    if let (Some(n), Some(c)) = (o.no_show, o.cancel) {
        let _ = writeln!(
            out,
            "# this case type alone: no-show rate {} (n = {}), cancellation rate {} (n = {}); [portal] has the rates of all",
            ci(&n, 4),
            n.n,
            ci(&c, 4),
            c.n
        );
    }
    if let Some(l) = &case.lead {
        let _ = writeln!(
            out,
            "# lead time (emerges in amtsim, not a parameter): mean {:.1} days, median {:.1}, p90 {:.1}, longest {:.1}, n = {}",
            l.mean_days, l.median_days, l.p90_days, l.max_days, l.n
        );
    }
}

/// A few lines for the console: what was estimated and every warning.
pub fn summary(fit: &Fit) -> String {
    let mut out = String::new();
    let level = pct(fit.level);
    let _ = writeln!(
        out,
        "{}: {} rows, {} case types, {} weeks from {} ({level} intervals)",
        fit.file,
        fit.rows_read,
        fit.cases.len(),
        fit.period.weeks,
        fit.period.first
    );
    for c in &fit.cases {
        let d = &c.demand;
        let trend = match &d.trend {
            Trend::Written(t) => format!(", trend {} per year", ci(t, 3)),
            Trend::NotSignificant(t) => format!(", no clear trend ({} per year)", ci(t, 3)),
            Trend::TooShort => String::new(),
        };
        let service =
            c.service.map_or(String::new(), |s| format!(", service {} min, cv {}", ci(&s.mean_min, 1), ci(&s.cv, 2)));
        let _ = writeln!(out, "  {}: {} bookings/week{trend}{service}", c.name, ci(&d.per_week, 1));
    }
    if let (Some(n), Some(c)) = (fit.outcomes.no_show, fit.outcomes.cancel) {
        let _ = writeln!(out, "  no-show rate (recorded) {}, cancellation rate {}", ci(&n, 3), ci(&c, 3));
    }
    for w in &fit.warnings {
        let _ = writeln!(out, "warning: {w}");
    }
    out
}
