//! The policy lexicon must describe the corpus: every entry occurs in `../shared/corpus` or the
//! seeds, and so does every form of it, except forms its entry lists as `ocr_split` (the corpus
//! has them only broken apart by OCR): for those, the pieces on either side of some split must
//! occur, in order, in one document.

use seisaku::analysis::{fold, normalize};
use seisaku::search::lexicon::Lexicon;

use crate::common::{shared_corpus, shared_seeds};

fn texts() -> Option<Vec<String>> {
    let corpus = shared_corpus("")?;
    let mut out = Vec::new();
    let folders = [corpus.join("ict-white-paper"), corpus.join("cio-papers"), corpus.join("egov-laws")];
    for folder in folders.iter().chain(shared_seeds().as_ref()) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "txt")
                && path.file_name().is_some_and(|n| n != "MANIFEST.txt")
            {
                let raw = std::fs::read(&path).unwrap();
                out.push(fold(&normalize(&String::from_utf8_lossy(&raw))).into_owned());
            }
        }
    }
    Some(out)
}

#[test]
fn every_lexicon_entry_occurs_in_the_corpus() {
    let Some(texts) = texts() else { return };
    let lexicon = Lexicon::bundled().unwrap();
    assert!(lexicon.entries().len() >= 40);
    let occurs = |form: &str| {
        let needle = fold(&normalize(form)).into_owned();
        texts.iter().any(|t| t.contains(&needle))
    };
    let mut missing = Vec::new();
    for entry in lexicon.entries() {
        assert!(entry.forms().any(occurs), "no form of {} occurs", entry.canonical);
        for form in entry.forms() {
            if entry.ocr_split.iter().any(|s| s == form) {
                // OCR also inserts spaces ("IoT セキュリティ"): compare without white space.
                let squeeze = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                let folded = squeeze(&fold(&normalize(form)));
                let squeezed: Vec<String> = texts.iter().map(|t| squeeze(t)).collect();
                let split = folded.char_indices().skip(1).any(|(i, _)| {
                    let (head, tail) = folded.split_at(i);
                    squeezed.iter().any(|t| t.find(head).is_some_and(|h| t[h + head.len()..].contains(tail)))
                        && head.chars().count() >= 4
                        && tail.chars().count() >= 4
                });
                assert!(split, "{form} does not occur even split apart");
            } else if !occurs(form) {
                missing.push(form.to_owned());
            }
        }
    }
    assert!(missing.is_empty(), "lexicon forms absent from the corpus: {missing:?}");
}
