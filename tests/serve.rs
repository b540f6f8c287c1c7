//! `amtsim serve` at the HTTP level: every endpoint with valid and invalid input, limits,
//! a path-traversal attempt, a cancelled run and two runs at once. A run's result must be
//! what `amtsim compare` gives for the same scenario and change.

mod serve_support;

use serde_json::{json, Value};
use serve_support::{compare_json, Server};
use std::path::PathBuf;

/// A small office (two teams, 70 days) that a run computes in a moment.
const SMALL: &str = r#"
name = "small office"
title = { de = "Kleines Amt <b>fett</b>", en = "Small office" }
[simulation]
start_date = "2025-01-06"
days = 70
warmup_days = 14
seed = 11
replications = 4
[calendar]
holidays = "none"
[calendar.opening_hours]
monday = ["08:00-12:00"]
tuesday = ["08:00-12:00"]
wednesday = ["08:00-12:00"]
thursday = ["08:00-12:00"]
friday = ["08:00-12:00"]
[[case_types]]
name = "renewal"
arrivals = { process = "poisson", per_week = 90, days = "weekdays" }
channels = { portal = 0.8, walkin = 0.2 }
service_time = { dist = "exponential", mean_min = 20 }
slot_min = 20
[[staff]]
name = "counter"
label = { de = "Team Schalter", en = "Counter team" }
positions_fte = 4
filled_fte = 3
work = "appointments"
case_types = ["renewal"]
[[staff]]
name = "desk"
head_count = 1
work = "walkin"
case_types = ["renewal"]
[portal]
horizon_days = 28
[policies.more]
label = "More clerks"
"staff[0].filled_fte" = 4
"#;

fn small_file(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("small.toml");
    std::fs::write(&path, SMALL).unwrap();
    path
}

fn start_small(extra: &[&str]) -> (Server, tempfile::TempDir, PathBuf) {
    let files = tempfile::tempdir().unwrap();
    let file = small_file(files.path());
    let mut args = vec![file.to_str().unwrap()];
    args.extend_from_slice(extra);
    let server = Server::start(&args);
    (server, files, file)
}

fn run_request(changes: &[&str], replications: u32) -> String {
    json!({ "office": "small", "changes": changes, "replications": replications }).to_string()
}

#[test]
fn the_page_its_offices_and_their_controls() {
    let (server, _files, _) = start_small(&[]);
    let (status, page) = server.get("/");
    assert_eq!(status, 200);
    assert!(page.contains("<script src=\"/app.js\" defer></script>"), "{page}");
    assert_eq!(server.get("/app.js").0, 200);
    assert_eq!(server.get("/app.css").0, 200);
    assert_eq!(server.get("/favicon.svg").0, 200);
    let (_, figures) = server.get_json("/api/figures");
    assert!(figures["headline"].as_array().unwrap().iter().any(|f| f == "backlog_end"));
    let backlog = figures["figures"].as_array().unwrap().iter().find(|f| f["name"] == "backlog_end").unwrap();
    assert_eq!(backlog["label"][0], "Unbearbeitete Anträge am Ende (Rückstau)");
    let (_, offices) = server.get_json("/api/offices");
    assert_eq!(offices["offices"][0]["id"], "small");
    // Text from the scenario travels as JSON data, never as markup of the server's.
    assert_eq!(offices["offices"][0]["title"][0], "Kleines Amt <b>fett</b>");
    let (status, office) = server.get_json("/api/offices/small");
    assert_eq!(status, 200);
    let control = |path: &str| -> Value {
        office["controls"].as_array().unwrap().iter().find(|c| c["path"] == path).cloned().unwrap_or(Value::Null)
    };
    let filled = control("staff[0].filled_fte");
    assert_eq!(
        (filled["value"].as_f64(), filled["max"].as_f64(), filled["unit"].as_str()),
        (Some(3.0), Some(4.0), Some("FTE"))
    );
    assert_eq!(filled["heading"][0], "Team: Team Schalter", "a team by its label");
    assert_eq!(control("calendar.opening_hours.monday")["value"], "08:00-12:00");
    assert_eq!(control("portal.horizon_days")["value"], 28.0);
    assert_eq!(control("walkin.tickets_per_day")["value"], 0.0);
    assert_eq!(office["policies"][0]["name"], "more");
    assert!(office["words"]["de"][0].as_str().unwrap().contains("Simuliert werden 70 Tage"));
    assert_eq!(server.get("/api/offices/nothing").0, 404);
    assert_eq!(server.get("/api/nothing").0, 404);
}

