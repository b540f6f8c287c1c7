//! Runs of the page: the status quo and a variant on common random numbers, each run by
//! `amtsim compare` in a child process (so its result folder is what the command gives, a
//! cancel is a kill, and a failing run cannot take the server down), at most `workers` at
//! once, the others queued.

use super::catalog::{load_office, load_text, Office};
use amtsim::scenario::{find_policy, parse_override, LoadedScenario, Override};
use serde_json::{json, Value};
use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};

/// What the page asks to run.
#[derive(Debug, serde::Deserialize)]
pub struct RunRequest {
    pub office: String,
    /// The office's text as edited in the advanced tab (None: the office's file).
    #[serde(default)]
    pub text: Option<String>,
    /// `PATH=VALUE` lines from the controls.
    #[serde(default)]
    pub changes: Vec<String>,
    /// The office's own policies switched on.
    #[serde(default)]
    pub policies: Vec<String>,
    #[serde(default)]
    pub replications: Option<u32>,
    #[serde(default)]
    pub lang: Option<String>,
}

/// The limits of a run from the page.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Days × replications × arms × (holders + 1,000).
    pub max_run_size: f64,
    pub max_replications: u32,
    pub max_queued: usize,
}

/// A variant checked and ready to run: the comparison's input and the variant alone.
pub struct Prepared {
    pub input: String,
    pub variant: String,
    pub replications: u32,
    pub lang: &'static str,
}

/// The office of a request with `overrides`: the edited text or the office's file.
pub fn load(office: &Office, text: Option<&str>, overrides: &[Override]) -> Result<LoadedScenario, Vec<String>> {
    match text {
        Some(text) => load_text(text, &format!("{}.toml", office.id), overrides),
        None => load_office(office, overrides),
    }
    .map_err(|e| e.lines().map(str::to_string).collect())
}

