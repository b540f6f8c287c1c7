//! Sources that resolve: every tag in a bundled scenario cites publications of the project's
//! own docs/sources.md by key, the list is complete and well-formed, and a report turns the
//! keys into the publications they name.

mod common;

use amtsim::report::sources::{is_key, publication, registry, tags};
use std::collections::BTreeSet;

/// Every comment of every bundled scenario: (file, line number, comment text).
fn comments() -> Vec<(String, usize, String)> {
    let mut out = Vec::new();
    for path in common::bundled_scenarios() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        for (i, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
            // A '#' outside a string starts the comment (the bundled files quote no '#').
            if let Some(at) = line.find('#') {
                out.push((name.clone(), i + 1, line[at..].to_string()));
            }
        }
    }
    out
}

#[test]
fn every_tag_of_a_bundled_scenario_cites_a_publication_of_docs_sources_md() {
    let mut cited = BTreeSet::new();
    let mut tagged = 0;
    for (file, line, comment) in comments() {
        for tag in tags(&comment) {
            tagged += 1;
            assert!(!tag.kinds.is_empty(), "{file}:{line}: {comment}");
            for (key, _) in &tag.items {
                assert!(is_key(key), "{file}:{line}: {key:?} is not a source key: {comment}");
                assert!(publication(key).is_some(), "{file}:{line}: {key} is not in docs/sources.md");
                cited.insert(key.clone());
            }
        }
        // Nothing points outside the repository.
        let lower = comment.to_lowercase();
        for outside in ["parameters.md", "seed 00", "shared/"] {
            assert!(!lower.contains(outside), "{file}:{line}: cites {outside:?}: {comment}");
        }
        let table = lower
            .match_indices("table ")
            .any(|(i, _)| lower[i + 6..].chars().next().is_some_and(|c| c.is_ascii_digit()));
        assert!(!table, "{file}:{line}: cites a numbered table outside the repository: {comment}");
    }
    assert!(tagged > 300, "{tagged} tags");
    // Every publication listed is cited by a bundled scenario or a default of docs/sources.md.
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/sources.md")).unwrap();
    let defaults = &doc[..doc.find("## Publications").unwrap()];
    for p in registry() {
        let in_defaults = defaults.contains(&format!("`{}`", p.key));
        assert!(cited.contains(&p.key) || in_defaults, "{} is listed but cited nowhere", p.key);
    }
}

#[test]
fn the_list_of_publications_is_complete_and_sorted() {
    let keys: Vec<&str> = registry().iter().map(|p| p.key.as_str()).collect();
    assert!(keys.len() >= 30, "{} publications", keys.len());
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(keys, sorted, "sorted by key, each once");
    for p in registry() {
        assert!(is_key(&p.key), "{:?}", p.key);
        assert!(!p.title.is_empty() && !p.author.is_empty() && !p.locator.is_empty(), "{}", p.key);
        let year_ok = p.year == "undated" || (p.year.len() == 4 && p.year.chars().all(|c| c.is_ascii_digit()));
        assert!(year_ok, "{}: year {:?}", p.key, p.year);
        assert!(p.address == "–" || p.address.starts_with("http"), "{}: address {:?}", p.key, p.address);
    }
}

#[test]
fn a_report_resolves_every_key_it_cites_to_its_publication() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("herne");
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/herne-2025.toml");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_amtsim"))
        .args(["run", file, "-o", out.to_str().unwrap(), "--report", "-r", "2"])
        .args(["--set", "simulation.days=160", "--set", "simulation.warmup_days=140"])
        .status()
        .unwrap();
    assert!(status.success());
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    let link = "href=\"#src-";
    let links: BTreeSet<&str> =
        html.match_indices(link).map(|(i, _)| html[i + link.len()..].split('"').next().unwrap()).collect();
    assert!(links.contains("herne-gruene-2025"), "Herne's inquiry is cited");
    for key in &links {
        assert!(html.contains(&format!("<li id=\"src-{key}\">")), "{key}: the link has its entry");
        let p = publication(key).expect("a listed publication");
        let title = p.title.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
        assert!(html.contains(&title), "{key}: its title {:?}", p.title);
    }
    assert!(!html.contains("nicht im Quellenverzeichnis"), "every key resolves");
}
