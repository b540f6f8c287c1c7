//! Records the commit amtsim is built from, for `amtsim --version`: a result can then be
//! traced to the exact source. Outside a git checkout (a source archive) it says so.

use std::process::Command;

fn main() {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    // A build outside a checkout (a container, a source archive) may name its commit.
    println!("cargo:rerun-if-env-changed=AMTSIM_COMMIT");
    let given = std::env::var("AMTSIM_COMMIT").ok().filter(|c| !c.trim().is_empty());
    let commit =
        given.clone().or_else(|| git(&["rev-parse", "--short=12", "HEAD"])).unwrap_or_else(|| "unknown commit".into());
    let dirty =
        given.is_none() && git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    let suffix = if dirty { ", with uncommitted changes" } else { "" };
    println!("cargo:rustc-env=AMTSIM_COMMIT={commit}{suffix}");
    // Built again when the checked-out commit moves.
    for path in [".git/HEAD", ".git/index"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
