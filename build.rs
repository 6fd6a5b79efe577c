//! Compiles the bundled IPADIC sources into a lindera dictionary at build time.
//!
//! lindera's own `lindera-ipadic` crate downloads IPADIC from the web in its build script, which
//! cannot work on machines without network access. seisaku instead keeps the IPADIC 2.7.0 sources
//! (from Debian's `mecab-ipadic`, converted to UTF-8 by `dictionaries/ipadic/regenerate.sh`) in
//! the repository as one zstd-compressed tar, unpacks them into `OUT_DIR` and compiles them with
//! lindera's `DictionaryBuilder`, using the same `metadata.json` as `lindera-ipadic` 6.2. The
//! compiled files are then embedded into the library by `lindera_dictionary::embedded_dictionary!`
//! (see `src/analysis/dictionary.rs`), which reads them from `LINDERA_WORKDIR`.

use std::error::Error;
use std::fs::{self, File};
use std::io::BufReader;
use std::path::Path;

use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::metadata::Metadata;

const SOURCES: &str = "dictionaries/ipadic/ipadic-2.7.0-20070801-utf8.tar.zst";
const METADATA: &str = "dictionaries/ipadic/metadata.json";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={SOURCES}");
    println!("cargo::rerun-if-changed={METADATA}");
    println!("cargo::rerun-if-changed=build.rs");

    let out_dir = std::env::var("OUT_DIR")?;
    let out_dir = Path::new(&out_dir);
    let source_dir = out_dir.join("ipadic-src");
    let dictionary_dir = out_dir.join("ipadic");
    for dir in [&source_dir, &dictionary_dir] {
        if dir.exists() {
            fs::remove_dir_all(dir)?;
        }
    }

    let compressed = BufReader::new(File::open(SOURCES)?);
    let tar = ruzstd::decoding::StreamingDecoder::new(compressed)
        .map_err(|err| format!("{SOURCES}: not a zstd stream: {err}"))?;
    tar::Archive::new(tar).unpack(&source_dir)?;

    let metadata: Metadata = serde_json::from_str(&fs::read_to_string(METADATA)?)?;
    DictionaryBuilder::new(metadata)
        .build_dictionary(&source_dir, &dictionary_dir)
        .map_err(|err| format!("compiling IPADIC failed: {err}"))?;
    fs::remove_dir_all(&source_dir)?;

    println!("cargo::rustc-env=LINDERA_WORKDIR={}", out_dir.display());
    Ok(())
}
