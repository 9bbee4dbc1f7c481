//! The `resume-parser` binary: argument parsing, logging set-up, dispatch.
//! All work is in the library; errors become exit codes in [`cli::exit_code`].

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("RESUME_PARSER_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
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
