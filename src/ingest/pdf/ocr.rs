//! OCR of pages without a text layer: poppler's `pdftoppm` renders the page at [`DPI`] in
//! grey, Tesseract reads it with the Japanese models for horizontal and vertical writing
//! (`jpn+jpn_vert`). Each page's text is cached under the index folder by the PDF's content
//! hash, so an unchanged PDF is never OCR'd twice (reindexing, `--full`, a changed sidecar).
//!
//! The text goes through the same normalisation and OCR repair as every other text; here only
//! the spaces Tesseract puts between Japanese characters are taken out (`事 務 連 絡`).

use std::path::{Path, PathBuf};

use super::PdfError;
use super::tool::{self, Tool};

/// Resolution pages are rendered at for OCR.
pub const DPI: u32 = 300;
/// Tesseract's languages.
pub const LANGUAGES: &str = "jpn+jpn_vert";
/// Changes whenever the way pages are OCR'd changes, so the cache is not reused across it.
const CACHE_VERSION: u32 = 1;

/// OCRs page `page` (from 1) of the PDF at `path`, whose bytes hash to `hash`; reads and
/// writes the cache in `cache` when given.
pub fn page_text(path: &Path, hash: &str, page: usize, cache: Option<&Path>) -> Result<String, PdfError> {
    let cached: Option<PathBuf> =
        cache.map(|dir| dir.join(format!("{hash}-p{page}-{LANGUAGES}-{DPI}dpi-v{CACHE_VERSION}.txt")));
    if let Some(text) = cached.as_deref().and_then(|file| std::fs::read_to_string(file).ok()) {
        return Ok(text);
    }
    let work = tempfile::tempdir()
        .map_err(|err| PdfError::Failed { program: "ocr", message: format!("no temporary folder: {err}") })?;
    let image = work.path().join("page");
    let page_arg = page.to_string();
    tool::run(
        Tool::PdfToPpm,
        &[
            "-r".as_ref(),
            DPI.to_string().as_ref(),
            "-gray".as_ref(),
            "-png".as_ref(),
            "-singlefile".as_ref(),
            "-f".as_ref(),
            page_arg.as_ref(),
            "-l".as_ref(),
            page_arg.as_ref(),
            path.as_os_str(),
            image.as_os_str(),
        ],
    )?;
    let png = work.path().join("page.png");
    let out = tool::run(
        Tool::Tesseract,
        &[
            png.as_os_str(),
            "stdout".as_ref(),
            "-l".as_ref(),
            LANGUAGES.as_ref(),
            "--psm".as_ref(),
            "3".as_ref(),
        ],
    )?;
    let text = unspace(&String::from_utf8_lossy(&out));
    if let Some(file) = cached {
        // A cache that cannot be written only costs time next run.
        let _ = std::fs::create_dir_all(file.parent().unwrap_or(Path::new("."))).and_then(|()| {
            let partial = file.with_extension("partial");
            std::fs::write(&partial, &text)?;
            std::fs::rename(&partial, &file)
        });
    }
    Ok(text)
}

/// Removes runs of spaces that have a non-ASCII character on either side (Tesseract spaces
/// Japanese out character by character); spaces between ASCII words stay.
pub fn unspace(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            let end = chars[i..].iter().position(|&c| c != ' ').map_or(chars.len(), |n| i + n);
            let before = i.checked_sub(1).map(|j| chars[j]);
            let after = chars.get(end).copied();
            let japanese = |c: Option<char>| c.is_some_and(|c| !c.is_ascii());
            if !(japanese(before) || japanese(after)) {
                out.extend(&chars[i..end]);
            }
            i = end;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_japanese_characters_go() {
        assert_eq!(unspace("事 務 連 絡\n平成1 7年 Q&A について"), "事務連絡\n平成1 7年Q&Aについて");
        assert_eq!(unspace("ITU-T SG17"), "ITU-T SG17");
    }
}
