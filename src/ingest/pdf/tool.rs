//! Running poppler and Tesseract as isolated subprocesses: each run has a time limit and a
//! memory bound (the address-space limit of the child, set by `process_control`), and its output
//! is captured whole. A tool that misbehaves on a hostile file is killed and its failure becomes
//! a [`PdfError`]; it can never take the indexing run down with it.
//!
//! ```no_run
//! use seisaku::ingest::pdf::tool::{Tool, run};
//! let out = run(Tool::PdfToText, &["-v"]).unwrap();
//! ```

use std::ffi::OsStr;
use std::io::ErrorKind;
use std::process::{Command, Stdio};
use std::time::Duration;

use process_control::{ChildExt, Control};

use super::PdfError;

/// An external program the PDF reader uses, with its limits and the Debian package that has it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// poppler's `pdftotext` (text with boxes, `-bbox-layout`).
    PdfToText,
    /// poppler's `pdftoppm` (a page as an image, for OCR).
    PdfToPpm,
    /// `tesseract` (OCR).
    Tesseract,
}

impl Tool {
    /// The program's name.
    pub fn program(self) -> &'static str {
        match self {
            Tool::PdfToText => "pdftotext",
            Tool::PdfToPpm => "pdftoppm",
            Tool::Tesseract => "tesseract",
        }
    }

    /// The Debian packages that install the program and what it needs.
    pub fn packages(self) -> &'static str {
        match self {
            Tool::PdfToText | Tool::PdfToPpm => "poppler-utils poppler-data",
            Tool::Tesseract => "tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert",
        }
    }

    /// Longest one run may take: a whole document for `pdftotext`, one page for the others.
    pub fn time_limit(self) -> Duration {
        match self {
            Tool::PdfToText => Duration::from_secs(120),
            Tool::PdfToPpm | Tool::Tesseract => Duration::from_secs(180),
        }
    }

    /// Address space one run may use (Tesseract maps its LSTM models and per-thread stacks).
    pub fn memory_limit(self) -> usize {
        match self {
            Tool::PdfToText | Tool::PdfToPpm => 1 << 30,
            Tool::Tesseract => 3 << 30,
        }
    }

    /// True when the program can be started (it answers `-v`).
    pub fn available(self) -> bool {
        run(self, &["-v"]).is_ok()
    }
}

/// Runs `tool` with `args` under its limits and returns its standard output; a non-zero exit
/// becomes [`PdfError::Failed`] with the last line of its standard error.
pub fn run<S: AsRef<OsStr>>(tool: Tool, args: &[S]) -> Result<Vec<u8>, PdfError> {
    run_within(tool, args, tool.time_limit())
}

/// [`run`] with another time limit than the tool's own.
pub fn run_within<S: AsRef<OsStr>>(
    tool: Tool,
    args: &[S],
    time_limit: Duration,
) -> Result<Vec<u8>, PdfError> {
    let mut command = Command::new(tool.program());
    command.args(args).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    // Tesseract's OpenMP threads only contend with the indexer's own.
    command.env("OMP_THREAD_LIMIT", "1");
    let child = command.spawn().map_err(|err| match err.kind() {
        ErrorKind::NotFound => PdfError::MissingTool { program: tool.program(), packages: tool.packages() },
        _ => PdfError::Failed { program: tool.program(), message: err.to_string() },
    })?;
    let output = child
        .controlled_with_output()
        .time_limit(time_limit)
        .memory_limit(tool.memory_limit())
        .terminate_for_timeout()
        .wait()
        .map_err(|err| PdfError::Failed { program: tool.program(), message: err.to_string() })?
        .ok_or(PdfError::Timeout { program: tool.program(), seconds: time_limit.as_secs() })?;
    if output.status.success() {
        return Ok(output.stdout);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let message = stderr
        .lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map_or_else(|| format!("exit status {}", output.status), str::to_owned);
    if stderr.contains("Incorrect password") {
        return Err(PdfError::Encrypted);
    }
    Err(PdfError::Failed { program: tool.program(), message })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_program_names_its_package() {
        let err = PdfError::MissingTool { program: "pdftotext", packages: Tool::PdfToText.packages() };
        assert!(err.to_string().contains("apt-get install poppler-utils poppler-data"), "{err}");
    }
}
