//! A verbatim copy of the scenario file, and of every file it extends, in the output folder:
//! the report reads its parameters and source notes from there, so a result folder explains
//! itself even after the original file has changed.
//!
//! `scenario.toml` is the file given on the command line; `scenario.base-1.toml` the file it
//! extends, `scenario.base-2.toml` the file that one extends, and so on. The copies keep
//! their `extend` lines as written; the report follows the numbered names instead.

use std::path::{Path, PathBuf};

use super::files::{write_atomic, OutputError};

/// The copy of the scenario file given on the command line.
pub const SCENARIO_COPY: &str = "scenario.toml";

/// The copy of the `n`-th file up the `extend` chain (1: the file `scenario.toml` extends).
pub fn base_copy_name(n: usize) -> String {
    format!("scenario.base-{n}.toml")
}

/// Copies `file` and the chain of files it extends into `out`; returns the names written.
/// Called after the scenario loaded, so the chain is known to be readable and acyclic; a
/// chain longer than 64 files is cut there rather than followed forever.
/// Writes the scenario's texts as read when it was loaded (`LoadedScenario::texts`: the file,
/// then its bases) as `scenario.toml`, `scenario.base.toml`, …: the copy is what was
/// simulated, whatever happened to the files since. Returns the names written.
pub fn write_scenario_copies(texts: &[String], out: &Path) -> Result<Vec<String>, OutputError> {
    let mut written = Vec::new();
    for (n, text) in texts.iter().enumerate() {
        let name = if n == 0 { SCENARIO_COPY.to_string() } else { base_copy_name(n) };
        write_atomic(&out.join(&name), text.as_bytes())?;
        written.push(name);
    }
    Ok(written)
}

pub fn copy_scenario_files(file: &Path, out: &Path) -> Result<Vec<String>, OutputError> {
    let mut written = Vec::new();
    let mut current = file.to_path_buf();
    for n in 0..64 {
        let bytes = std::fs::read(&current).map_err(|source| OutputError::Io { path: current.clone(), source })?;
        let name = if n == 0 { SCENARIO_COPY.to_string() } else { base_copy_name(n) };
        write_atomic(&out.join(&name), &bytes)?;
        written.push(name);
        match extend_target(&current, &bytes) {
            Some(next) => current = next,
            None => break,
        }
    }
    Ok(written)
}

/// The file `path` extends, resolved relative to it.
fn extend_target(path: &Path, bytes: &[u8]) -> Option<PathBuf> {
    let text = std::str::from_utf8(bytes).ok()?;
    let table: toml::Table = toml::from_str(text).ok()?;
    let relative = table.get("extend")?.as_str()?;
    Some(path.parent().unwrap_or(Path::new("")).join(relative))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_the_file_and_its_bases_in_chain_order() {
        let src = tempfile::tempdir().unwrap();
        let out = tempfile::tempdir().unwrap();
        std::fs::create_dir(src.path().join("base")).unwrap();
        std::fs::write(src.path().join("base/root.toml"), "name = \"root\"\n").unwrap();
        std::fs::write(src.path().join("mid.toml"), "extend = \"base/root.toml\"\nname = \"mid\"\n").unwrap();
        std::fs::write(src.path().join("top.toml"), "extend = \"mid.toml\"\n").unwrap();
        let names = copy_scenario_files(&src.path().join("top.toml"), out.path()).unwrap();
        assert_eq!(names, ["scenario.toml", "scenario.base-1.toml", "scenario.base-2.toml"]);
        let read = |n: &str| std::fs::read_to_string(out.path().join(n)).unwrap();
        assert_eq!(read("scenario.toml"), "extend = \"mid.toml\"\n");
        assert_eq!(read("scenario.base-2.toml"), "name = \"root\"\n");
    }
}
