//! `seisaku search`, `show` and `facets`: rendering responses for people and programs.

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use std::ops::ControlFlow;

use anyhow::{Result, bail};
use seisaku::ingest::Ingestor;
use seisaku::ingest::catalog::Catalog;
use seisaku::ingest::walk::SourceFile;
use seisaku::model::{Facets, FacetsResponse, Hit, Markup, PassageHit, SearchRequest, SearchResponse, Sort};
use seisaku::search::Engine;

use super::args::{FacetsArgs, ObjectFormat, SearchArgs, SearchFormat, ShowArgs, SortArg};
use super::output::{RecordCsv, Style, join};

/// How snippets are shown in each output format.
fn markup(format: SearchFormat, style: Style) -> Markup {
    match format {
        SearchFormat::Text => {
            let (pre, post) = style.highlight();
            Markup::plain(pre, post)
        }
        SearchFormat::Csv => Markup::plain("", ""),
        SearchFormat::Json | SearchFormat::Jsonl => Markup::default(),
    }
}

/// Builds the request a `search` command line asks for.
fn request(args: &SearchArgs) -> SearchRequest {
    SearchRequest {
        q: args.query.clone(),
        ministry: args.filters.ministry.clone(),
        fy: args.filters.fy.clone(),
        theme: args.filters.theme.clone(),
        limit: args.limit,
        offset: args.offset,
        sort: match args.sort {
            SortArg::Relevance => Sort::Relevance,
            SortArg::Date => Sort::Date,
        },
        exact: args.exact,
        collapse_reposts: args.collapse_reposts,
        ..SearchRequest::default()
    }
}

