//! The committee report as people meet it: rendered and printed to A4 PDF by a real browser
//! (headless Chromium from the distribution's packages), read back with poppler's tools.
//! `.ci/run` installs `chromium` and `poppler-utils` when they are missing.

use std::path::{Path, PathBuf};
use std::process::Command;

fn tool(names: &[&str]) -> PathBuf {
    for name in names {
        if let Ok(out) = Command::new("sh").arg("-c").arg(format!("command -v {name}")).output() {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if out.status.success() && !path.is_empty() {
                return PathBuf::from(path);
            }
        }
    }
    panic!("{} not found: install the Debian packages chromium and poppler-utils (apt-get install -y chromium poppler-utils; .ci/run does this)", names[0]);
}

fn amtsim(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().expect("runs");
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Runs Chromium headless on `html` with `args`, without touching the network or a profile
/// outside `scratch`; returns stdout.
fn chromium(html: &Path, scratch: &Path, args: &[String]) -> String {
    let mut cmd = Command::new(tool(&["chromium", "chromium-browser"]));
    cmd.args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"])
        .arg(format!("--user-data-dir={}", scratch.join("profile").display()))
        .args(args)
        .arg(format!("file://{}", html.display()));
    let out = cmd.output().expect("chromium runs");
    assert!(out.status.success(), "chromium: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn poppler(name: &str, args: &[&str]) -> String {
    let out = Command::new(tool(&[name])).args(args).output().expect("poppler runs");
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The printable width of an A4 page with the report's 14 mm side margins, in CSS pixels.
const A4_CONTENT_PX: u32 = 688;

#[test]
fn the_comparison_reports_print_to_a4_with_the_decision_table_on_page_one() {
    for scenario in ["herne-2025", "duesseldorf-2025"] {
        comparison_prints_to_a4(scenario);
    }
}

/// Prints the German and English comparison reports of a bundled scenario (three
/// replications, 60 days after the warm-up) and checks them page by page.
fn comparison_prints_to_a4(scenario: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("cmp");
    let out_s = out.display().to_string();
    let file = format!("{}/scenarios/{scenario}.toml", env!("CARGO_MANIFEST_DIR"));
    let measures = std::fs::read_to_string(&file).unwrap().matches("\n[policies.").count() as u32;
    amtsim(&["compare", &file, "-o", &out_s, "--report", "-r", "3", "--set", "simulation.days=200"]);
    let en = out.join("report-en.html");
    amtsim(&["report", &out_s, "--lang", "en", "-o", en.to_str().unwrap()]);
    let cases = [(out.join("report.html"), "Entscheidungstabelle", "Anhang A:"), (en, "Decision table", "Appendix A:")];
    for (html, first_page, appendix) in cases {
        let pdf = html.with_extension("pdf");
        chromium(&html, dir.path(), &["--no-pdf-header-footer".into(), format!("--print-to-pdf={}", pdf.display())]);
        let info = poppler("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(info.contains("(A4)"), "{}: not A4: {info}", html.display());
        let pages: u32 = (info.lines().find_map(|l| l.strip_prefix("Pages:")))
            .and_then(|n| n.trim().parse().ok())
            .expect("a page count");
        // About 30 pages of appendix (assumptions, sources, every figure) and four or five per
        // measure: 41 pages for Düsseldorf's four measures and 71 for Herne's ten at the time of
        // writing. The bound is a guard against a layout that breaks apart (a table split row
        // by row, a chart per page), which would multiply the pages.
        let limit = 30 + 6 * measures;
        assert!((6..=limit).contains(&pages), "{}: {pages} pages, more than {limit}", html.display());
        let page_text =
            |k: u32| poppler("pdftotext", &["-f", &k.to_string(), "-l", &k.to_string(), pdf.to_str().unwrap(), "-"]);
        let one = page_text(1);
        assert!(one.contains(first_page), "{}: page 1 lacks the decision table:\n{one}", html.display());
        // The main part (question, answer, scenario, key charts, method) takes about eight
        // pages; the appendix starts on a page of its own, by page 9 (at the time of writing
        // on page 8 for Herne's seven measures: the answer on 1-2, the scenario on 2-3, six
        // charts on 4-7; on page 5-6 for Düsseldorf's four).
        // Beyond seven measures the decision table and the matrix of changes need about a page
        // more for every three (Herne's ten: the appendix on page 10).
        let start = (1..=pages).find(|&k| page_text(k).contains(appendix)).expect("an appendix");
        let latest = 9 + measures.saturating_sub(7).div_ceil(3);
        assert!((3..=latest).contains(&start), "{}: the appendix starts on page {start}", html.display());
        // What page 1 says, for people reading the test's output.
        let page = std::fs::read_to_string(&html).unwrap();
        let decision = &page[page.find("decision\"").unwrap()..];
        let table = &decision[..decision.find("</table>").unwrap()];
        let rows = table.matches("<tr><td>").count();
        // Every row of the decision table on page 1: in the page's layout text below the
        // table's heading, a line starts with each measure's name (its first word, counted,
        // as two measures may share it).
        let layout = poppler("pdftotext", &["-f", "1", "-l", "1", "-layout", pdf.to_str().unwrap(), "-"]);
        let below = &layout[layout.find(first_page).expect("the table's heading")..];
        let names: Vec<String> = table
            .split("<tr><td>")
            .skip(1)
            .map(|cell| cell[..cell.find("</td>").unwrap()].replace("<wbr>", "").replace("&amp;", "&"))
            .collect();
        for name in &names {
            let word = name.split_whitespace().next().unwrap();
            let rows = names.iter().filter(|n| n.split_whitespace().next() == Some(word)).count();
            let lines = below.lines().filter(|l| l.split_whitespace().next() == Some(word)).count();
            assert!(lines >= rows, "{}: the row of {name} is not on page 1:\n{layout}", html.display());
        }
        let warned =
            ["überlastet", "overloaded", "Wiederholung", "replication"].iter().filter(|w| one.contains(*w)).count();
        eprintln!(
            "{scenario} {}: {pages} pages, appendix from page {start}, {rows} measures in the decision table, {warned} warning words on page 1",
            html.file_name().unwrap().to_string_lossy()
        );
        let last =
            poppler("pdftotext", &["-f", &pages.to_string(), "-l", &pages.to_string(), pdf.to_str().unwrap(), "-"]);
        assert!(last.contains(&format!("{pages}")) && last.contains("amtsim"), "{}: the page foot", html.display());

        // Nothing sticks out of the page width: a copy of the report with a script that
        // counts the elements reaching beyond the window, with the print styles applied to the
        // screen (tables do not scroll in print: their own width counts; inside a chart only
        // the drawn extent counts, SVG elements report no meaningful scroll width).
        let probe = dir.path().join("probe.html");
        let script = format!(
            "<script>const w = {A4_CONTENT_PX}; const over = [...document.querySelectorAll('main *, header *')].filter(e => e.getBoundingClientRect().right > w + 1 || (!(e instanceof SVGElement) && e.scrollWidth > w + 1)).map(e => e.tagName + '.' + e.className); document.title = 'OVER:' + over.length + ':' + over.slice(0, 5).join(',');</script>"
        );
        let page = std::fs::read_to_string(&html).unwrap();
        let page = page.replace("</body>", &format!("{script}</body>")).replace("@media print {", "@media all {");
        std::fs::write(&probe, page).unwrap();
        let dom = chromium(&probe, dir.path(), &["--dump-dom".into(), format!("--window-size={A4_CONTENT_PX},1200")]);
        let title = dom.split("<title>").nth(1).and_then(|t| t.split("</title>").next()).unwrap_or("");
        assert!(title.starts_with("OVER:0:"), "{}: elements wider than an A4 page: {title}", html.display());
    }
}

/// An overloaded office says so on the first printed page: a run's warnings stand under its
/// question, a comparison's in its answer.
#[test]
fn an_overloaded_office_is_named_on_the_first_printed_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = format!("{}/scenarios/district-office.toml", env!("CARGO_MANIFEST_DIR"));
    let out = dir.path().join("overloaded");
    let out_s = out.display().to_string();
    let set = ["--set", "staff[0].filled_fte=2", "--set", "simulation.days=150"];
    amtsim(&[&["run", file.as_str(), "-o", out_s.as_str(), "--report", "-r", "3"][..], &set[..]].concat());
    let html = out.join("report.html");
    let pdf = html.with_extension("pdf");
    chromium(&html, dir.path(), &["--no-pdf-header-footer".into(), format!("--print-to-pdf={}", pdf.display())]);
    let one = poppler("pdftotext", &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"]);
    assert!(one.contains("Das Amt ist überlastet"), "page 1 lacks the overload warning:\n{one}");
}

/// The report of the folder `out` printed to A4 PDF: the first page's text (whitespace made
/// single spaces) and the whole text.
fn printed(out: &Path, scratch: &Path) -> (String, String) {
    let html = out.join("report.html");
    let pdf = html.with_extension("pdf");
    chromium(&html, scratch, &["--no-pdf-header-footer".into(), format!("--print-to-pdf={}", pdf.display())]);
    let one = poppler("pdftotext", &["-f", "1", "-l", "1", pdf.to_str().unwrap(), "-"]);
    (one.split_whitespace().collect::<Vec<_>>().join(" "), poppler("pdftotext", &[pdf.to_str().unwrap(), "-"]))
}

/// Herne without its own [optimise] and [sensitivity] sections (180 candidates, 8 inputs):
/// the tests give the few levers and inputs they need.
fn herne_without_studies(dir: &Path) -> String {
    let herne = std::fs::read_to_string(format!("{}/scenarios/herne-2025.toml", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let file = dir.join("herne.toml");
    std::fs::write(&file, &herne[..herne.find("\n[optimise]").unwrap()]).unwrap();
    file.display().to_string()
}

/// A sensitivity study's report answers on its first printed page, a sentence per figure
/// naming the assumption it depends on most, and lists the indices in a table.
#[test]
fn a_sensitivity_report_names_what_each_figure_depends_on_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = herne_without_studies(dir.path());
    let out = dir.path().join("sensitivity");
    let out_s = out.display().to_string();
    amtsim(&[
        "sensitivity",
        file.as_str(),
        "--input",
        "portal.no_show_prob=0.05:0.15",
        "--input",
        "staff[0].filled_fte=10:14",
        "--figure",
        "backlog_end",
        "--figure",
        "expired_person_days",
        "--trajectories",
        "3",
        "--set",
        "simulation.days=200",
        "-r",
        "1",
        "-o",
        out_s.as_str(),
        "--report",
    ]);
    let (one, all) = printed(&out, dir.path());
    assert!(one.contains("Die Antwort:"), "page 1 lacks the answer:\n{one}");
    assert_eq!(one.matches("hängt am meisten ab von").count(), 2, "one sentence per figure on page 1:\n{one}");
    assert!(one.contains("staff[0].filled_fte"), "the inputs are named by their keys:\n{one}");
    assert!(all.contains("95-%-KI von μ*"), "the table of indices is printed");
}

/// An optimisation's report names the recommended mix and how likely it meets each target on
/// its first printed page, and shows the front as a table.
#[test]
fn an_optimisation_report_names_the_recommended_mix_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = herne_without_studies(dir.path());
    let out = dir.path().join("optimise");
    let out_s = out.display().to_string();
    amtsim(&[
        "optimise",
        file.as_str(),
        "--set",
        "staff[0].positions_fte=26",
        "--lever",
        "staff[0].filled_fte=12,20",
        "--lever",
        "permits.fb_validity_months=3,12",
        "--minimise",
        "cost_per_year",
        "--target",
        "appointment_within_4w_share[general_renewal] >= 0.5",
        "--front",
        "expired_person_days",
        // Enough counted days and replications to show the office stable at 20 FTE.
        "--first-stage",
        "3",
        "--max-replications",
        "8",
        "--set",
        "simulation.days=400",
        "-o",
        out_s.as_str(),
        "--report",
    ]);
    let (one, all) = printed(&out, dir.path());
    assert!(one.contains("Die Antwort:"), "page 1 lacks the answer:\n{one}");
    assert!(one.contains("(staff[0].filled_fte) = 20"), "the recommended mix is named:\n{one}");
    assert!(one.contains("Wahrscheinlichkeit, dass es erreicht wird"), "with the probability per target:\n{one}");
    assert!(all.contains("Pareto-Front"), "the front is shown");
}

/// A selection's report names the chosen policy by its label on its first printed page, and
/// lists every candidate with when it was eliminated.
#[test]
fn a_selection_report_names_the_chosen_candidate_first() {
    let dir = tempfile::tempdir().unwrap();
    let file = format!("{}/scenarios/herne-2025.toml", env!("CARGO_MANIFEST_DIR"));
    let out = dir.path().join("select");
    let out_s = out.display().to_string();
    amtsim(&[
        "select",
        file.as_str(),
        "--figure",
        "expired_person_days",
        "--indifference",
        "20000",
        "--policy",
        "fill_vacancies",
        "--policy",
        "portal_fixes",
        "--first-stage",
        "5",
        "--max-replications",
        "40",
        "--set",
        "simulation.days=300",
        "-o",
        out_s.as_str(),
        "--report",
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("select.json")).unwrap()).unwrap();
    let (one, all) = printed(&out, dir.path());
    assert!(one.contains("Die Antwort:"), "page 1 lacks the answer:\n{one}");
    match json["chosen"].as_str() {
        Some(chosen) => {
            let label = match chosen {
                "baseline" => "Status quo",
                "fill_vacancies" => "Offene Stellen besetzen",
                _ => "Beide Portal-Reparaturen",
            };
            assert!(one.contains(&format!("„{label}“")), "the chosen one by its label:\n{one}");
        }
        None => assert!(one.contains("noch nicht entschieden"), "an undecided end is said:\n{one}"),
    }
    assert!(!one.contains("fill_vacancies"), "no identifiers on page 1:\n{one}");
    assert!(all.contains("Die Möglichkeiten") && all.contains("Status quo"), "the table of candidates:\n{all}");
}
