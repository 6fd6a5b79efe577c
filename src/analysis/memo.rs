//! The last text a thread analysed and what was computed from it.
//!
//! tantivy tokenizes a passage's fields one after another on one indexing thread, and tokenizes
//! the `terms` field twice (for its postings and for its fast field). The morphological and
//! terms tokenizers keep their last result per thread in a [`LastText`], so a passage text is
//! segmented once and its terms are extracted once.

use std::cell::RefCell;
use std::rc::Rc;

/// One thread's last input text and the value computed from it.
pub struct LastText<T: ?Sized>(RefCell<Option<(String, Rc<T>)>>);

impl<T: ?Sized> LastText<T> {
    /// Nothing remembered yet.
    pub const fn new() -> Self {
        Self(RefCell::new(None))
    }

    /// The value computed from `text`: the remembered one if `text` is the last text, else
    /// what `compute` (a closure over `text`) returns, remembered for the next call; `None`
    /// from `compute` is not remembered.
    pub fn get_or(&self, text: &str, compute: impl FnOnce() -> Option<Rc<T>>) -> Option<Rc<T>> {
        let remembered =
            self.0.borrow().as_ref().filter(|(seen, _)| seen == text).map(|(_, value)| Rc::clone(value));
        if remembered.is_some() {
            return remembered;
        }
        let value = compute()?;
        let mut last = self.0.borrow_mut();
        match last.as_mut() {
            // Reuse the buffer of the last text.
            Some((seen, old)) => {
                seen.clear();
                seen.push_str(text);
                *old = Rc::clone(&value);
            }
            None => *last = Some((text.to_owned(), Rc::clone(&value))),
        }
        Some(value)
    }
}

impl<T: ?Sized> Default for LastText<T> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn computes_once_per_text() {
        let last: LastText<str> = LastText::new();
        let mut calls = 0;
        for text in ["a", "a", "b", "a"] {
            let value = last.get_or(text, || {
                calls += 1;
                Some(Rc::from(text.to_uppercase()))
            });
            assert_eq!(value.as_deref(), Some(text.to_uppercase().as_str()));
        }
        assert_eq!(calls, 3);
        assert!(last.get_or("c", || None).is_none());
        assert_eq!(last.get_or("a", || None).as_deref(), Some("A"));
    }
}
