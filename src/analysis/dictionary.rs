//! The morphological dictionary: IPADIC compiled at build time plus seisaku's policy user
//! dictionary, loaded once per process.
//!
//! `build.rs` compiles the IPADIC sources kept in `dictionaries/ipadic/` (see its
//! `regenerate.sh`) with lindera's `DictionaryBuilder`; the result is embedded here, so the
//! binary needs no dictionary files at run time and nothing is downloaded at build time.
//! `dictionaries/user.csv` (lindera's simple user-dictionary format: `surface,pos,reading`) makes
//! ministry and body names such as 経済産業省 or 内閣サイバーセキュリティセンター single tokens.

use std::sync::{Arc, OnceLock};

use lindera::dictionary::DictionaryBuilder;
use lindera::mode::Mode;
use lindera::segmenter::Segmenter;

use crate::error::{Error, Result};

mod embedded {
    lindera_dictionary::embedded_dictionary!("/ipadic", EmbeddedIpadicLoader);
}

/// The policy user dictionary, embedded at build time.
pub const USER_DICTIONARY_CSV: &str = include_str!("../../dictionaries/user.csv");

/// Checksums of the IPADIC sources; part of the analysis-chain version.
pub const IPADIC_SOURCE_SUMS: &str = include_str!("../../dictionaries/ipadic/SHA256SUMS");

/// Returns the process-wide segmenter (IPADIC + user dictionary), loading it on first use.
///
/// Loading is cheap (the embedded dictionary is used in place), but it is still done once: the
/// user dictionary is compiled from CSV and every tokenizer clone shares the result.
pub fn segmenter() -> Result<Arc<Segmenter>> {
    static SEGMENTER: OnceLock<std::result::Result<Arc<Segmenter>, String>> = OnceLock::new();
    SEGMENTER
        .get_or_init(|| load().map(Arc::new).map_err(|err| err.to_string()))
        .clone()
        .map_err(Error::Dictionary)
}

fn load() -> std::result::Result<Segmenter, lindera::error::LinderaError> {
    let dictionary = embedded::load()?;
    let user = DictionaryBuilder::new((*dictionary.metadata).clone())
        .build_user_dict_from_reader(USER_DICTIONARY_CSV.as_bytes())?;
    Ok(Segmenter::new(Mode::Normal, dictionary, Some(user)))
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    fn surfaces(text: &str) -> Vec<String> {
        let segmenter = segmenter().expect("dictionary loads");
        let tokens = segmenter.segment(Cow::Borrowed(text)).expect("segments");
        tokens.into_iter().map(|t| t.surface.into_owned()).collect()
    }

    #[test]
    fn ipadic_segments_ordinary_text() {
        assert_eq!(surfaces("東京都に住む"), ["東京", "都", "に", "住む"]);
    }

    #[test]
    fn user_dictionary_keeps_body_names_whole() {
        for name in [
            "経済産業省",
            "個人情報保護委員会",
            "内閣サイバーセキュリティセンター",
            "サイバーセキュリティ戦略本部",
        ] {
            let text = format!("{name}において");
            assert_eq!(surfaces(&text)[0], name, "{name}");
        }
    }
}
