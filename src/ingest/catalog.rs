//! Metadata written by people: per-file sidecars and corpus catalogs.
//!
//! Extraction cannot know everything (a white-paper edition never names its own year in the
//! text). Two TOML files can say it instead, with the same fields ([`MetaOverride`]):
//!
//! - a **sidecar** `foo.meta.toml` next to `foo.txt`;
//! - a **catalog**: `catalog.toml` at the corpus root, or any file given with `--catalog FILE`
//!   (so a read-only folder can be described from outside), with one `[[document]]` table per file:
//!
//! ```toml
//! [[document]]
//! path = "h12.txt"            # relative to the corpus folder
//! title = "平成12年版 情報通信白書"
//! publisher = "総務省"
//! fiscal_year = 2000
//! series = "情報通信白書"
//! ```
//!
//! Precedence: sidecar over catalog over extraction, field by field. `ministries` and `themes`
//! are added to every passage of the document (responsible ministries only where the text names
//! none, themes always).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Metadata fields a sidecar or catalog entry may set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetaOverride {
    /// Document title.
    pub title: Option<String>,
    /// Publishing ministry or body (any name or alias in `dictionaries/ministries.toml`).
    pub publisher: Option<String>,
    /// Publication date: ISO (`2024-03-13`) or Japanese (`令和6年3月13日`).
    pub date: Option<String>,
    /// Fiscal year of publication.
    pub fiscal_year: Option<i32>,
    /// Source URL.
    pub url: Option<String>,
    /// Responsible ministries for passages that name none.
    #[serde(default)]
    pub ministries: Vec<String>,
    /// Themes added to every passage.
    #[serde(default)]
    pub themes: Vec<String>,
    /// Series (`情報通信白書` …).
    pub series: Option<String>,
}

impl MetaOverride {
    /// Fields of `self`, falling back to `base` where `self` says nothing.
    pub fn over(self, base: MetaOverride) -> MetaOverride {
        MetaOverride {
            title: self.title.or(base.title),
            publisher: self.publisher.or(base.publisher),
            date: self.date.or(base.date),
            fiscal_year: self.fiscal_year.or(base.fiscal_year),
            url: self.url.or(base.url),
            ministries: if self.ministries.is_empty() { base.ministries } else { self.ministries },
            themes: if self.themes.is_empty() { base.themes } else { self.themes },
            series: self.series.or(base.series),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    #[serde(default)]
    document: Vec<CatalogEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogEntry {
    path: String,
    #[serde(flatten)]
    meta: MetaOverride,
}

/// Catalog entries by corpus-relative path.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: HashMap<String, MetaOverride>,
}

/// Name of the catalog file looked for at the corpus root.
pub const CATALOG_FILE: &str = "catalog.toml";
/// Suffix replacing a document's extension to name its sidecar.
pub const SIDECAR_SUFFIX: &str = ".meta.toml";

impl Catalog {
    /// Loads `explicit` if given, else `corpus/catalog.toml` if present, else an empty catalog.
    pub fn load(corpus: &Path, explicit: Option<&Path>) -> Result<Self> {
        let path = match explicit {
            Some(path) => path.to_path_buf(),
            None => corpus.join(CATALOG_FILE),
        };
        if explicit.is_none() && !path.exists() {
            return Ok(Self::default());
        }
        let text = std::fs::read_to_string(&path).map_err(|err| Error::io(&path, err))?;
        let file: CatalogFile = toml::from_str(&text)
            .map_err(|err| Error::Config { path: path.clone(), message: err.to_string() })?;
        let entries = file.document.into_iter().map(|e| (e.path.replace('\\', "/"), e.meta)).collect();
        Ok(Self { entries })
    }

    /// The entry for a corpus-relative path.
    pub fn get(&self, rel_path: &str) -> Option<&MetaOverride> {
        self.entries.get(rel_path)
    }
}

/// Path of the sidecar of `document` (`foo.txt` → `foo.meta.toml`).
pub fn sidecar_path(document: &Path) -> PathBuf {
    let mut name = document.file_stem().unwrap_or_default().to_os_string();
    name.push(SIDECAR_SUFFIX);
    document.with_file_name(name)
}

/// Reads and parses the sidecar of `document`; `Ok(None)` when there is none.
pub fn read_sidecar(document: &Path) -> Result<Option<(MetaOverride, String)>> {
    let path = sidecar_path(document);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let meta = toml::from_str(&text)
                .map_err(|err| Error::Config { path: path.clone(), message: err.to_string() })?;
            Ok(Some((meta, text)))
        }
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(Error::io(path, err)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sidecar_path_replaces_the_extension() {
        assert_eq!(sidecar_path(Path::new("a/foo.txt")), Path::new("a/foo.meta.toml"));
        assert_eq!(sidecar_path(Path::new("foo.v2.md")), Path::new("foo.v2.meta.toml"));
    }

    #[test]
    fn sidecar_wins_field_by_field() {
        let sidecar = MetaOverride { title: Some("S".into()), ..Default::default() };
        let catalog = MetaOverride { title: Some("C".into()), fiscal_year: Some(2000), ..Default::default() };
        let merged = sidecar.over(catalog);
        assert_eq!((merged.title.as_deref(), merged.fiscal_year), (Some("S"), Some(2000)));
    }

    #[test]
    fn catalog_parses_documents() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("catalog.toml"),
            "[[document]]\npath = \"h12.txt\"\ntitle = \"平成12年版 情報通信白書\"\nfiscal_year = 2000\n",
        )
        .unwrap();
        let catalog = Catalog::load(dir.path(), None).unwrap();
        assert_eq!(catalog.get("h12.txt").unwrap().fiscal_year, Some(2000));
        std::fs::write(dir.path().join("bad.toml"), "[[document]]\nnope = 1\n").unwrap();
        let err = Catalog::load(dir.path(), Some(&dir.path().join("bad.toml"))).unwrap_err();
        assert!(err.to_string().contains("bad.toml"), "{err}");
    }
}
