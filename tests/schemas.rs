//! The JSON Schemas of the result files: the shipped ones in docs/schemas/ are what
//! `amtsim schema` prints, they are valid draft 2020-12 schemas, real outputs of every command
//! validate against them, and they are strict enough to refuse a changed unit, a missing
//! figure or an unknown field.

use amtsim::output::schema::Document;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const HERNE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/herne-2025.toml");

fn amtsim(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_amtsim")).args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn shipped(document: Document) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schemas").join(document.schema_file())
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Every error of `instance` against `document`'s schema, one per line.
fn errors(document: Document, instance: &Value) -> Vec<String> {
    let validator = jsonschema::options().should_validate_formats(true).build(&document.schema()).unwrap();
    validator.iter_errors(instance).map(|e| format!("{}: {e}", e.instance_path())).collect()
}

fn assert_valid(document: Document, path: &Path) {
    let errors = errors(document, &read_json(path));
    assert!(errors.is_empty(), "{} against {}:\n{}", path.display(), document.schema_file(), errors.join("\n"));
}

#[test]
fn the_shipped_schemas_are_what_amtsim_schema_prints() {
    for document in Document::ALL {
        let printed = amtsim(&["schema", document.name()]);
        assert_eq!(printed, document.schema_text());
        let on_disk = std::fs::read_to_string(shipped(document)).unwrap_or_default();
        assert!(
            on_disk == printed,
            "docs/schemas/{} differs from `amtsim schema {}`: write it anew with\n  cargo run --release -- schema {} > docs/schemas/{}",
            document.schema_file(),
            document.name(),
            document.name(),
            document.schema_file()
        );
    }
}

#[test]
fn every_schema_is_a_valid_draft_2020_12_schema() {
    for document in Document::ALL {
        let schema = read_json(&shipped(document));
        assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
        if let Err(e) = jsonschema::meta::validate(&schema) {
            panic!("{}: {e}", document.schema_file());
        }
    }
}

