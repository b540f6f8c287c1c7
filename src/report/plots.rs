//! Which charts a result folder gets, drawn into a folder: for a run fan charts of the daily
//! series; for a comparison the same series with one line per policy and the paired
//! differences per key figure; for a sweep the key figures against each parameter and heat
//! maps of two-parameter grids; for a staffing search the target figure against head count.

use std::collections::BTreeMap;
use std::path::Path;

use super::charts::{
    difference_chart, fan_chart, heat_map, line_chart, xy_chart, xy_chart_marked, Axis, ChartError, ChartFile,
    DailyAxis, DayMark, DiffRow, FanSeries, Format, HeatGrid, LineSeries, Marks, XYSeries,
};
use super::figure_texts::{self, change_mode, ChangeMode, HEADLINE};
use super::param_labels::param_label;
use super::results::{
    CompareResult, OptimiseResult, Results, SelectResult, SensitivityResult, StaffResult, SweepManifest, SweepRow,
};
use super::sections::ScenarioInfo;
use super::series::{read_compare_daily, read_run_bands, DailyBands, DailySeries, BASELINE};
use super::sweep_targets::Target;
use super::texts::tr;
use super::{DailyAtHand, Lang, ReportError};

/// What a chart is about, for grouping in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartGroup {
    Daily,
    Differences,
    Sweep,
    Heat,
    Staffing,
    Sensitivity,
    Front,
    Selection,
}

/// One chart drawn: its file name without extension, title and a caption saying how to read it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartInfo {
    pub name: String,
    pub title: String,
    pub caption: String,
    pub group: ChartGroup,
    /// Carries the answer: drawn in the report's main part (the others in its appendix).
    pub key: bool,
}

/// Figures drawn against sweep parameters.
const SWEEP_FIGURES: [&str; 6] = [
    "portal_next_free_days_mean",
    "walkin_sent_home",
    "walkin_wait_mean_min",
    "backlog_end",
    "fb_visits",
    "expired_person_days",
];

/// Draws every chart of `results` (read from `dir`) into `out` as SVG, and as PNG too when
/// `png`; returns them in report order. Charts without data (a scenario without back office
/// has no backlog) are left out.
pub fn draw_charts(
    dir: &Path,
    results: &Results,
    info: Option<&ScenarioInfo>,
    out: &Path,
    lang: Lang,
    png: bool,
    at_hand: Option<DailyAtHand>,
) -> Result<Vec<ChartInfo>, ReportError> {
    std::fs::create_dir_all(out).map_err(ReportError::io(out))?;
    let pen = Pen { out, lang, png, info };
    match (results, at_hand) {
        (Results::Run(_), Some(DailyAtHand::Run(bands))) => run_charts(&pen, bands),
        (Results::Run(_), _) => run_charts(&pen, &read_run_bands(dir)?),
        (Results::Compare(c), Some(DailyAtHand::Compare(arms))) => compare_charts(&pen, c, arms),
        (Results::Compare(c), _) => compare_charts(&pen, c, &read_compare_daily(&dir.join("compare_daily.csv"))?),
        (Results::Sweep(manifest, rows), _) => sweep_charts(&pen, manifest, rows),
        (Results::Staff(s), _) => staff_chart(&pen, s),
        (Results::Sensitivity(s), _) => sensitivity_charts(&pen, s),
        (Results::Optimise(o), _) => front_chart(&pen, o),
        (Results::Select(s), _) => selection_chart(&pen, s),
    }
}

/// A selection's candidates: each one's mean and interval over the replications it got.
fn selection_chart(pen: &Pen, s: &SelectResult) -> Result<Vec<ChartInfo>, ReportError> {
    let lang = pen.lang;
    let (factor, unit) = chart_unit(&s.figure.unit, false, lang);
    let x = |v: Option<f64>| v.map_or(f64::NAN, |v| v * factor);
    let rows: Vec<DiffRow> = (s.candidates.iter())
        .map(|c| DiffRow {
            label: super::selection::candidate_label(&c.name, pen.info, lang),
            mean: x(c.mean),
            low: x(c.ci95_low),
            high: x(c.ci95_high),
        })
        .collect();
    let label = figure_texts::label(&s.figure.name, lang);
    let title = format!("{}: {label}", tr(lang, "Die Möglichkeiten", "The candidates"));
    let axis = Axis::new(if unit.is_empty() { label.clone() } else { format!("{label} ({unit})") });
    let height = (140 + 46 * rows.len() as u32).clamp(230, 900);
    pen.draw("selection", (900, height), |c| difference_chart(c, &title, &axis, &rows))?;
    let caption = tr(lang, "Je Möglichkeit das Mittel der Kennzahl (Punkt) und sein 95\u{a0}%-Konfidenzintervall (Balken) über die Wiederholungen, die sie im Verfahren bekam; ausgeschiedene bekamen weniger.", "Per candidate the figure's mean (dot) and its 95% confidence interval (bar) over the replications it got in the procedure; eliminated ones got fewer.");
    Ok(vec![ChartInfo {
        name: "selection".into(),
        title,
        caption: caption.into(),
        group: ChartGroup::Selection,
        key: true,
    }])
}

