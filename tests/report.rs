//! Charts and the committee report: every chart file is produced and well-formed (SVG
//! parses, PNG decodes, series names and axis labels present), the report has every section
//! and no unreplaced template text in both languages, `plot` re-draws from the files alone,
//! and the comparison's daily bands agree with the run's.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use amtsim::report::series::{read_compare_daily, read_run_bands, DailySeries, BASELINE};

fn amtsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().expect("runs")
}

fn ok(args: &[&str]) -> Output {
    let out = amtsim(args);
    assert!(out.status.success(), "amtsim {args:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    out
}

fn scenario() -> String {
    format!("{}/scenarios/district-office.toml", env!("CARGO_MANIFEST_DIR"))
}

/// A short year: 90 days, two weeks of warm-up, three replications.
const SHORT: [&str; 6] = ["--set", "simulation.days=90", "--set", "simulation.warmup_days=14", "-r", "3"];

/// One folder with a run and a comparison, each with `--report --png`, made once.
struct Fixture {
    _dir: tempfile::TempDir,
    run: PathBuf,
    compare: PathBuf,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("run");
        let compare = dir.path().join("compare");
        let (file, run_s, compare_s) = (scenario(), run.display().to_string(), compare.display().to_string());
        let mut args = vec!["run", file.as_str(), "-o", run_s.as_str(), "--report", "--png"];
        args.extend(SHORT);
        ok(&args);
        let mut args = vec!["compare", file.as_str(), "-o", compare_s.as_str(), "--report", "--png"];
        args.extend(["--policy", "fb_12_months", "--policy", "fill_vacancies"]);
        args.extend(SHORT);
        ok(&args);
        Fixture { _dir: dir, run, compare }
    })
}

/// Every text node of an SVG; panics unless it parses as XML with an <svg> root.
fn svg_texts(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc = roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{}: not XML: {e}", path.display()));
    assert_eq!(doc.root_element().tag_name().name(), "svg", "{}", path.display());
    doc.descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "text")
        .map(|n| n.text().unwrap_or("").trim().to_string())
        .collect()
}

fn assert_svg_has(path: &Path, wanted: &[&str]) {
    let texts = svg_texts(path);
    for w in wanted {
        assert!(texts.iter().any(|t| t == w), "{}: {w:?} not among {texts:?}", path.display());
    }
}

/// Decodes a PNG and checks it has the report size and more than a few colours.
fn assert_png(path: &Path) {
    let file = std::io::BufReader::new(std::fs::File::open(path).unwrap());
    let mut reader = png::Decoder::new(file).read_info().unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!(info.width, 900, "{}", path.display());
    let colours: std::collections::HashSet<_> = buf[..info.buffer_size()].chunks_exact(3).collect();
    assert!(colours.len() > 10, "{}: a flat image", path.display());
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The page has every section heading and none of the text a template would leave behind.
fn assert_complete_report(html: &str, sections: &[&str], lang: &str) {
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(&format!("<html lang=\"{lang}\">")));
    for s in sections {
        assert!(html.contains(&format!("{s}</h2>")), "section {s:?} missing");
    }
    let body = &html[html.find("</style>").expect("inline style")..];
    for leftover in ["{{", "}}", "{%", "%}", "${", "NaN", "inf ", "undefined", "TODO"] {
        assert!(!body.contains(leftover), "report contains {leftover:?}");
    }
    // Placeholders like {name} or {0} outside the style sheet.
    let bytes = body.as_bytes();
    for (i, _) in body.match_indices('{') {
        let rest = &bytes[i + 1..];
        let ident = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        assert!(!(ident > 0 && rest.get(ident) == Some(&b'}')), "placeholder at {}", &body[i..i + ident + 2]);
    }
    // Self-contained: no external resources.
    for external in ["<script src", "<link ", "url(http", "src=\"http", "@import"] {
        assert!(!html.contains(external), "report loads {external:?}");
    }
    assert!(html.contains("@media print"), "print styles");
}

const RUN_CHARTS: [&str; 6] = ["backlog", "next-free-days", "sent-home", "staff", "certificates", "expired"];

