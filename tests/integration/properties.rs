//! Property tests of the invariants the engine rests on (proptest; they run in CI).

use proptest::prelude::*;
use seisaku::analysis::bigram::{
    KATAKANA_END, QueryGram, URL_MARK, document_grams, query_tokens, word_end_marker,
};
use seisaku::analysis::normalize::is_katakana;
use seisaku::analysis::span::Span;
use seisaku::analysis::{fold, normalize};
use seisaku::ingest::Ingestor;
use seisaku::ingest::catalog::{Catalog, MetaOverride};
use seisaku::ingest::{dates, decode};
use seisaku::search::query;

/// Text made of the characters that matter to the analysis chain: kana, kanji, ASCII letters
/// and digits, hyphens, the long vowel mark, punctuation, spaces, full-width forms, line breaks.
fn policy_text() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "セキュリティサイバ協議総務省経済産業あいうアイウ一二十年度令和平成ー-‐−－ｰ・、。「」()（）ＩｏＴIoTSSF5G0123 　\n\r\t".chars().collect();
    prop::collection::vec(prop::sample::select(alphabet), 0..80).prop_map(|chars| chars.into_iter().collect())
}

/// One line of policy text of up to ~6,000 characters: long enough to be cut into pieces at
/// [`seisaku::ingest::passages::MAX_CHARS`] and spread over several passages.
fn long_line_text() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "セキュリティ協議総務省あいア年度ー-・、。「」()IoT5G01 ".chars().collect();
    (prop::collection::vec(prop::sample::select(alphabet), 1..80), 1..80usize)
        .prop_map(|(chars, times)| chars.into_iter().collect::<String>().repeat(times))
}

/// Short runs of CJK letters from a small alphabet (so they often occur in generated texts).
fn cjk_term() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "あいアイ漢字ー".chars().collect();
    prop::collection::vec(prop::sample::select(alphabet), 1..5).prop_map(|c| c.into_iter().collect())
}

/// Katakana words of two to four characters (the alphabet of [`policy_text`]).
fn katakana_term() -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = "セキュリティサイバアイウー".chars().collect();
    prop::collection::vec(prop::sample::select(alphabet), 2..5).prop_map(|c| c.into_iter().collect())
}

/// Whether `query` occurs as a phrase in `grams` (the last query token may be a prefix), with
/// positions as the index sees them: a stacked token (a katakana word-end marker) shares its
/// predecessor's position.
fn phrase_matches(query: &[QueryGram], grams: &[Span]) -> bool {
    let mut positions: Vec<Vec<&str>> = Vec::new();
    for gram in grams {
        match positions.last_mut() {
            Some(at) if gram.stacked => at.push(&gram.text),
            _ => positions.push(vec![&gram.text]),
        }
    }
    if query.is_empty() || positions.len() < query.len() {
        return false;
    }
    (0..=positions.len() - query.len()).any(|start| {
        query.iter().enumerate().all(|(i, q)| {
            positions[start + i].iter().any(|t| match q {
                QueryGram::Exact(q) => t == q,
                QueryGram::Prefix(q) => t.starts_with(q.as_str()),
            })
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn normalize_is_idempotent(text in policy_text()) {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn normalize_is_idempotent_on_any_unicode(text in "\\PC{0,40}") {
        let once = normalize(&text);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn token_offsets_are_char_boundaries_of_the_normalised_text(text in policy_text()) {
        let normalized = normalize(&text);
        for gram in document_grams(&normalized) {
            prop_assert!(normalized.is_char_boundary(gram.start) && normalized.is_char_boundary(gram.end));
            prop_assert!(gram.start < gram.end && gram.end <= normalized.len());
            let text = gram.text.trim_start_matches(URL_MARK).trim_end_matches(KATAKANA_END);
            prop_assert_eq!(normalized[gram.start..gram.end].to_ascii_lowercase(), text);
        }
    }

    /// The recall guarantee of the bigram scheme: a CJK term's query tokens occur as a phrase in
    /// a text's tokens exactly when the term occurs in the text.
    #[test]
    fn a_cjk_term_matches_exactly_when_it_occurs(text in policy_text(), term in cjk_term()) {
        let normalized = fold(&normalize(&text)).into_owned();
        let term = normalize(&term);
        let matches = phrase_matches(&query_tokens(&term), &document_grams(&normalized));
        prop_assert_eq!(matches, normalized.contains(&term), "term {:?} in {:?}", term, normalized);
    }

    /// A spelling that must end a katakana word (a variant such as サーバ of サーバー) matches
    /// exactly where it occurs and no katakana character follows.
    #[test]
    fn a_word_end_spelling_matches_exactly_where_a_katakana_word_ends(text in policy_text(), term in katakana_term()) {
        let normalized = fold(&normalize(&text)).into_owned();
        let mut query = query_tokens(&term);
        query.extend(word_end_marker(&term));
        // Every occurrence, overlapping ones included (`match_indices` skips those: ーー in ーーー協).
        let expected = normalized.char_indices().any(|(at, _)| {
            normalized[at..].starts_with(term.as_str())
                && !normalized[at + term.len()..].chars().next().is_some_and(is_katakana)
        });
        prop_assert_eq!(phrase_matches(&query, &document_grams(&normalized)), expected, "{:?} in {:?}", term, normalized);
    }

    #[test]
    fn substrings_of_cjk_runs_always_match(text in policy_text(), at in any::<prop::sample::Index>(), len in 1usize..8) {
        let normalized = fold(&normalize(&text)).into_owned();
        let chars: Vec<char> = normalized.chars().collect();
        let is_cjk = |c: &char| !c.is_ascii() && c.is_alphanumeric();
        let starts: Vec<usize> = (0..chars.len()).filter(|&i| is_cjk(&chars[i])).collect();
        if starts.is_empty() {
            return Ok(());
        }
        let start = starts[at.index(starts.len())];
        let piece: String = chars[start..].iter().take(len).take_while(|c| is_cjk(c)).collect();
        prop_assert!(phrase_matches(&query_tokens(&piece), &document_grams(&normalized)), "{:?} in {:?}", piece, normalized);
    }

    #[test]
    fn passages_are_substrings_of_the_document_body(text in policy_text()) {
        let ingestor = Ingestor::new(Catalog::default()).unwrap();
        let body = ingestor.body_of(&text);
        let (document, _) = ingestor.document_from_text("doc.txt", &text, "UTF-8", MetaOverride::default());
        for passage in &document.passages {
            prop_assert!(body.contains(&passage.text), "{:?} not in {:?}", passage.text, body);
        }
    }

    #[test]
    fn passages_of_long_lines_are_substrings_of_the_document_body(line in long_line_text(), head in policy_text()) {
        let ingestor = Ingestor::new(Catalog::default()).unwrap();
        let text = format!("{head}\n{line}");
        let body = ingestor.body_of(&text);
        let (document, _) = ingestor.document_from_text("doc.txt", &text, "UTF-8", MetaOverride::default());
        for passage in &document.passages {
            prop_assert!(body.contains(&passage.text), "{:?} not in the body", passage.text);
        }
    }

    #[test]
    fn parsers_never_panic(text in "\\PC{0,60}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let _ = query::parse(&text);
        let _ = dates::parse(&text);
        for found in dates::scan(&text) {
            prop_assert!(text.is_char_boundary(found.start) && text.is_char_boundary(found.end));
        }
        if let Ok(decoded) = decode::decode(&bytes) {
            let ingestor = Ingestor::new(Catalog::default()).unwrap();
            let _ = ingestor.document_from_text("doc.txt", &decoded.text, decoded.encoding, MetaOverride::default());
        }
    }
}
