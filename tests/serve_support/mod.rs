//! Starting `amtsim serve` for a test and speaking HTTP to it (the page tests and the
//! HTTP-level tests share this).
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `amtsim serve` on a free port, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    pub dir: tempfile::TempDir,
    agent: ureq::Agent,
}

impl Server {
    /// Starts the server with `args` (after `serve --port 0 -o DIR`), waits for its address.
    pub fn start(args: &[&str]) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_amtsim"))
            .args(["serve", "--port", "0", "-o"])
            .arg(dir.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("amtsim serve starts");
        let mut first = String::new();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        out.read_line(&mut first).unwrap();
        // Keep reading what it says, as a terminal would.
        std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
        let address = first.trim().strip_prefix("amtsim serve: ").unwrap_or_else(|| panic!("no address: {first:?}"));
        let base = address.split('?').next().unwrap().trim_end_matches('/').to_string();
        let agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        Server { child, base, dir, agent }
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        let mut response = self.agent.get(format!("{}{path}", self.base)).call().expect("the server answers");
        let status = response.status().as_u16();
        (status, response.body_mut().with_config().limit(200_000_000).read_to_string().unwrap_or_default())
    }

    pub fn get_bytes(&self, path: &str) -> (u16, Vec<u8>) {
        let mut response = self.agent.get(format!("{}{path}", self.base)).call().expect("the server answers");
        let status = response.status().as_u16();
        (status, response.body_mut().with_config().limit(200_000_000).read_to_vec().unwrap_or_default())
    }

    pub fn get_with(&self, path: &str, header: (&str, &str)) -> u16 {
        let response = self.agent.get(format!("{}{path}", self.base)).header(header.0, header.1).call().unwrap();
        response.status().as_u16()
    }

    pub fn get_json(&self, path: &str) -> (u16, Value) {
        let (status, text) = self.get(path);
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}")))
    }

    pub fn post(&self, path: &str, body: &str) -> (u16, Value) {
        let mut response = self.agent.post(format!("{}{path}", self.base)).send(body).expect("the server answers");
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or_else(|_| panic!("{path}: not JSON: {text}")))
    }

    /// Polls a run until it has finished (or `seconds` pass); returns its last view.
    pub fn wait(&self, id: &str, seconds: u64) -> Value {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
        loop {
            let (_, view) = self.get_json(&format!("/api/runs/{id}"));
            let state = view["state"].as_str().unwrap_or("").to_string();
            if !matches!(state.as_str(), "queued" | "running") || std::time::Instant::now() > until {
                return view;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// Whether the process is still running.
    pub fn alive(&mut self) -> bool {
        self.child.try_wait().map(|s| s.is_none()).unwrap_or(false)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `amtsim compare FILE --policy POLICY -r N` into a temporary folder: its compare.json.
pub fn compare_json(file: &std::path::Path, policy: &str, replications: u32) -> Value {
    let out = tempfile::tempdir().unwrap();
    let status = Command::new(env!("CARGO_BIN_EXE_amtsim"))
        .arg("compare")
        .arg(file)
        .args(["--policy", policy, "-q", "-r", &replications.to_string(), "-o"])
        .arg(out.path().join("cmp"))
        .status()
        .unwrap();
    assert!(status.success());
    serde_json::from_str(&std::fs::read_to_string(out.path().join("cmp/compare.json")).unwrap()).unwrap()
}