#[test]
fn a_run_draws_every_fan_chart_as_svg_and_png() {
    let charts = fixture().run.join("charts");
    for name in RUN_CHARTS {
        assert_png(&charts.join(format!("{name}.png")));
        assert_svg_has(&charts.join(format!("{name}.svg")), &["Datum", "Median", "50 %-Intervall", "90 %-Intervall"]);
    }
    assert_svg_has(
        &charts.join("staff.svg"),
        &[
            "Personal: Planstellen, besetzt, anwesend",
            "Vollzeitäquivalente (VZÄ)",
            "Planstellen",
            "Besetzt",
            "Anwesend",
        ],
    );
    assert_svg_has(&charts.join("backlog.svg"), &["Rückstau: unbearbeitete Anträge", "Anträge (am Tagesende)"]);
    assert_svg_has(&charts.join("sent-home.svg"), &["Personen in den letzten 7 Tagen", "Fortgeschickte (7 Tage)"]);
    assert!(fixture().run.join("scenario.toml").exists(), "the scenario copy");
}

#[test]
fn a_run_report_has_every_section_in_german_and_english() {
    let dir = &fixture().run;
    let de = read(&dir.join("report.html"));
    let sections = [
        "Fragestellung",
        "Das Szenario in Worten",
        "Kennzahlen",
        "Diagramme",
        "Annahmen und Quellen",
        "Reproduzierbarkeit",
    ];
    assert_complete_report(&de, &sections, "de");
    assert!(de.contains("Simuliert werden 90 Tage ab Montag, 6. Januar 2025"));
    assert_eq!(de.matches("<figure class=\"chart\"").count(), RUN_CHARTS.len());
    assert!(de.contains("<code>permits.fb_validity_months</code>"), "the assumptions table lists the file's keys");
    assert!(de.contains("<code>simulation.days=90</code>") || de.contains("simulation.days=90"), "and the overrides");
    assert!(de.contains("class=\"src stated\">Quelle") && de.contains("class=\"src assumed\">Annahme"));
    assert!(de.contains("--seed 2025 -r 3 --report"), "the command to reproduce it");

    let en_path = dir.join("report.en.html");
    let (d, e) = (dir.display().to_string(), en_path.display().to_string());
    ok(&["report", d.as_str(), "--lang", "en", "-o", e.as_str()]);
    let en = read(&en_path);
    let sections = [
        "The question",
        "The scenario in plain words",
        "Key figures",
        "Charts",
        "Assumptions and sources",
        "Reproducibility",
    ];
    assert_complete_report(&en, &sections, "en");
    assert!(en.contains("The simulation covers 90 days from Monday, 6 January 2025"));
    for german in ["Fragestellung", "Kennzahl", "Mittelwert", "Intervall", "Datum", "keine Daten"] {
        assert!(!en.contains(german), "English report contains {german:?}");
    }
    assert!(en.contains("\n90% interval\n") && en.contains("\nDate\n"), "the charts are English too");
}

#[test]
fn a_run_report_shows_each_teams_working_time_as_summary_json_has_it() {
    let dir = &fixture().run;
    let summary: serde_json::Value = serde_json::from_str(&read(&dir.join("summary.json"))).unwrap();
    let teams = summary["teams"].as_array().expect("summary.json has teams");
    assert_eq!(teams.len(), 4, "one per staff group");
    let de = read(&dir.join("report.html"));
    assert!(de.contains("Arbeitszeit je Team und Jahr") && de.contains("Formelbedarf"));
    for t in teams {
        let name = t["name"].as_str().unwrap();
        let label = match name {
            "general_team" => "Team allgemeines Ausländerrecht",
            "asylum_team" => "Team Asylrecht",
            "assistants" => "Servicekräfte",
            _ => "Notfallschalter",
        };
        assert!(de.contains(&format!("<tr><td>{label}</td>")), "the report has a row for {name}, by its label");
        // Contract hours are hours at work plus absence, in the file as in the model.
        let hours = |key: &str| t[key].as_f64().unwrap();
        let (contract, worked, absent) = (hours("contract_hours"), hours("worked_hours"), hours("absent_hours"));
        assert!((contract - worked - absent).abs() < 1e-6 * contract, "{name}: {contract} != {worked} + {absent}");
        assert!(
            t["formula"]["need_fte"].as_f64().unwrap() > 0.0
                && t["formula"]["net_hours_per_fte"].as_f64().unwrap() > 1_000.0
        );
    }
}