/// Where and how charts are drawn.
struct Pen<'a> {
    out: &'a Path,
    lang: Lang,
    png: bool,
    /// The scenario, for the names people read (labels) of policies.
    info: Option<&'a ScenarioInfo>,
}

impl Pen<'_> {
    /// An arm's name in a legend: "Status quo", or the policy's label.
    fn arm(&self, name: &str) -> String {
        if name == BASELINE {
            arm_label(name, self.lang)
        } else {
            super::sections::display_name(self.info, name, self.lang)
        }
    }
}

impl Pen<'_> {
    /// Draws one chart in each requested format at `size`.
    fn draw(
        &self,
        name: &str,
        size: (u32, u32),
        draw: impl Fn(&ChartFile) -> Result<(), ChartError>,
    ) -> Result<(), ReportError> {
        let formats: &[(Format, &str)] =
            if self.png { &[(Format::Svg, "svg"), (Format::Png, "png")] } else { &[(Format::Svg, "svg")] };
        for (format, ext) in formats {
            let path = self.out.join(format!("{name}.{ext}"));
            let file = ChartFile::new(&path, *format).with_size(size.0, size.1).with_lang(self.lang);
            draw(&file).map_err(|source| ReportError::Chart { file: path.display().to_string(), source })?;
        }
        Ok(())
    }
}

/// A daily chart: its file name, series, title, y axis and caption.
struct DailyChart {
    name: &'static str,
    series: &'static [DailySeries],
    title: (&'static str, &'static str),
    y: (&'static str, &'static str),
    caption: (&'static str, &'static str),
    /// In the report's main part: the wait for an appointment, the backlog and the people
    /// without a valid document answer most questions; the others go to the appendix.
    key: bool,
}

