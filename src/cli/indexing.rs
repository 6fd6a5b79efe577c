//! `seisaku index`: progress bar, summary and problem report.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use seisaku::index::IndexLocation;
use seisaku::index::writer::{IndexOptions, IndexSummary, Indexer, Progress};

use super::args::{Cli, IndexArgs, ObjectFormat};

/// Draws a byte-based progress bar on stderr when it is a terminal (indicatif hides it otherwise).
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, files: u64, bytes: u64) {
        self.0.set_length(bytes);
        self.0.set_message(format!("{files} files"));
    }

    fn advance(&self, bytes: u64) {
        self.0.inc(bytes);
    }

    fn finish(&self) {
        self.0.set_message("committing");
    }
}

/// Runs `seisaku index`.
pub fn index(cli: &Cli, args: &IndexArgs) -> Result<ExitCode> {
    let summary = build(cli, args)?;
    match args.format {
        ObjectFormat::Text => print_summary(cli, &summary)?,
        ObjectFormat::Json => {
            let mut out = std::io::stdout().lock();
            serde_json::to_writer_pretty(&mut out, &summary)?;
            writeln!(out)?;
        }
    }
    Ok(if args.strict && summary.skipped > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Indexes the corpus into the index; shared with commands that need an index first.
pub fn build(cli: &Cli, args: &IndexArgs) -> Result<IndexSummary> {
    let location = IndexLocation::new(&cli.index);
    let mut options = IndexOptions::new(&cli.corpus);
    options.full = args.full;
    options.exclude = args.exclude.clone();
    if let Some(mb) = args.commit_mb {
        options.commit_bytes = mb * 1024 * 1024;
    }
    if let Some(mb) = args.memory_mb {
        options.memory_budget = usize::try_from(mb * 1024 * 1024).unwrap_or(usize::MAX);
    }
    options.catalog = cli.catalog.clone();
    options.ocr = !args.no_ocr;
    let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:40}] {bytes}/{total_bytes} {bytes_per_sec} {msg}")
            .expect("valid template")
            .progress_chars("=> "),
    );
    let mut report = match &args.report {
        Some(path) => Some(BufWriter::new(
            File::create(path).with_context(|| format!("cannot create report {}", path.display()))?,
        )),
        None => None,
    };
    let mut report_error: Option<std::io::Error> = None;
    let mut on_problem = |problem: &seisaku::ingest::Problem| {
        bar.suspend(|| {
            let verb = if problem.skipped { "skipped" } else { "warning" };
            eprintln!("seisaku: {verb} {}: {}", problem.path, problem.reason);
        });
        if let Some(out) = report.as_mut() {
            let line = serde_json::to_string(problem).unwrap_or_default();
            if let Err(err) = writeln!(out, "{line}") {
                report_error.get_or_insert(err);
            }
        }
    };
    let summary = Indexer::new(&location, &options).run(&Bar(bar.clone()), &mut on_problem)?;
    // The new segments' facts, written now for the searches to come (each would scan them).
    seisaku::search::Engine::open(&location)?.read_facts()?;
    bar.finish_and_clear();
    if let Some(mut out) = report {
        out.flush()?;
    }
    if let Some(err) = report_error {
        return Err(err).context("cannot write the report");
    }
    Ok(summary)
}

fn print_summary(cli: &Cli, s: &IndexSummary) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "indexed {} into {}: {} documents, {} passages{}",
        cli.corpus.display(),
        cli.index.display(),
        s.documents,
        s.passages,
        if s.rebuilt { " (rebuilt)" } else { "" }
    )?;
    writeln!(
        out,
        "  added {}, updated {}, removed {}, unchanged {}, skipped {}",
        s.added, s.updated, s.removed, s.unchanged, s.skipped
    )?;
    writeln!(out, "  {:.2} MB in {:.2} s ({:.2} MB/s)", s.bytes as f64 / 1e6, s.seconds, s.mb_per_s())?;
    let warnings = s.problems.iter().filter(|p| !p.skipped).count();
    if s.skipped > 0 || warnings > 0 {
        writeln!(out, "  problems: {} skipped, {} warnings (listed above)", s.skipped, warnings)?;
    }
    if s.morph_failures > 0 {
        writeln!(
            out,
            "  {} texts could not be segmented morphologically (indexed for recall only)",
            s.morph_failures
        )?;
    }
    Ok(())
}
