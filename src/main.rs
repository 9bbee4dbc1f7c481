//! The `resume-parser` binary: argument parsing, logging set-up, dispatch.
//! All work is in the library; errors become exit codes in [`cli::exit_code`].

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

mod cli;

/// Our warnings only: the PDF libraries log every oddity of a damaged file,
/// which the one-line `<file>: <reason>` message already reports.
const DEFAULT_LOG: &str = "warn,lopdf=off,pdf_extract=off";

fn main() -> ExitCode {
    let args = cli::Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RESUME_PARSER_LOG")
                .unwrap_or_else(|_| DEFAULT_LOG.into()),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    match cli::run(args) {
        Ok(outcome) => cli::exit_code(&outcome),
        Err(e) => {
            eprintln!("resume-parser: {e:#}");
            ExitCode::from(cli::EXIT_FAILURE)
        }
    }
}
