//! The `seisaku` binary: a thin front end over the `seisaku` library (see `src/cli/`).

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
