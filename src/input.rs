//! Reading a user's input file: a regular file or a pipe (`/dev/stdin`, `<(…)`), never a
//! device or a folder, and never more than a stated size, so that `/dev/zero` or a file
//! given by mistake ends with a message instead of filling the memory.

use std::io::Read;
use std::path::Path;

/// The largest scenario file read (a real one is a few kilobytes).
pub const MAX_SCENARIO_BYTES: u64 = 16 << 20;

/// The largest appointment log `fit` reads (some years of a large office's exports).
pub const MAX_LOG_BYTES: u64 = 2 << 30;

/// Reads `path` whole; refuses what is not a regular file or pipe, and more than `limit`
/// bytes (a regular file's size is checked before reading).
pub fn read_bounded(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    let kind = meta.file_type();
    if meta.is_file() {
        if meta.len() > limit {
            return Err(too_large(meta.len(), limit));
        }
    } else if !is_pipe(&kind) {
        let what = if meta.is_dir() { "a folder" } else { "a device or socket" };
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("is {what}, not a file; give a file (or a pipe)"),
        ));
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64, limit));
    }
    Ok(bytes)
}

fn too_large(bytes: u64, limit: u64) -> std::io::Error {
    let at_least = if bytes > limit { "more than " } else { "" };
    std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        format!("{at_least}{bytes} bytes, above the limit of {limit} bytes for this kind of file"),
    )
}

#[cfg(unix)]
fn is_pipe(kind: &std::fs::FileType) -> bool {
    use std::os::unix::fs::FileTypeExt;
    kind.is_fifo()
}

#[cfg(not(unix))]
fn is_pipe(_: &std::fs::FileType) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_and_folders_devices_and_large_files_refused() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.toml");
        std::fs::write(&file, "x = 1\n").unwrap();
        assert_eq!(read_bounded(&file, 100).unwrap(), b"x = 1\n");
        let e = read_bounded(&file, 3).unwrap_err().to_string();
        assert!(e.contains("6 bytes, above the limit of 3 bytes"), "{e}");
        assert!(read_bounded(dir.path(), 100).unwrap_err().to_string().contains("is a folder"));
        #[cfg(unix)]
        assert!(read_bounded(Path::new("/dev/zero"), 100).unwrap_err().to_string().contains("device"));
    }
}