const DAILY_CHARTS: [DailyChart; 6] = [
    DailyChart {
        name: "next-free-days",
        series: &[DailySeries::NextFreeDays],
        title: ("Portal: Wartezeit bis zum nächsten freien Termin", "Portal: wait for the next free appointment"),
        y: ("Tage bis zum nächsten freien Termin", "Days to the next free slot"),
        caption: (
            "Wie viele Tage im Voraus der nächste freie Termin liegt, gemessen bei der morgendlichen Freischaltung; der Buchungshorizont plus ein Tag heißt: ausgebucht.",
            "How many days ahead the next free slot lies when new slots are released each morning; the booking horizon plus one day means: booked out.",
        ),
        key: true,
    },
    DailyChart {
        name: "backlog",
        series: &[DailySeries::Backlog],
        title: ("Rückstau: unbearbeitete Anträge", "Backlog: applications waiting for a decision"),
        y: ("Anträge (am Tagesende)", "Applications (at midnight)"),
        caption: ("Anträge, die am Ende des Tages auf eine Entscheidung warten.", "Applications waiting for a decision at the end of each day."),
        key: true,
    },
    DailyChart {
        name: "expired",
        series: &[DailySeries::Expired],
        title: ("Menschen ohne gültiges Aufenthaltsdokument", "People without a valid residence document"),
        y: ("Personen (am Tagesende)", "People (at midnight)"),
        caption: (
            "Inhaberinnen und Inhaber, deren Papier abgelaufen ist und die keine gültige Fiktionsbescheinigung haben – auch wenn sie schon einen Termin gebucht haben oder ihr Antrag in Bearbeitung ist.",
            "Holders whose paper has expired and who hold no valid provisional certificate, including those who have booked an appointment or whose application is being processed.",
        ),
        key: true,
    },
    DailyChart {
        name: "sent-home",
        series: &[DailySeries::SentHome7d],
        title: ("Notfallschalter: Fortgeschickte", "Emergency desk: people sent home"),
        y: ("Personen in den letzten 7 Tagen", "People in the last 7 days"),
        caption: (
            "Menschen, die am Notfallschalter nicht mehr bedient und fortgeschickt wurden, jeweils über die letzten sieben Tage summiert.",
            "People sent home from the emergency desk without being served, summed over the last seven days.",
        ),
        key: false,
    },
    DailyChart {
        name: "staff",
        series: &[DailySeries::PositionsFte, DailySeries::EmployedFte, DailySeries::PresentFte7d],
        title: ("Personal: Planstellen, besetzt, anwesend", "Staff: positions, filled, at work"),
        y: ("Vollzeitäquivalente (VZÄ)", "Full-time equivalents (FTE)"),
        caption: (
            "Stellen auf dem Papier, davon besetzte Stellen, und das tatsächlich anwesende Personal (Mittel der Öffnungstage der letzten sieben Tage): Die Lücke zeigt Vakanzen, Krankheit, Urlaub und Fortbildung.",
            "Positions on paper, positions filled, and the staff actually at work (mean over the open days of the last seven days): the gaps are vacancies, sick leave, vacation and training.",
        ),
        key: false,
    },
    DailyChart {
        name: "certificates",
        series: &[DailySeries::FbActive],
        title: ("Gültige Fiktionsbescheinigungen", "Provisional certificates in force"),
        y: ("Bescheinigungen (am Tagesende)", "Certificates (at midnight)"),
        caption: (
            "Fiktionsbescheinigungen, die am Ende des Tages gelten: Menschen, deren Antrag noch nicht entschieden ist.",
            "Provisional certificates valid at the end of each day: people whose application is not yet decided.",
        ),
        key: false,
    },
];

fn series_name(s: DailySeries, lang: Lang) -> &'static str {
    match s {
        DailySeries::Backlog => tr(lang, "Unbearbeitete Anträge", "Applications waiting"),
        DailySeries::NextFreeDays => tr(lang, "Tage bis zum nächsten freien Termin", "Days to the next free slot"),
        DailySeries::SentHome7d => tr(lang, "Fortgeschickte (7 Tage)", "Sent home (7 days)"),
        DailySeries::PresentFte7d => tr(lang, "Anwesend", "At work"),
        DailySeries::EmployedFte => tr(lang, "Besetzt", "Filled"),
        DailySeries::PositionsFte => tr(lang, "Planstellen", "Positions"),
        DailySeries::FbActive => tr(lang, "Gültige Fiktionsbescheinigungen", "Provisional certificates"),
        DailySeries::Expired => tr(lang, "Ohne gültiges Dokument", "Without a valid document"),
    }
}

fn date_axis(bands: &DailyBands, lang: Lang) -> DailyAxis {
    DailyAxis::new(tr(lang, "Datum", "Date"), bands.dates.clone())
}

/// The days a reader should see marked: the scenario's dated changes and shocks, and the
/// dates from which the compared policies hold (`policies`: their names).
fn marks(pen: &Pen, policies: &[&str]) -> Vec<DayMark> {
    let Some(info) = pen.info else { return Vec::new() };
    let lang = pen.lang;
    let text = |t: &crate::scenario::text::Text, fallback: String| t.get(lang.code()).map_or(fallback, str::to_string);
    let s = &info.scenario;
    let changes =
        s.changes.iter().map(|c| DayMark { date: c.date.to_string(), label: text(&c.label, c.paths.join(", ")) });
    let shocks = s.shocks.iter().map(|sh| DayMark {
        date: sh.start.to_string(),
        label: text(&sh.label, tr(lang, "Zusätzliche Nachfrage", "Extra demand").to_string()),
    });
    let dated = info.policies.iter().filter(|p| policies.contains(&p.name.as_str())).filter_map(|p| {
        let from = p.from?;
        Some(DayMark {
            date: from.to_string(),
            label: format!("{} ({})", pen.arm(&p.name), tr(lang, "ab hier", "from here")),
        })
    });
    changes.chain(shocks).chain(dated).collect()
}

