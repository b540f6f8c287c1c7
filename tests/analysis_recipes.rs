//! The pandas and R recipes of docs/analysis.md, run as written on real results of
//! `amtsim run` and `amtsim compare`; what they write is checked against amtsim's own numbers.
//! Needs python3 with pandas and matplotlib, and R with jsonlite: `.ci/run` installs them
//! when they are missing.

use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

const HERNE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/herne-2025.toml");
const REPLICATIONS: &str = "5";

/// The recipes of one language: (name, code), in the order of the page.
fn recipes(language: &str) -> Vec<(String, String)> {
    let page = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/analysis.md")).unwrap();
    let fence = format!("```{language}\n");
    let mut out = Vec::new();
    for block in page.split(&fence).skip(1) {
        let code = block.split("```").next().unwrap();
        let name = code
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# recipe: "))
            .expect("a recipe starts with `# recipe: NAME`");
        out.push((name.to_string(), code.to_string()));
    }
    out
}

fn amtsim(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// A working folder holding what the page's two commands write.
fn results() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let results = dir.path().join("results");
    let run = results.join("herne-2025");
    let compare = results.join("herne-2025-compare");
    amtsim(&["-q", "run", HERNE, "-r", REPLICATIONS, "-o", run.to_str().unwrap()]);
    amtsim(&["-q", "compare", HERNE, "-r", REPLICATIONS, "-o", compare.to_str().unwrap()]);
    dir
}

/// Runs a program; panics with the way to install it when it is missing.
fn run_recipe(program: &str, args: &[&str], dir: &Path, install: &str) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}: install it ({install}; .ci/run does this)"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{program} {:?} failed ({install}?):\n{stderr}", args.first());
    String::from_utf8(out.stdout).unwrap()
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// A CSV file as rows of column → cell.
fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| header.iter().map(String::from).zip(r.unwrap().iter().map(String::from)).collect())
        .collect()
}

/// A cell as a number; empty, NA and NaN are undefined.
fn number(cell: &str) -> Option<f64> {
    match cell {
        "" | "NA" | "NaN" => None,
        text => Some(text.parse().unwrap_or_else(|_| panic!("not a number: {text:?}"))),
    }
}

fn assert_close(written: Option<f64>, expected: Option<f64>, what: &str) {
    match (written, expected) {
        (Some(a), Some(b)) => assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{what}: {a} written, {b} expected"),
        (a, b) => assert_eq!(a, b, "{what}"),
    }
}

/// Quantile of sorted values, linear between order statistics (R's type 7, pandas' default).
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let (lo, hi) = (h.floor() as usize, h.ceil() as usize);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// Checks what the four recipes wrote into `dir`; `stdout` is the band recipe's output.
fn check_outputs(dir: &Path, band_stdout: &str, language: &str) {
    let compare_dir = dir.join("results/herne-2025-compare");
    let compare = read_json(&compare_dir.join("compare.json"));
    let policies = compare["policies"].as_object().unwrap();

    // compare-table: one row per policy, amtsim's numbers, the largest reduction first.
    let table = read_csv(&dir.join("backlog_by_policy.csv"));
    assert_eq!(table.len(), policies.len(), "{language}: one row per policy");
    let mut last = f64::NEG_INFINITY;
    for row in &table {
        let figure = &policies[&row["policy"]]["figures"]["backlog_end"];
        for (column, value) in [
            ("baseline_mean", &figure["baseline"]["mean"]),
            ("policy_mean", &figure["policy"]["mean"]),
            ("diff_mean", &figure["diff"]["mean"]),
            ("diff_ci95_low", &figure["diff"]["ci95_low"]),
            ("diff_ci95_high", &figure["diff"]["ci95_high"]),
        ] {
            assert_close(number(&row[column]), value.as_f64(), &format!("{language} {} {column}", row["policy"]));
        }
        let diff = number(&row["diff_mean"]).unwrap();
        assert!(diff >= last, "{language}: sorted by diff_mean");
        last = diff;
    }

    // backlog-band: every arm drawn, a real picture.
    let arms = policies.len() + 1;
    assert!(band_stdout.contains(&format!("plotted {arms} arms")), "{language}: {band_stdout}");
    let png = std::fs::read(dir.join("backlog_band.png")).unwrap();
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    assert!(frame.width >= 800 && frame.height >= 400, "{language}: {}x{}", frame.width, frame.height);
    let channels = frame.color_type.samples();
    let colours: std::collections::HashSet<&[u8]> = pixels[..frame.buffer_size()].chunks(channels).collect();
    assert!(colours.len() > 2 * arms, "{language}: {} colours for {arms} arms and their bands", colours.len());

    // runs-quantiles: median and 90th percentile of runs.csv per arm.
    let runs = read_csv(&compare_dir.join("runs.csv"));
    let quantiles = read_csv(&dir.join("backlog_quantiles.csv"));
    assert_eq!(quantiles.len(), arms, "{language}: one row per arm");
    for row in &quantiles {
        let mut values: Vec<f64> =
            runs.iter().filter(|r| r["arm"] == row["arm"]).filter_map(|r| number(&r["backlog_end"])).collect();
        values.sort_by(f64::total_cmp);
        assert_eq!(values.len(), REPLICATIONS.parse::<usize>().unwrap());
        assert_close(
            number(&row["median"]),
            Some(quantile(&values, 0.5)),
            &format!("{language} {} median", row["arm"]),
        );
        assert_close(number(&row["p90"]), Some(quantile(&values, 0.9)), &format!("{language} {} p90", row["arm"]));
    }

    // summary-figures: every office figure with its unit, mean and interval.
    let summary = read_json(&dir.join("results/herne-2025/summary.json"));
    let figures = summary["figures"].as_object().unwrap();
    let written = read_csv(&dir.join("figures.csv"));
    assert_eq!(written.len(), figures.len(), "{language}: one row per figure");
    for row in &written {
        let figure = &figures[&row["figure"]];
        assert_eq!(row["unit"], figure["unit"].as_str().unwrap(), "{language} {}", row["figure"]);
        for column in ["mean", "ci95_low", "ci95_high"] {
            assert_close(
                number(&row[column]),
                figure[column].as_f64(),
                &format!("{language} {} {column}", row["figure"]),
            );
        }
    }
}

fn run_all(language: &str, program: &str, flag: &str, install: &str) {
    let dir = results();
    let recipes = recipes(language);
    let names: Vec<&str> = recipes.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["compare-table", "backlog-band", "runs-quantiles", "summary-figures"], "{language}");
    let mut band = String::new();
    for (name, code) in &recipes {
        let stdout = run_recipe(program, &[flag, code], dir.path(), install);
        if name == "backlog-band" {
            band = stdout;
        }
    }
    check_outputs(dir.path(), &band, language);
}

#[test]
fn the_pandas_recipes_give_amtsims_numbers() {
    run_all("python", "python3", "-c", "python3 -m pip install pandas matplotlib");
}

#[test]
fn the_r_recipes_give_amtsims_numbers() {
    run_all("r", "Rscript", "-e", "apt-get install r-base-core r-cran-jsonlite");
}

/// The page and the files it names agree: the recipes read files amtsim writes.
#[test]
fn the_recipes_read_only_files_amtsim_writes() {
    let dir = results();
    for language in ["python", "r"] {
        for (name, code) in recipes(language) {
            for path in code.split('"').filter(|s| s.starts_with("results/")) {
                let path: PathBuf = dir.path().join(path);
                assert!(path.is_file(), "{language} {name}: {} is not written by the page's commands", path.display());
            }
        }
    }
}
