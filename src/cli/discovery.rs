//! `seisaku terms`, `cooccur` and `related`: discovery responses for people and programs.

use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::Result;
use seisaku::model::{
    CooccurRequest, KeyTerm, Markup, RelatedRequest, RelatedResponse, Sample, TermsRequest, TermsResponse,
};
use seisaku::search::Engine;

use super::args::{CooccurArgs, ObjectFormat, RelatedArgs, TableFormat, TermsArgs};
use super::output::{RecordCsv, Style};

/// Runs `seisaku terms`.
pub fn terms(engine: &Engine, args: &TermsArgs) -> Result<ExitCode> {
    let request = TermsRequest {
        q: args.query.clone(),
        ministry: args.filters.ministry.clone(),
        theme: args.filters.theme.clone(),
        fy: args.filters.fy.clone(),
        vs: args.vs.clone(),
        limit: args.list.limit,
        exact: args.list.exact,
    };
    print_terms(&engine.terms(&request)?, args.list.format)
}

/// Runs `seisaku cooccur`.
pub fn cooccur(engine: &Engine, args: &CooccurArgs) -> Result<ExitCode> {
    let request = CooccurRequest {
        q: args.query.clone(),
        ministry: args.filters.ministry.clone(),
        theme: args.filters.theme.clone(),
        fy: args.filters.fy.clone(),
        limit: args.list.limit,
        exact: args.list.exact,
    };
    print_terms(&engine.cooccur(&request)?, args.list.format)
}

fn print_terms(response: &TermsResponse, format: TableFormat) -> Result<ExitCode> {
    let mut out = BufWriter::new(std::io::stdout().lock());
    match format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, response)?;
            writeln!(out)?;
        }
        TableFormat::Csv => {
            let mut csv = RecordCsv::new::<KeyTerm>(&mut out)?;
            for term in &response.terms {
                csv.write(term)?;
            }
            csv.flush()?;
        }
        TableFormat::Text => {
            let width = response.terms.iter().map(|t| display_width(&t.term)).max().unwrap_or(0).max(4);
            writeln!(out, "foreground: {}", describe(&response.foreground))?;
            writeln!(out, "background: {}", describe(&response.background))?;
            writeln!(
                out,
                "{}  {:>10}  {:>16}  {:>16}",
                pad("term", width),
                "G²",
                "fg (passages)",
                "bg (passages)"
            )?;
            for t in &response.terms {
                writeln!(
                    out,
                    "{}  {:>10.2}  {:>16}  {:>16}",
                    pad(&t.term, width),
                    t.score,
                    format!("{} ({})", t.fg_count, t.fg_passages),
                    format!("{} ({})", t.bg_count, t.bg_passages)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// One line saying which passages a sample holds.
fn describe(sample: &Sample) -> String {
    let mut parts = Vec::new();
    if sample.rest {
        parts.push("every other passage".to_owned());
    }
    if !sample.q.is_empty() {
        parts.push(format!("matching {:?}", sample.q));
    }
    if let Some(fy) = &sample.fy {
        parts.push(format!("FY {fy}"));
    }
    format!("{}: {} passages, {} term occurrences", parts.join(", "), sample.passages, sample.occurrences)
}

/// `text` padded with spaces to `width` terminal columns.
fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(display_width(text))))
}

/// Terminal columns of `text` (East Asian wide characters take two).
fn display_width(text: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(text)
}

/// Runs `seisaku related`.
pub fn related(engine: &Engine, args: &RelatedArgs) -> Result<ExitCode> {
    let request =
        RelatedRequest { passage: args.passage.clone(), other_years: args.other_years, limit: args.limit };
    let mut response = engine.related(&request)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ObjectFormat::Json => {
            for hit in response.years.iter_mut().flat_map(|y| y.passages.iter_mut()) {
                hit.snippet.markup = Markup::default();
            }
            serde_json::to_writer_pretty(&mut out, &response)?;
            writeln!(out)?;
        }
        ObjectFormat::Text => print_related(&mut out, &mut response, Style::stdout())?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn print_related(out: &mut impl Write, response: &mut RelatedResponse, style: Style) -> Result<()> {
    let at = &response.passage;
    writeln!(
        out,
        "like {}#{} ({}{})",
        at.id,
        at.passage,
        at.title,
        at.heading.as_deref().map(|h| format!(", {h}")).unwrap_or_default()
    )?;
    let (pre, post) = style.highlight();
    for year in &mut response.years {
        let label = year.fiscal_year.map_or_else(|| "no fiscal year".to_owned(), |y| format!("FY{y}"));
        writeln!(out, "\n{}", style.bold(&label))?;
        for hit in &mut year.passages {
            hit.snippet.markup = Markup::plain(pre, post);
            writeln!(
                out,
                "  {}#{}  {}{}  {}",
                hit.at.id,
                hit.at.passage,
                hit.at.title,
                hit.at.page.as_deref().map(|p| format!(", {p}")).unwrap_or_default(),
                style.dim(&format!("{:.2}", hit.score))
            )?;
            writeln!(out, "    {}", hit.snippet.render().replace('\n', " "))?;
        }
    }
    Ok(())
}
