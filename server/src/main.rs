//! The `shotbridge` binary: parses the command line, sets up logging, runs one subcommand.

use std::process::ExitCode;

use clap::Parser;
use shotbridge::cli::{self, Cli};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    cli::telemetry::init();
    cli::run(cli).await
}