#[test]
fn a_check_answers_with_the_messages_of_amtsim_check() {
    let (server, _files, file) = start_small(&[]);
    let (_, ok) = server.post("/api/check", &run_request(&["staff[0].filled_fte=4"], 4));
    assert_eq!(ok["ok"], true, "{ok}");
    let (status, bad) = server.post("/api/check", &run_request(&["staff[0].filled_fte=9"], 4));
    assert_eq!(status, 200);
    assert_eq!(bad["ok"], false);
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_amtsim"))
        .arg("check")
        .arg(&file)
        .args(["--set", "staff[0].filled_fte=9"])
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&cli.stderr).to_string() + &String::from_utf8_lossy(&cli.stdout);
    let line = bad["problems"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|p| p.as_str().filter(|p| p.contains("filled_fte")))
        .unwrap();
    assert!(said.contains(line.trim()), "page: {line}\ncheck: {said}");
    let (_, unknown) = server.post("/api/check", &run_request(&["staff[0].filled=4"], 4));
    assert!(unknown["problems"].to_string().contains("did you mean"), "{unknown}");
    let (_, policy) = server.post("/api/check", &json!({ "office": "small", "policies": ["less"] }).to_string());
    assert!(policy["problems"].to_string().contains("less"), "{policy}");
    let (status, garbage) = server.post("/api/check", "{ not json");
    assert_eq!(status, 400);
    assert_eq!(garbage["ok"], false);
}

#[test]
fn uploads_are_checked_limited_and_may_not_reach_other_files() {
    let (server, _files, _) = start_small(&["--max-upload-kb", "4"]);
    let (status, office) = server.post("/api/offices", SMALL);
    assert_eq!(status, 200, "{office}");
    assert_eq!(office["id"], "upload-1");
    let (_, offices) = server.get_json("/api/offices");
    assert_eq!(offices["offices"].as_array().unwrap().len(), 2);
    let (status, bad) = server.post("/api/offices", "name = \"x\"\n[simulation]\ndays = -3\n");
    assert_eq!(status, 400);
    assert!(bad["problems"].to_string().contains("calendar"), "{bad}");
    let (status, big) = server.post("/api/offices", &format!("{SMALL}\n# {}\n", "x".repeat(5000)));
    assert_eq!(status, 413, "{big}");
    assert!(big["problems"][0].as_str().unwrap().contains("4 KB"));
    let (status, extend) = server.post("/api/offices", "extend = \"/etc/passwd\"\n");
    assert_eq!(status, 400);
    assert!(extend["problems"].to_string().contains("cannot extend a file on the server"), "{extend}");
    // The advanced tab's text is held to the same rule.
    let request = json!({ "office": "small", "text": "extend = \"../../small.toml\"\n" }).to_string();
    let (_, check) = server.post("/api/check", &request);
    assert!(check["problems"].to_string().contains("cannot extend"), "{check}");
}

#[test]
fn paths_outside_the_server_are_refused() {
    let (server, _files, _) = start_small(&[]);
    let (_, run) = server.post("/api/runs", &run_request(&["staff[0].filled_fte=4"], 2));
    let id = run["id"].as_str().unwrap().to_string();
    server.wait(&id, 60);
    for path in [
        format!("/api/runs/{id}/..%2F..%2F..%2Fetc%2Fpasswd"),
        format!("/api/runs/{id}/charts/..%2Fvariant.toml"),
        format!("/api/runs/{id}/charts/../../input.toml"),
        "/api/offices/..%2F..%2Fetc%2Fpasswd".to_string(),
        format!("/api/runs/{id}/input.toml"),
        format!("/api/runs/{id}/charts/.hidden.svg"),
    ] {
        let (status, body) = server.get(&path);
        assert!(status == 400 || status == 404, "{path}: {status} {body}");
        assert!(!body.contains("root:"), "{path}");
    }
}

