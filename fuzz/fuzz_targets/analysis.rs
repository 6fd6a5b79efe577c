//! The normaliser and both tokenizers: normalising is idempotent, and every bigram and
//! morphological token lies on char boundaries of the text it came from.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seisaku::analysis::bigram::{BigramTokenizer, document_grams, query_tokens};
use seisaku::analysis::dictionary::segmenter;
use seisaku::analysis::morph::MorphTokenizer;
use seisaku::analysis::{fold, normalize};
use tantivy::tokenizer::{TokenStream, Tokenizer};

/// Runs a tantivy tokenizer over `text`, checking each token's offsets and positions.
fn check_stream(tokenizer: &mut impl Tokenizer, text: &str) {
    let mut stream = tokenizer.token_stream(text);
    let mut last_position = None;
    while let Some(token) = stream.next() {
        assert!(token.offset_from < token.offset_to && token.offset_to <= text.len(), "{token:?}");
        assert!(text.is_char_boundary(token.offset_from) && text.is_char_boundary(token.offset_to));
        assert!(last_position.is_none_or(|p| token.position > p), "positions must increase: {token:?}");
        last_position = Some(token.position);
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let normalized = normalize(text);
    assert_eq!(normalize(&normalized), normalized, "normalize is not idempotent on {text:?}");
    let folded = fold(&normalized);
    for gram in document_grams(&folded) {
        assert!(folded.is_char_boundary(gram.start) && folded.is_char_boundary(gram.end), "{gram:?}");
        assert_eq!(folded[gram.start..gram.end], *gram.text.trim_start_matches('@'));
    }
    let _ = query_tokens(&folded);
    check_stream(&mut BigramTokenizer, &normalized);
    check_stream(&mut MorphTokenizer::new(segmenter().expect("dictionary loads")), &normalized);
});
