//! The project's own list of publications (`docs/sources.md`, compiled in) and the source
//! tags of scenario comments that cite it: `[S: herne-gruene-2025]`,
//! `[S/A: sozialrecht-lotse-fb; ostholstein-termin]`, `[A]`. The report turns every cited key
//! into a link to the publication's entry, so that a source named in a report resolves
//! without any file outside the repository.

use std::sync::OnceLock;

use super::format::html;
use super::texts::tr;
use super::Lang;

/// The registry as the project carries it.
const SOURCES_MD: &str = include_str!("../../docs/sources.md");

/// One row of the Publications table.
#[derive(Debug, Clone, PartialEq)]
pub struct Publication {
    pub key: String,
    pub title: String,
    pub author: String,
    /// Four digits, or "undated".
    pub year: String,
    /// Page, table, paragraph or date of the figures used.
    pub locator: String,
    /// The address where it was found ("–" when none).
    pub address: String,
}

/// Every publication of `docs/sources.md`, in its order.
pub fn registry() -> &'static [Publication] {
    static PARSED: OnceLock<Vec<Publication>> = OnceLock::new();
    PARSED.get_or_init(|| parse_registry(SOURCES_MD))
}

/// The publication of `key`, if the registry has it.
pub fn publication(key: &str) -> Option<&'static Publication> {
    registry().iter().find(|p| p.key == key)
}

/// The rows of the table under "## Publications" (its columns: key, title, author or
/// publisher, year, where, address).
pub fn parse_registry(text: &str) -> Vec<Publication> {
    let Some(start) = text.find("\n## Publications") else { return Vec::new() };
    let section = &text[start + 1..];
    let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
    section[..end]
        .lines()
        .filter(|l| l.starts_with("| `"))
        .filter_map(|line| {
            let cells: Vec<&str> = line.trim().trim_matches('|').split(" | ").map(str::trim).collect();
            let [key, title, author, year, locator, address] = cells.as_slice() else { return None };
            Some(Publication {
                key: key.trim_matches('`').to_string(),
                title: title.to_string(),
                author: author.to_string(),
                year: year.to_string(),
                locator: locator.to_string(),
                address: address.to_string(),
            })
        })
        .collect()
}

/// One source tag of a comment.
#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    /// Where the tag starts and ends in the comment (the brackets included).
    pub span: (usize, usize),
    /// "S", "D", "A" or a combination such as "S/A".
    pub kinds: String,
    /// Each item's key and what follows it (a locator or value, possibly empty).
    pub items: Vec<(String, String)>,
}

/// Whether `key` has the shape of a source key: lowercase letters and digits in groups
/// joined by single hyphens.
pub fn is_key(key: &str) -> bool {
    !key.is_empty()
        && key.split('-').all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// The source tags of a comment, in order; bracketed text of another shape is not a tag.
pub fn tags(note: &str) -> Vec<Tag> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = note[from..].find('[').map(|i| from + i) {
        let Some(close) = note[open..].find(']').map(|i| open + i) else { break };
        let inner = &note[open + 1..close];
        let (kinds, rest) = inner.split_once(':').map_or((inner, None), |(k, r)| (k, Some(r)));
        let kinds = kinds.trim();
        let letters_ok = !kinds.is_empty() && kinds.split('/').all(|l| matches!(l, "S" | "D" | "A"));
        if letters_ok {
            let items = rest
                .map(|r| {
                    r.split(';')
                        .map(str::trim)
                        .filter(|i| !i.is_empty())
                        .map(|i| match i.split_once(' ') {
                            Some((key, locator)) => (key.to_string(), locator.trim().to_string()),
                            None => (i.to_string(), String::new()),
                        })
                        .collect()
                })
                .unwrap_or_default();
            found.push(Tag { span: (open, close + 1), kinds: kinds.to_string(), items });
        }
        from = close + 1;
    }
    found
}

/// The HTML id of a publication's entry in the report.
fn anchor(key: &str) -> String {
    format!("src-{key}")
}

