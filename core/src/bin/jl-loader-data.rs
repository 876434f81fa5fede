//! Writes the loader's copies of what the core knows (`loader/data/`): the catalogue's rules and
//! texts, and the bundled texts stage 2 shows itself. The loader bundles or serves them; tests in
//! the core fail when a committed copy differs from what this writes.
//!
//!     cargo run -p jl-consent-core --bin jl-loader-data

use std::process::ExitCode;

use jl_consent_core::loader_data;

fn main() -> ExitCode {
    let dir = loader_data::DIR;
    let written = std::fs::create_dir_all(dir).and_then(|()| {
        loader_data::files()
            .into_iter()
            .try_for_each(|(name, text)| std::fs::write(format!("{dir}/{name}"), text))
    });
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("jl-loader-data: cannot write {dir}: {error}");
            ExitCode::FAILURE
        }
    }
}
