//! `amtsim serve` as an office head meets it: headless Chromium, driven through its WebDriver
//! (the Debian packages chromium and chromium-driver; `.ci/run` installs them), opens the
//! page, chooses the district office, adds two clerks to the general-law team with the
//! control, computes, and reads the result from the page; then switches on Saturdays with
//! time off. The figures on the page must be those of `amtsim compare` for the same change,
//! to the digit, and the page must log no JavaScript error.
//!
//! With `AMTSIM_SCREENSHOTS=DIR` the test saves a screenshot of each step there; it prints
//! the time from the click to the rendered result (scripts/serve-bench.sh takes the median).

mod serve_support;

use serde_json::{json, Value};
use serve_support::{compare_json, Server};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn tool(names: &[&str]) -> String {
    for name in names {
        if let Ok(out) = Command::new("sh").arg("-c").arg(format!("command -v {name}")).output() {
            let path = String::from_utf8_lossy(&out.stdout).trim().to_string();
            if out.status.success() && !path.is_empty() {
                return path;
            }
        }
    }
    panic!("{} not found: install the Debian packages chromium and chromium-driver (.ci/run does this)", names[0]);
}

/// A chromedriver on a free port with one headless Chromium session.
struct Browser {
    driver: Child,
    base: String,
    agent: ureq::Agent,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start() -> Browser {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let driver = Command::new(tool(&["chromedriver"]))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
        let root = format!("http://127.0.0.1:{port}");
        let until = Instant::now() + Duration::from_secs(20);
        while agent.get(format!("{root}/status")).call().is_err() {
            assert!(Instant::now() < until, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({ "capabilities": { "alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": { "browser": "ALL" },
            "goog:chromeOptions": {
                "binary": tool(&["chromium", "chromium-browser"]),
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                         "--window-size=1400,2000", format!("--user-data-dir={}", profile.path().display())],
            },
        }}});
        let mut response = agent.post(format!("{root}/session")).send_json(&capabilities).expect("a session");
        let session: Value = response.body_mut().read_json().unwrap();
        let id = session["value"]["sessionId"].as_str().unwrap_or_else(|| panic!("no session: {session}")).to_string();
        Browser { driver, base: format!("{root}/session/{id}"), agent, _profile: profile }
    }

