//! The server's answers: the page, the offices and their controls, checks, runs and a run's
//! files. Every answer to a script is JSON; every text from a scenario reaches the page as
//! JSON data that the script puts in as text, never as markup.

use super::catalog::{load_office, Catalog, Office};
use super::controls::controls;
use super::runs::{prepare, variant_of, RunRequest, Runs, State};
use amtsim::report::figure_texts::{self, HEADLINE};
use amtsim::report::Lang;
use serde_json::{json, Value};
use std::io::Read;
use std::sync::Arc;
use tiny_http::{Header, Method, Request, Response};

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");
const ICON: &str =
    "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'><rect width='16' height='16' fill='#1d3b5a'/></svg>";

/// The page may load only its own script, style and images, and nothing may frame it.
const PAGE_POLICY: &str =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
/// A report or chart shown on its own: its inline style, no script.
const FILE_POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

pub struct App {
    pub catalog: Catalog,
    pub runs: Arc<Runs>,
    pub token: Option<String>,
    pub max_upload: usize,
}

/// An answer before it is sent.
struct Answer {
    status: u16,
    body: Vec<u8>,
    content_type: &'static str,
    policy: &'static str,
    download: Option<String>,
}

fn json_answer(status: u16, value: &Value) -> Answer {
    Answer {
        status,
        body: value.to_string().into_bytes(),
        content_type: "application/json; charset=utf-8",
        policy: PAGE_POLICY,
        download: None,
    }
}

fn problems(status: u16, problems: &[String]) -> Answer {
    json_answer(status, &json!({ "ok": false, "problems": problems }))
}

fn not_found(what: &str) -> Answer {
    problems(404, &[format!("{what} not found")])
}

fn file(body: Vec<u8>, content_type: &'static str, download: Option<String>) -> Answer {
    Answer { status: 200, body, content_type, policy: FILE_POLICY, download }
}

impl App {
    pub fn answer(&self, mut request: Request) {
        let answer = self.route(&mut request);
        let mut response = Response::from_data(answer.body).with_status_code(answer.status);
        let mut headers = vec![
            ("Content-Type", answer.content_type.to_string()),
            ("Content-Security-Policy", answer.policy.to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
            ("Referrer-Policy", "no-referrer".to_string()),
            ("Cache-Control", "no-store".to_string()),
        ];
        if let Some(name) = answer.download {
            headers.push(("Content-Disposition", format!("attachment; filename=\"{name}\"")));
        }
        for (name, value) in headers {
            if let Ok(h) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(h);
            }
        }
        let _ = request.respond(response);
    }

    fn route(&self, request: &mut Request) -> Answer {
        let url = request.url().to_string();
        let (path, query) = url.split_once('?').unwrap_or((&url, ""));
        if !self.allowed(request, query) {
            return problems(
                401,
                &["this server needs its access token (printed when it started): open the address it printed".into()],
            );
        }
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        if parts.iter().any(|p| p.contains("..") || p.contains('\\') || p.contains('%')) {
            return problems(400, &["not a path of this server".into()]);
        }
        let method = request.method().clone();
        match (&method, parts.as_slice()) {
            (Method::Get, []) => page(PAGE, "text/html; charset=utf-8"),
            (Method::Get, ["app.js"]) => page(SCRIPT, "text/javascript; charset=utf-8"),
            (Method::Get, ["app.css"]) => page(STYLE, "text/css; charset=utf-8"),
            (Method::Get, ["favicon.svg"]) => page(ICON, "image/svg+xml"),
            (Method::Get, ["api", "figures"]) => json_answer(200, &figures()),
            (Method::Get, ["api", "offices"]) => json_answer(200, &self.offices()),
            (Method::Post, ["api", "offices"]) => match self.body(request) {
                Ok(text) => match self.catalog.upload(&text) {
                    Ok(office) => self.office(&office),
                    Err(e) => problems(400, &e.lines().map(str::to_string).collect::<Vec<_>>()),
                },
                Err(answer) => answer,
            },
            (Method::Get, ["api", "offices", id]) => match self.catalog.get(id) {
                Some(office) => self.office(&office),
                None => not_found("office"),
            },
            (Method::Post, ["api", "check"]) => self.with_request(request, |app, office, r| app.check(office, r)),
            (Method::Post, ["api", "runs"]) => self.with_request(request, |app, office, r| app.start(office, r)),
            (Method::Get, ["api", "runs", id]) => match self.runs.get(id) {
                Some(run) => json_answer(200, &run.view()),
                None => not_found("run"),
            },
            (Method::Post, ["api", "runs", id, "cancel"]) => match self.runs.get(id) {
                Some(run) => {
                    self.runs.cancel(&run);
                    json_answer(200, &run.view())
                }
                None => not_found("run"),
            },
            (Method::Get, ["api", "runs", id, name]) => self.run_file(id, name, None),
            (Method::Get, ["api", "runs", id, "charts", name]) => self.run_file(id, "charts", Some(name)),
            _ => not_found("page"),
        }
    }

