//! One writer per result folder: an amtsim command that writes into a folder holds an
//! exclusive lock on `DIR/.amtsim.lock` for as long as it runs, and one that only reads a
//! folder (merge's shards, a report into another file) a shared one. A second writer, or a
//! reader while a writer works, is refused at once with a message; the operating system
//! releases the lock when the process ends, also when it is killed, so a stale lock file
//! blocks nothing.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// The lock file's name inside a result folder.
pub const LOCK_FILE: &str = ".amtsim.lock";

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
#[must_use = "the folder is unlocked as soon as its lock is dropped"]
pub struct FolderLock {
    _file: File,
}

/// Why a folder could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error(
        "{0}: another amtsim command is writing into this folder; wait until it has finished (or stop it), or choose another --out"
    )]
    Busy(PathBuf),
    #[error("{path}: cannot lock the folder: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl FolderLock {
    /// The exclusive lock of a folder that this process writes into (the folder must exist).
    pub fn exclusive(dir: &Path) -> Result<FolderLock, LockError> {
        Self::take(dir, true)
    }

    /// A shared lock of a folder that this process only reads: refused while a writer holds
    /// it, compatible with other readers. A folder without a lock file (results of an older
    /// amtsim, or on a read-only medium) is read without one.
    pub fn shared(dir: &Path) -> Result<Option<FolderLock>, LockError> {
        if !dir.join(LOCK_FILE).exists() {
            return Ok(None);
        }
        Self::take(dir, false).map(Some)
    }

    fn take(dir: &Path, exclusive: bool) -> Result<FolderLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let io = |source| LockError::Io { path: path.clone(), source };
        // Never follow a link planted in the folder's place of the lock file.
        if std::fs::symlink_metadata(&path).is_ok_and(|m| !m.is_file()) {
            return Err(io(std::io::Error::other("the lock file is not a regular file")));
        }
        let file = OpenOptions::new().read(true).write(true).create(true).truncate(false).open(&path).map_err(io)?;
        let taken = if exclusive { file.try_lock() } else { file.try_lock_shared() };
        match taken {
            Ok(()) => Ok(FolderLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(LockError::Busy(dir.to_path_buf())),
            Err(TryLockError::Error(e)) => Err(io(e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_writer_or_a_reader_is_refused_while_a_writer_holds_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        let first = FolderLock::exclusive(dir.path()).unwrap();
        assert!(matches!(FolderLock::exclusive(dir.path()), Err(LockError::Busy(_))));
        assert!(matches!(FolderLock::shared(dir.path()), Err(LockError::Busy(_))));
        drop(first);
        let reader = FolderLock::shared(dir.path()).unwrap();
        assert!(FolderLock::shared(dir.path()).unwrap().is_some(), "readers share");
        assert!(matches!(FolderLock::exclusive(dir.path()), Err(LockError::Busy(_))));
        drop(reader);
        let _free_again = FolderLock::exclusive(dir.path()).unwrap();
    }

    #[test]
    fn a_folder_without_a_lock_file_is_read_without_one() {
        let dir = tempfile::tempdir().unwrap();
        assert!(FolderLock::shared(dir.path()).unwrap().is_none());
    }
}
