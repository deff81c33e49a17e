//! The command line (DESIGN.md): one module per subcommand.
//!
//! Exit codes: 0 success, 1 the job failed, 2 bad usage or bad input found before anything was
//! sent.

pub mod demo;
pub mod doctor;
pub mod locales;
pub mod serve;
pub mod telemetry;
pub mod translate;
pub mod upload;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Localize App Store screenshots from Figma and push them to App Store Connect.
#[derive(Debug, Parser)]
#[command(name = "shotbridge", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The whole job on bundled real screenshots and captions, no account needed.
    Demo(demo::Args),
    /// The ASC locale table: code, language name, script, direction.
    Locales(locales::Args),
    /// The bridge for the Figma plugin; prints the URL and pairing token.
    Serve(serve::Args),
    /// Checks credentials and reachability of ASC and the chosen AI provider, in plain words.
    Doctor(doctor::Args),
    /// Translate captions (JSON on stdin, or --strings FILE) into translations JSON on stdout.
    Translate(translate::Args),
    /// Upload a fastlane-style screenshot folder to App Store Connect.
    Upload(upload::Args),
}

/// How a command ended, mapped to the process exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked for was done.
    Success,
    /// The job ran but some of it failed; the report says which.
    JobFailed,
    /// Bad usage or bad input, found before anything was sent.
    BadInput,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> Self {
        match outcome {
            Outcome::Success => ExitCode::SUCCESS,
            Outcome::JobFailed => ExitCode::from(1),
            Outcome::BadInput => ExitCode::from(2),
        }
    }
}

/// Runs the chosen subcommand.
pub async fn run(cli: Cli) -> ExitCode {
    let outcome = match cli.command {
        Command::Demo(args) => demo::run(&args).await,
        Command::Locales(args) => locales::run(&args),
        Command::Serve(args) => serve::run(&args).await,
        Command::Doctor(args) => doctor::run(&args).await,
        Command::Translate(args) => translate::run(&args).await,
        Command::Upload(args) => upload::run(args).await,
    };
    outcome.into()
}
