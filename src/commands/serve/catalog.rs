//! The offices the page offers: the bundled scenarios (embedded in the binary and written to
//! the work folder, so that `extend` finds its base), the files and folders given on the
//! command line, and uploaded files. The page names an office by its id, never by a path.

use amtsim::scenario::{load_file, load_str, LoadedScenario, Override};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The bundled scenarios, as shipped.
const BUNDLED: &[(&str, &str)] = &[
    ("district-office.toml", include_str!("../../../scenarios/district-office.toml")),
    ("district-office-saturdays.toml", include_str!("../../../scenarios/district-office-saturdays.toml")),
    ("district-2022-influx.toml", include_str!("../../../scenarios/district-2022-influx.toml")),
    ("herne-2025.toml", include_str!("../../../scenarios/herne-2025.toml")),
    ("duesseldorf-2025.toml", include_str!("../../../scenarios/duesseldorf-2025.toml")),
    ("muenster-2016.toml", include_str!("../../../scenarios/muenster-2016.toml")),
    ("rkn-2023.toml", include_str!("../../../scenarios/rkn-2023.toml")),
    ("portal-booked-out.toml", include_str!("../../../scenarios/portal-booked-out.toml")),
    ("reference-office.toml", include_str!("../../../scenarios/reference-office.toml")),
];

/// Where an office comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Bundled,
    Given,
    Uploaded,
}

#[derive(Debug, Clone)]
pub struct Office {
    pub id: String,
    pub path: PathBuf,
    pub origin: Origin,
}

/// The offices, in the order the page lists them; uploads are added while serving.
#[derive(Debug, Default)]
pub struct Catalog {
    offices: Mutex<Vec<Office>>,
    uploads: PathBuf,
}

impl Catalog {
    /// The bundled scenarios (written below `work`) when `given` is empty, else the given
    /// files and the `*.toml` files of the given folders. Invalid files are listed with their
    /// problem when chosen, not refused here.
    pub fn new(given: &[PathBuf], work: &Path) -> Result<Catalog> {
        let mut offices = Vec::new();
        if given.is_empty() {
            let dir = work.join("bundled");
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            for (name, text) in BUNDLED {
                let path = dir.join(name);
                std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
                offices.push(Office { id: stem(name), path, origin: Origin::Bundled });
            }
        }
        for path in given {
            let files = if path.is_dir() { toml_files(path)? } else { vec![path.clone()] };
            for file in files {
                let path = file.canonicalize().with_context(|| format!("reading {}", file.display()))?;
                let id = unique(&offices, &stem(&path.file_name().unwrap_or_default().to_string_lossy()));
                offices.push(Office { id, path, origin: Origin::Given });
            }
        }
        let uploads = work.join("uploads");
        std::fs::create_dir_all(&uploads).with_context(|| format!("creating {}", uploads.display()))?;
        Ok(Catalog { offices: Mutex::new(offices), uploads })
    }

    pub fn list(&self) -> Vec<Office> {
        self.offices.lock().expect("catalog").clone()
    }

    pub fn get(&self, id: &str) -> Option<Office> {
        self.list().into_iter().find(|o| o.id == id)
    }

    /// Checks and keeps an uploaded scenario; returns its office, or the problems.
    pub fn upload(&self, text: &str) -> Result<Office, String> {
        load_text(text, "upload.toml", &[])?;
        let mut offices = self.offices.lock().expect("catalog");
        let n = offices.iter().filter(|o| o.origin == Origin::Uploaded).count() + 1;
        let id = unique(&offices, &format!("upload-{n}"));
        let path = self.uploads.join(format!("{id}.toml"));
        std::fs::write(&path, text).map_err(|e| format!("cannot keep the upload: {e}"))?;
        let office = Office { id, path, origin: Origin::Uploaded };
        offices.push(office.clone());
        Ok(office)
    }
}

/// Scenario text from the page (an upload or the advanced editor): checked like a file, but
/// without `extend`, which would read a file of the server's choosing.
pub fn load_text(text: &str, origin: &str, overrides: &[Override]) -> Result<LoadedScenario, String> {
    let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| format!("{origin}: {}", e.message()))?;
    if doc.contains_key("extend") {
        return Err(format!(
            "{origin}: extend: a scenario from the page cannot extend a file on the server; give the whole scenario (amtsim's result folders hold it as scenario.toml)"
        ));
    }
    load_str(text, origin, overrides).map_err(|e| e.to_string())
}

/// Loads an office's file with `overrides` (as `--set` gives them); messages name the file,
/// not the server's folders.
pub fn load_office(office: &Office, overrides: &[Override]) -> Result<LoadedScenario, String> {
    let folder = office.path.parent().map(|p| format!("{}/", p.display())).unwrap_or_default();
    load_file(&office.path, overrides).map_err(|e| e.to_string().replace(&folder, ""))
}

fn stem(name: &str) -> String {
    let stem = name.strip_suffix(".toml").unwrap_or(name);
    stem.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

fn unique(offices: &[Office], id: &str) -> String {
    let mut candidate = id.to_string();
    let mut n = 2;
    while offices.iter().any(|o| o.id == candidate) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

fn toml_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}
