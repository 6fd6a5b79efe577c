//! `seisaku trend` and `seisaku kwic`.

use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::process::ExitCode;

use anyhow::Result;
use seisaku::model::{KwicLine, KwicRequest, TrendBy, TrendRequest, TrendResponse};
use seisaku::search::Engine;

use super::args::{KwicArgs, KwicFormat, TableFormat, TrendArgs, TrendByArg};
use super::output::{RecordCsv, csv_writer};

/// Width of the longest bar in `trend` text output, in characters.
const BAR_WIDTH: usize = 40;
/// Eighths of a block, for bars with sub-character resolution.
const BLOCKS: [char; 8] = ['▏', '▎', '▍', '▌', '▋', '▊', '▉', '█'];

/// Runs `seisaku trend`.
pub fn trend(engine: &Engine, args: &TrendArgs) -> Result<ExitCode> {
    let request = TrendRequest {
        q: args.query.clone(),
        by: match args.by {
            TrendByArg::Fy => TrendBy::Fy,
            TrendByArg::Ministry => TrendBy::Ministry,
            TrendByArg::Theme => TrendBy::Theme,
        },
        fy: args.fy.clone(),
        exact: args.exact,
    };
    let response = engine.trend(&request)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &response)?;
            writeln!(out)?;
        }
        TableFormat::Csv => {
            let mut csv = csv_writer(&mut out)?;
            csv.write_record(["bucket", "matching", "total", "per_1000"])?;
            for b in &response.buckets {
                csv.write_record([
                    b.key.clone(),
                    b.matching.to_string(),
                    b.total.to_string(),
                    format!("{:.4}", b.per_mille),
                ])?;
            }
            csv.flush()?;
        }
        TableFormat::Text => print_trend(&mut out, &response)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A bar of `value / max` of [`BAR_WIDTH`] characters, in eighths.
fn bar(value: f64, max: f64) -> String {
    if max <= 0.0 || value <= 0.0 {
        return String::new();
    }
    let eighths = ((value / max) * (BAR_WIDTH * 8) as f64).round().max(1.0) as usize;
    let mut out = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        out.push(BLOCKS[eighths % 8 - 1]);
    }
    out
}

fn print_trend(out: &mut impl Write, response: &TrendResponse) -> Result<()> {
    let key_width = response.buckets.iter().map(|b| display_width(&b.key)).max().unwrap_or(0).max(6);
    let max = response.buckets.iter().map(|b| b.per_mille).fold(0.0, f64::max);
    writeln!(out, "{:<key_width$}  {:>8}  {:>8}  {:>8}", "bucket", "matching", "total", "‰")?;
    for b in &response.buckets {
        let pad = key_width - display_width(&b.key) + b.key.chars().count();
        writeln!(
            out,
            "{:<pad$}  {:>8}  {:>8}  {:>8.2}  {}",
            b.key,
            b.matching,
            b.total,
            b.per_mille,
            bar(b.per_mille, max)
        )?;
    }
    if !response.expanded.is_empty() {
        let expanded: Vec<String> =
            response.expanded.iter().map(|(t, forms)| format!("{t} → {}", forms.join(", "))).collect();
        writeln!(out, "expanded: {}", expanded.join("; "))?;
    }
    Ok(())
}

/// Terminal columns of `text` (East Asian wide characters take two).
fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// A title cut to [`KWIC_TITLE_CHARS`] characters, so concordance lines stay readable.
fn short_title(title: &str) -> String {
    match title.char_indices().nth(KWIC_TITLE_CHARS) {
        Some((cut, _)) => format!("{}…", &title[..cut]),
        None => title.to_owned(),
    }
}

/// Longest title shown on a concordance line (the CSV and JSONL forms carry it whole).
const KWIC_TITLE_CHARS: usize = 24;

/// Runs `seisaku kwic`.
pub fn kwic(engine: &Engine, args: &KwicArgs) -> Result<ExitCode> {
    let request =
        KwicRequest { q: args.query.clone(), width: args.width, limit: args.limit, exact: args.exact };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let io = |err: std::io::Error| seisaku::Error::io("<stdout>", err);
    match args.format {
        KwicFormat::Text => {
            let width = args.width;
            engine.kwic(&request, &mut |line: KwicLine| {
                let pad = (width * 2).saturating_sub(display_width(&line.left));
                writeln!(
                    out,
                    "{}{} 【{}】 {}  ({}{}{})",
                    " ".repeat(pad),
                    line.left,
                    line.keyword,
                    line.right,
                    short_title(&line.at.title),
                    line.at.fiscal_years.first().map(|y| format!(", FY{y}")).unwrap_or_default(),
                    line.at
                        .page
                        .as_deref()
                        .or(line.at.heading.as_deref())
                        .map(|p| format!(", {p}"))
                        .unwrap_or_default()
                )
                .map_err(io)?;
                Ok(ControlFlow::Continue(()))
            })?;
        }
        KwicFormat::Csv => {
            let mut csv = RecordCsv::new::<KwicLine>(&mut out)?;
            engine.kwic(&request, &mut |line: KwicLine| {
                csv.write(&line).map_err(|err| io(std::io::Error::other(err)))?;
                Ok(ControlFlow::Continue(()))
            })?;
            csv.flush()?;
        }
        KwicFormat::Jsonl => {
            engine.kwic(&request, &mut |line: KwicLine| {
                serde_json::to_writer(&mut out, &line).map_err(|err| io(err.into()))?;
                out.write_all(b"\n").map_err(io)?;
                Ok(ControlFlow::Continue(()))
            })?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_scale_to_the_maximum() {
        assert_eq!(bar(0.0, 10.0), "");
        assert_eq!(bar(10.0, 10.0).chars().count(), BAR_WIDTH);
        assert_eq!(bar(5.0, 10.0), "█".repeat(BAR_WIDTH / 2));
        assert_eq!(bar(0.001, 10.0), "▏");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("2023"), 4);
        assert_eq!(display_width("総務省"), 6);
    }
}