/// The base of a request and its variant with the switched-on policies and the controls'
/// changes, checked as `amtsim check --set` checks them (the same messages).
pub fn variant_of(
    office: &Office,
    text: Option<&str>,
    policies: &[String],
    changes: &[String],
) -> Result<(LoadedScenario, LoadedScenario, Vec<Override>), Vec<String>> {
    let base = load(office, text, &[])?;
    let mut entries: Vec<Override> = Vec::new();
    for name in policies {
        let policy = find_policy(&base, name).map_err(|e| vec![e.to_string()])?;
        if policy.from.is_some() {
            return Err(vec![format!(
                "policy {name} holds from a date; the page compares changes from the start (compare it with amtsim compare --policy {name})"
            )]);
        }
        entries.extend(policy.overrides.iter().cloned());
    }
    let mut problems = Vec::new();
    for line in changes {
        match parse_override(line) {
            Ok(ov) => entries.push(ov),
            Err(e) => problems.push(e),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let variant = load(office, text, &entries)?;
    Ok((base, variant, entries))
}

/// Checks a request and writes nothing: the comparison's input (the base with the variant as
/// its policy `variant`) and the variant as a scenario of its own.
pub fn prepare(office: &Office, request: &RunRequest, limits: &Limits) -> Result<Prepared, (u16, Vec<String>)> {
    let (base, variant, entries) =
        variant_of(office, request.text.as_deref(), &request.policies, &request.changes).map_err(|p| (400, p))?;
    let sim = &base.scenario.simulation;
    let replications = request.replications.unwrap_or(sim.replications);
    if replications < 2 || replications > limits.max_replications {
        let message =
            format!("replications = {replications}: the page runs 2 to {} replications", limits.max_replications);
        return Err((400, vec![message]));
    }
    let holders: f64 = [&base.scenario, &variant.scenario]
        .iter()
        .flat_map(|s| s.case_types.iter())
        .filter_map(|c| c.holders.as_ref())
        .map(|h| h.count as f64)
        .sum();
    let size = f64::from(sim.days) * f64::from(replications) * (holders + 2_000.0);
    if size > limits.max_run_size {
        return Err((413, vec![format!(
            "this run is too large for the page: days × replications × arms × (holders + 1,000) = {size:.3e}, at most {:.3e} (amtsim serve --max-run-size); give fewer replications, or run amtsim compare on the command line",
            limits.max_run_size
        )]));
    }
    let mut input = base.document.clone();
    input.remove("extend");
    let mut policy = toml::Table::new();
    policy.insert("label".into(), toml::Value::Table(toml::toml! { de = "Variante" en = "Variant" }));
    for ov in &entries {
        policy.insert(ov.path.clone(), ov.value.clone());
    }
    let policies = input.entry("policies").or_insert_with(|| toml::Value::Table(toml::Table::new()));
    if let toml::Value::Table(t) = policies {
        t.insert("variant".into(), toml::Value::Table(policy));
    }
    let mut alone = variant.document.clone();
    alone.remove("extend");
    alone.remove("policies");
    let lang = if request.lang.as_deref() == Some("en") { "en" } else { "de" };
    let text = |doc: &toml::Table| toml::to_string(doc).map_err(|e| (500, vec![format!("writing the scenario: {e}")]));
    Ok(Prepared { input: text(&input)?, variant: text(&alone)?, replications, lang })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

pub struct Run {
    pub id: u64,
    pub dir: PathBuf,
    pub office: String,
    replications: u32,
    lang: &'static str,
    status: Mutex<Status>,
    child: Mutex<Option<Child>>,
}

struct Status {
    state: State,
    done: u64,
    total: u64,
    message: Option<String>,
    result: Option<Value>,
}

impl Run {
    /// What the page shows of the run.
    pub fn view(&self) -> Value {
        let s = self.status.lock().expect("run status");
        json!({
            "id": self.id.to_string(),
            "office": self.office,
            "state": s.state,
            "done": s.done,
            "total": s.total,
            "message": s.message,
            "result": s.result,
            "charts": if s.state == State::Done { charts(&self.dir.join("result")) } else { Vec::new() },
        })
    }

    pub fn state(&self) -> State {
        self.status.lock().expect("run status").state
    }

    fn set(&self, state: State, message: Option<String>) {
        let mut s = self.status.lock().expect("run status");
        if s.state != State::Cancelled {
            s.state = state;
            s.message = message;
        }
    }
}

/// The charts of a finished run (file names under `charts/`).
fn charts(result: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(result.join("charts"))
        .map(|d| d.filter_map(|e| e.ok()?.file_name().into_string().ok()).filter(|n| n.ends_with(".svg")).collect())
        .unwrap_or_default();
    names.sort();
    names
}

/// The runs of this server and the queue its workers take them from.
pub struct Runs {
    dir: PathBuf,
    limits: Limits,
    state: Mutex<Queue>,
    wake: Condvar,
}

#[derive(Default)]
struct Queue {
    next: u64,
    runs: HashMap<u64, Arc<Run>>,
    waiting: VecDeque<Arc<Run>>,
}

impl Runs {
    pub fn new(dir: PathBuf, limits: Limits) -> Arc<Runs> {
        Arc::new(Runs { dir, limits, state: Mutex::new(Queue { next: 1, ..Default::default() }), wake: Condvar::new() })
    }

    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Starts `workers` threads that run the queued runs one after another.
    pub fn start_workers(self: &Arc<Self>, workers: usize) {
        for _ in 0..workers.max(1) {
            let runs = Arc::clone(self);
            std::thread::spawn(move || runs.work());
        }
    }

    /// Queues a prepared run; refuses when the queue is full.
    pub fn submit(&self, office: &str, prepared: Prepared) -> Result<Arc<Run>, (u16, String)> {
        let mut q = self.state.lock().expect("runs");
        if q.waiting.len() >= self.limits.max_queued {
            return Err((
                503,
                format!("{} runs are waiting already; try again when one has finished", q.waiting.len()),
            ));
        }
        let id = q.next;
        q.next += 1;
        let dir = self.dir.join(format!("run-{id}"));
        let write = |name: &str, text: &str| std::fs::write(dir.join(name), text);
        std::fs::create_dir_all(&dir)
            .and_then(|_| write("input.toml", &prepared.input))
            .and_then(|_| write("variant.toml", &prepared.variant))
            .map_err(|e| (500, format!("cannot write the run's folder: {e}")))?;
        let total = u64::from(prepared.replications) * 2;
        let run = Arc::new(Run {
            id,
            dir,
            office: office.to_string(),
            replications: prepared.replications,
            lang: prepared.lang,
            status: Mutex::new(Status { state: State::Queued, done: 0, total, message: None, result: None }),
            child: Mutex::new(None),
        });
        q.runs.insert(id, Arc::clone(&run));
        q.waiting.push_back(Arc::clone(&run));
        self.wake.notify_one();
        Ok(run)
    }

    pub fn get(&self, id: &str) -> Option<Arc<Run>> {
        let id: u64 = id.parse().ok()?;
        self.state.lock().expect("runs").runs.get(&id).cloned()
    }

    /// Cancels a queued or running run (a finished one stays as it is).
    pub fn cancel(&self, run: &Run) {
        {
            let mut s = run.status.lock().expect("run status");
            if matches!(s.state, State::Done | State::Failed | State::Cancelled) {
                return;
            }
            s.state = State::Cancelled;
            s.message = Some("cancelled".into());
        }
        self.state.lock().expect("runs").waiting.retain(|r| r.id != run.id);
        if let Some(child) = run.child.lock().expect("run child").as_mut() {
            let _ = child.kill();
        }
    }

    fn work(&self) {
        loop {
            let run = {
                let mut q = self.state.lock().expect("runs");
                loop {
                    match q.waiting.pop_front() {
                        Some(run) => break run,
                        None => q = self.wake.wait(q).expect("runs"),
                    }
                }
            };
            if run.state() == State::Queued {
                execute(&run);
            }
        }
    }
}

/// Runs `amtsim compare` on the run's input and follows its progress lines.
fn execute(run: &Run) {
    let exe = match std::env::current_exe() {
        Ok(exe) => exe,
        Err(e) => return run.set(State::Failed, Some(format!("cannot find the amtsim program: {e}"))),
    };
    let mut command = Command::new(exe);
    command
        .arg("compare")
        .arg(run.dir.join("input.toml"))
        .args(["--policy", "variant", "--report", "--lang", run.lang])
        .args(["-r", &run.replications.to_string()])
        .arg("-o")
        .arg(run.dir.join("result"))
        .env("AMTSIM_PROGRESS", "lines")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let stderr = {
        let mut slot = run.child.lock().expect("run child");
        if run.state() == State::Cancelled {
            return;
        }
        match command.spawn() {
            Ok(mut child) => {
                let stderr = child.stderr.take();
                *slot = Some(child);
                stderr
            }
            Err(e) => return run.set(State::Failed, Some(format!("cannot start amtsim compare: {e}"))),
        }
    };
    run.set(State::Running, None);
    let mut said = Vec::new();
    if let Some(stderr) = stderr {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            match progress(&line) {
                Some((done, total)) => {
                    let mut s = run.status.lock().expect("run status");
                    (s.done, s.total) = (done, total.max(s.total));
                }
                None if !line.trim().is_empty() => said.push(line),
                None => {}
            }
        }
    }
    let status = run.child.lock().expect("run child").as_mut().map(Child::wait);
    *run.child.lock().expect("run child") = None;
    match status {
        Some(Ok(s)) if s.success() => {
            let result = std::fs::read_to_string(run.dir.join("result").join("compare.json"))
                .ok()
                .and_then(|t| serde_json::from_str::<Value>(&t).ok());
            let mut st = run.status.lock().expect("run status");
            if st.state != State::Cancelled {
                st.state = State::Done;
                st.done = st.total;
                st.result = result;
            }
        }
        _ => run.set(State::Failed, Some(said.join("\n"))),
    }
}

/// A progress line of the child: "done/total".
fn progress(line: &str) -> Option<(u64, u64)> {
    let (done, total) = line.trim().split_once('/')?;
    Some((done.trim().parse().ok()?, total.trim().parse().ok()?))
}
