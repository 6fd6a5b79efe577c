//! Output helpers shared by the commands: terminal styling and CSV for Excel.

use std::io::{IsTerminal, Write};

use serde::Serialize;
use serde_json::Value;

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

/// CSV of serialisable records: one column per field, named and ordered as serde serialises
/// the type (so the columns are the JSON's and are never listed by hand); lists are joined
/// with `;`, absent values are empty cells.
pub struct RecordCsv<W: Write> {
    csv: csv::Writer<W>,
}

impl<W: Write> RecordCsv<W> {
    /// A writer whose header is the fields of `T` (read off `T::default()`), after a BOM.
    pub fn new<T: Serialize + Default>(out: W) -> anyhow::Result<Self> {
        let mut csv = csv_writer(out)?;
        csv.write_record(cells(&T::default())?.into_iter().map(|(name, _)| name))?;
        Ok(Self { csv })
    }

    /// Writes one record.
    pub fn write<T: Serialize>(&mut self, record: &T) -> anyhow::Result<()> {
        self.csv.write_record(cells(record)?.into_iter().map(|(_, cell)| cell))?;
        Ok(())
    }

    /// Flushes the output.
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.csv.flush()
    }
}

/// A record's fields as (name, cell) pairs in serialisation order.
fn cells<T: Serialize>(record: &T) -> anyhow::Result<Vec<(String, String)>> {
    let Value::Object(fields) = serde_json::to_value(record)? else {
        anyhow::bail!("a CSV record must serialise as an object");
    };
    Ok(fields.into_iter().map(|(name, value)| (name, cell(value))).collect())
}

fn cell(value: Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => text,
        Value::Array(items) => items.into_iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

/// Joins list fields for display.
pub fn join<T: ToString>(values: &[T]) -> String {
    values.iter().map(ToString::to_string).collect::<Vec<_>>().join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Default)]
    struct Row {
        id: String,
        years: Vec<i32>,
        page: Option<String>,
        score: f32,
    }

    #[test]
    fn columns_follow_the_fields() {
        let mut out = Vec::new();
        let mut csv = RecordCsv::new::<Row>(&mut out).unwrap();
        csv.write(&Row { id: "a".into(), years: vec![2023, 2024], page: None, score: 1.5 }).unwrap();
        csv.flush().unwrap();
        drop(csv);
        assert_eq!(String::from_utf8(out).unwrap(), "\u{feff}id,years,page,score\na,2023;2024,,1.5\n");
    }
}
