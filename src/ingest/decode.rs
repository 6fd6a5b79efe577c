//! Decoding file bytes into text: UTF-8 (with or without BOM), UTF-16 (with BOM), Shift_JIS /
//! CP932, EUC-JP and whatever else `chardetng` recognises.
//!
//! The order of decisions:
//! 1. a byte-order mark decides (UTF-8, UTF-16LE, UTF-16BE);
//! 2. an empty file, or one with NUL bytes (a binary dropped into the corpus), is refused;
//! 3. ISO-2022-JP escape sequences mean ISO-2022-JP; otherwise valid UTF-8 is UTF-8;
//! 4. text that is UTF-8 apart from a few broken sequences (ten times as many non-ASCII bytes in
//!    valid multi-byte sequences as in broken ones) is decoded as UTF-8 with U+FFFD for the
//!    broken bytes;
//! 5. otherwise `chardetng` guesses the legacy encoding (with the `.jp` hint, so Japanese
//!    encodings win ties) and `encoding_rs` decodes it, replacing malformed sequences.
//!
//! Every replacement is counted and reported as a [`DecodeWarning`]; nothing is fatal except the
//! refusals in step 2.

use encoding_rs::{Encoding, UTF_8};

/// Why a file was not decoded at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The file has no bytes.
    #[error("empty file")]
    Empty,
    /// The file contains NUL bytes outside UTF-16: a binary file.
    #[error("binary file (contains NUL bytes)")]
    Binary,
}

/// A problem met while decoding; the text was still produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeWarning {
    /// Encoding used.
    pub encoding: &'static str,
    /// Number of malformed sequences replaced with U+FFFD.
    pub replaced: usize,
}

impl std::fmt::Display for DecodeWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} malformed byte sequence(s) replaced with U+FFFD while decoding as {}",
            self.replaced, self.encoding
        )
    }
}

/// Decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// Name of the encoding it was decoded from.
    pub encoding: &'static str,
    /// Set when malformed sequences were replaced.
    pub warning: Option<DecodeWarning>,
}

/// Decodes `bytes` (see the module documentation for the rules).
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        return Ok(decode_with(encoding, &bytes[bom_len..]));
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Binary);
    }
    if bytes.windows(3).any(|w| w == b"\x1b$B" || w == b"\x1b$@") {
        return Ok(decode_with(encoding_rs::ISO_2022_JP, bytes));
    }
    if std::str::from_utf8(bytes).is_ok() {
        return Ok(decode_with(UTF_8, bytes));
    }
    if mostly_utf8(bytes) {
        return Ok(decode_with(UTF_8, bytes));
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    Ok(decode_with(detector.guess(Some(b"jp"), chardetng::Utf8Detection::Allow), bytes))
}

/// Decodes `bytes` as `encoding`, the one the document declares itself (an HTML `<meta
/// charset>`), replacing and counting malformed sequences.
pub fn decode_as(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    decode_with(encoding, bytes)
}

fn decode_with(encoding: &'static Encoding, bytes: &[u8]) -> Decoded {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    let warning = had_errors.then(|| DecodeWarning {
        encoding: encoding.name(),
        replaced: text
            .matches('\u{fffd}')
            .count()
            .saturating_sub(count_replacement_chars_in_source(encoding, bytes)),
    });
    Decoded { text: text.into_owned(), encoding: encoding.name(), warning }
}

/// U+FFFD characters that were already in the source (as valid UTF-8), not replacements.
fn count_replacement_chars_in_source(encoding: &'static Encoding, bytes: &[u8]) -> usize {
    if encoding == UTF_8 { bytes.windows(3).filter(|w| *w == "\u{fffd}".as_bytes()).count() } else { 0 }
}

/// True when `bytes` reads as UTF-8 with a few broken sequences: at least ten times as many of
/// its non-ASCII bytes sit in valid multi-byte UTF-8 sequences as in broken ones. Legacy
/// Japanese encodings almost never form valid UTF-8 sequences (a Shift_JIS or EUC-JP text has
/// far more broken ones than valid), so this is a matter of plausibility, not of file size: a
/// short UTF-8 file with one stray byte stays UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut valid, mut broken) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        valid += chunk.valid().bytes().filter(|b| !b.is_ascii()).count();
        broken += chunk.invalid().len();
    }
    valid > 0 && broken * 10 <= valid
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "サイバーセキュリティ戦略本部(第41回)において、総務省及び経済産業省は国際標準化を推進する。";

    #[test]
    fn utf8_with_and_without_bom() {
        let plain = decode(SAMPLE.as_bytes()).unwrap();
        assert_eq!((plain.text.as_str(), plain.encoding, plain.warning), (SAMPLE, "UTF-8", None));
        let mut bom = b"\xef\xbb\xbf".to_vec();
        bom.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode(&bom).unwrap().text, SAMPLE);
    }

    #[test]
    fn legacy_japanese_encodings_are_detected() {
        for encoding in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
            let (bytes, _, _) = encoding.encode(SAMPLE);
            let decoded = decode(&bytes).unwrap();
            assert_eq!(decoded.text, SAMPLE, "{}", encoding.name());
            assert_eq!(decoded.encoding, encoding.name());
        }
    }

    #[test]
    fn utf16_with_bom() {
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(SAMPLE.encode_utf16().flat_map(u16::to_le_bytes));
        let decoded = decode(&bytes).unwrap();
        assert_eq!((decoded.text.as_str(), decoded.encoding), (SAMPLE, "UTF-16LE"));
    }

    #[test]
    fn broken_bytes_are_replaced_and_counted() {
        let mut bytes = SAMPLE.repeat(40).into_bytes();
        bytes[1500] = 0xff;
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert_eq!(decoded.warning.unwrap().replaced, decoded.text.matches('\u{fffd}').count());

        let long = SAMPLE.repeat(20);
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(&long);
        let mut sjis = sjis.into_owned();
        sjis[301] = 0x81;
        sjis[302] = 0x20;
        let decoded = decode(&sjis).unwrap();
        assert_eq!(decoded.encoding, "Shift_JIS");
        assert!(decoded.warning.is_some());
        assert!(decoded.text.contains("総務省"));
    }

    #[test]
    fn legacy_text_is_never_taken_for_broken_utf8() {
        for encoding in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
            for len in [1, 3, 10, 40] {
                let text: String = SAMPLE.chars().take(len).collect();
                let (bytes, _, _) = encoding.encode(&text);
                assert!(!mostly_utf8(&bytes), "{} {text}", encoding.name());
            }
        }
    }

    #[test]
    fn empty_and_binary_files_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b"\x7fELF\x02\x01\x01\x00\x00"), Err(DecodeError::Binary));
    }
}
