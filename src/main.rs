//! The `seisaku` binary: a thin front end over the `seisaku` library (see `src/cli/`).

mod cli;

/// mimalloc: tantivy's indexing and a query's match buffers allocate and free large blocks;
/// glibc's allocator returns them to the kernel and faults them in again.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
