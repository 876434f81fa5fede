//! Prints the built-in catalogue of services: `markdown` gives the README's table, `json` every
//! entry with its descriptions and sources (for tools outside Rust); `loader` writes the loader's
//! two files, `loader/catalogue/catalogue-rules.json` and `catalogue-texts.json`.

use std::process::ExitCode;

use jl_consent_core::catalogue;

fn main() -> ExitCode {
    match std::env::args().nth(1).as_deref() {
        Some("markdown") => print!("{}", catalogue::markdown_table()),
        Some("json") => print!("{}", catalogue::to_json()),
        Some("loader") => {
            let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../loader/catalogue");
            let (rules, texts) = catalogue::loader_files();
            let written = std::fs::create_dir_all(dir)
                .and_then(|()| std::fs::write(format!("{dir}/catalogue-rules.json"), rules))
                .and_then(|()| std::fs::write(format!("{dir}/catalogue-texts.json"), texts));
            if let Err(error) = written {
                eprintln!("jl-catalogue: cannot write {dir}: {error}");
                return ExitCode::FAILURE;
            }
        }
        _ => {
            eprintln!("usage: jl-catalogue markdown|json|loader");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}