#[test]
fn a_comparison_shows_each_arms_team_time_and_filling_vacancies_adds_its_contract_hours() {
    let dir = &fixture().compare;
    let compare: serde_json::Value = serde_json::from_str(&read(&dir.join("compare.json"))).unwrap();
    let teams = compare["teams"].as_object().expect("compare.json has teams per arm");
    let arms: Vec<&str> = teams.keys().map(String::as_str).collect();
    assert_eq!(arms, ["baseline", "fb_12_months", "fill_vacancies"]);
    let general = |arm: &str, key: &str| teams[arm][0][key].as_f64().unwrap();
    // 11 -> 14 FTE: three FTE of contract time more, a full-time year each (39 h x 52.2 weeks),
    // less what quits leave vacant.
    let added = general("fill_vacancies", "contract_hours") - general("baseline", "contract_hours");
    assert!((5_000.0..=3.0 * 2_040.0).contains(&added), "{added}");
    assert_eq!(general("fb_12_months", "contract_hours"), general("baseline", "contract_hours"));
    let de = read(&dir.join("report.html"));
    assert!(de.contains("Arbeitszeit je Team und Jahr") && de.contains("<h4>Status quo</h4>"));
    assert!(de.contains("<h4>fill_vacancies</h4>"), "the appendix's arm tables keep the identifiers");
    // Each arm's warnings travel into compare.json and the report, under the arm's name.
    for arm in ["baseline", "fb_12_months", "fill_vacancies"] {
        assert_eq!(compare["warnings"][arm][0]["code"], "few_replications", "{arm}");
    }
    // A warning every arm has is said once, not once per arm.
    assert_eq!(de.matches("Hinweise – alle Rechnungen").count(), 1);
    assert!(!de.contains("Hinweise – Status quo") && !de.contains("Hinweise – Offene Stellen besetzen"));
}

#[test]
fn a_run_report_shows_the_key_figures_per_team_and_case_type() {
    let dir = &fixture().run;
    let summary: serde_json::Value = serde_json::from_str(&read(&dir.join("summary.json"))).unwrap();
    let by_subject = summary["figures_by_subject"].as_object().expect("figures_by_subject");
    let general = &by_subject["decision_within_8w_share[general_renewal]"];
    assert_eq!((general["kind"].as_str(), general["subject"].as_str()), (Some("case_type"), Some("general_renewal")));
    let de = read(&dir.join("report.html"));
    assert!(de.contains("Kennzahlen je Team und Fallart"), "the table per team and case type");
    assert!(
        de.contains("<td>Verlängerung (allgemeines Ausländerrecht)</td><td>Fallart</td>"),
        "a row per case type, by its label"
    );
}

#[test]
fn an_overloaded_run_carries_its_warning_into_summary_json_and_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("overloaded");
    let (file, out_s) = (scenario(), out.display().to_string());
    let args = ["run", &file, "-o", &out_s, "--report", "-r", "3", "--set", "staff[0].filled_fte=2"];
    ok(&[&args[..], &["--set", "simulation.days=150"]].concat());
    let summary: serde_json::Value = serde_json::from_str(&read(&out.join("summary.json"))).unwrap();
    let codes: Vec<&str> =
        summary["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["few_replications", "overload"]);
    let overload = &summary["warnings"][1];
    assert!(overload["figures"].as_array().unwrap().iter().any(|f| f == "backlog_end"));
    let de = read(&out.join("report.html"));
    assert!(de.contains("<div class=\"warnings\">") && de.contains("Das Amt ist überlastet"), "the German warning");
    assert!(de.contains("(Rückstau) \u{26a0}"), "the backlog row is marked");
}

