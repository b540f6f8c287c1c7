//! Result files are written whole or not at all, and never overwrite results silently.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::lock::{FolderLock, LOCK_FILE};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "{0}: the output directory is not empty; choose another --out or add --force to overwrite its result files"
    )]
    NotEmpty(PathBuf),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Locked(#[from] super::lock::LockError),
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> OutputError + '_ {
    move |source| OutputError::Io { path: path.to_path_buf(), source }
}

/// Creates `dir` if needed and locks it for this process (keep the lock while writing). A
/// directory that already holds files is refused unless `force`; one that another amtsim
/// command is writing into is refused always.
pub fn prepare_out_dir(dir: &Path, force: bool) -> Result<FolderLock, OutputError> {
    if dir.exists() && !force {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        if entries.any(|e| e.map_or(true, |e| e.file_name() != LOCK_FILE)) {
            return Err(OutputError::NotEmpty(dir.to_path_buf()));
        }
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    Ok(FolderLock::exclusive(dir)?)
}

/// Writes `bytes` to a temporary file beside `path`, syncs it, then renames it into place,
/// so a reader (or an interrupted run) never sees a truncated file.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io(path))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_a_non_empty_directory_without_force() {
        let dir = tempfile::tempdir().unwrap();
        drop(prepare_out_dir(dir.path(), false).unwrap());
        // A folder with only the lock file of an earlier command counts as empty.
        let first = prepare_out_dir(dir.path(), false).unwrap();
        write_atomic(&dir.path().join("a.json"), b"{}").unwrap();
        drop(first);
        assert!(matches!(prepare_out_dir(dir.path(), false), Err(OutputError::NotEmpty(_))));
        let _again = prepare_out_dir(dir.path(), true).unwrap();
        write_atomic(&dir.path().join("a.json"), b"[1]").unwrap();
        assert_eq!(std::fs::read(dir.path().join("a.json")).unwrap(), b"[1]");
        // No temporary file is left behind: the result and the lock file only.
        let mut names: Vec<String> =
            std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into()).collect();
        names.sort();
        assert_eq!(names, [LOCK_FILE, "a.json"]);
    }
}
