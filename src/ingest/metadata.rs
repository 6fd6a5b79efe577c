//! Document metadata by precedence: what a sidecar or catalog says ([`MetaOverride`]) wins,
//! field by field, over what the text says (report headers, `出典情報`), which wins over
//! guesses (the first title-like line, the ministry the text names most).

use std::collections::HashMap;

use super::catalog::MetaOverride;
use super::extract::Extracted;
use super::gazetteer::NameSet;

/// Publisher: metadata, else the `出典情報` body, else the clearly most-mentioned ministry.
pub fn publisher(
    ministries: &NameSet,
    meta: &MetaOverride,
    extracted: &Extracted,
    body: &str,
    warnings: &mut Vec<String>,
) -> Option<String> {
    if let Some(given) = &meta.publisher {
        let canonical = ministries.canonicalize(given);
        if canonical.is_none() {
            warnings.push(format!("publisher {given:?} is not in dictionaries/ministries.toml"));
        }
        return Some(canonical.unwrap_or_else(|| given.trim().to_owned()));
    }
    if let Some(hint) = &extracted.publisher_hint
        && let Some((_, _, name)) = ministries.find_spans(hint).into_iter().next()
    {
        return Some(name);
    }
    let mut counts: HashMap<String, usize> = HashMap::new();
    for (_, _, name) in ministries.find_spans(body) {
        *counts.entry(name).or_default() += 1;
    }
    let mut ranked: Vec<(usize, String)> = counts.into_iter().map(|(n, c)| (c, n)).collect();
    ranked.sort_by(|a, b| b.cmp(a));
    match ranked.as_slice() {
        [(top, name), rest @ ..] if *top >= 3 && rest.first().is_none_or(|(second, _)| top > second) => {
            Some(name.clone())
        }
        _ => None,
    }
}

/// Title: metadata, else the format's own (a PDF's document info, an HTML `<title>`), else the
/// report header's, else the first meaningful line, else the file name.
pub fn title(id: &str, meta: &MetaOverride, format: Option<&str>, extracted: &Extracted) -> String {
    meta.title
        .clone()
        .or_else(|| format.map(tidy).filter(|t| !t.is_empty()))
        .or_else(|| extracted.title.as_deref().map(tidy))
        .or_else(|| first_line_title(extracted))
        .unwrap_or_else(|| id.rsplit('/').next().unwrap_or(id).to_owned())
}

/// A title from the first meaningful body line.
fn first_line_title(extracted: &Extracted) -> Option<String> {
    extracted
        .lines
        .iter()
        .map(|l| tidy(&l.text))
        .find(|l| l.chars().filter(|c| c.is_alphanumeric()).count() >= 2)
        .map(|l| l.chars().take(120).collect())
}

/// Collapses white space, dropping the spaces OCR put into Japanese text: a space survives
/// only between two ASCII letters/digits (`ITU-T SG17の勧告`).
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.trim().chars() {
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if pending_space && c.is_ascii_alphanumeric() && out.ends_with(|b: char| b.is_ascii_alphanumeric()) {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tidy_removes_ocr_spaces_between_japanese_characters() {
        assert_eq!(
            tidy("「ICTサイバーセキュリティ総合対策2021」(案) の概要"),
            "「ICTサイバーセキュリティ総合対策2021」(案)の概要"
        );
        assert_eq!(tidy("ITU-T SG17 の 勧告"), "ITU-T SG17の勧告");
        assert_eq!(tidy(" a  b "), "a b");
    }
}