fn run_charts(pen: &Pen, bands: &DailyBands) -> Result<Vec<ChartInfo>, ReportError> {
    let (bands, lang) = (bands.after_warmup(), pen.lang);
    let days = date_axis(&bands, lang).with_marks(marks(pen, &[]));
    let mut drawn = Vec::new();
    for chart in &DAILY_CHARTS {
        if !chart.series.iter().any(|s| bands.get(*s).has_data()) {
            continue;
        }
        let fans: Vec<FanSeries> = chart
            .series
            .iter()
            .map(|s| {
                let b = bands.get(*s);
                FanSeries {
                    name: series_name(*s, lang).to_string(),
                    median: b.median.clone(),
                    p05: b.p05.clone(),
                    p25: b.p25.clone(),
                    p75: b.p75.clone(),
                    p95: b.p95.clone(),
                }
            })
            .collect();
        let (title, y) = (tr(lang, chart.title.0, chart.title.1), Axis::new(tr(lang, chart.y.0, chart.y.1)));
        pen.draw(chart.name, ChartFile::DEFAULT_SIZE_PX, |f| fan_chart(f, title, &days, &y, &fans))?;
        let caption = tr(lang, chart.caption.0, chart.caption.1).to_string();
        drawn.push(ChartInfo {
            name: chart.name.into(),
            title: title.into(),
            caption,
            group: ChartGroup::Daily,
            key: chart.key,
        });
    }
    Ok(drawn)
}

/// The label of an arm in charts: the baseline is the status quo.
pub fn arm_label(name: &str, lang: Lang) -> String {
    if name == BASELINE {
        tr(lang, "Status quo", "Status quo").to_string()
    } else {
        name.to_string()
    }
}

/// Measures drawn in one daily chart beside the status quo (five lines at most).
const MEASURES_PER_CHART: usize = 4;

fn compare_charts(
    pen: &Pen,
    compare: &CompareResult,
    arms: &[(String, DailyBands)],
) -> Result<Vec<ChartInfo>, ReportError> {
    let lang = pen.lang;
    let mut drawn = Vec::new();
    if let Some((_, first)) = arms.first() {
        let names: Vec<&str> = arms.iter().map(|(n, _)| n.as_str()).collect();
        let days = date_axis(&first.after_warmup(), lang).with_marks(marks(pen, &names));
        let arms: Vec<(String, DailyBands)> = arms.iter().map(|(n, b)| (pen.arm(n), b.after_warmup())).collect();
        for chart in &DAILY_CHARTS {
            // One line per policy: the chart's last series (for staff: those at work).
            let Some(series) = chart.series.last().copied() else { continue };
            if !arms.iter().any(|(_, b)| b.get(series).has_data()) {
                continue;
            }
            let line =
                |(n, b): &(String, DailyBands)| LineSeries { name: n.clone(), values: b.get(series).median.clone() };
            // At most five lines a chart: the status quo and up to four measures; more
            // measures go to further charts (`NAME-2`, …), each with the status quo.
            let groups: Vec<&[(String, DailyBands)]> = arms[1..].chunks(MEASURES_PER_CHART).collect();
            for (k, group) in groups.iter().enumerate() {
                let lines: Vec<LineSeries> = std::iter::once(&arms[0]).chain(group.iter()).map(line).collect();
                let part = if groups.len() > 1 { format!(" ({}/{})", k + 1, groups.len()) } else { String::new() };
                let title = format!(
                    "{} – {}{part}",
                    tr(lang, chart.title.0, chart.title.1),
                    tr(lang, "Median je Maßnahme", "median per policy")
                );
                let name = if k == 0 { chart.name.to_string() } else { format!("{}-{}", chart.name, k + 1) };
                let y = Axis::new(tr(lang, chart.y.0, chart.y.1));
                pen.draw(&name, ChartFile::DEFAULT_SIZE_PX, |f| line_chart(f, &title, &days, &y, &lines))?;
                let caption = format!(
                    "{} {}",
                    tr(lang, chart.caption.0, chart.caption.1),
                    tr(
                        lang,
                        "Schwarz und kräftig: der Status quo; eine Linie mit eigenem Zeichen je Maßnahme (der Median der Wiederholungen). Wo Linien übereinander liegen, ändert die Maßnahme nichts.",
                        "Black and heavy: the status quo; one line with its own marker per policy (the median of the replications). Where lines lie on top of each other, the policy changes nothing."
                    )
                );
                drawn.push(ChartInfo { name, title, caption, group: ChartGroup::Daily, key: chart.key });
            }
        }
    }
    let policies = compare.policy_list();
    for name in HEADLINE {
        let mut rows = Vec::new();
        let mut unit = String::new();
        for (policy, result) in &policies {
            let Some(f) = result.figure(name) else { continue };
            let (factor, shown_unit) = chart_unit(&f.unit, true, lang);
            unit = shown_unit;
            let scaled = |x: Option<f64>| x.map_or(f64::NAN, |v| v * factor);
            rows.push(DiffRow {
                label: pen.arm(policy),
                mean: scaled(f.diff.mean),
                low: scaled(f.diff.ci95_low),
                high: scaled(f.diff.ci95_high),
            });
        }
        let changes = rows.iter().any(|r| r.mean.is_finite() && (r.mean != 0.0 || r.low != r.high));
        if rows.is_empty() || !changes {
            continue;
        }
        let title = figure_texts::label(name, lang);
        let x =
            Axis::new(format!("{} ({unit})", tr(lang, "Unterschied zum Status quo", "Difference from the status quo")));
        let file = format!("diff-{name}");
        let height = (140 + 46 * rows.len() as u32).clamp(230, 900);
        pen.draw(&file, (900, height), |f| difference_chart(f, &title, &x, &rows))?;
        let caption = tr(
            lang,
            "Punkt: mittlerer Unterschied zum Status quo (Maßnahme minus Status quo, in jeder Wiederholung gepaart); Balken: 95\u{a0}%-Konfidenzintervall. Ein Balken, der die gestrichelte Nulllinie nicht berührt, zeigt einen belastbaren Unterschied.",
            "Dot: mean difference from the status quo (policy minus status quo, paired in each replication); bar: 95% confidence interval. A bar that does not touch the dashed zero line shows a reliable difference.",
        );
        drawn.push(ChartInfo {
            name: file,
            title,
            caption: caption.into(),
            group: ChartGroup::Differences,
            key: false,
        });
    }
    Ok(drawn)
}