#[test]
fn a_run_gives_what_amtsim_compare_gives_and_its_files() {
    let (server, files, _) = start_small(&[]);
    let (status, started) =
        server.post("/api/runs", &run_request(&["staff[0].filled_fte=4", "portal.horizon_days=21"], 4));
    assert_eq!(status, 202, "{started}");
    let view = server.wait(started["id"].as_str().unwrap(), 120);
    assert_eq!(view["state"], "done", "{view}");
    assert_eq!((view["done"].as_u64(), view["total"].as_u64()), (Some(8), Some(8)), "progress counts both arms");
    // The same scenario with the same change as a policy, through the command line.
    let file = files.path().join("same.toml");
    std::fs::write(
        &file,
        format!("{SMALL}\n[policies.page]\n\"staff[0].filled_fte\" = 4\n\"portal.horizon_days\" = 21\n"),
    )
    .unwrap();
    let cli = compare_json(&file, "page", 4);
    let page = &view["result"]["policies"]["variant"]["figures"];
    let cli = &cli["policies"]["page"]["figures"];
    for name in ["portal_next_free_days_mean", "appointments_served", "walkin_served", "staff_present_fte_mean"] {
        for arm in ["baseline", "policy", "diff"] {
            assert_eq!(page[name][arm]["mean"], cli[name][arm]["mean"], "{name} {arm}");
        }
    }
    let id = view["id"].as_str().unwrap();
    let (status, toml) = server.get(&format!("/api/runs/{id}/variant.toml"));
    assert_eq!(status, 200);
    // The variant is a scenario of its own that amtsim accepts.
    let variant = files.path().join("variant.toml");
    std::fs::write(&variant, &toml).unwrap();
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_amtsim")).arg("check").arg(&variant).output().unwrap();
    assert!(check.status.success(), "{}", String::from_utf8_lossy(&check.stderr));
    assert!(toml.contains("horizon_days = 21"), "{toml}");
    let (status, report) = server.get(&format!("/api/runs/{id}/report.html"));
    assert_eq!(status, 200);
    assert!(report.contains("<html"), "a committee report");
    let (status, tar) = server.get_bytes(&format!("/api/runs/{id}/results.tar"));
    assert_eq!(status, 200);
    assert!(tar.len() > 10_000 && tar.windows(12).any(|w| w == b"compare.json"), "the result folder");
    let chart = view["charts"][0].as_str().expect("charts");
    let (status, svg) = server.get(&format!("/api/runs/{id}/charts/{chart}"));
    assert_eq!(status, 200);
    assert!(svg.contains("<svg"));
}

#[test]
fn two_runs_at_once_a_cancelled_one_and_limits() {
    // 70 days × 400 replications × 2,000 = 5.6e7 fits; 500 replications do not.
    let (mut server, _files, _) =
        start_small(&["--workers", "2", "--max-run-size", "6e7", "--max-replications", "1000"]);
    let (_, a) = server.post("/api/runs", &run_request(&["staff[0].filled_fte=4"], 4));
    let (_, b) = server.post("/api/runs", &run_request(&["portal.horizon_days=14"], 4));
    let (a, b) = (server.wait(a["id"].as_str().unwrap(), 120), server.wait(b["id"].as_str().unwrap(), 120));
    assert_eq!((a["state"].as_str(), b["state"].as_str()), (Some("done"), Some("done")));
    assert_ne!(a["result"]["policies"]["variant"]["figures"], b["result"]["policies"]["variant"]["figures"]);

    // A long run, cancelled while it runs: it stops, and the server goes on serving.
    let (status, long) = server.post("/api/runs", &run_request(&["staff[0].filled_fte=4"], 400));
    assert_eq!(status, 202, "{long}");
    let id = long["id"].as_str().unwrap();
    let (_, cancelled) = server.post(&format!("/api/runs/{id}/cancel"), "{}");
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(server.wait(id, 30)["state"], "cancelled");
    assert_eq!(server.get(&format!("/api/runs/{id}/report.html")).0, 404);

    // Too large, too many replications, an unknown run: clear answers.
    let (status, large) = server.post("/api/runs", &run_request(&[], 500));
    assert_eq!(status, 413, "{large}");
    assert!(large["problems"][0].as_str().unwrap().contains("too large for the page"));
    let (status, many) = server.post("/api/runs", &run_request(&[], 1001));
    assert_eq!(status, 400);
    assert!(many["problems"][0].as_str().unwrap().contains("2 to 1000"));
    let (status, invalid) = server.post("/api/runs", &run_request(&["staff[0].filled_fte=-1"], 4));
    assert_eq!(status, 400, "{invalid}");
    assert_eq!(server.get("/api/runs/999").0, 404);
    assert!(server.alive(), "bad input never stops the server");
    assert_eq!(server.get("/").0, 200);
}

#[test]
fn a_server_with_a_token_refuses_requests_without_it() {
    let (server, _files, _) = start_small(&["--token", "abcdefghijklmnop1234"]);
    assert_eq!(server.get("/").0, 401);
    assert_eq!(server.get("/api/offices").0, 401);
    assert_eq!(server.get("/?token=abcdefghijklmnop1234").0, 200);
    assert_eq!(server.get_with("/api/offices", ("X-Amtsim-Token", "abcdefghijklmnop1234")), 200);
    assert_eq!(server.get_with("/api/offices", ("X-Amtsim-Token", "wrong")), 401);
}
