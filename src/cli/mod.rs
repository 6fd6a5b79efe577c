//! The `seisaku` command line: argument parsing, dispatch, and the exit-code contract.
//!
//! Exit codes: 0 on success (also when nothing matched), 2 for a usage or query error (a one-line
//! message on stderr), 1 for anything else. A closed pipe (`seisaku search … | head`) exits 0
//! quietly. Commands that read the index build it from the corpus first if there is none.

mod analyst;
mod args;
mod discovery;
mod indexing;
mod output;
mod results;
mod serve;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use clap::Parser;
use seisaku::index::IndexLocation;
use seisaku::search::Engine;

use self::args::{Cli, Command};

/// Parses the command line, runs the command and maps the outcome to an exit code.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(code) => code,
        Err(err) => report(&err),
    }
}

fn run(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Index(args) => indexing::index(cli, args),
        Command::Search(args) => results::search(&open(cli)?, args),
        Command::Show(args) => results::show(&open(cli)?, &cli.corpus, args),
        Command::Facets(args) => results::facets(&open(cli)?, args),
        Command::Trend(args) => analyst::trend(&open(cli)?, args),
        Command::Kwic(args) => analyst::kwic(&open(cli)?, args),
        Command::Terms(args) => discovery::terms(&open(cli)?, args),
        Command::Cooccur(args) => discovery::cooccur(&open(cli)?, args),
        Command::Related(args) => discovery::related(&open(cli)?, args),
        Command::Serve(args) => serve::serve(open(cli)?, &cli.corpus, args),
    }
}

/// Opens the index, building it from the corpus first if there is none.
fn open(cli: &Cli) -> Result<Engine> {
    let location = IndexLocation::new(&cli.index);
    if !location.exists() {
        eprintln!(
            "seisaku: no index at {}; building it from {} first",
            cli.index.display(),
            cli.corpus.display()
        );
        indexing::build(cli, &args::IndexArgs::default())?;
    }
    Ok(Engine::open(&location)?)
}

/// Prints the error chain on one line and chooses the exit code.
fn report(err: &anyhow::Error) -> ExitCode {
    let broken_pipe = err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    let user_error =
        err.chain().any(|cause| cause.downcast_ref::<seisaku::Error>().is_some_and(|e| e.is_user_error()))
            || err.chain().any(|cause| cause.is::<seisaku::QueryError>());
    let message: Vec<String> = err.chain().map(ToString::to_string).collect();
    let _ = writeln!(std::io::stderr(), "seisaku: {}", message.join(": ").replace('\n', " "));
    if user_error { ExitCode::from(2) } else { ExitCode::from(1) }
}