#[test]
fn a_comparison_writes_daily_bands_lines_per_policy_and_differences() {
    let dir = &fixture().compare;
    let daily = read(&dir.join("compare_daily.csv"));
    assert!(daily.starts_with("policy,day,date,warmup,series,p05,p25,median,p75,p95\n"));
    let charts = dir.join("charts");
    for name in RUN_CHARTS {
        assert_png(&charts.join(format!("{name}.png")));
        let policies = ["Status quo", "Fiktionsbescheinigung 12 Monate", "Offene Stellen besetzen", "Datum"];
        assert_svg_has(&charts.join(format!("{name}.svg")), &policies);
    }
    let diff = charts.join("diff-backlog_end.svg");
    assert_svg_has(
        &diff,
        &[
            "Unbearbeitete Anträge am Ende (Rückstau)",
            "Unterschied zum Status quo (Anträge)",
            "Mittelwert, 95 %-KI",
            "Offene Stellen besetzen",
        ],
    );
    assert_png(&charts.join("diff-backlog_end.png"));

    let html = read(&dir.join("report.html"));
    let sections = ["Fragestellung", "Kennzahlen", "Was die Maßnahmen bewirken", "Diagramme", "Annahmen und Quellen"];
    assert_complete_report(&html, &sections, "de");
    assert!(html.contains("Maßnahme „Offene Stellen besetzen“"));
    assert!(
        html.contains("Besetzte Stellen (VZÄ) – Team allgemeines Ausländerrecht: 11 → 14"),
        "the change in words with old and new value"
    );
    assert!(html.contains("Mit dieser Maßnahme steigt die Anwesenheitsquote um"), "a sentence");
    assert!(html.contains("Das Wichtigste in Kürze"));
    assert!(html.contains("kein belastbarer Unterschied"), "a difference within chance is named as such");
}