/// Runs `seisaku search`.
pub fn search(engine: &Engine, args: &SearchArgs) -> Result<ExitCode> {
    let style = Style::stdout();
    let request = request(args);
    let markup = markup(args.format, style);
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.all {
        match args.format {
            SearchFormat::Csv => {
                let mut csv = RecordCsv::new::<PassageHit>(&mut out)?;
                engine.export(&request, &mut |mut hit| {
                    hit.snippet.markup = markup.clone();
                    csv.write(&hit).map_err(|err| io(std::io::Error::other(err)))?;
                    Ok(ControlFlow::Continue(()))
                })?;
                csv.flush()?;
            }
            SearchFormat::Jsonl => {
                engine.export(&request, &mut |hit| {
                    serde_json::to_writer(&mut out, &hit).map_err(std::io::Error::from).map_err(io)?;
                    out.write_all(b"\n").map_err(io)?;
                    Ok(ControlFlow::Continue(()))
                })?;
            }
            SearchFormat::Text | SearchFormat::Json => {
                bail!(seisaku::QueryError::InvalidParameter {
                    name: "--all".into(),
                    reason: "exports need --format csv or --format jsonl".into()
                })
            }
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut response = engine.search(&request)?;
    response.mark(&markup);
    match args.format {
        SearchFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &response)?;
            writeln!(out)?;
        }
        SearchFormat::Jsonl => {
            for hit in &response.hits {
                serde_json::to_writer(&mut out, hit)?;
                writeln!(out)?;
            }
        }
        SearchFormat::Csv => {
            let mut csv = RecordCsv::new::<Hit>(&mut out)?;
            for hit in &response.hits {
                csv.write(hit)?;
            }
            csv.flush()?;
        }
        SearchFormat::Text => print_text(&mut out, &response, style)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn io(err: std::io::Error) -> seisaku::Error {
    seisaku::Error::io("<stdout>", err)
}

fn print_text(out: &mut impl Write, response: &SearchResponse, style: Style) -> Result<()> {
    for (i, Hit { best: hit, more_in_document }) in response.hits.iter().enumerate() {
        writeln!(
            out,
            "{}. {}  {}  {}",
            response.offset + i + 1,
            style.bold(&hit.path),
            hit.at.title,
            style.dim(&format!("score {:.2}", hit.score))
        )?;
        let mut about: Vec<String> = Vec::new();
        about.extend(hit.at.heading.clone());
        if !hit.ministries.is_empty() {
            about.push(hit.ministries.join("・"));
        }
        if !hit.at.fiscal_years.is_empty() {
            about.push(format!("FY{}", join(&hit.at.fiscal_years).replace(';', ",")));
        }
        about.extend(hit.at.page.clone());
        if !about.is_empty() {
            writeln!(out, "   {}", style.dim(&about.join(" | ")))?;
        }
        writeln!(out, "   {}", hit.snippet.render())?;
        if *more_in_document > 0 {
            writeln!(
                out,
                "   {}",
                style.dim(&format!("(+{more_in_document} more passages in this document)"))
            )?;
        }
        writeln!(out)?;
    }
    let expanded: Vec<String> =
        response.expanded.iter().map(|(term, forms)| format!("{term} → {}", forms.join(", "))).collect();
    if !expanded.is_empty() {
        writeln!(out, "expanded: {}", expanded.join("; "))?;
    }
    writeln!(
        out,
        "{} documents ({} passages) in {:.1} ms{}",
        response.total,
        response.total_passages,
        response.took_ms,
        response.next_offset.map(|n| format!("; next page: --offset {n}")).unwrap_or_default()
    )?;
    print_facets(out, &response.facets)
}

fn print_facets(out: &mut impl Write, facets: &Facets) -> Result<()> {
    let line = |counts: &BTreeMap<String, u64>, numeric: bool| {
        let mut entries: Vec<(&String, &u64)> = counts.iter().collect();
        if !numeric {
            entries.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        }
        entries.iter().map(|(k, v)| format!("{k} {v}")).collect::<Vec<_>>().join(", ")
    };
    for (name, counts, numeric) in [
        ("ministry", &facets.ministry, false),
        ("fiscal_year", &facets.fiscal_year, true),
        ("theme", &facets.theme, false),
    ] {
        if !counts.is_empty() {
            writeln!(out, "{name}: {}", line(counts, numeric))?;
        }
    }
    Ok(())
}

/// Runs `seisaku show`; with `--raw`, prints the text as read from the document's file under
/// `corpus`.
pub fn show(engine: &Engine, corpus: &Path, args: &ShowArgs) -> Result<ExitCode> {
    let document = engine.document(&args.id)?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    if args.raw {
        let file = SourceFile { path: corpus.join(&document.path), rel: document.path.clone() };
        let source = Ingestor::new(Catalog::default())?
            .read_source(&file)
            .map_err(|problem| anyhow::anyhow!("cannot read {}: {}", file.path.display(), problem.reason))?;
        for line in &source.lines {
            writeln!(out, "{}", line.text)?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    match args.format {
        ObjectFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &document)?;
            writeln!(out)?;
        }
        ObjectFormat::Text => {
            let style = Style::stdout();
            let m = &document.meta;
            writeln!(out, "{}", style.bold(&m.title))?;
            let fields: [(&str, Option<String>); 9] = [
                ("id", Some(document.id.clone())),
                ("publisher", m.publisher.clone()),
                ("date", m.date.map(|d| d.to_string())),
                ("fiscal year", m.fiscal_year.map(|y| y.to_string())),
                ("series", m.series.clone()),
                ("source url", m.source_url.clone()),
                ("source", m.source.clone()),
                ("pages", (!m.pages.is_empty()).then(|| m.pages.join(", "))),
                ("encoding", Some(m.encoding.clone())),
            ];
            for (name, value) in fields {
                if let Some(value) = value {
                    writeln!(out, "  {name}: {value}")?;
                }
            }
            for (name, value) in &m.details {
                writeln!(out, "  {name}: {value}")?;
            }
            writeln!(out, "  passages: {}", document.passages.len())?;
            for p in &document.passages {
                writeln!(out)?;
                let heading = p.heading.clone().unwrap_or_else(|| "(no heading)".into());
                writeln!(out, "[{}] {}", p.no, style.bold(&heading))?;
                let mut about = vec![format!("ministries: {}", p.ministries.join("・"))];
                if !p.mentions.is_empty() {
                    about.push(format!("mentions: {}", p.mentions.join("・")));
                }
                about.push(format!("FY: {}", join(&p.fiscal_years).replace(';', ",")));
                if !p.themes.is_empty() {
                    about.push(format!("themes: {}", p.themes.join(", ")));
                }
                about.extend(p.page.clone().map(|page| format!("page: {page}")));
                if p.reposted {
                    about.push("再掲".into());
                }
                writeln!(out, "    {}", style.dim(&about.join(" | ")))?;
                let preview: String =
                    p.text.chars().take(200).map(|c| if c == '\n' { ' ' } else { c }).collect();
                let more = if p.text.chars().count() > 200 { "…" } else { "" };
                writeln!(out, "    {preview}{more}")?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Runs `seisaku facets`.
pub fn facets(engine: &Engine, args: &FacetsArgs) -> Result<ExitCode> {
    let response: FacetsResponse = engine.facets()?;
    let mut out = BufWriter::new(std::io::stdout().lock());
    match args.format {
        ObjectFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &response)?;
            writeln!(out)?;
        }
        ObjectFormat::Text => {
            writeln!(out, "{} documents, {} passages", response.documents, response.passages)?;
            print_facets(&mut out, &response.facets)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
