//! Every text that reaches a report or a chart is escaped: hostile strings in every scenario
//! text, in `--set` values and in result files handed over come out as text, never as markup.

use std::path::Path;
use std::process::Command;

/// Markup that would run or load something if it were not escaped.
const HOSTILE: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'&";

fn amtsim(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().unwrap();
    assert!(out.status.success(), "amtsim {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// No markup of the hostile string survives in `text` (HTML or SVG).
fn assert_escaped(text: &str, what: &str) {
    for raw in ["<script", "<img"] {
        let at = text.find(raw);
        assert!(at.is_none(), "{what}: unescaped {raw:?} near {:?}", at.map(|i| &text[i.saturating_sub(80)..i + 40]));
    }
}

/// The district office with the hostile string in every text a person can write.
fn hostile_scenario(dir: &Path) -> std::path::PathBuf {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml")).unwrap();
    let mut doc: toml::Table = toml::from_str(&source).unwrap();
    let text = |lang: &str| toml::Value::String(format!("{lang} {HOSTILE}"));
    let both = || {
        let mut t = toml::Table::new();
        t.insert("de".into(), text("de"));
        t.insert("en".into(), text("en"));
        toml::Value::Table(t)
    };
    for key in ["title", "question", "description"] {
        doc.insert(key.into(), both());
    }
    doc.insert("name".into(), text("name"));
    for list in ["case_types", "staff"] {
        for item in doc[list].as_array_mut().unwrap() {
            item.as_table_mut().unwrap().insert("label".into(), both());
        }
    }
    for (_, policy) in doc["policies"].as_table_mut().unwrap().iter_mut() {
        let policy = policy.as_table_mut().unwrap();
        policy.insert("label".into(), both());
        policy.insert("description".into(), both());
    }
    let path = dir.join("hostile.toml");
    std::fs::write(&path, toml::to_string(&doc).unwrap()).unwrap();
    path
}

#[test]
fn hostile_strings_in_scenario_texts_and_set_values_come_out_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let file = hostile_scenario(dir.path());
    let file = file.to_str().unwrap();
    let short = ["-r", "2", "--set", "simulation.days=80", "--set", "simulation.warmup_days=14"];
    let set = format!("calendar.closed_dates=[\"2025-02-03\"] # {HOSTILE}");
    let set_name = format!("name=\"{}\"", HOSTILE.replace('"', "\\\""));
    for command in ["run", "compare"] {
        let out = dir.path().join(command);
        let out_s = out.to_str().unwrap();
        let mut args = vec![command, file, "-o", out_s, "--report", "--png"];
        args.extend(short);
        args.extend(["--set", set_name.as_str(), "--set", set.as_str()]);
        amtsim(&args);
        let html = std::fs::read_to_string(out.join("report.html")).unwrap();
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "{command}: the text is shown, escaped");
        assert_escaped(&html, &format!("{command} report.html"));
        let en = out.join("report.en.html");
        amtsim(&["report", out_s, "--lang", "en", "-o", en.to_str().unwrap()]);
        assert_escaped(&std::fs::read_to_string(&en).unwrap(), &format!("{command} report.en.html"));
        for chart in std::fs::read_dir(out.join("charts")).unwrap() {
            let path = chart.unwrap().path();
            if path.extension().is_some_and(|e| e == "svg") {
                assert_escaped(&std::fs::read_to_string(&path).unwrap(), &path.display().to_string());
            }
        }
    }
}

#[test]
fn a_summary_json_handed_over_with_hostile_strings_renders_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("run");
    let out_s = out.to_str().unwrap();
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml");
    amtsim(&["run", file, "-o", out_s, "-r", "2", "--set", "simulation.days=80", "--set", "simulation.warmup_days=14"]);
    // Someone edits the result before handing it over.
    let path = out.join("summary.json");
    let mut summary: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    summary["scenario"]["name"] = HOSTILE.into();
    summary["scenario"]["file"] = HOSTILE.into();
    summary["scenario"]["overrides"] = serde_json::json!([format!("x={HOSTILE}")]);
    summary["amtsim_version"] = HOSTILE.into();
    summary["warnings"] = serde_json::json!([{ "code": HOSTILE, "message": HOSTILE, "remedy": HOSTILE,
        "message_de": HOSTILE, "remedy_de": HOSTILE, "figures": [HOSTILE] }]);
    std::fs::write(&path, serde_json::to_string(&summary).unwrap()).unwrap();
    std::fs::remove_file(out.join("scenario.toml")).ok();
    // ...and writes a manifest that matches (it guards against accidents, not forgery).
    let origin = amtsim::output::Origin { command: "run".into(), scenario_sha256: HOSTILE.into() };
    amtsim::output::seal(&out, &origin).unwrap();
    amtsim(&["report", out_s]);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("&lt;script&gt;"), "the edited texts are shown");
    assert_escaped(&html, "report.html of an edited summary.json");
}
