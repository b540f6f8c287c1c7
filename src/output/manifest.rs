//! `manifest.json`: the list of a result folder's files, each with its size and SHA-256, the
//! amtsim version and the scenario's fingerprint, written last by the command that wrote the
//! folder. A folder without one did not finish; one whose files differ from it was changed,
//! cut short or mixed with another run's files afterwards, and `report`, `plot` and `merge`
//! refuse it. The manifest protects against accidents, not against forgery: whoever edits a
//! file can write a new manifest too.
//!
//! Result files are those with the extensions amtsim writes, in the folder itself and in its
//! `charts/`; other files (a note of the analyst's) and other subfolders are neither listed
//! nor removed. `--force` removes only the files the old manifest lists and the names amtsim
//! writes, so that `--out . --force` in a project folder cannot delete its own files.

use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};

use super::files::{write_atomic, OutputError};

/// The manifest's file name inside a result folder.
pub const MANIFEST_FILE: &str = "manifest.json";

/// The one subfolder amtsim writes into.
const CHARTS: &str = "charts";

/// The names amtsim writes into a result folder, besides `scenario.base-N.toml` and the
/// charts: what `--force` removes when there is no manifest to say.
const KNOWN_FILES: [&str; 18] = [
    "summary.json",
    "daily.csv",
    "portal_daily.csv",
    "staff_daily.csv",
    "permits_daily.csv",
    "runs.csv",
    "appointments.csv",
    "scenario.toml",
    "compare.json",
    "compare.csv",
    "compare_daily.csv",
    "sweep.json",
    "summary.csv",
    "warnings.json",
    "staff.json",
    "staff.csv",
    "report.html",
    MANIFEST_FILE,
];

/// Why a folder's manifest does not hold.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    #[error(
        "{0}: no manifest.json: the command that wrote this folder did not finish (or an amtsim before 0.2 wrote it); run it again"
    )]
    Missing(PathBuf),
    #[error("{path}: {problem}; the folder was changed, cut short or mixed with another run after amtsim wrote it: run it again")]
    Mismatch { path: PathBuf, problem: String },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// What the manifest says of the folder's origin.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The command that wrote the folder (`run`, `compare`, `sweep`, ...).
    pub command: String,
    /// SHA-256 of the scenario file it simulated (empty where none).
    pub scenario_sha256: String,
}

/// Whether `name` in `charts/` is a chart (SVG or PNG, not a temporary file).
fn is_chart_file(name: &str) -> bool {
    !name.starts_with('.') && Path::new(name).extension().is_some_and(|e| e == "svg" || e == "png")
}

/// Reading the folder fails only with an I/O error; it reaches writers as theirs.
impl From<ManifestError> for OutputError {
    fn from(e: ManifestError) -> OutputError {
        match e {
            ManifestError::Io { path, source } => OutputError::Io { path, source },
            other => OutputError::Io { path: PathBuf::new(), source: std::io::Error::other(other.to_string()) },
        }
    }
}

/// A file drawn from the folder's other files (a chart, a report), which may be deleted and
/// drawn again.
fn is_derived(relative: &str) -> bool {
    relative.starts_with("charts/") || relative.ends_with(".html")
}

/// Whether `dir` holds any result file or a manifest (an empty or foreign folder does not).
pub fn holds_results(dir: &Path) -> bool {
    dir.join(MANIFEST_FILE).exists() || result_files(dir).is_ok_and(|files| !files.is_empty())
}

/// A temporary file of an amtsim writer (`.NAME.tmp-XXXX`).
pub(super) fn is_temporary_file(name: &str) -> bool {
    name.starts_with('.') && name.contains(".tmp-")
}

/// The folder's result files, as paths relative to `dir` with `/` between parts, sorted:
/// amtsim's names, and reports (`report -o` may name them).
fn result_files(dir: &Path) -> Result<Vec<String>, ManifestError> {
    let mut found = Vec::new();
    walk(dir, "", &mut |relative, name, _| {
        let report = !relative.contains('/') && name.ends_with(".html") && !name.starts_with('.');
        if is_amtsim_name(relative) && relative != MANIFEST_FILE || report {
            found.push(relative.to_string());
        }
    })?;
    found.sort();
    Ok(found)
}

/// Calls `visit(relative path, file name, full path)` for every regular file in `dir` and in
/// its `charts/` (links are not followed; other subfolders are not amtsim's).
fn walk(dir: &Path, prefix: &str, visit: &mut dyn FnMut(&str, &str, &Path)) -> Result<(), ManifestError> {
    let io = |source| ManifestError::Io { path: dir.to_path_buf(), source };
    for entry in std::fs::read_dir(dir).map_err(io)? {
        let entry = entry.map_err(io)?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let relative = format!("{prefix}{name}");
        let kind = entry.file_type().map_err(io)?;
        if kind.is_dir() && prefix.is_empty() && name == CHARTS {
            walk(&entry.path(), &format!("{relative}/"), visit)?;
        } else if kind.is_file() {
            visit(&relative, &name, &entry.path());
        }
    }
    Ok(())
}