#[test]
fn real_outputs_of_every_command_validate() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name);
    let text = |p: PathBuf| p.to_str().unwrap().to_string();

    amtsim(&["run", HERNE, "-r", "3", "-q", "-o", &text(out("run"))]);
    assert_valid(Document::Summary, &out("run").join("summary.json"));
    assert_valid(Document::Manifest, &out("run").join("manifest.json"));

    amtsim(&["compare", HERNE, "-r", "3", "-q", "-o", &text(out("compare"))]);
    assert_valid(Document::Compare, &out("compare").join("compare.json"));
    assert_valid(Document::Manifest, &out("compare").join("manifest.json"));
    let compare = read_json(&out("compare").join("compare.json"));
    assert!(compare["precision"].is_null());
    let policy = compare["policies"].as_object().unwrap().values().next().unwrap();
    assert!(
        policy["figures"].as_object().unwrap().keys().any(|k| k.contains('[')),
        "figures per case type are checked too"
    );

    let precise = text(out("precise"));
    amtsim(&[
        "compare",
        HERNE,
        "--policy",
        "fb_12_months",
        "--precision",
        "backlog_end=0.5",
        "--max-replications",
        "6",
        "-q",
        "-o",
        &precise,
    ]);
    assert!(read_json(&out("precise").join("compare.json"))["precision"].is_object());
    assert_valid(Document::Compare, &out("precise").join("compare.json"));

    let param = "staff[0].filled_fte=11:12:1";
    amtsim(&[
        "sweep",
        HERNE,
        "--param",
        param,
        "--target",
        "backlog_end <= 100",
        "-r",
        "2",
        "-q",
        "-o",
        &text(out("sweep")),
    ]);
    assert_valid(Document::Sweep, &out("sweep").join("sweep.json"));
    for i in 0..2 {
        let shard = format!("{i}/2");
        amtsim(&[
            "sweep",
            HERNE,
            "--param",
            param,
            "-r",
            "2",
            "-q",
            "--shard",
            &shard,
            "-o",
            &text(out(&format!("shard{i}"))),
        ]);
    }
    amtsim(&["-q", "merge", &text(out("merged")), &text(out("shard0")), &text(out("shard1"))]);
    assert_valid(Document::Sweep, &out("merged").join("sweep.json"));
    assert_valid(Document::Manifest, &out("merged").join("manifest.json"));

    amtsim(&[
        "staff",
        HERNE,
        "--target",
        "backlog_end <= 2000",
        "--min",
        "10",
        "--max",
        "12",
        "-r",
        "2",
        "-q",
        "-o",
        &text(out("staff")),
    ]);
    assert_valid(Document::Staff, &out("staff").join("staff.json"));
    assert_valid(Document::Manifest, &out("staff").join("manifest.json"));

    for method in ["morris", "sobol"] {
        let dir = out(&format!("sensitivity-{method}"));
        amtsim(&[
            "sensitivity",
            HERNE,
            "--method",
            method,
            "--trajectories",
            "2",
            "--base-samples",
            "8",
            "--input",
            "portal.no_show_prob=0.10:0.17",
            "--input",
            "staff[0].filled_fte=11:12",
            "--set",
            "simulation.days=200",
            "-r",
            "1",
            "-q",
            "-o",
            &text(dir.clone()),
        ]);
        assert_valid(Document::Sensitivity, &dir.join("sensitivity.json"));
        assert_valid(Document::Manifest, &dir.join("manifest.json"));
    }

    amtsim(&[
        "select",
        HERNE,
        "--figure",
        "backlog_end",
        "--indifference",
        "500",
        "--policy",
        "fill_vacancies",
        "--first-stage",
        "2",
        "--max-replications",
        "3",
        "--set",
        "simulation.days=200",
        "-q",
        "-o",
        &text(out("select")),
    ]);
    assert_valid(Document::Select, &out("select").join("select.json"));
    assert_valid(Document::Manifest, &out("select").join("manifest.json"));

    // Herne's own [optimise] section has 180 candidates: the schema needs only a few.
    let herne = std::fs::read_to_string(HERNE).unwrap();
    let without_section = out("herne-without-optimise.toml");
    std::fs::write(&without_section, &herne[..herne.find("\n[optimise]").unwrap()]).unwrap();
    amtsim(&[
        "optimise",
        &text(without_section),
        "--lever",
        "staff[0].filled_fte=11:12:1",
        "--minimise",
        "cost_per_year",
        "--target",
        "backlog_end <= 5000",
        "--front",
        "expired_person_days",
        "--first-stage",
        "2",
        "--max-replications",
        "3",
        "--set",
        "simulation.days=200",
        "-q",
        "-o",
        &text(out("optimise")),
    ]);
    assert_valid(Document::Optimise, &out("optimise").join("optimise.json"));
    assert_valid(Document::Manifest, &out("optimise").join("manifest.json"));
}

#[test]
fn a_changed_unit_a_missing_figure_or_an_unknown_field_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let run = dir.path().join("run");
    amtsim(&["run", HERNE, "-r", "2", "-q", "-o", run.to_str().unwrap()]);
    let summary = read_json(&run.join("summary.json"));
    assert!(errors(Document::Summary, &summary).is_empty());

    let mut changed = summary.clone();
    changed["figures"]["backlog_end"]["unit"] = "days".into();
    assert!(errors(Document::Summary, &changed).iter().any(|e| e.contains("/figures/backlog_end/unit")));

    let mut missing = summary.clone();
    missing["figures"].as_object_mut().unwrap().remove("decisions");
    assert!(errors(Document::Summary, &missing).iter().any(|e| e.contains("decisions")));

    let mut unknown = summary.clone();
    unknown["teams"][0]["lunch_hours"] = 1.0.into();
    assert!(errors(Document::Summary, &unknown).iter().any(|e| e.contains("lunch_hours")));

    let mut subject = summary.clone();
    subject["figures_by_subject"]["no_such_figure[general_renewal]"] = summary["figures"]["backlog_end"].clone();
    assert!(!errors(Document::Summary, &subject).is_empty());

    let mut text_for_number = summary;
    text_for_number["figures"]["backlog_end"]["mean"] = "12".into();
    assert!(!errors(Document::Summary, &text_for_number).is_empty());
}