/// A comment as HTML with every cited key a link to its entry; the keys cited are appended
/// to `cited` (each once, in order of first citation).
pub fn note_html(note: &str, cited: &mut Vec<String>) -> String {
    let mut out = String::new();
    let mut at = 0;
    for tag in tags(note) {
        let (open, close) = tag.span;
        out.push_str(&html(&note[at..open]));
        let items: Vec<String> = tag
            .items
            .iter()
            .map(|(key, locator)| {
                let locator = if locator.is_empty() { String::new() } else { format!(" {}", html(locator)) };
                if !is_key(key) {
                    return format!("{}{locator}", html(key));
                }
                if !cited.contains(key) {
                    cited.push(key.clone());
                }
                format!("<a href=\"#{}\">{}</a>{locator}", anchor(key), html(key))
            })
            .collect();
        let body = if items.is_empty() { String::new() } else { format!(": {}", items.join("; ")) };
        out.push_str(&format!("[{}{body}]", html(&tag.kinds)));
        at = close;
    }
    out.push_str(&html(&note[at..]));
    out
}

/// The list of the publications cited, each with title, author, year, where and address; a
/// key the project's list does not have is named as such.
pub fn list_html(cited: &[String], lang: Lang) -> String {
    if cited.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<h3>{}</h3>\n<p class=\"muted\">{}</p>\n<ul class=\"sources\">\n",
        tr(lang, "Quellen", "Sources"),
        html(tr(
            lang,
            "Die Schlüssel der Tabelle oben; das Verzeichnis aller Quellen ist docs/sources.md im Quelltext von amtsim.",
            "The keys of the table above; the list of all sources is docs/sources.md in amtsim's source code."
        ))
    );
    for key in cited {
        let entry = match publication(key) {
            Some(p) => {
                let year =
                    if p.year == "undated" { tr(lang, "ohne Datum", "undated").to_string() } else { p.year.clone() };
                let address = if p.address == "–" {
                    String::new()
                } else {
                    format!(" <span class=\"url\">{}</span>", html(&p.address))
                };
                format!(
                    "{}: {} ({}). {}.{address}",
                    html(&p.author),
                    html(&format!("„{}“", p.title)),
                    html(&year),
                    html(p.locator.trim_end_matches('.'))
                )
            }
            None => html(tr(
                lang,
                "nicht im Quellenverzeichnis von amtsim (eine Quelle der Szenariodatei)",
                "not in amtsim's list of sources (a source of the scenario file)",
            )),
        };
        out.push_str(&format!("<li id=\"{}\"><code>{}</code> {entry}</li>\n", anchor(key), html(key)));
    }
    out.push_str("</ul>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_give_their_kinds_keys_and_locators_and_other_brackets_are_not_tags() {
        let note = "hours [S: herne-serviceportal] and 8 % [S/A: staedtetag-2021 7.46 %; hamburg] [A] [Some text] [x]";
        let found = tags(note);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].kinds, "S");
        assert_eq!(found[0].items, [("herne-serviceportal".to_string(), String::new())]);
        assert_eq!(found[1].kinds, "S/A");
        assert_eq!(
            found[1].items,
            [("staedtetag-2021".to_string(), "7.46 %".to_string()), ("hamburg".to_string(), String::new())]
        );
        assert!(found[2].items.is_empty());
        assert_eq!(&note[found[0].span.0..found[0].span.1], "[S: herne-serviceportal]");
    }

    #[test]
    fn a_note_links_each_key_once_and_escapes_the_rest() {
        let mut cited = Vec::new();
        let shown = note_html("a <b> [S: tvoed § 26; tvoed] [A]", &mut cited);
        assert_eq!(
            shown,
            "a &lt;b&gt; [S: <a href=\"#src-tvoed\">tvoed</a> § 26; <a href=\"#src-tvoed\">tvoed</a>] [A]"
        );
        assert_eq!(cited, ["tvoed"]);
        let list = list_html(&["tvoed".into(), "no-such-key".into()], Lang::De);
        assert!(list.contains("<li id=\"src-tvoed\"><code>tvoed</code> "), "{list}");
        assert!(list.contains("nicht im Quellenverzeichnis"), "{list}");
    }

    #[test]
    fn the_registry_reads_the_publications_table_only() {
        let text = "# x\n| key | a |\n|---|---|\n| `not-this` | a |\n## Publications\n\n| key | title | author or publisher | year | where | address |\n|---|---|---|---|---|---|\n| `a-2024` | T | P | 2024 | p. 3 | – |\n\n## Figures\n| `b` | 1 | 2 | 3 | 4 | 5 |\n";
        let parsed = parse_registry(text);
        assert_eq!(parsed.len(), 1);
        assert_eq!((parsed[0].key.as_str(), parsed[0].locator.as_str()), ("a-2024", "p. 3"));
        assert!(registry().len() > 20, "docs/sources.md has its publications");
    }
}
