//! runs.csv of `run` and `compare`: one row per replication (and arm) with every figure, as
//! `sweep` writes it, so that an analyst can compute any statistic of their own.

use super::csv_field;

/// The figures of one replication of one arm.
pub struct RunFigures<'a> {
    /// The arm (`baseline` or the policy's name); `None` for `run`.
    pub arm: Option<&'a str>,
    pub replication: u32,
    pub figures: &'a [f64],
}

/// runs.csv: `[arm,]replication,` then one column per figure name; undefined figures are
/// empty cells.
pub fn runs_csv<'a>(names: &[String], rows: impl IntoIterator<Item = RunFigures<'a>>) -> String {
    let mut rows = rows.into_iter().peekable();
    let with_arm = rows.peek().is_some_and(|r| r.arm.is_some());
    let mut out = String::new();
    let mut header: Vec<String> = Vec::with_capacity(names.len() + 2);
    if with_arm {
        header.push("arm".into());
    }
    header.push("replication".into());
    header.extend(names.iter().map(|n| csv_field(n)));
    out.push_str(&(header.join(",") + "\n"));
    for row in rows {
        if let Some(arm) = row.arm {
            out.push_str(&csv_field(arm));
            out.push(',');
        }
        out.push_str(&row.replication.to_string());
        for &x in row.figures {
            out.push(',');
            if x.is_finite() {
                out.push_str(&x.to_string());
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_row_per_replication_and_arm_with_empty_undefined_cells() {
        let names = vec!["a".to_string(), "b[x, y]".to_string()];
        let rows = [
            RunFigures { arm: Some("baseline"), replication: 0, figures: &[1.5, f64::NAN] },
            RunFigures { arm: Some("fb, 6 months"), replication: 0, figures: &[2.0, 3.0] },
        ];
        assert_eq!(runs_csv(&names, rows), "arm,replication,a,\"b[x, y]\"\nbaseline,0,1.5,\n\"fb, 6 months\",0,2,3\n");
        let run = [RunFigures { arm: None, replication: 3, figures: &[0.25, 1.0] }];
        assert_eq!(runs_csv(&names, run), "replication,a,\"b[x, y]\"\n3,0.25,1\n");
    }
}