fn hash_file(path: &Path) -> Result<(u64, String), ManifestError> {
    let io = |source| ManifestError::Io { path: path.to_path_buf(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 16];
    let mut bytes = 0u64;
    loop {
        let n = file.read(&mut buffer).map_err(io)?;
        if n == 0 {
            break;
        }
        hasher.update(&buffer[..n]);
        bytes += n as u64;
    }
    Ok((bytes, format!("{:x}", hasher.finalize())))
}

/// Writes `dir/manifest.json` for the result files now in `dir` (call last, under the
/// folder's lock).
pub fn seal(dir: &Path, origin: &Origin) -> Result<(), OutputError> {
    let files = result_files(dir)?;
    let mut listed = Vec::with_capacity(files.len());
    for relative in files {
        let (bytes, sha256) = hash_file(&dir.join(&relative))?;
        listed.push(serde_json::json!({ "path": relative, "bytes": bytes, "sha256": sha256 }));
    }
    let manifest = serde_json::json!({
        "amtsim_version": crate::VERSION_TEXT,
        "command": origin.command,
        "scenario_sha256": origin.scenario_sha256,
        "files": listed,
    });
    let text = serde_json::to_string_pretty(&manifest).expect("a JSON value always serialises") + "\n";
    write_atomic(&dir.join(MANIFEST_FILE), text.as_bytes())
}

/// Checks that `dir` holds exactly the result files its manifest lists, each with its size
/// and SHA-256; returns the manifest's origin.
pub fn verify(dir: &Path) -> Result<Origin, ManifestError> {
    let path = dir.join(MANIFEST_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(ManifestError::Missing(dir.to_path_buf())),
        Err(source) => return Err(ManifestError::Io { path, source }),
    };
    let bad = |problem: &str| ManifestError::Mismatch { path: path.clone(), problem: problem.to_string() };
    let manifest: serde_json::Value = serde_json::from_str(&text).map_err(|e| bad(&format!("not valid JSON ({e})")))?;
    let entries = manifest["files"].as_array().ok_or_else(|| bad("no list of files"))?;
    let mut listed = Vec::with_capacity(entries.len());
    for entry in entries {
        let (Some(relative), Some(bytes), Some(sha256)) =
            (entry["path"].as_str(), entry["bytes"].as_u64(), entry["sha256"].as_str())
        else {
            return Err(bad("an entry without path, bytes and sha256"));
        };
        if relative.split('/').any(|part| part.is_empty() || part == "." || part == "..") {
            return Err(bad(&format!("the entry {relative:?} leaves the folder")));
        }
        let file = dir.join(relative);
        let mismatch = |problem: String| ManifestError::Mismatch { path: file.clone(), problem };
        match std::fs::symlink_metadata(&file) {
            Ok(meta) if meta.is_file() => {}
            // Charts and reports are drawn from the other files: deleted, they can be drawn
            // again (`amtsim plot`, `amtsim report`).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && is_derived(relative) => continue,
            _ => return Err(mismatch("missing, or not a regular file, but listed in manifest.json".into())),
        }
        let (actual_bytes, actual_sha256) = hash_file(&file)?;
        if actual_bytes != bytes {
            return Err(mismatch(format!("{actual_bytes} bytes, manifest.json says {bytes}")));
        }
        if actual_sha256 != sha256 {
            return Err(mismatch("its content differs from what manifest.json records (SHA-256)".into()));
        }
        listed.push(relative.to_string());
    }
    listed.sort();
    if let Some(extra) = result_files(dir)?.into_iter().find(|f| listed.binary_search(f).is_err()) {
        return Err(ManifestError::Mismatch {
            path: dir.join(extra),
            problem: "not listed in manifest.json (a file of another run)".into(),
        });
    }
    let field = |key: &str| manifest[key].as_str().unwrap_or_default().to_string();
    Ok(Origin { command: field("command"), scenario_sha256: field("scenario_sha256") })
}

/// Empties a result folder for a new run under `--force` (the caller holds its lock): first
/// the manifest, so that an interruption leaves a folder that is refused rather than mixed,
/// then every result file and temporary file amtsim wrote, then folders left empty. Other
/// files stay.
pub fn clear_results(dir: &Path) -> Result<(), OutputError> {
    let listed = listed_files(dir);
    remove_if_present(&dir.join(MANIFEST_FILE))?;
    for relative in listed {
        remove_if_present(&dir.join(relative))?;
    }
    remove_leftovers(dir, true)
}

/// The files an existing manifest lists (none when there is none or it is unreadable), each
/// a path inside the folder.
fn listed_files(dir: &Path) -> Vec<String> {
    let Ok(text) = std::fs::read_to_string(dir.join(MANIFEST_FILE)) else { return Vec::new() };
    let Ok(manifest) = serde_json::from_str::<serde_json::Value>(&text) else { return Vec::new() };
    let entries = manifest["files"].as_array().cloned().unwrap_or_default();
    entries
        .iter()
        .filter_map(|e| e["path"].as_str())
        .filter(|p| !p.split('/').any(|part| part.is_empty() || part == "." || part == ".."))
        .map(str::to_string)
        .collect()
}

/// A name amtsim writes: a known file, a scenario base copy, or a chart.
fn is_amtsim_name(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    if let Some(chart) = relative.strip_prefix("charts/") {
        return !chart.contains('/') && is_chart_file(name);
    }
    KNOWN_FILES.contains(&relative)
        || relative
            .strip_prefix("scenario.base-")
            .and_then(|n| n.strip_suffix(".toml"))
            .is_some_and(|n| n.parse::<u32>().is_ok())
}

/// Removes the manifest of a folder that is about to change (a resumed sweep), and the
/// temporary files of a killed writer.
pub fn discard_manifest(dir: &Path) -> Result<(), OutputError> {
    remove_if_present(&dir.join(MANIFEST_FILE))?;
    remove_leftovers(dir, false)
}

/// Removes the temporary files of writers that were killed (the caller holds the lock, so no
/// living writer owns them); with `results`, the result files too.
pub fn remove_leftovers(dir: &Path, results: bool) -> Result<(), OutputError> {
    let mut doomed = Vec::new();
    walk(dir, "", &mut |relative, name, path| {
        if is_temporary_file(name) || (results && is_amtsim_name(relative)) {
            doomed.push(path.to_path_buf());
        }
    })?;
    for path in doomed {
        remove_if_present(&path)?;
    }
    let _ = std::fs::remove_dir(dir.join(CHARTS)); // fails, as it should, while anything is left
    Ok(())
}

fn remove_if_present(path: &Path) -> Result<(), OutputError> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(OutputError::Io { path: path.to_path_buf(), source: e })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin() -> Origin {
        Origin { command: "run".into(), scenario_sha256: "abc".into() }
    }

    #[test]
    fn a_sealed_folder_verifies_and_every_change_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("charts")).unwrap();
        std::fs::write(d.join("summary.csv"), "figure,mean\nx,12.5\n").unwrap();
        std::fs::write(d.join("charts/backlog.svg"), "<svg/>").unwrap();
        std::fs::write(d.join("notes.txt"), "the analyst's own").unwrap();
        std::fs::write(d.join("data.csv"), "the analyst's own too").unwrap();
        assert!(matches!(verify(d), Err(ManifestError::Missing(_))));
        seal(d, &origin()).unwrap();
        assert_eq!(verify(d).unwrap(), origin());
        let listed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(d.join(MANIFEST_FILE)).unwrap()).unwrap();
        let paths: Vec<&str> =
            listed["files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["charts/backlog.svg", "summary.csv"]);
        assert_eq!(listed["files"][1]["bytes"], 19);

        // Cut in the middle of a number: 12.5 would read as 12.
        std::fs::write(d.join("summary.csv"), "figure,mean\nx,12").unwrap();
        let e = verify(d).unwrap_err().to_string();
        assert!(e.contains("summary.csv") && e.contains("bytes"), "{e}");
        // Same length, other content.
        std::fs::write(d.join("summary.csv"), "figure,mean\nx,13.5\n").unwrap();
        let e = verify(d).unwrap_err().to_string();
        assert!(e.contains("summary.csv") && e.contains("SHA-256"), "{e}");
        std::fs::write(d.join("summary.csv"), "figure,mean\nx,12.5\n").unwrap();
        verify(d).unwrap();
        // A chart deleted to be drawn again is no mismatch; a missing table is.
        std::fs::remove_file(d.join("charts/backlog.svg")).unwrap();
        verify(d).unwrap();
        std::fs::rename(d.join("summary.csv"), d.join("x.txt")).unwrap();
        let e = verify(d).unwrap_err().to_string();
        assert!(e.contains("summary.csv") && e.contains("missing"), "{e}");
        std::fs::rename(d.join("x.txt"), d.join("summary.csv")).unwrap();
        // A file of another run beside them.
        std::fs::write(d.join("report.html"), "<p>old</p>").unwrap();
        let e = verify(d).unwrap_err().to_string();
        assert!(e.contains("report.html") && e.contains("not listed"), "{e}");
    }

    #[test]
    fn clearing_removes_what_amtsim_wrote_and_nothing_else() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir(d.join("charts")).unwrap();
        for name in ["summary.json", "report.html", "charts/a.svg", "charts/a.png", ".summary.json.tmp-x1"] {
            std::fs::write(d.join(name), "x").unwrap();
        }
        // Written by `report -o` into the folder, so listed in the manifest.
        std::fs::write(d.join("bericht.html"), "x").unwrap();
        std::fs::write(d.join("notes.txt"), "mine").unwrap();
        seal(d, &origin()).unwrap();
        // Files that are neither listed nor amtsim's names: a project's own files.
        std::fs::create_dir(d.join("src")).unwrap();
        std::fs::create_dir(d.join("empty")).unwrap();
        for name in ["Cargo.toml", "data.csv", "src/x.json"] {
            std::fs::write(d.join(name), "mine").unwrap();
        }
        clear_results(d).unwrap();
        let mut left: Vec<String> =
            std::fs::read_dir(d).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        left.sort();
        assert_eq!(left, ["Cargo.toml", "data.csv", "empty", "notes.txt", "src"]);
        assert!(d.join("src/x.json").exists());
    }
}
