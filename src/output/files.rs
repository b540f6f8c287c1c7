//! Result files are written whole or not at all, and never overwrite results silently.

use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use super::lock::{FolderLock, LOCK_FILE};
use super::manifest::{clear_results, is_temporary_file, remove_leftovers};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{0}: the output directory is not empty; choose another --out or add --force to replace its result files")]
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
/// directory that already holds files is refused unless `force`, which removes the result
/// files of the earlier run first (a folder holds one run); one that another amtsim command
/// is writing into is refused always. Temporary files of killed writers are removed.
pub fn prepare_out_dir(dir: &Path, force: bool) -> Result<FolderLock, OutputError> {
    if dir.exists() && !force {
        let mut entries = std::fs::read_dir(dir).map_err(io(dir))?;
        // The lock and the temporary files of a killed writer are no results.
        let leftover = |name: &str| name == LOCK_FILE || is_temporary_file(name);
        if entries.any(|e| e.map_or(true, |e| !leftover(&e.file_name().to_string_lossy()))) {
            return Err(OutputError::NotEmpty(dir.to_path_buf()));
        }
    }
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let lock = FolderLock::exclusive(dir)?;
    if force {
        clear_results(dir)?;
    } else {
        remove_leftovers(dir, false)?;
    }
    Ok(lock)
}

/// Writes `bytes` to `path` whole or not at all (see [`write_atomic_with`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomic_with(path, |w| w.write_all(bytes)).map_err(io(path))
}

/// Writes what `produce` writes into a new temporary file beside `path` (created exclusively
/// under an unpredictable name, so a planted link is never followed), syncs it, then renames
/// it into place: a reader, or an interrupted run, never sees a truncated file.
pub fn write_atomic_with(
    path: &Path,
    produce: impl FnOnce(&mut BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new().prefix(&format!(".{name}.tmp-")).tempfile_in(folder)?;
    let (file, tmp_path) = tmp.into_parts();
    let mut w = BufWriter::new(file);
    produce(&mut w)?; // on error, tmp_path's drop removes the file
    let file = w.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    tmp_path.persist(path).map_err(|e| e.error)
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