/// The Pareto front of an optimisation: the objective (x) against the second figure (y, with
/// its interval), one point per mix on the front.
fn front_chart(pen: &Pen, o: &OptimiseResult) -> Result<Vec<ChartInfo>, ReportError> {
    let (Some(second), false) = (&o.front_objective, o.front.is_empty()) else { return Ok(Vec::new()) };
    let lang = pen.lang;
    let (fx, ux) = chart_unit(&o.objective.unit, false, lang);
    let (fy, uy) = chart_unit(&second.unit, false, lang);
    let y = |e: Option<&super::results::Est>, pick: fn(&super::results::Est) -> Option<f64>| {
        e.and_then(pick).map_or(f64::NAN, |v| v * fy)
    };
    let series = [XYSeries {
        name: tr(lang, "Kombinationen auf der Front", "Mixes on the front").into(),
        x: o.front.iter().map(|c| c.objective.mean.map_or(f64::NAN, |v| v * fx)).collect(),
        mean: o.front.iter().map(|c| y(c.front_figure.as_ref(), |e| e.mean)).collect(),
        low: o.front.iter().map(|c| y(c.front_figure.as_ref(), |e| e.ci95_low)).collect(),
        high: o.front.iter().map(|c| y(c.front_figure.as_ref(), |e| e.ci95_high)).collect(),
    }];
    let (lx, ly) = (figure_texts::label(&o.objective.name, lang), figure_texts::label(&second.name, lang));
    let title = format!("{}: {lx} / {ly}", tr(lang, "Pareto-Front", "Pareto front"));
    let x = Axis::new(format!("{lx} ({ux})"));
    let yaxis = Axis::new(format!("{ly} ({uy})"));
    pen.draw("front", ChartFile::DEFAULT_SIZE_PX, |f| xy_chart(f, &title, &x, &yaxis, &series, None))?;
    let caption = tr(
        lang,
        "Jeder Punkt eine Kombination, die alle Ziele erreicht und von keiner anderen solchen in beiden Kennzahlen übertroffen wird (Mittelwert und 95\u{a0}%-Konfidenzintervall der zweiten Kennzahl): was ein Schritt nach rechts kostet und was er bringt.",
        "Each point a mix that meets every target and that no other such mix beats in both figures (mean and 95% confidence interval of the second figure): what a step to the right costs and what it buys.",
    );
    Ok(vec![ChartInfo { name: "front".into(), title, caption: caption.into(), group: ChartGroup::Front, key: true }])
}

