//! Output helpers shared by the commands: terminal styling and CSV for Excel.

use std::io::{IsTerminal, Write};

/// ANSI styling, on only when stdout is a terminal and `NO_COLOR` is unset.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    enabled: bool,
}

impl Style {
    /// Styling for stdout.
    pub fn stdout() -> Self {
        Self { enabled: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() }
    }

    /// Opening and closing codes for highlighted matches (empty when off).
    pub fn highlight(&self) -> (&'static str, &'static str) {
        if self.enabled { ("\x1b[1;31m", "\x1b[0m") } else { ("", "") }
    }

    /// `text` in bold.
    pub fn bold(&self, text: &str) -> String {
        if self.enabled { format!("\x1b[1m{text}\x1b[0m") } else { text.to_owned() }
    }

    /// `text` dimmed.
    pub fn dim(&self, text: &str) -> String {
        if self.enabled { format!("\x1b[2m{text}\x1b[0m") } else { text.to_owned() }
    }
}

/// A CSV writer over `out` that starts with a UTF-8 byte-order mark, so Excel reads Japanese
/// text as UTF-8.
pub fn csv_writer<W: Write>(mut out: W) -> std::io::Result<csv::Writer<W>> {
    out.write_all("\u{feff}".as_bytes())?;
    Ok(csv::Writer::from_writer(out))
}

/// Joins list fields for a CSV cell.
pub fn join<T: ToString>(values: &[T]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join(";")
}
