//! The token shape both tokenizers produce, and the tantivy token stream that replays it.
//!
//! The bigram and morphological tokenizers each compute a text's tokens up front (the bigram
//! scheme needs the URL spans of the whole text, lindera segments it in one call) as a list of
//! [`Span`]s; [`SpanTokenStream`] hands them to tantivy at consecutive positions.

use tantivy::tokenizer::{Token, TokenStream};

/// One token: its byte range in the normalised text and its (lower-cased) text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// Byte offset where the token starts.
    pub start: usize,
    /// Byte offset where the token ends.
    pub end: usize,
    /// Token text.
    pub text: String,
}

/// tantivy token stream over precomputed spans, one position each.
pub struct SpanTokenStream {
    spans: std::vec::IntoIter<Span>,
    token: Token,
}

impl SpanTokenStream {
    /// A stream yielding `spans` in order.
    pub fn new(spans: Vec<Span>) -> Self {
        Self { spans: spans.into_iter(), token: Token::default() }
    }
}

impl TokenStream for SpanTokenStream {
    fn advance(&mut self) -> bool {
        let Some(span) = self.spans.next() else {
            return false;
        };
        self.token.position = self.token.position.wrapping_add(1);
        self.token.offset_from = span.start;
        self.token.offset_to = span.end;
        self.token.text = span.text;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}