/// A tornado chart per figure of a sensitivity study: the inputs, most important on top,
/// each with its main measure (μ* or the total index) and interval.
fn sensitivity_charts(pen: &Pen, s: &SensitivityResult) -> Result<Vec<ChartInfo>, ReportError> {
    let lang = pen.lang;
    let morris = s.method.name == "morris";
    let mut drawn = Vec::new();
    for f in s.figures.iter().filter(|f| f.undefined_points == 0 && !f.inputs.is_empty()) {
        let label = figure_texts::label(&f.name, lang);
        let (factor, unit) = if morris { chart_unit(&f.unit, true, lang) } else { (1.0, String::new()) };
        let rows: Vec<DiffRow> = f
            .ranking
            .iter()
            .filter_map(|p| f.inputs.iter().find(|i| &i.input == p))
            .map(|i| {
                let (v, lo, hi) = i.main();
                let x = |v: Option<f64>| v.map_or(f64::NAN, |v| v * factor);
                DiffRow { label: super::sensitivity::input_label(&i.input, lang), mean: x(v), low: x(lo), high: x(hi) }
            })
            .collect();
        let x = if morris {
            Axis::new(format!(
                "{} ({unit})",
                tr(
                    lang,
                    "Mittlere Änderung über die Spanne der Annahme (μ*)",
                    "Mean change over the assumption's range (μ*)"
                )
            ))
        } else {
            Axis::new(
                tr(lang, "Gesamtindex (Anteil an der Streuung)", "Total index (share of the variance)").to_string(),
            )
        };
        let title = format!("{}: {label}", tr(lang, "Wovon hängt es ab?", "What it depends on"));
        let file = format!("sensitivity-{}", f.name.replace(['[', ']'], "_"));
        let height = (140 + 46 * rows.len() as u32).clamp(230, 900);
        pen.draw(&file, (900, height), |c| difference_chart(c, &title, &x, &rows))?;
        let caption = if morris {
            tr(lang, "Die Annahmen, die wichtigste oben: Punkt die mittlere Änderung der Kennzahl, wenn die Annahme über ihre Spanne verschoben wird (Betrag, Morris μ*), Balken ihr 95\u{a0}%-Bootstrap-Intervall.", "The assumptions, the most important on top: dot the mean change of the figure when the assumption moves over its range (absolute, Morris μ*), bar its 95% bootstrap interval.")
        } else {
            tr(lang, "Die Annahmen, die wichtigste oben: Punkt der Anteil an der Streuung der Kennzahl, an dem die Annahme beteiligt ist (Sobol-Gesamtindex), Balken sein 95\u{a0}%-Bootstrap-Intervall.", "The assumptions, the most important on top: dot the share of the figure's variance the assumption has a hand in (Sobol total index), bar its 95% bootstrap interval.")
        };
        drawn.push(ChartInfo { name: file, title, caption: caption.into(), group: ChartGroup::Sensitivity, key: true });
    }
    Ok(drawn)
}

/// How a figure's values are shown in charts: the factor and the unit in words. Shares are
/// shown in per cent (differences in percentage points), clock differences in minutes.
fn chart_unit(unit: &str, difference: bool, lang: Lang) -> (f64, String) {
    match change_mode(unit) {
        ChangeMode::Points if difference => (100.0, tr(lang, "Prozentpunkte", "percentage points").into()),
        ChangeMode::Points => (100.0, "%".into()),
        ChangeMode::Clock if difference => (60.0, tr(lang, "Minuten", "minutes").into()),
        _ => (1.0, figure_texts::unit(unit, lang)),
    }
}

/// A sweep parameter in words: "Beschäftigte (Köpfe, Vollzeit) – `staff[1].head_count`".
pub fn param_axis(path: &str, lang: Lang) -> String {
    match param_label(path, lang) {
        Some(label) => format!("{label} \u{2013} {path}"),
        None => path.to_string(),
    }
}

