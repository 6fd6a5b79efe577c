//! The document and metadata parser: bytes are decoded (or refused with a reason), a metadata
//! sidecar is parsed (or refused), and the document built from them keeps every passage a
//! substring of its normalised body.
//!
//! Input: an optional sidecar (TOML) ended by a line `+++`, then the document's bytes.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use seisaku::ingest::Ingestor;
use seisaku::ingest::catalog::{Catalog, MetaOverride};
use seisaku::ingest::decode::decode;

static INGESTOR: LazyLock<Ingestor> = LazyLock::new(|| Ingestor::new(Catalog::default()).expect("bundled files load"));

const SEPARATOR: &[u8] = b"\n+++\n";

fuzz_target!(|data: &[u8]| {
    let (meta, document) = match data.windows(SEPARATOR.len()).position(|w| w == SEPARATOR) {
        Some(at) => {
            let sidecar = std::str::from_utf8(&data[..at]).ok().and_then(|s| toml::from_str::<MetaOverride>(s).ok());
            (sidecar.unwrap_or_default(), &data[at + SEPARATOR.len()..])
        }
        None => (MetaOverride::default(), data),
    };
    let Ok(decoded) = decode(document) else { return };
    let (doc, _warnings) = INGESTOR.document_from_text("fuzz.txt", &decoded.text, decoded.encoding, meta);
    let body = INGESTOR.body_of(&decoded.text);
    for passage in &doc.passages {
        assert!(body.contains(&passage.text), "passage {:?} not in body", passage.text);
    }
});
