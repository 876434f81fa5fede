//! `jl-consent-server`: see `--help`.

use jl_consent_server::cli::{run, Cli};
use jl_consent_server::logging::{self, LogFormat};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match LogFormat::from_env() {
        Ok(format) => logging::init(format),
        Err(e) => {
            eprintln!("error: {e}");
            return std::process::ExitCode::from(2);
        }
    }
    match run(Cli::from_env()).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
