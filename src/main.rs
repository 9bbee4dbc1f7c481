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
    use resume_parser::extract::worker;
    // The extraction worker this binary re-executes (`extract::worker`):
    // dispatched before clap so that the subcommand stays out of `--help`.
    let is_worker = std::env::args_os()
        .nth(1)
        .is_some_and(|a| a == worker::SUBCOMMAND);
    let args = if is_worker {
        None
    } else {
        Some(cli::Args::parse())
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RESUME_PARSER_LOG")
                .unwrap_or_else(|_| DEFAULT_LOG.into()),
        )
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    let Some(args) = args else {
        return worker::serve_stdio();
    };
    // PDF and DOCX readers run in worker processes killed at the deadline
    // (RESUME_PARSER_EXTRACT_ISOLATION=thread keeps them on threads).
    worker::install();
    match cli::run(args) {
        Ok(outcome) => cli::exit_code(&outcome),
        Err(e) => {
            eprintln!("resume-parser: {e:#}");
            ExitCode::from(cli::EXIT_FAILURE)
        }
    }
}
