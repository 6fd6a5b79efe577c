//! Finding the documents of a corpus folder.
//!
//! Walks the folder recursively with the `ignore` crate (ripgrep's walker): files are visited in
//! name order, symbolic links are followed with loop detection, hidden files and anything listed
//! in a `.ignore` or `.seisakuignore` file, or excluded by the caller's globs, are skipped. Files of a
//! [`Format`] ingest reads are documents. Every problem (an unreadable folder, a symlink loop, a name that is not UTF-8) is
//! yielded as a [`Problem`] and the walk goes on.

use std::path::{Path, PathBuf};

use ignore::overrides::OverrideBuilder;

use super::Problem;
use super::source::Format;
use crate::error::{Error, Result};

/// A document file found in the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path to open.
    pub path: PathBuf,
    /// Path relative to the corpus folder with `/` separators (lossy if not UTF-8): the id.
    pub rel: String,
}

/// One thing the walk found.
#[derive(Debug)]
pub enum Entry {
    /// A document to ingest.
    File(SourceFile),
    /// Something that could not be walked, or a file name that had to be mangled.
    Problem(Problem),
}

/// Walks `root` and yields documents and problems, in file-name order. `exclude` holds
/// gitignore-style globs (relative to `root`) of paths to leave out.
pub fn walk(root: &Path, exclude: &[String]) -> Result<impl Iterator<Item = Entry> + use<>> {
    let mut overrides = OverrideBuilder::new(root);
    for glob in exclude {
        overrides.add(&format!("!{glob}")).map_err(|err| Error::Config {
            path: PathBuf::from(glob),
            message: format!("invalid --exclude pattern: {err}"),
        })?;
    }
    let overrides = overrides.build().map_err(|err| Error::Config {
        path: root.to_path_buf(),
        message: format!("invalid --exclude patterns: {err}"),
    })?;
    let root_owned = root.to_path_buf();
    Ok(ignore::WalkBuilder::new(root)
        .overrides(overrides)
        .follow_links(true)
        .hidden(true)
        .git_ignore(false)
        .git_global(false)
        .git_exclude(false)
        .parents(false)
        .add_custom_ignore_filename(".seisakuignore")
        .sort_by_file_name(|a, b| a.cmp(b))
        .build()
        .flat_map(move |entry| classify(&root_owned, entry)))
}

fn classify(root: &Path, entry: Result<ignore::DirEntry, ignore::Error>) -> Vec<Entry> {
    let entry = match entry {
        Ok(entry) => entry,
        Err(err) => return vec![Entry::Problem(walk_problem(root, &err))],
    };
    let path = entry.path();
    let is_file = entry.file_type().is_some_and(|t| t.is_file());
    let is_document = Format::of(path).is_some();
    if !is_file || !is_document {
        return Vec::new();
    }
    let relative = path.strip_prefix(root).unwrap_or(path);
    let rel = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
    let mut out = Vec::new();
    if relative.to_str().is_none() {
        out.push(Entry::Problem(Problem::warning(
            &rel,
            "file name is not valid UTF-8; indexed under a name with U+FFFD in place of the bad bytes",
        )));
    }
    out.push(Entry::File(SourceFile { path: path.to_path_buf(), rel }));
    out
}

fn walk_problem(root: &Path, err: &ignore::Error) -> Problem {
    let (path, mut reason) = describe(err);
    let dangling = path.as_deref().is_some_and(|p| {
        std::fs::symlink_metadata(p).is_ok_and(|m| m.is_symlink()) && std::fs::metadata(p).is_err()
    });
    if dangling {
        reason = "broken symbolic link (its target does not exist)".to_owned();
    }
    let rel = path
        .as_deref()
        .map(|p| p.strip_prefix(root).unwrap_or(p).to_string_lossy().into_owned())
        .unwrap_or_default();
    Problem::skipped(&rel, &reason)
}

/// The path and a one-line reason of a walk error.
fn describe(err: &ignore::Error) -> (Option<PathBuf>, String) {
    match err {
        ignore::Error::WithPath { path, err } => (Some(path.clone()), describe(err).1),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => describe(err),
        ignore::Error::Loop { child, .. } => (Some(child.clone()), "symbolic link loop".to_owned()),
        ignore::Error::Io(io) => (io_path(io), io_reason(io)),
        other => (None, other.to_string()),
    }
}

/// The path an I/O error from the walker is about (walkdir wraps it into the error).
fn io_path(io: &std::io::Error) -> Option<PathBuf> {
    io.get_ref()
        .and_then(|inner| inner.downcast_ref::<walkdir::Error>())
        .and_then(|w| w.path().map(Path::to_path_buf))
}

/// A short reason for an I/O error, without the path (the report names the file).
fn io_reason(io: &std::io::Error) -> String {
    match io.kind() {
        std::io::ErrorKind::NotFound => "not found".to_owned(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => io.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_documents_in_order_and_honours_ignore_files() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        for name in ["b.txt", "a.md", "sub/c.TXT", "notes.pdf", "skip.txt", "catalog.toml", "x.docx"] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        std::fs::write(root.join(".seisakuignore"), "skip.txt\n").unwrap();
        let rels: Vec<String> = walk(root, &["sub/".to_string()])
            .unwrap()
            .filter_map(|e| match e {
                Entry::File(f) => Some(f.rel),
                Entry::Problem(_) => None,
            })
            .collect();
        assert_eq!(rels, ["a.md", "b.txt", "notes.pdf"]);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("d")).unwrap();
        std::os::unix::fs::symlink("..", dir.path().join("d/up")).unwrap();
        std::fs::write(dir.path().join("d/a.txt"), "x").unwrap();
        let entries: Vec<Entry> = walk(dir.path(), &[]).unwrap().collect();
        assert!(entries.iter().any(|e| matches!(e, Entry::Problem(p) if p.reason.contains("loop"))));
        assert_eq!(entries.iter().filter(|e| matches!(e, Entry::File(_))).count(), 1);
    }
}