#[test]
fn the_output_doc_describes_the_new_files_and_columns() {
    let doc = read(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/output.md")));
    for col in amtsim::report::series::COMPARE_DAILY_COLUMNS {
        assert!(doc.contains(&format!("`{col}`")), "docs/output.md lacks column {col}");
    }
    for s in DailySeries::ALL {
        assert!(doc.contains(&format!("`{}`", s.key())), "docs/output.md lacks series {}", s.key());
    }
    for file in ["`compare_daily.csv`", "`report.html`", "`charts/`", "`scenario.toml`", "`scenario.base-1.toml`"] {
        assert!(doc.contains(file), "docs/output.md lacks {file}");
    }
}

#[test]
fn comparison_bands_of_the_baseline_equal_the_bands_of_its_run() {
    let run = read_run_bands(&fixture().run).unwrap();
    let arms = read_compare_daily(&fixture().compare.join("compare_daily.csv")).unwrap();
    assert_eq!(arms.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(), [BASELINE, "fb_12_months", "fill_vacancies"]);
    let base = &arms[0].1;
    assert_eq!(base.dates, run.dates);
    assert_eq!(base.warmup, run.warmup);
    for s in DailySeries::ALL {
        let (a, b) = (&base.get(s).median, &run.get(s).median);
        for (d, (x, y)) in a.iter().zip(b).enumerate() {
            // The CSV files round FTE to three decimals.
            assert!(x.is_nan() && y.is_nan() || (x - y).abs() < 0.01, "{} day {d}: {x} vs {y}", s.key());
        }
    }
}

/// Copies a result folder without its charts, re-draws them with `amtsim plot` from the files
/// alone and checks that every SVG chart is byte for byte the one the command drew from the
/// results it held in memory.
fn assert_plot_redraws(folder: &Path, expected_files: &str) {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy");
    std::fs::create_dir(&copy).unwrap();
    // The whole result without its charts (deleted charts may be drawn again).
    for entry in std::fs::read_dir(folder).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    let c = copy.display().to_string();
    let out = ok(&["plot", c.as_str(), "--png"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains(expected_files), "{}", String::from_utf8_lossy(&out.stdout));
    let mut compared = 0;
    for entry in std::fs::read_dir(folder.join("charts")).unwrap() {
        let name = entry.unwrap().file_name();
        if !name.to_string_lossy().ends_with(".svg") {
            continue;
        }
        let again = std::fs::read(copy.join("charts").join(&name)).unwrap();
        let first = std::fs::read(folder.join("charts").join(&name)).unwrap();
        assert!(again == first, "{name:?} differs when re-drawn");
        let png = copy.join("charts").join(&name).with_extension("png");
        assert_png(&png);
        compared += 1;
    }
    assert!(compared >= 6, "only {compared} charts compared");
}

#[test]
fn plot_redraws_the_same_charts_from_the_files() {
    assert_plot_redraws(&fixture().run, "12 chart files");
    for name in RUN_CHARTS {
        assert!(fixture().run.join("charts").join(format!("{name}.svg")).is_file(), "{name}.svg");
    }
}

#[test]
fn plot_redraws_the_same_comparison_charts_from_the_files() {
    assert_plot_redraws(&fixture().compare, "chart files");
}

#[test]
fn sweeps_and_staffing_searches_get_their_charts_and_reports() {
    let dir = tempfile::tempdir().unwrap();
    let (file, sweep) = (scenario(), dir.path().join("sweep").display().to_string());
    let mut args = vec!["sweep", file.as_str(), "-o", sweep.as_str(), "--report", "--lang", "en"];
    args.extend(["--param", "staff[2].head_count=1:3:1", "--param", "portal.reminder_factor=0.5,1"]);
    args.extend(SHORT);
    ok(&args);
    let charts = Path::new(&sweep).join("charts");
    assert_svg_has(
        &charts.join("sweep-0-walkin_sent_home.svg"),
        &["Staff (head count, full-time) – staff[2].head_count", "portal.reminder_factor = 0.5", "Mean", "95% CI"],
    );
    assert_svg_has(&charts.join("heat-backlog_end.svg"), &["Reminder effect (factor) – portal.reminder_factor"]);
    let html = read(&Path::new(&sweep).join("report.html"));
    assert_complete_report(&html, &["The question", "Key figures", "Charts", "Assumptions and sources"], "en");
    assert!(html.contains("No target is given"), "a sweep without targets says so");

    // With targets, the report says which setting meets which, as summary.csv and
    // warnings.json have it: the interval clear of the value and the office not overloaded.
    let targeted = dir.path().join("targeted").display().to_string();
    let mut args = vec!["sweep", file.as_str(), "-o", targeted.as_str(), "--report"];
    args.extend(["--param", "staff[0].filled_fte=6,14", "--target", "decision_within_8w_share >= 0.5"]);
    args.extend(SHORT);
    ok(&args);
    let manifest: serde_json::Value = serde_json::from_str(&read(&Path::new(&targeted).join("sweep.json"))).unwrap();
    assert_eq!(manifest["targets"], serde_json::json!(["decision_within_8w_share >= 0.5"]));
    let warnings: serde_json::Value = serde_json::from_str(&read(&Path::new(&targeted).join("warnings.json"))).unwrap();
    let overloaded =
        |point: u64| {
            warnings["points"].as_array().unwrap().iter().any(|p| {
                p["point"] == point && p["warnings"].as_array().unwrap().iter().any(|w| w["code"] == "overload")
            })
        };
    let summary = read(&Path::new(&targeted).join("summary.csv"));
    let lows: Vec<f64> = summary
        .lines()
        .filter(|l| l.split(',').nth(2) == Some("decision_within_8w_share"))
        .map(|l| l.split(',').nth(6).unwrap().parse().unwrap())
        .collect();
    let met: Vec<&str> = [(0u64, "6"), (1, "14")]
        .iter()
        .filter(|(p, _)| lows[*p as usize] >= 0.5 && !overloaded(*p))
        .map(|(_, v)| *v)
        .collect();
    let html = read(&Path::new(&targeted).join("report.html"));
    let said = format!("erreicht bei {} von 2 Einstellungen", met.len());
    assert!(met.is_empty() || html.contains(&said), "{said}: {met:?}");
    assert!(!met.is_empty() || html.contains("bei keiner der 2 Einstellungen"), "none met");
    assert!(overloaded(0), "six clerks of the general team cannot keep up");
    assert!(
        html.contains("Ziele je Einstellung")
            && html.contains("Besetzte Stellen (VZÄ), Team allgemeines Ausländerrecht")
    );

    let staff = dir.path().join("staff").display().to_string();
    let mut args = vec!["staff", file.as_str(), "-o", staff.as_str(), "--report", "--png"];
    args.extend(["--target", "portal_next_free_days_mean <= 3", "--group", "assistants", "--max", "4"]);
    args.extend(SHORT);
    ok(&args);
    let curve = Path::new(&staff).join("charts/staff-curve.svg");
    assert_svg_has(&curve, &["Ziel: ≤ 3 Tage", "Beschäftigte (Köpfe) – Servicekräfte", "Servicekräfte"]);
    assert_png(&curve.with_extension("png"));
    let html = read(&Path::new(&staff).join("report.html"));
    assert_complete_report(&html, &["Fragestellung", "Kennzahlen", "Diagramme"], "de");
    assert!(html.contains("Wie viele Beschäftigte braucht „Servicekräfte“"), "the team by its label");
    // The answer and both checks in words, as staff.json has them.
    let found: serde_json::Value = serde_json::from_str(&read(&Path::new(&staff).join("staff.json"))).unwrap();
    match found["answer"].as_u64() {
        Some(n) => assert!(html.contains(&format!("„Servicekräfte“ braucht {n} Beschäftigte")), "the answer"),
        None => assert!(html.contains("Auch mit 4 Beschäftigten"), "no answer"),
    }
    assert!(
        html.contains("<strong>Überlastung:</strong>")
            && html.contains("<strong>Mehr Personal, bessere Kennzahl?</strong>")
    );
    let curve_points = found["curve"].as_array().unwrap();
    if curve_points.iter().all(|p| p["overloaded"] == false) {
        assert!(html.contains("Bei keiner untersuchten Kopfzahl ist das Amt überlastet"));
    }
}

#[test]
fn a_folder_without_results_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().display().to_string();
    for cmd in ["report", "plot"] {
        let out = amtsim(&[cmd, d.as_str()]);
        assert_eq!(out.status.code(), Some(2), "{cmd}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("no result files"), "{cmd}");
    }
}

/// The German report of every bundled scenario (its run, and its comparison where it has
/// policies): no identifier of its case types, teams or policies outside the assumptions and
/// the reproducibility appendix; Herne's and Düsseldorf's with their title, question and the
/// answer first.
#[test]
fn every_bundled_report_reads_in_german_without_identifiers() {
    let tmp = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for path in common::bundled_scenarios() {
        let file = path.display().to_string();
        let loaded = amtsim::scenario::load_file(&path, &[]).unwrap();
        let days = loaded.scenario.simulation.warmup_days + 40;
        let set = format!("simulation.days={days}");
        let mut commands = vec!["run"];
        if !loaded.policies.is_empty() {
            commands.push("compare");
        }
        for command in commands {
            let out = tmp.path().join(format!("{}-{command}", path.file_stem().unwrap().to_string_lossy()));
            let out_s = out.display().to_string();
            ok(&[command, &file, "-o", &out_s, "--report", "-r", "2", "--set", &set]);
            let de = read(&out.join("report.html"));
            assert_no_identifiers(&de, &loaded, &file);
            checked += 1;
        }
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name == "herne-2025.toml" || name == "duesseldorf-2025.toml" {
            let out = tmp.path().join(format!("{}-compare", path.file_stem().unwrap().to_string_lossy()));
            let de = read(&out.join("report.html"));
            let title = loaded.scenario.title.get("de").unwrap();
            let question = loaded.scenario.question.get("de").unwrap();
            assert!(de.contains(&format!("<h1>Vergleich von Maßnahmen: {}</h1>", title)), "{name}: the title");
            assert!(de.contains(question), "{name}: the committee's question");
            let first = &de[de.find("<section id=\"question\"").unwrap()..de.find("<section id=\"scenario\"").unwrap()];
            assert!(
                first.contains("Entscheidungstabelle") && first.contains("Offene Stellen besetzen"),
                "the answer first"
            );
        }
    }
    assert!(checked >= 18, "{checked} reports");
}

/// Panics when the text of the report (tags and the assumptions and appendix sections left
/// out) names a case type, team or policy by its identifier.
fn assert_no_identifiers(de: &str, loaded: &amtsim::scenario::LoadedScenario, file: &str) {
    let without = |text: &str, id: &str| -> String {
        let start = text.find(&format!("<section id=\"{id}\"")).unwrap_or(text.len());
        let end = text[start..].find("</section>").map_or(text.len(), |e| start + e);
        format!("{}{}", &text[..start], &text[end..])
    };
    let main = without(&without(de, "assumptions"), "appendix");
    let main = main[..main.find("<footer").unwrap()].replace("<wbr>", "");
    // The text people read: without the tags and their attributes.
    let mut text = String::new();
    let mut in_tag = false;
    for c in main.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let s = &loaded.scenario;
    let mut names: Vec<&str> = s.case_types.iter().map(|c| c.name.as_str()).collect();
    names.extend(s.staff.iter().map(|g| g.name.as_str()));
    names.extend(loaded.policies.iter().map(|p| p.name.as_str()));
    for name in names {
        let found = text.match_indices(name).find(|(i, _)| {
            // A whole word only ("walkin" inside another word does not count).
            let before = text[..*i].chars().next_back().is_none_or(|c| !c.is_alphanumeric() && c != '_');
            let after = text[i + name.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric() && c != '_');
            before && after
        });
        if let Some((i, _)) = found {
            let (mut from, mut to) = (i.saturating_sub(80), (i + name.len() + 40).min(text.len()));
            while !text.is_char_boundary(from) {
                from -= 1;
            }
            while !text.is_char_boundary(to) {
                to += 1;
            }
            let around = &text[from..to];
            panic!("{file}: the identifier {name} in the German report: …{around}…");
        }
    }
    // No English text of the scenario (title, question, description, labels, policy texts).
    let en = |t: &amtsim::scenario::text::Text| t.get("en").filter(|e| Some(*e) != t.get("de")).map(str::to_string);
    let mut english: Vec<String> = [&s.title, &s.question, &s.description].into_iter().filter_map(en).collect();
    english.extend(s.case_types.iter().filter_map(|c| en(&c.label)));
    english.extend(s.staff.iter().filter_map(|g| en(&g.label)));
    english.extend(loaded.policies.iter().flat_map(|p| [en(&p.label), en(&p.description_text)]).flatten());
    let flat = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = flat(&text);
    for sentence in english.iter().map(|e| flat(e)).filter(|e| e.len() > 20) {
        assert!(!text.contains(&sentence), "{file}: English in the German report: {sentence}");
    }
    // Hours are hours, not a time of day: no row of a figure counted in hours shows "Uhr".
    for f in amtsim::stats::FIGURES.iter().filter(|f| f.unit == "h" || f.unit == "hours") {
        let label = amtsim::report::figure_texts::label(f.name, amtsim::report::Lang::De);
        for row in de.split("<tr").filter(|r| r.contains(&format!(">{label}"))) {
            let row = &row[..row.find("</tr>").unwrap_or(row.len())];
            assert!(!row.contains("Uhr"), "{file}: {} as a clock time: {row}", f.name);
        }
    }
}

#[test]
#[cfg(unix)]
fn report_to_a_file_never_overwrites_silently_nor_writes_into_a_link_or_fifo() {
    let dir = &fixture().run;
    let d = dir.display().to_string();
    let tmp = tempfile::tempdir().unwrap();
    let existing = tmp.path().join("existing.html");
    std::fs::write(&existing, "keep me").unwrap();
    let out = amtsim(&["report", d.as_str(), "-o", existing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("add --force to replace it"));
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "keep me");
    ok(&["report", d.as_str(), "-o", existing.to_str().unwrap(), "--force"]);
    assert!(read(&existing).starts_with("<!DOCTYPE html>"));
    // A link planted where the report goes is refused, even with --force.
    let target = tmp.path().join("elsewhere.txt");
    std::fs::write(&target, "untouched").unwrap();
    let link = tmp.path().join("link.html");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = amtsim(&["report", d.as_str(), "-o", link.to_str().unwrap(), "--force"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "untouched");
}
