//! Report text in the two languages. Short texts are written side by side where they are
//! used (`tr(lang, de, en)`), so both versions are reviewed together; the longer fixed
//! paragraphs live here.

use super::Lang;

/// The German or the English text.
pub fn tr(lang: Lang, de: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::De => de,
        Lang::En => en,
    }
}

/// Section headings, in report order. The tests check that every report has them.
pub fn section(lang: Lang, id: Section) -> &'static str {
    match id {
        Section::Question => tr(lang, "Fragestellung", "The question"),
        Section::Scenario => tr(lang, "Das Szenario in Worten", "The scenario in plain words"),
        Section::Figures => tr(lang, "Kennzahlen", "Key figures"),
        Section::Comparison => tr(lang, "Was die Maßnahmen bewirken", "What the policies change"),
        Section::Charts => tr(lang, "Diagramme", "Charts"),
        Section::MoreCharts => tr(lang, "Weitere Diagramme", "More charts"),
        Section::Method => tr(lang, "So entstehen die Zahlen", "How the numbers are made"),
        Section::Assumptions => tr(lang, "Annahmen und Quellen", "Assumptions and sources"),
        Section::Appendix => tr(lang, "Alle Kennzahlen", "All key figures"),
        Section::Reproduce => tr(lang, "Reproduzierbarkeit", "Reproducibility"),
    }
}

/// The sections of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Question,
    Scenario,
    Figures,
    /// Only in reports of a comparison.
    Comparison,
    /// The charts that carry the answer (in the main part).
    Charts,
    /// The other charts (in the appendix).
    MoreCharts,
    Method,
    Assumptions,
    /// Runs and comparisons only.
    Appendix,
    Reproduce,
}

impl Section {
    /// The HTML id of the section.
    pub fn id(self) -> &'static str {
        match self {
            Section::Question => "question",
            Section::Scenario => "scenario",
            Section::Figures => "figures",
            Section::Comparison => "comparison",
            Section::Charts => "charts",
            Section::MoreCharts => "more-charts",
            Section::Method => "method",
            Section::Assumptions => "assumptions",
            Section::Appendix => "appendix",
            Section::Reproduce => "reproduce",
        }
    }
}

/// How the simulation works and how to read intervals and bands.
pub fn method_paragraphs(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::De => [
            "Die Behörde wird Tag für Tag nachgebildet: Menschen buchen Termine im Online-Portal oder \
             stellen sich am Notfallschalter an, Beschäftigte sind anwesend, krank, im Urlaub oder in \
             Einarbeitung, Anträge warten auf ihre Bearbeitung, Aufenthaltspapiere laufen ab. Vieles \
             davon hängt vom Zufall ab. Darum wird derselbe Zeitraum mehrmals mit verschiedenen \
             Zufallszahlen durchgerechnet („Wiederholungen“).",
            "Eine Kennzahl ist der Mittelwert über alle Wiederholungen. Das 95\u{a0}%-Konfidenzintervall \
             (95\u{a0}%-KI) gibt an, wie genau dieser Mittelwert bestimmt ist: Mit mehr Wiederholungen \
             wird es enger. Die Einschwingzeit am Anfang, in der die simulierte Behörde erst ihren \
             gewohnten Zustand erreicht, zählt nicht mit.",
            "Bei einem Vergleich sieht jede Maßnahme genau dieselben Menschen, Krankheitsfälle und \
             Zufälle wie der Status quo. Ein Unterschied geht deshalb auf die Maßnahme zurück. \
             Enthält das Konfidenzintervall des Unterschieds die Null, zeigen die Daten keinen \
             belastbaren Unterschied. Prozentangaben beziehen sich auf den Mittelwert des Status quo.",
            "Die Verlaufsdiagramme zeigen für jeden Tag den Median der Wiederholungen (Linie) sowie \
             die Spanne, in der die mittleren 50\u{a0}% bzw. 90\u{a0}% der Wiederholungen liegen \
             (dunkles und helles Band): So sieht man, wie stark ein Jahr vom anderen abweichen kann.",
        ],
        Lang::En => [
            "The office is simulated day by day: people book appointments in the online portal or \
             queue at the emergency desk, staff are at work, sick, on leave or still learning, \
             applications wait for a decision, residence papers expire. Much of this is chance, so \
             the same period is simulated several times with different random numbers \
             (“replications”).",
            "A key figure is the mean over all replications. The 95% confidence interval (95% CI) \
             says how precisely that mean is known: more replications make it narrower. The warm-up \
             at the start, while the simulated office settles into its usual state, is not counted.",
            "In a comparison every policy sees exactly the same people, sick days and chances as \
             the status quo, so a difference is the policy's doing. When the confidence interval of \
             a difference contains zero, the data show no reliable difference. Percentages refer to \
             the mean of the status quo.",
            "The time-series charts show for each day the median of the replications (line) and the \
             range of the middle 50% and 90% of the replications (dark and light band): they show \
             how much one year may differ from another.",
        ],
    }
}

/// What the source tags of the assumptions table mean.
pub fn source_legend(lang: Lang) -> &'static str {
    tr(
        lang,
        "Herkunft: „Quelle“ – von der genannten Quelle belegt; „abgeleitet“ – aus belegten Zahlen \
         berechnet; „Annahme“ – keine Quelle, bitte durch eigene Zahlen der Behörde ersetzen. \
         Nicht aufgeführte Parameter haben ihren Standardwert (docs/scenario.md). Die \
         Begründungen sind die Kommentare der Szenariodatei; die Schlüssel in den eckigen \
         Klammern führen zu den Quellen unter der Tabelle.",
        "Origin: “source” – stated by the cited source; “derived” – computed from sourced \
         figures; “assumption” – no source, replace it with the office's own figure. Parameters \
         not listed have their default value (docs/scenario.md). The notes are the comments of \
         the scenario file; the keys in square brackets lead to the sources below the table.",
    )
}
