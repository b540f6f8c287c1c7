//! `amtsim serve`: a local web page on which an office head chooses an office, changes it by
//! name and compares the variant with the status quo. The page and its script are embedded
//! in the binary; the server answers JSON to them and serves a run's files. A synchronous
//! server (tiny_http) with a few request threads suffices: the work is the simulation, done
//! by `amtsim compare` in child processes from a bounded queue (`runs`).

mod catalog;
mod controls;
mod routes;
mod runs;

use crate::cli::ServeArgs;
use anyhow::{Context, Result};
use std::io::Write;
use std::net::IpAddr;
use std::sync::Arc;

pub use routes::App;

/// Request threads: page, polls and downloads stay answered while runs work.
const REQUEST_THREADS: usize = 4;

pub fn serve(args: ServeArgs) -> Result<()> {
    // Listen first: a server that cannot start leaves nothing behind.
    let token = access_token(&args)?;
    let server = tiny_http::Server::http((args.bind, args.port))
        .map_err(|e| anyhow::anyhow!("cannot listen on {}:{}: {e}", args.bind, args.port))?;
    let addr = server.server_addr().to_ip().context("the server has no IP address")?;
    let work = args.out.clone().unwrap_or_else(|| std::path::PathBuf::from("results").join("serve"));
    std::fs::create_dir_all(&work).with_context(|| format!("creating {}", work.display()))?;
    let work = work.canonicalize().with_context(|| format!("reading {}", work.display()))?;
    // A folder of its own per session (a new name each time, never an old session's), kept
    // after the server stops: the runs' result folders are the session's record.
    let session =
        tempfile::Builder::new().prefix("session-").tempdir_in(&work).context("creating the session folder")?.keep();
    let catalog = catalog::Catalog::new(&args.scenarios, session.as_path()).inspect_err(|_| {
        let _ = std::fs::remove_dir_all(&session);
    })?;
    let limits = runs::Limits {
        max_run_size: args.max_run_size,
        max_replications: args.max_replications,
        max_queued: args.max_queued,
    };
    let runs = runs::Runs::new(session.as_path().join("runs"), limits);
    std::fs::create_dir_all(session.as_path().join("runs")).context("creating the runs folder")?;
    runs.start_workers(args.workers);
    let app = Arc::new(App { catalog, runs, token: token.clone(), max_upload: args.max_upload_kb * 1024 });
    let query = token.as_ref().map_or(String::new(), |t| format!("?token={t}"));
    let mut said = format!("amtsim serve: http://{addr}/{query}\n");
    if let Some(token) = &token {
        said.push_str(&format!("access token (needed by every request from another machine): {token}\n"));
    }
    said.push_str(&format!("results of this session: {}\n", session.as_path().display()));
    // Whoever started the server may stop reading: serving goes on.
    let mut out = std::io::stdout();
    let _ = out.write_all(said.as_bytes()).and_then(|_| out.flush());
    let server = Arc::new(server);
    let threads: Vec<_> = (0..REQUEST_THREADS)
        .map(|_| {
            let (server, app) = (Arc::clone(&server), Arc::clone(&app));
            std::thread::spawn(move || {
                while let Ok(request) = server.recv() {
                    // A bug in one answer must not cost the server a request thread.
                    let app = &app;
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || app.answer(request)));
                }
            })
        })
        .collect();
    for t in threads {
        let _ = t.join();
    }
    Ok(())
}

/// The token a request must carry: none on the loopback address unless given, a random one
/// (or the given one) on any other.
fn access_token(args: &ServeArgs) -> Result<Option<String>> {
    if let Some(t) = &args.token {
        if t.len() < 16 || !t.chars().all(|c| c.is_ascii_alphanumeric()) {
            anyhow::bail!("--token: at least 16 letters and digits");
        }
        return Ok(Some(t.clone()));
    }
    if is_loopback(args.bind) {
        return Ok(None);
    }
    let mut bytes = [0u8; 16];
    use std::io::Read;
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut bytes))
        .context("reading /dev/urandom for the access token (or give --token)")?;
    Ok(Some(bytes.iter().map(|b| format!("{b:02x}")).collect()))
}

fn is_loopback(ip: IpAddr) -> bool {
    ip.is_loopback()
}