fn sweep_charts(pen: &Pen, manifest: &SweepManifest, rows: &[SweepRow]) -> Result<Vec<ChartInfo>, ReportError> {
    let lang = pen.lang;
    let n = manifest.params.len();
    // Each parameter's values in the order they appear, and whether all are numbers.
    let mut values: Vec<Vec<String>> = vec![Vec::new(); n];
    for row in rows {
        for (i, v) in row.values.iter().enumerate().take(n) {
            if !values[i].contains(v) {
                values[i].push(v.clone());
            }
        }
    }
    let numeric: Vec<bool> = values.iter().map(|vs| vs.iter().all(|v| v.parse::<f64>().is_ok())).collect();
    let mut drawn = Vec::new();
    // The targets' figures first, with their target line; they carry the answer. Without
    // targets, the first two figures do.
    let targets: Vec<Target> = manifest.targets.iter().filter_map(|t| Target::parse(t)).collect();
    let mut figures: Vec<&str> = targets.iter().map(|t| t.figure.as_str()).collect();
    for f in SWEEP_FIGURES {
        if !figures.contains(&f) {
            figures.push(f);
        }
    }
    figures.dedup();
    for (k, &figure) in figures.iter().enumerate() {
        let key = if targets.is_empty() { k < 2 } else { targets.iter().any(|t| t.figure == figure) };
        let target = targets.iter().find(|t| t.figure == figure);
        let of_figure: Vec<&SweepRow> = rows.iter().filter(|r| r.figure == figure && r.est.mean.is_some()).collect();
        if of_figure.is_empty() {
            continue;
        }
        let unit = figure_unit(crate::stats::breakdown::split_name(figure).0).unwrap_or_default();
        let (factor, unit_words) = chart_unit(&unit, false, lang);
        let label = figure_texts::label(figure, lang);
        let target_text = target.map(|t| format!("{} {}", tr(lang, "Ziel:", "Target:"), t.words(pen.info, lang)));
        let target_line = target.zip(target_text.as_deref()).map(|(t, text)| (t.value * factor, text));
        let y = Axis::new(format!("{label} ({unit_words})"));
        for p in (0..n).filter(|&p| numeric[p] && values[p].len() > 1) {
            // One series per setting of the other parameters (at most eight).
            let mut series: BTreeMap<Vec<String>, XYSeries> = BTreeMap::new();
            let mut order: Vec<Vec<String>> = Vec::new();
            for r in &of_figure {
                let others: Vec<String> = (0..n).filter(|&q| q != p).map(|q| r.values[q].clone()).collect();
                if !series.contains_key(&others) {
                    if series.len() == 8 {
                        continue;
                    }
                    let name = if n == 1 {
                        label.clone()
                    } else {
                        (0..n)
                            .filter(|&q| q != p)
                            .zip(&others)
                            .map(|(q, v)| format!("{} = {v}", manifest.params[q].path))
                            .collect::<Vec<_>>()
                            .join(", ")
                    };
                    order.push(others.clone());
                    series
                        .insert(others.clone(), XYSeries { name, x: vec![], mean: vec![], low: vec![], high: vec![] });
                }
                let s = series.get_mut(&others).expect("inserted above");
                s.x.push(r.values[p].parse().unwrap_or(f64::NAN));
                s.mean.push(r.est.mean.map_or(f64::NAN, |v| v * factor));
                s.low.push(r.est.ci95_low.map_or(f64::NAN, |v| v * factor));
                s.high.push(r.est.ci95_high.map_or(f64::NAN, |v| v * factor));
            }
            let list: Vec<XYSeries> = order.iter().filter_map(|k| series.remove(k)).collect();
            let x = Axis::new(param_axis(&manifest.params[p].path, lang));
            let param = param_label(&manifest.params[p].path, lang).unwrap_or(&manifest.params[p].path);
            let title = format!("{label} \u{2013} {param}");
            let file = format!("sweep-{p}-{figure}");
            pen.draw(&file, ChartFile::DEFAULT_SIZE_PX, |f| xy_chart(f, &title, &x, &y, &list, target_line))?;
            let caption = tr(
                lang,
                "Mittelwert je Parameterwert (Linie mit Punkten) und 95\u{a0}%-Konfidenzintervall (Band).",
                "Mean per parameter value (line with dots) and 95% confidence interval (band).",
            );
            drawn.push(ChartInfo { name: file, title, caption: caption.into(), group: ChartGroup::Sweep, key });
        }
        if n == 2 && numeric[0] && numeric[1] {
            let parse = |vs: &Vec<String>| vs.iter().map(|v| v.parse().unwrap_or(f64::NAN)).collect::<Vec<f64>>();
            let mut grid = vec![vec![f64::NAN; values[1].len()]; values[0].len()];
            for r in &of_figure {
                let i = values[0].iter().position(|v| *v == r.values[0]);
                let j = values[1].iter().position(|v| *v == r.values[1]);
                if let (Some(i), Some(j)) = (i, j) {
                    grid[i][j] = r.est.mean.map_or(f64::NAN, |v| v * factor);
                }
            }
            let heat = HeatGrid {
                x: Axis::new(param_axis(&manifest.params[0].path, lang)),
                x_values: parse(&values[0]),
                y: Axis::new(param_axis(&manifest.params[1].path, lang)),
                y_values: parse(&values[1]),
                values: grid,
                value_label: format!("{label} ({unit_words})"),
            };
            let file = format!("heat-{figure}");
            pen.draw(&file, (900, 520), |f| heat_map(f, &label, &heat))?;
            let caption = tr(
                lang,
                "Mittelwert für jede Kombination der beiden Parameter; die Farbskala steht rechts.",
                "Mean for each combination of the two parameters; the colour scale is on the right.",
            );
            drawn.push(ChartInfo {
                name: file,
                title: label.clone(),
                caption: caption.into(),
                group: ChartGroup::Heat,
                key,
            });
        }
    }
    Ok(drawn)
}