    /// Loopback servers need no token unless one was given; others need it on every request.
    fn allowed(&self, request: &Request, query: &str) -> bool {
        let Some(token) = &self.token else { return true };
        let header = request.headers().iter().find(|h| h.field.equiv("X-Amtsim-Token")).map(|h| h.value.as_str());
        let in_query = query.split('&').find_map(|kv| kv.strip_prefix("token="));
        header == Some(token.as_str()) || in_query == Some(token.as_str())
    }

    /// The request body as text, within the upload limit.
    fn body(&self, request: &mut Request) -> Result<String, Answer> {
        let too_large = || {
            problems(
                413,
                &[format!("the upload is larger than {} KB (amtsim serve --max-upload-kb)", self.max_upload / 1024)],
            )
        };
        if request.body_length().is_some_and(|n| n > self.max_upload) {
            return Err(too_large());
        }
        let mut bytes = Vec::new();
        let read = request.as_reader().take(self.max_upload as u64 + 1).read_to_end(&mut bytes);
        if read.is_err() {
            return Err(problems(400, &["the request could not be read".into()]));
        }
        if bytes.len() > self.max_upload {
            return Err(too_large());
        }
        String::from_utf8(bytes).map_err(|_| problems(400, &["expected UTF-8 text".into()]))
    }

    fn with_request(&self, request: &mut Request, then: impl Fn(&App, &Office, RunRequest) -> Answer) -> Answer {
        let text = match self.body(request) {
            Ok(text) => text,
            Err(answer) => return answer,
        };
        let parsed: RunRequest = match serde_json::from_str(&text) {
            Ok(r) => r,
            Err(e) => return problems(400, &[format!("not a request of this page: {e}")]),
        };
        match self.catalog.get(&parsed.office) {
            Some(office) => then(self, &office, parsed),
            None => not_found("office"),
        }
    }

    fn offices(&self) -> Value {
        let list: Vec<Value> = self
            .catalog
            .list()
            .iter()
            .map(|o| match load_office(o, &[]) {
                Ok(l) => json!({ "id": o.id, "origin": o.origin, "title": text_pair(&l.scenario.title, &l.scenario.name), "ok": true }),
                Err(_) => json!({ "id": o.id, "origin": o.origin, "title": [o.id, o.id], "ok": false }),
            })
            .collect();
        json!({ "offices": list, "limits": { "max_upload_kb": self.max_upload / 1024, "max_replications": self.runs.limits().max_replications } })
    }

    fn office(&self, office: &Office) -> Answer {
        let loaded = match load_office(office, &[]) {
            Ok(l) => l,
            Err(e) => return problems(400, &e.lines().map(str::to_string).collect::<Vec<_>>()),
        };
        let s = &loaded.scenario;
        // The advanced tab edits a whole scenario: a file that extends another shows merged.
        let text = match loaded.texts.len() > 1 {
            true => toml::to_string(&loaded.document).unwrap_or_default(),
            false => loaded.texts[0].clone(),
        };
        let policies: Vec<Value> = loaded
            .policies
            .iter()
            .map(|p| json!({ "name": p.name, "label": text_pair(&p.label, &p.name), "description": text_pair(&p.description_text, &p.description), "from": p.from.map(|d| d.to_string()) }))
            .collect();
        json_answer(
            200,
            &json!({
                "id": office.id,
                "origin": office.origin,
                "title": text_pair(&s.title, &s.name),
                "question": text_pair(&s.question, ""),
                "words": words(s),
                "text": text,
                "controls": controls(&loaded),
                "policies": policies,
                "replications": s.simulation.replications,
                "seed": s.simulation.seed,
            }),
        )
    }

