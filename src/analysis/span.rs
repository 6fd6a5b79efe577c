//! The token shape both tokenizers produce, and the tantivy token stream that replays it.
//!
//! The bigram and morphological tokenizers each compute a text's tokens up front (the bigram
//! scheme needs the URL spans of the whole text, lindera segments it in one call) as a list of
//! [`Span`]s; [`SpanTokenStream`] hands them to tantivy at consecutive positions (a
//! [stacked](Span::stacked) token shares its predecessor's).

use std::rc::Rc;

use compact_str::CompactString;
use tantivy::tokenizer::{Token, TokenStream};

/// One token: its byte range in the normalised text and its (lower-cased) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte offset where the token starts.
    pub start: usize,
    /// Byte offset where the token ends.
    pub end: usize,
    /// Token text (inline up to 24 bytes: a token is mostly one to a few characters, and an
    /// allocation per token was 5 % of indexing time).
    pub text: CompactString,
    /// True when the token stands at the previous token's position (a marker stacked on it)
    /// instead of the next one.
    pub stacked: bool,
}

impl Span {
    /// A token at the next position.
    pub fn new(start: usize, end: usize, text: impl Into<CompactString>) -> Self {
        Self { start, end, text: text.into(), stacked: false }
    }

    /// The same token, stacked at the previous token's position.
    pub fn stacked(mut self) -> Self {
        self.stacked = true;
        self
    }
}

/// tantivy token stream over precomputed spans, one position each. The spans may be shared
/// (a tokenizer's remembered result, see [`super::memo`]); each token's text is copied into the
/// stream's one token buffer.
pub struct SpanTokenStream {
    spans: Rc<[Span]>,
    next: usize,
    token: Token,
}

impl SpanTokenStream {
    /// A stream yielding `spans` in order.
    pub fn new(spans: impl Into<Rc<[Span]>>) -> Self {
        Self { spans: spans.into(), next: 0, token: Token::default() }
    }
}

impl TokenStream for SpanTokenStream {
    fn advance(&mut self) -> bool {
        let Some(span) = self.spans.get(self.next) else {
            return false;
        };
        self.next += 1;
        if !span.stacked {
            self.token.position = self.token.position.wrapping_add(1);
        }
        self.token.offset_from = span.start;
        self.token.offset_to = span.end;
        self.token.text.clear();
        self.token.text.push_str(&span.text);
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