fn figure_unit(name: &str) -> Option<String> {
    crate::stats::FIGURES.iter().find(|f| f.name == name).map(|f| f.unit.to_string())
}

fn staff_chart(pen: &Pen, s: &StaffResult) -> Result<Vec<ChartInfo>, ReportError> {
    let lang = pen.lang;
    let (factor, unit_words) = chart_unit(&s.target.unit, false, lang);
    let label = figure_texts::label(&s.target.figure, lang);
    let mut points: Vec<_> = s.curve.iter().collect();
    points.sort_by_key(|p| p.head_count);
    let scaled = |x: Option<f64>| x.map_or(f64::NAN, |v| v * factor);
    let team = pen.arm(&s.group);
    let series = [XYSeries {
        name: team.clone(),
        x: points.iter().map(|p| p.head_count as f64).collect(),
        mean: points.iter().map(|p| scaled(p.est.mean)).collect(),
        low: points.iter().map(|p| scaled(p.est.ci95_low)).collect(),
        high: points.iter().map(|p| scaled(p.est.ci95_high)).collect(),
    }];
    let op = if s.target.at_most() { "\u{2264}" } else { "\u{2265}" };
    let target_text =
        format!("{} {op} {} {unit_words}", tr(lang, "Ziel:", "Target:"), lang.short_number(s.target.value * factor, 3));
    let title = format!("{}: {label}", tr(lang, "Personalbedarf", "Staffing"));
    let x = Axis::new(format!("{} \u{2013} {team}", tr(lang, "Beschäftigte (Köpfe)", "Staff (head count)")));
    let y = Axis::new(format!("{label} ({unit_words})"));
    let target = Some((s.target.value * factor, target_text.as_str()));
    let overloaded = points.iter().filter(|p| p.overloaded);
    let marks = Marks {
        label: tr(lang, "überlastet", "overloaded").into(),
        points: overloaded.map(|p| (p.head_count as f64, scaled(p.est.mean))).collect(),
    };
    pen.draw("staff-curve", ChartFile::DEFAULT_SIZE_PX, |f| {
        xy_chart_marked(f, &title, &x, &y, &series, target, Some(&marks))
    })?;
    let caption = tr(
        lang,
        "Die Kennzahl für jede untersuchte Kopfzahl (Mittelwert und 95\u{a0}%-Konfidenzintervall) und das Ziel (gestrichelt). Erreicht ist das Ziel, wenn das ganze Konfidenzintervall auf der richtigen Seite der Linie liegt und das Amt nicht überlastet ist (Kreuz: die wartende Arbeit wächst; dort zählt die Kennzahl nicht).",
        "The figure for each head count evaluated (mean and 95% confidence interval) and the target (dashed). The target is met when the whole confidence interval lies on the right side of the line and the office is not overloaded (cross: the waiting work grows; there the figure does not count).",
    );
    Ok(vec![ChartInfo {
        name: "staff-curve".into(),
        title,
        caption: caption.into(),
        group: ChartGroup::Staffing,
        key: true,
    }])
}
