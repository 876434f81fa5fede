//! Prints the built-in catalogue of services: `markdown` gives the README's table, `json` every
//! entry with its descriptions and sources (for tools outside Rust). The loader's own copies are
//! written by `jl-loader-data`.

use std::process::ExitCode;

use jl_consent_core::catalogue;

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("markdown") => print!("{}", catalogue::markdown_table()),
        Some("json") => print!("{}", catalogue::to_json()),
        _ => {
            eprintln!("usage: jl-catalogue markdown|json");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
