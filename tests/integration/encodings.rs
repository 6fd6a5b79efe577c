//! Legacy encodings: a seed saved as Shift_JIS or EUC-JP indexes to the same passages as the
//! UTF-8 original.

use seisaku::ingest::Ingestor;
use seisaku::ingest::catalog::Catalog;
use seisaku::ingest::walk::SourceFile;

use crate::common::{bundled_corpus, scratch};

#[test]
fn shift_jis_and_euc_jp_copies_make_the_same_passages() {
    let folder = scratch("encodings");
    let ingestor = Ingestor::new(Catalog::default()).unwrap();
    for seed in ["003_f2d865df4ff72153.txt", "000_09dfc5473c016387.txt"] {
        let original = std::fs::read_to_string(bundled_corpus().join(seed)).unwrap();
        let file = |path: std::path::PathBuf| SourceFile { path, rel: seed.to_string() };
        let utf8 = ingestor.ingest_file(&file(bundled_corpus().join(seed))).unwrap();
        for encoding in [encoding_rs::SHIFT_JIS, encoding_rs::EUC_JP] {
            let (bytes, _, unmappable) = encoding.encode(&original);
            assert!(!unmappable, "{seed} is representable in {}", encoding.name());
            let path = folder.join(format!("{}-{seed}", encoding.name()));
            std::fs::write(&path, &bytes).unwrap();
            let copy = ingestor.ingest_file(&file(path)).unwrap();
            assert_eq!(copy.document.meta.encoding, encoding.name());
            assert!(copy.warnings.is_empty(), "{:?}", copy.warnings);
            assert_eq!(copy.document.passages, utf8.document.passages, "{seed} as {}", encoding.name());
            assert_eq!(copy.document.meta.title, utf8.document.meta.title);
        }
    }
}
