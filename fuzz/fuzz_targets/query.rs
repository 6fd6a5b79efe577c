//! The query parser and query-side analysis: any string is either parsed or rejected with a
//! [`QueryError`](seisaku::QueryError) whose message is one line; nothing panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seisaku::analysis::QueryAnalyzer;
use seisaku::search::plan::FyRange;
use seisaku::search::query::parse;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match parse(text) {
        Ok(_) => {
            let analyzer = QueryAnalyzer::new().expect("dictionary loads");
            for term in text.split_whitespace() {
                let analyzed = analyzer.analyze(term);
                assert!(!analyzed.folded.chars().any(|c| c.is_ascii_uppercase()), "{analyzed:?}");
            }
        }
        Err(err) => assert!(!err.to_string().contains('\n'), "multi-line error for {text:?}: {err}"),
    }
    if let Some(FyRange { from: Some(from), to: Some(to) }) = FyRange::parse(text) {
        assert!(from <= to, "{text:?} gave {from}..{to}");
    }
});
