//! The report page: one self-contained HTML file (styles inline, charts as inline SVG, no
//! external assets) that reads well on screen and prints to PDF (A4, page breaks before the
//! large sections, table headers repeated, charts never split).

use super::format::html;
use super::plots::{ChartGroup, ChartInfo};
use super::results::Results;
use super::sections::{self, ScenarioInfo};
use super::texts::{method_paragraphs, section, tr, Section};
use super::Lang;

/// Everything the page shows.
pub struct ReportInput<'a> {
    pub lang: Lang,
    pub results: &'a Results,
    pub scenario: Option<&'a ScenarioInfo>,
    /// The charts in report order with their SVG text.
    pub charts: &'a [(ChartInfo, String)],
}

const STYLE: &str = r#"
:root { --ink: #1e1e1e; --muted: #5f6368; --rule: #d9dce1; --accent: #0072b2; --better: #00775a; --worse: #b84d00; --soft: #f4f6f8; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.55 "Segoe UI", "Helvetica Neue", Arial, "DejaVu Sans", sans-serif; font-variant-numeric: tabular-nums; }
main, header.title, footer { max-width: 1000px; margin: 0 auto; padding: 0 28px; }
header.title { padding-top: 36px; padding-bottom: 8px; border-bottom: 4px solid var(--accent); }
.kicker { margin: 0; color: var(--accent); font-weight: 600; letter-spacing: .03em; text-transform: uppercase; font-size: 13px; }
h1 { font-size: 30px; line-height: 1.2; margin: 6px 0 6px; }
.lead { margin: 0 0 14px; color: var(--muted); font-size: 17px; }
nav.toc { font-size: 14px; margin: 10px 0 12px; }
nav.toc ol { margin: 0; padding-left: 0; list-style: none; columns: 2; column-gap: 40px; }
nav.toc a { color: var(--accent); text-decoration: none; }
section { margin-top: 34px; }
h2 { font-size: 22px; margin: 0 0 12px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
h3 { font-size: 18px; margin: 22px 0 8px; }
p { margin: 0 0 10px; }
.question { font-size: 18px; padding: 12px 16px; background: var(--soft); border-left: 4px solid var(--accent); }
.muted { color: var(--muted); }
p.answer { font-size: 17px; padding: 10px 16px; background: #e9f6f1; border-left: 4px solid var(--better); }
blockquote { margin: 10px 0; padding: 8px 14px; border-left: 3px solid var(--rule); background: #fafbfc; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14.5px; }
th, td { padding: 6px 8px; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
thead th { background: var(--soft); border-bottom: 2px solid #b9bec6; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
th.num.wrap, table.small.matrix td.num { white-space: normal; }
table.matrix { font-size: 13.5px; }
table.matrix td, table.matrix th { padding: 5px 6px; }
table.matrix th.num { white-space: normal; }
.wide { overflow-x: auto; }
table.small { font-size: 13px; }
table.small td, table.small th { padding: 3px 6px; }
div.warnings { border-left: 4px solid #b45309; background: #fff7ed; padding: 8px 12px; margin: 8px 0 16px; }
div.warnings ul { margin: 4px 0 0; padding-left: 18px; }
.ci { color: var(--muted); font-size: 12.5px; }
td.better, li.better .tag { color: var(--better); }
td.worse, li.worse .tag { color: var(--worse); }
td.better { background: #e9f6f1; font-weight: 600; }
td.worse { background: #fbeee4; font-weight: 600; }
td.nodiff, td.unchanged { color: var(--muted); }
tr.answer td { background: #e9f6f1; font-weight: 600; }
.summary { background: var(--soft); padding: 6px 18px 8px; border-radius: 4px; }
.summary h3 { margin-top: 8px; }
.summary li { margin-bottom: 6px; }
.policy { margin-top: 18px; }
.changes { font-weight: 600; }
ul.sentences { list-style: none; padding: 0; margin: 6px 0 0; }
ul.sentences li { display: grid; grid-template-columns: 124px 1fr; column-gap: 12px; padding: 5px 0; border-bottom: 1px dotted var(--rule); }
ul.sentences .tag { font-size: 12.5px; font-weight: 700; letter-spacing: .02em; padding-top: 2px; }
li.nodiff, li.unchanged { color: var(--muted); }
li.nodiff .tag, li.unchanged .tag, li.changed .tag { color: var(--muted); }
figure.chart { margin: 14px 0 24px; padding: 8px; border: 1px solid var(--rule); border-radius: 4px; }
figure.chart svg { display: block; width: 100%; height: auto; }
figcaption { font-size: 14px; color: var(--muted); margin-top: 6px; padding: 0 4px; }
table.assumptions { font-size: 12.5px; }
table.assumptions td:first-child { width: 27%; }
table.assumptions td:nth-child(2) { width: 25%; word-break: break-word; }
table.assumptions code { font-size: 11.5px; word-break: break-word; }
code { font-family: "DejaVu Sans Mono", Consolas, monospace; }
.src { display: inline-block; padding: 0 5px; border-radius: 3px; font-size: 11.5px; font-weight: 600; white-space: nowrap; margin: 1px 0; }
.src.stated { background: #dcecf7; color: #00517f; }
.src.derived { background: #e4f2ec; color: #00694f; }
.src.assumed { background: #fbe9dc; color: #8f3c00; }
.src.none { color: var(--muted); }
.changed-by { font-size: 11.5px; color: var(--worse); }
ul.sources { font-size: 12.5px; padding-left: 18px; }
ul.sources li { margin-bottom: 4px; }
ul.sources .url { word-break: break-all; color: var(--muted); }
footer { margin-top: 40px; padding-top: 12px; padding-bottom: 40px; border-top: 1px solid var(--rule); font-size: 13.5px; color: var(--muted); }
footer dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
footer dt { font-weight: 600; color: var(--ink); }
footer dd { margin: 0; word-break: break-all; }
footer pre { white-space: pre-wrap; word-break: break-all; background: var(--soft); padding: 8px; font-size: 12.5px; }
@page { size: A4; margin: 16mm 14mm 16mm 14mm; }
@media print {
  body { font-size: 10.5pt; }
  h1 { font-size: 18pt; }
  h2 { font-size: 15pt; }
  h3 { margin: 12px 0 6px; }
  .lead { font-size: 10pt; margin-bottom: 8px; }
  section { margin-top: 14px; }
  table.decision thead th { font-size: 7pt; }
  .question { font-size: 11pt; padding: 6px 12px; }
  p.answer { font-size: 10pt; padding: 6px 12px; }
  main, header.title, footer { max-width: none; padding: 0; }
  header.title { padding-top: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; }
  h3 { break-after: avoid; }
  #charts, section.appendix { break-before: page; }
  figure.chart { break-inside: avoid; border: none; padding: 0; }
  table { font-size: 9pt; }
  table.assumptions, table.small { font-size: 8pt; }
  table.matrix { font-size: 7.5pt; }
  table.matrix td, table.matrix th { padding: 3px 3px; }
  table.matrix .ci { font-size: 6.5pt; }
  /* Ten measures and the answer above them still fit the first page. */
  table.decision td { padding: 1px 3px; line-height: 1.2; }
  .wide { overflow: visible; }
  thead { display: table-header-group; }
  tr, li, .policy h3 { break-inside: avoid; }
  .question, .answer, .summary, td.better, td.worse, thead th, tr.answer td, .src { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// The sections of this report: the main part (the answer, about eight printed pages) and
/// the appendix (the details), each in order.
fn sections_of(results: &Results, more_charts: bool) -> (Vec<Section>, Vec<Section>) {
    let more = more_charts.then_some(Section::MoreCharts);
    match results {
        // A comparison answers in its decision table; the measures one by one and the whole
        // matrix of figures are details.
        Results::Compare(_) => (
            vec![Section::Question, Section::Scenario, Section::Charts, Section::Method],
            [
                Some(Section::Comparison),
                Some(Section::Figures),
                more,
                Some(Section::Assumptions),
                Some(Section::Appendix),
            ]
            .into_iter()
            .flatten()
            .collect(),
        ),
        Results::Run(_) => (
            vec![Section::Question, Section::Scenario, Section::Figures, Section::Charts, Section::Method],
            [more, Some(Section::Assumptions), Some(Section::Appendix)].into_iter().flatten().collect(),
        ),
        Results::Sweep(..)
        | Results::Staff(_)
        | Results::Sensitivity(_)
        | Results::Optimise(_)
        | Results::Select(_) => (
            vec![Section::Question, Section::Scenario, Section::Figures, Section::Charts, Section::Method],
            [more, Some(Section::Assumptions)].into_iter().flatten().collect(),
        ),
    }
}

/// A section's number: 1, 2, … in the main part, A, B, … in the appendix.
fn section_number(appendix: bool, i: usize, lang: Lang) -> String {
    if appendix {
        let letter = char::from(b'A' + (i % 26) as u8);
        format!("{} {letter}:", tr(lang, "Anhang", "Appendix"))
    } else {
        (i + 1).to_string()
    }
}

/// The whole page.
pub fn render(input: &ReportInput) -> String {
    let lang = input.lang;
    let (record, seed, replications, version) = input.results.record();
    let kind = match input.results {
        Results::Run(_) => tr(lang, "Simulation", "Simulation"),
        Results::Compare(_) => tr(lang, "Vergleich von Maßnahmen", "Policy comparison"),
        Results::Sweep(..) => tr(lang, "Parameterstudie", "Parameter sweep"),
        Results::Staff(_) => tr(lang, "Personalbedarf", "Staffing search"),
        Results::Sensitivity(_) => tr(lang, "Empfindlichkeit der Ergebnisse", "Sensitivity study"),
        Results::Optimise(_) => tr(lang, "Beste Kombination von Maßnahmen", "Optimisation"),
        Results::Select(_) => tr(lang, "Auswahl der besten Möglichkeit", "Selecting the best"),
    };
    let name = (input.scenario.and_then(|i| i.scenario.title.get(lang.code())))
        .map_or_else(|| record.name.clone(), str::to_string);
    let title = format!("{kind}: {name}");
    let (key_charts, more_charts): (Vec<_>, Vec<_>) = input.charts.iter().partition(|(c, _)| c.key);
    let (main, appendix) = sections_of(input.results, !more_charts.is_empty());
    let mut body = String::new();
    let parts = [(false, &main), (true, &appendix)];
    let mut toc = String::new();
    for (in_appendix, list) in parts {
        for (i, s) in list.iter().enumerate() {
            let content = match s {
                Section::Question => match input.results {
                    // A comparison answers on the first page: gains and losses, the decision table.
                    Results::Compare(c) => {
                        sections::question(input.results, input.scenario, lang)
                            + &super::comparison::answer(c, input.scenario, lang)
                    }
                    _ => sections::question(input.results, input.scenario, lang),
                },
                Section::Scenario => sections::scenario(input.scenario, input.results, lang),
                Section::Figures => sections::figures(input.results, input.scenario, lang),
                Section::Comparison => match input.results {
                    Results::Compare(c) => super::comparison::comparison(c, input.scenario, lang),
                    _ => String::new(),
                },
                Section::Charts => charts(&key_charts, 0, lang),
                Section::MoreCharts => charts(&more_charts, key_charts.len(), lang),
                Section::Method => method_paragraphs(lang).iter().map(|p| format!("<p>{}</p>\n", html(p))).collect(),
                Section::Assumptions => {
                    sections::assumptions_table(input.scenario, &record.overrides, &record.file, lang)
                }
                Section::Appendix => sections::appendix(input.results, input.scenario, lang).unwrap_or_default(),
                Section::Reproduce => String::new(),
            };
            let class = if in_appendix { " class=\"appendix\"" } else { "" };
            let number = section_number(in_appendix, i, lang);
            body.push_str(&format!(
                "<section id=\"{}\"{class}>\n<h2>{number} {}</h2>\n{content}</section>\n",
                s.id(),
                html(section(lang, *s))
            ));
            toc.push_str(&format!("<li><a href=\"#{}\">{number} {}</a></li>", s.id(), html(section(lang, *s))));
        }
    }
    toc.push_str(&format!(
        "<li><a href=\"#{}\">{}</a></li>",
        Section::Reproduce.id(),
        html(section(lang, Section::Reproduce))
    ));
    let lead = match lang {
        Lang::De => format!("Ausländerbehörde: Terminlage, Notfallschalter, Personal und Rückstau – {replications} Wiederholungen, 95\u{a0}%-Konfidenzintervalle"),
        Lang::En => format!("Immigration office: appointments, emergency desk, staffing and backlog – {replications} replications, 95% confidence intervals"),
    };
    format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"amtsim {version}\">\n<title>{title}</title>\n<style>{STYLE}{pages}</style>\n</head>\n<body>\n\
         <header class=\"title\">\n<p class=\"kicker\">{kicker} · amtsim {version}</p>\n<h1>{title}</h1>\n<p class=\"lead\">{lead}</p>\n\
         <nav class=\"toc\"><ol>{toc}</ol></nav>\n</header>\n<main>\n{body}</main>\n{footer}</body>\n</html>\n",
        code = lang.code(),
        version = html(version),
        title = html(&title),
        kicker = tr(lang, "Simulationsbericht", "Simulation report"),
        lead = html(&lead),
        footer = footer(input.results, seed, replications, lang),
        pages = page_style(version, &record.file_sha256, &today_iso(), lang),
    )
}

/// The printed page's foot: the amtsim version, the scenario's fingerprint and the date the
/// report was written on the left, "Seite 3 von 9" on the right.
fn page_style(version: &str, sha256: &str, today: &str, lang: Lang) -> String {
    let fingerprint: String = sha256.chars().take(12).collect();
    let text = format!(
        "amtsim {version} · {} {fingerprint} · {}",
        tr(lang, "Szenario", "scenario"),
        super::format::long_date(today, lang)
    );
    let (page, of) = match lang {
        Lang::De => ("Seite ", " von "),
        Lang::En => ("Page ", " of "),
    };
    let small = "font-size: 8pt; color: #5f6368;";
    format!(
        "\n@page {{ @bottom-left {{ content: \"{}\"; {small} }} @bottom-right {{ content: \"{page}\" counter(page) \"{of}\" counter(pages); {small} }} }}\n",
        css_string(&text)
    )
}

/// Text for a CSS string in double quotes inside a <style> element.
fn css_string(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '"' | '\\' | '<' | '>' | '\n' | '\r' => format!("\\{:x} ", c as u32),
            c => c.to_string(),
        })
        .collect()
}

/// Today's date (UTC) as YYYY-MM-DD: the day the report was written.
fn today_iso() -> String {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    let epoch = chrono::NaiveDate::from_ymd_opt(1970, 1, 1).expect("a date");
    (epoch + chrono::Duration::days(days as i64)).to_string()
}

/// The charts of a section, numbered on from `first` (the charts before them).
fn charts(charts: &[&(ChartInfo, String)], first: usize, lang: Lang) -> String {
    if charts.is_empty() {
        return format!(
            "<p class=\"muted\">{}</p>\n",
            tr(lang, "Für diese Ergebnisse gibt es keine Diagramme.", "There are no charts for these results.")
        );
    }
    let mut out = String::new();
    let mut group = None;
    for (k, (info, svg)) in charts.iter().enumerate() {
        if group != Some(info.group) {
            group = Some(info.group);
            let heading = match info.group {
                ChartGroup::Daily => tr(lang, "Verlauf über die Zeit", "Over time"),
                ChartGroup::Differences => tr(
                    lang,
                    "Unterschiede zum Status quo je Kennzahl",
                    "Differences from the status quo per key figure",
                ),
                ChartGroup::Sweep => tr(lang, "Kennzahlen nach Parameter", "Key figures by parameter"),
                ChartGroup::Heat => tr(lang, "Zwei Parameter zugleich", "Two parameters at once"),
                ChartGroup::Staffing => tr(lang, "Kennzahl nach Kopfzahl", "Key figure by head count"),
                ChartGroup::Sensitivity => tr(lang, "Wovon die Kennzahlen abhängen", "What the figures depend on"),
                ChartGroup::Front => tr(lang, "Die Pareto-Front", "The Pareto front"),
                ChartGroup::Selection => tr(lang, "Die Möglichkeiten im Vergleich", "The candidates side by side"),
            };
            out.push_str(&format!("<h3>{}</h3>\n", html(heading)));
        }
        let svg = inline_svg(svg, &info.title);
        out.push_str(&format!(
            "<figure class=\"chart\" id=\"chart-{}\">\n{svg}\n<figcaption><strong>{} {}:</strong> {}</figcaption>\n</figure>\n",
            html(&info.name),
            tr(lang, "Abbildung", "Figure"),
            first + k + 1,
            html(&info.caption)
        ));
    }
    out
}

/// The SVG file's text ready to inline: without an XML prolog, labelled for screen readers.
fn inline_svg(svg: &str, title: &str) -> String {
    let start = svg.find("<svg").unwrap_or(0);
    let svg = &svg[start..];
    svg.replacen("<svg", &format!("<svg role=\"img\" aria-label=\"{}\"", html(title)), 1)
}

/// A command-line argument, quoted for a POSIX shell when needed.
fn shell(arg: &str) -> String {
    if arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:,".contains(c)) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', "'\\''"))
    }
}

fn footer(results: &Results, seed: u64, replications: u64, lang: Lang) -> String {
    let (record, _, _, version) = results.record();
    let file = shell(&record.file);
    let mut args: Vec<String> = match results {
        Results::Run(_) => vec!["amtsim".into(), "run".into(), file],
        Results::Compare(c) => {
            let mut a = vec!["amtsim".into(), "compare".into(), file];
            for name in c.policies.keys() {
                a.push("--policy".into());
                a.push(shell(name));
            }
            a
        }
        Results::Sweep(m, _) => {
            let mut a = vec!["amtsim".into(), "sweep".into(), file];
            for p in &m.params {
                a.push("--param".into());
                a.push(shell(&format!("{}={}", p.path, p.values.join(","))));
            }
            a
        }
        Results::Staff(s) => vec![
            "amtsim".into(),
            "staff".into(),
            file,
            "--target".into(),
            shell(&s.target.text),
            "--group".into(),
            shell(&s.group),
        ],
        Results::Select(s) => vec![
            "amtsim".into(),
            "select".into(),
            file,
            "--figure".into(),
            shell(&s.figure.name),
            "--indifference".into(),
            s.indifference.to_string(),
            "--pcs".into(),
            s.pcs.to_string(),
            "--first-stage".into(),
            s.first_stage.to_string(),
            "--max-replications".into(),
            s.max_replications.to_string(),
        ],
        Results::Optimise(o) => {
            let mut a = vec!["amtsim".into(), "optimise".into(), file];
            for l in &o.levers {
                a.push("--lever".into());
                a.push(shell(&format!("{}={}", l.path, l.values.join(","))));
            }
            let verb = if o.objective.goal == "min" { "--minimise" } else { "--maximise" };
            a.extend([verb.to_string(), shell(&o.objective.name)]);
            for t in &o.targets {
                a.extend(["--target".to_string(), shell(t)]);
            }
            if let Some(f) = &o.front_objective {
                a.extend(["--front".to_string(), shell(&f.name)]);
            }
            a.extend(["--first-stage".to_string(), o.first_stage.to_string()]);
            a
        }
        Results::Sensitivity(s) => {
            let mut a = vec!["amtsim".into(), "sensitivity".into(), file, "--method".into(), s.method.name.clone()];
            let opts = [
                ("--trajectories", s.method.trajectories),
                ("--levels", s.method.levels),
                ("--base-samples", s.method.base_samples),
            ];
            for (opt, v) in opts {
                if let Some(v) = v {
                    a.extend([opt.to_string(), v.to_string()]);
                }
            }
            for i in &s.inputs {
                let factor = if i.relative { "x" } else { "" };
                a.push("--input".into());
                a.push(shell(&format!("{}={factor}{}:{}", i.path, i.low, i.high)));
            }
            for f in &s.figures {
                a.push("--figure".into());
                a.push(shell(&f.name));
            }
            a
        }
    };
    for o in record.overrides.iter().filter(|o| !o.starts_with("simulation.seed=")) {
        args.push("--set".into());
        args.push(shell(o));
    }
    args.extend(["--seed".into(), seed.to_string(), "-r".into(), replications.to_string(), "--report".into()]);
    if lang == Lang::En {
        args.extend(["--lang".into(), "en".into()]);
    }
    let overrides = if record.overrides.is_empty() { "–".to_string() } else { html(&record.overrides.join(", ")) };
    format!(
        "<footer id=\"reproduce\">\n<h2>{heading}</h2>\n<p>{intro}</p>\n<dl>\n\
         <dt>amtsim</dt><dd>{version}</dd>\n<dt>{scenario}</dt><dd>{name} ({file})</dd>\n\
         <dt>SHA-256</dt><dd><code>{sha}</code></dd>\n<dt>{seed_word}</dt><dd>{seed}</dd>\n\
         <dt>{reps_word}</dt><dd>{replications}</dd>\n<dt>{over_word}</dt><dd>{overrides}</dd>\n</dl>\n\
         <p>{again}</p>\n<pre>{command}</pre>\n</footer>\n",
        heading = html(section(lang, Section::Reproduce)),
        intro = tr(lang, "Dieselbe Version mit derselben Szenariodatei, demselben Startwert und derselben Zahl von Wiederholungen liefert Zahl für Zahl dieselben Ergebnisse, auf jedem Rechner.", "The same version with the same scenario file, seed and number of replications gives the same results number for number, on any machine."),
        version = html(version),
        scenario = tr(lang, "Szenario", "Scenario"),
        name = html(&record.name),
        file = html(&record.file),
        sha = html(&record.file_sha256),
        seed_word = tr(lang, "Startwert (Seed)", "Seed"),
        reps_word = tr(lang, "Wiederholungen", "Replications"),
        over_word = tr(lang, "Geänderte Parameter (--set)", "Changed parameters (--set)"),
        again = tr(lang, "Erneut erzeugen:", "To produce it again:"),
        command = html(&args.join(" ")),
    )
}