    fn check(&self, office: &Office, r: RunRequest) -> Answer {
        match variant_of(office, r.text.as_deref(), &r.policies, &r.changes) {
            Ok((_, variant, _)) => {
                json_answer(200, &json!({ "ok": true, "problems": [], "words": words(&variant.scenario) }))
            }
            Err(p) => problems(200, &p),
        }
    }

    fn start(&self, office: &Office, r: RunRequest) -> Answer {
        let prepared = match prepare(office, &r, self.runs.limits()) {
            Ok(p) => p,
            Err((status, p)) => return problems(status, &p),
        };
        match self.runs.submit(&office.id, prepared) {
            Ok(run) => json_answer(202, &run.view()),
            Err((status, message)) => problems(status, &[message]),
        }
    }

    /// A run's downloads: the variant's scenario, the committee report, the result folder,
    /// a chart. Only these names, from the run's own folder.
    fn run_file(&self, id: &str, name: &str, chart: Option<&str>) -> Answer {
        let Some(run) = self.runs.get(id) else { return not_found("run") };
        let result = run.dir.join("result");
        let read = |path: std::path::PathBuf| std::fs::read(path).ok();
        let finished = run.state() == State::Done;
        let (body, content_type, download) = match (name, chart) {
            ("variant.toml", None) => (
                read(run.dir.join("variant.toml")),
                "application/toml; charset=utf-8",
                Some(format!("variant-{id}.toml")),
            ),
            ("report.html", None) if finished => (read(result.join("report.html")), "text/html; charset=utf-8", None),
            ("results.tar", None) if finished => {
                (tar_of(&result), "application/x-tar", Some(format!("amtsim-run-{id}.tar")))
            }
            ("charts", Some(chart)) if finished && is_chart_name(chart) => {
                (read(result.join("charts").join(chart)), "image/svg+xml", None)
            }
            _ => (None, "", None),
        };
        match body {
            Some(body) => file(body, content_type, download),
            None => not_found("file"),
        }
    }
}

fn page(text: &'static str, content_type: &'static str) -> Answer {
    Answer { status: 200, body: text.as_bytes().to_vec(), content_type, policy: PAGE_POLICY, download: None }
}

fn is_chart_name(name: &str) -> bool {
    name.ends_with(".svg")
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
}

/// The result folder as a tar archive.
fn tar_of(dir: &std::path::Path) -> Option<Vec<u8>> {
    let mut builder = tar::Builder::new(Vec::new());
    builder.append_dir_all("result", dir).ok()?;
    builder.into_inner().ok()
}

fn text_pair(text: &amtsim::scenario::text::Text, fallback: &str) -> [String; 2] {
    ["de", "en"].map(|lang| text.get(lang).unwrap_or(fallback).to_string())
}

fn words(s: &amtsim::scenario::Scenario) -> Value {
    let replications = u64::from(s.simulation.replications);
    json!({
        "de": amtsim::report::scenario_paragraphs(s, replications, Lang::De),
        "en": amtsim::report::scenario_paragraphs(s, replications, Lang::En),
    })
}

/// Labels and units of every figure, and which a committee reads first.
fn figures() -> Value {
    let list: Vec<Value> = amtsim::stats::FIGURES
        .iter()
        .map(|f| {
            json!({
                "name": f.name,
                "label": [figure_texts::label(f.name, Lang::De), figure_texts::label(f.name, Lang::En)],
                "unit": [figure_texts::unit(f.unit, Lang::De), figure_texts::unit(f.unit, Lang::En)],
                "share": f.unit == "share",
            })
        })
        .collect();
    json!({ "headline": HEADLINE, "figures": list })
}
