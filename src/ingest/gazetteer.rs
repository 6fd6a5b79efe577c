//! Ministries and themes: the gazetteers that tag passages, loaded from `dictionaries/`.
//!
//! - `dictionaries/ministries.toml`: `[[ministry]]` tables with a canonical `name` and `aliases`
//!   (`NISC` and `内閣サイバーセキュリティセンター` → 内閣官房, `METI` → 経済産業省 …).
//! - `dictionaries/themes.toml`: `[[theme]]` tables with a `name` and `keywords`.
//!
//! **Theme rule**: a passage gets a theme when at least one of its keywords occurs in the
//! passage's normalised text, case-insensitively for ASCII and only as a whole ASCII word
//! (`5G` does not match inside `15G`; see [`PhraseMatcher`]).
//!
//! Both files are embedded at build time, so editing them takes effect with the next build; no
//! code changes are needed to add a ministry, an alias, a theme or a keyword.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::analysis::fold;
use crate::analysis::matcher::PhraseMatcher;
use crate::error::{Error, Result};

/// The bundled `dictionaries/ministries.toml`.
pub const MINISTRIES_TOML: &str = include_str!("../../dictionaries/ministries.toml");
/// The bundled `dictionaries/themes.toml`.
pub const THEMES_TOML: &str = include_str!("../../dictionaries/themes.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MinistriesFile {
    ministry: Vec<MinistryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MinistryEntry {
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemesFile {
    theme: Vec<ThemeEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeEntry {
    name: String,
    keywords: Vec<String>,
}

/// A set of canonical names, each found in text through any of its surface forms.
#[derive(Debug, Clone)]
pub struct NameSet {
    /// Canonical name of each pattern, by pattern index.
    canonical: Vec<String>,
    /// Every canonical name, for validating user input.
    names: BTreeSet<String>,
    /// Surface form of each pattern, by pattern index.
    patterns: Vec<String>,
    /// The matcher over `patterns`, built on first use: a DFA takes milliseconds to build, and a
    /// process that only searches (a one-shot `seisaku search`, `show`, `facets`) never scans
    /// text for names unless a filter names a ministry or theme.
    matcher: OnceLock<PhraseMatcher>,
}

impl NameSet {
    fn new(entries: impl IntoIterator<Item = (String, Vec<String>)>) -> Self {
        let mut canonical = Vec::new();
        let mut patterns = Vec::new();
        let mut names = BTreeSet::new();
        for (name, surfaces) in entries {
            for surface in std::iter::once(name.clone()).chain(surfaces) {
                canonical.push(name.clone());
                patterns.push(surface);
            }
            names.insert(name);
        }
        Self { canonical, names, patterns, matcher: OnceLock::new() }
    }

    fn matcher(&self) -> &PhraseMatcher {
        self.matcher.get_or_init(|| PhraseMatcher::for_corpus(&self.patterns))
    }

    /// Canonical names found in `text` (normalised), in order of first occurrence, no repeats.
    pub fn find(&self, text: &str) -> Vec<String> {
        let folded = fold(text);
        let mut seen = BTreeSet::new();
        self.matcher()
            .find_iter(&folded)
            .map(|m| &self.canonical[m.pattern])
            .filter(|name| seen.insert(*name))
            .cloned()
            .collect()
    }

    /// Canonical names found in `text`, with the byte range of each occurrence.
    pub fn find_spans(&self, text: &str) -> Vec<(usize, usize, String)> {
        let folded = fold(text);
        self.matcher()
            .find_iter(&folded)
            .map(|m| (m.start, m.end, self.canonical[m.pattern].clone()))
            .collect()
    }

    /// Maps any surface form (canonical name or alias) to its canonical name.
    pub fn canonicalize(&self, surface: &str) -> Option<String> {
        let folded = fold(&crate::analysis::normalize(surface.trim())).into_owned();
        let spans = self.find_spans(&folded);
        match spans.as_slice() {
            [(0, end, name)] if *end == folded.len() => Some(name.clone()),
            _ => None,
        }
    }

    /// All canonical names.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }
}

/// The two gazetteers.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// Ministries and bodies.
    pub ministries: NameSet,
    /// Themes.
    pub themes: NameSet,
}

impl Gazetteer {
    /// Loads the bundled gazetteers.
    pub fn bundled() -> Result<Self> {
        Self::from_toml(MINISTRIES_TOML, THEMES_TOML)
    }

    /// Parses gazetteers from the TOML texts of `ministries.toml` and `themes.toml`.
    pub fn from_toml(ministries: &str, themes: &str) -> Result<Self> {
        let ministries: MinistriesFile = toml::from_str(ministries).map_err(|err| Error::Config {
            path: Path::new("dictionaries/ministries.toml").into(),
            message: err.to_string(),
        })?;
        let themes: ThemesFile = toml::from_str(themes).map_err(|err| Error::Config {
            path: Path::new("dictionaries/themes.toml").into(),
            message: err.to_string(),
        })?;
        Ok(Self {
            ministries: NameSet::new(ministries.ministry.into_iter().map(|m| (m.name, m.aliases))),
            themes: NameSet::new(themes.theme.into_iter().map(|t| (t.name, t.keywords))),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_files_parse_and_resolve_aliases() {
        let g = Gazetteer::bundled().unwrap();
        assert_eq!(
            g.ministries.find("NISCと内閣サイバーセキュリティセンター、METI"),
            ["内閣官房", "経済産業省"]
        );
        assert_eq!(g.ministries.canonicalize("MIC").as_deref(), Some("総務省"));
        assert_eq!(g.ministries.canonicalize("総務省").as_deref(), Some("総務省"));
        assert_eq!(g.ministries.canonicalize("総務"), None);
    }

    #[test]
    fn themes_follow_the_keyword_rule() {
        let g = Gazetteer::bundled().unwrap();
        assert!(g.themes.find("ローカル5Gの普及").contains(&"5G".to_string()));
        assert!(!g.themes.find("15GHz帯").contains(&"5G".to_string()));
        assert!(g.themes.find("IoT機器").contains(&"IoT".to_string()));
    }
}