    fn call(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.base);
        let mut response = match method {
            "GET" => self.agent.get(&url).call(),
            "DELETE" => self.agent.delete(&url).call(),
            _ => self.agent.post(&url).send_json(&body),
        }
        .expect("chromedriver answers");
        let value: Value = response.body_mut().read_json().unwrap_or(Value::Null);
        value["value"].clone()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", json!({ "url": url }));
    }

    /// The element `selector` finds (CSS or XPath), waiting up to `seconds` for it.
    fn find(&self, using: &str, selector: &str, seconds: u64) -> String {
        let until = Instant::now() + Duration::from_secs(seconds);
        loop {
            let found = self.call("POST", "/element", json!({ "using": using, "value": selector }));
            // An element reference is an object with one key (W3C's element identifier).
            let reference = found.as_object().filter(|o| !o.contains_key("error"));
            if let Some(id) = reference.and_then(|o| o.values().next()).and_then(Value::as_str) {
                return id.to_string();
            }
            assert!(Instant::now() < until, "no element {selector}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn click(&self, element: &str) {
        self.call("POST", &format!("/element/{element}/click"), json!({}));
    }

    fn type_into(&self, element: &str, text: &str) {
        self.call("POST", &format!("/element/{element}/clear"), json!({}));
        self.call("POST", &format!("/element/{element}/value"), json!({ "text": text }));
    }

    fn property(&self, element: &str, name: &str) -> Value {
        self.call("GET", &format!("/element/{element}/property/{name}"), Value::Null)
    }

    fn attribute(&self, element: &str, name: &str) -> String {
        self.call("GET", &format!("/element/{element}/attribute/{name}"), Value::Null)
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Waits until the run button is enabled again (the check has answered).
    fn wait_enabled(&self, element: &str) {
        let until = Instant::now() + Duration::from_secs(30);
        while self.property(element, "disabled") == Value::Bool(true) {
            assert!(Instant::now() < until, "the run button stays disabled");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The browser's console messages at level SEVERE (JavaScript errors, failed loads).
    fn errors(&self) -> Vec<String> {
        let log = self.call("POST", "/se/log", json!({ "type": "browser" }));
        let entries = log.as_array().cloned().unwrap_or_default();
        entries
            .iter()
            .filter(|e| e["level"] == "SEVERE")
            .map(|e| e["message"].as_str().unwrap_or("").to_string())
            .collect()
    }

    /// A screenshot with `selector` scrolled into view.
    fn screenshot(&self, name: &str, selector: &str) {
        let Some(dir) = std::env::var_os("AMTSIM_SCREENSHOTS") else { return };
        let scroll = "document.querySelector(arguments[0]).scrollIntoView()";
        self.call("POST", "/execute/sync", json!({ "script": scroll, "args": [selector] }));
        use base64::Engine;
        let data = self.call("GET", "/screenshot", Value::Null);
        let bytes = base64::engine::general_purpose::STANDARD.decode(data.as_str().unwrap_or("")).expect("a PNG");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(std::path::Path::new(&dir).join(format!("{name}.png")), bytes).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.agent.delete(&self.base).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The value the page shows for `figure` of `arm` in card `card` (its data-value).
fn shown(browser: &Browser, card: usize, figure: &str, arm: &str) -> f64 {
    let selector = format!(".card:nth-child({card}) h4 + table tr[data-figure='{figure}'] td[data-arm='{arm}']");
    let cell = browser.find("css selector", &selector, 5);
    browser.attribute(&cell, "data-value").parse().unwrap_or_else(|_| panic!("{figure} {arm}: no number"))
}

fn mean(json: &Value, figure: &str, arm: &str) -> f64 {
    json[figure][arm]["mean"].as_f64().unwrap_or_else(|| panic!("{figure} {arm} in compare.json"))
}

#[test]
fn an_office_head_adds_two_clerks_and_opens_on_saturdays() {
    let server = Server::start(&[]);
    let browser = Browser::start();
    browser.go(&format!("{}/", server.base));
    browser.find("css selector", "body[data-ready='true']", 30);
    browser.click(&browser.find("css selector", "#office option[value='district-office']", 5));
    let legend = "Team allgemeines Ausländerrecht";
    let filled = browser.find(
        "xpath",
        &format!("//fieldset[legend[contains(., '{legend}')]]//input[contains(@data-path, '.filled_fte')]"),
        10,
    );
    let path = browser.attribute(&filled, "data-path");
    let before: f64 = browser.property(&filled, "value").as_str().unwrap().parse().unwrap();
    browser.screenshot("1-office", "#describe");

    // Two clerks more, through the control.
    browser.type_into(&filled, &(before + 2.0).to_string());
    let run = browser.find("css selector", "#run", 5);
    std::thread::sleep(Duration::from_millis(400));
    browser.wait_enabled(&run);
    browser.screenshot("2-two-clerks", "fieldset[data-section='team:general_team']");
    let clicked = Instant::now();
    browser.click(&run);
    browser.find("css selector", ".card:nth-child(1) h4 + table", 120);
    let elapsed = clicked.elapsed();
    println!("click to rendered result (status quo + variant, 20 replications each): {:.2} s", elapsed.as_secs_f64());
    browser.screenshot("3-result", "#results-section");

    // The status quo's warning is on the card (the office is overloaded).
    let warning = browser.find("css selector", ".card:nth-child(1) .warning[data-warning='overload']", 5);
    let text = browser.property(&warning, "textContent").as_str().unwrap_or("").to_string();
    assert!(text.starts_with("Status quo: "), "{text}");
    // The backlog shrinks with two more clerks, beyond doubt.
    let diff = shown(&browser, 1, "backlog_end", "diff");
    assert!(diff < 0.0, "backlog_end moved by {diff}");
    // The page's figures are amtsim compare's for the same change, to the digit.
    let file = server.dir.path().join("same.toml");
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/district-office.toml")).unwrap();
    std::fs::write(&file, format!("{base}\n[policies.page]\n\"{path}\" = {}\n", before + 2.0)).unwrap();
    let cli = compare_json(&file, "page", 20);
    let figures = &cli["policies"]["page"]["figures"];
    for figure in ["backlog_end", "portal_next_free_days_mean", "walkin_sent_home_people", "expired_person_days"] {
        assert_eq!(shown(&browser, 1, figure, "baseline"), mean(figures, figure, "baseline"), "{figure}");
        assert_eq!(shown(&browser, 1, figure, "variant"), mean(figures, figure, "policy"), "{figure}");
        assert_eq!(shown(&browser, 1, figure, "diff"), mean(figures, figure, "diff"), "{figure}");
    }

    // Saturdays every other week with time off, worked by half the general-law team.
    let every = browser.find("css selector", "input[data-path='calendar.saturday_openings.every_weeks']", 5);
    browser.type_into(&every, "2");
    let general = browser.find("css selector", "input[data-group='general_team']", 5);
    browser.type_into(&general, "0.5");
    std::thread::sleep(Duration::from_millis(400));
    browser.wait_enabled(&run);
    browser.screenshot("4-saturdays", "fieldset[data-section='saturdays']");
    browser.click(&run);
    browser.find("css selector", ".card:nth-child(2) h4 + table", 120);
    browser.screenshot("5-side-by-side", "#results-section");
    let changes = browser.find("css selector", ".card:nth-child(2) .changes", 5);
    let said = browser.attribute(&changes, "data-changes");
    assert!(said.contains("saturday_openings.compensation=\"time_off\""), "{said}");
    let words = browser.property(&changes, "textContent").as_str().unwrap_or("").to_string();
    assert!(words.contains("Samstags geöffnet alle … Wochen (0: nie) 0 → 2"), "{words}");
    assert!(shown(&browser, 2, "backlog_end", "diff").is_finite());

    // The English switch: the page's words and the cards' words change language.
    browser.click(&browser.find("css selector", "#lang", 5));
    let run_label = browser.property(&run, "textContent");
    assert_eq!(run_label.as_str(), Some("Compute"));
    let heading = browser.find("css selector", ".card:nth-child(1) h4", 5);
    assert_eq!(browser.property(&heading, "textContent").as_str(), Some("Decision table"));

    let errors = browser.errors();
    assert!(errors.is_empty(), "JavaScript console errors: {errors:?}");
}
