//! The policy lexicon: one concept, many names, expanded at query time.
//!
//! `dictionaries/lexicon.toml` lists entries with a canonical form, abbreviations and variants:
//!
//! ```toml
//! [[entry]]
//! canonical = "IoTセキュリティ・セーフティ・フレームワーク"
//! abbreviations = ["IoT-SSF"]
//! variants = []
//! ```
//!
//! A query term equal to any form of an entry (after normalisation, ignoring ASCII case) also
//! matches every other form: `IoT-SSF` finds passages that only say
//! IoTセキュリティ・セーフティ・フレームワーク. Expansion happens only at query time, so the lexicon
//! can change without reindexing; `=IoT-SSF` or `exact` turns it off for a term or a request.

use std::collections::HashMap;

use serde::Deserialize;

use crate::analysis::{fold, normalize};
use crate::error::{Error, Result};

/// The bundled `dictionaries/lexicon.toml`.
pub const LEXICON_TOML: &str = include_str!("../../dictionaries/lexicon.toml");

/// One concept of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconEntry {
    /// The canonical name.
    pub canonical: String,
    /// Abbreviations and acronyms.
    #[serde(default)]
    pub abbreviations: Vec<String>,
    /// Other spellings.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Forms the corpus only has broken apart by OCR (documentation for the lexicon test; they
    /// are expanded like any other form).
    #[serde(default)]
    pub ocr_split: Vec<String>,
}

impl LexiconEntry {
    /// Every form of the entry: canonical, abbreviations, variants.
    pub fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.canonical.as_str())
            .chain(self.abbreviations.iter().map(String::as_str))
            .chain(self.variants.iter().map(String::as_str))
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LexiconFile {
    entry: Vec<LexiconEntry>,
}

/// The lexicon, indexed by the folded form of every name.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    entries: Vec<LexiconEntry>,
    by_form: HashMap<String, Vec<usize>>,
}

/// Folds a form for lookup: normalised, ASCII lower case.
fn key(form: &str) -> String {
    fold(&normalize(form.trim())).into_owned()
}

impl Lexicon {
    /// The bundled lexicon.
    pub fn bundled() -> Result<Self> {
        Self::from_toml(LEXICON_TOML)
    }

    /// Parses a lexicon from TOML.
    pub fn from_toml(text: &str) -> Result<Self> {
        let file: LexiconFile = toml::from_str(text).map_err(|err| Error::Config {
            path: "dictionaries/lexicon.toml".into(),
            message: err.to_string(),
        })?;
        let mut by_form: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, entry) in file.entry.iter().enumerate() {
            for form in entry.forms() {
                let slot = by_form.entry(key(form)).or_default();
                if !slot.contains(&i) {
                    slot.push(i);
                }
            }
        }
        Ok(Self { entries: file.entry, by_form })
    }

    /// Every entry.
    pub fn entries(&self) -> &[LexiconEntry] {
        &self.entries
    }

    /// The other forms of every entry `term` is a form of (empty when it is none).
    pub fn expand(&self, term: &str) -> Vec<String> {
        let key = key(term);
        let mut out: Vec<String> = Vec::new();
        for &i in self.by_form.get(&key).into_iter().flatten() {
            for form in self.entries[i].forms() {
                if self::key(form) != key && !out.iter().any(|o| o == form) {
                    out.push(form.to_owned());
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_every_form_case_and_width_insensitively() {
        let lexicon = Lexicon::bundled().unwrap();
        assert!(lexicon.entries().len() >= 40);
        assert_eq!(lexicon.expand("iot-ssf"), ["IoTセキュリティ・セーフティ・フレームワーク"]);
        assert_eq!(lexicon.expand("ＩｏＴ－ＳＳＦ"), ["IoTセキュリティ・セーフティ・フレームワーク"]);
        assert!(
            lexicon.expand("IoTセキュリティ・セーフティ・フレームワーク").contains(&"IoT-SSF".to_string())
        );
        assert!(lexicon.expand("NISC").contains(&"内閣サイバーセキュリティセンター".to_string()));
        assert!(lexicon.expand("存在しない語").is_empty());
    }
}
