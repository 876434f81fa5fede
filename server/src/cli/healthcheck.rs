//! `healthcheck`: asks a running server whether it is ready, for a container's HEALTHCHECK (the
//! image has no shell and no curl: the server binary asks itself).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use axum::http::{header, Request, StatusCode};
use bytes::Bytes;
use clap::Args;
use http_body_util::Empty;
use hyper_util::rt::TokioIo;

use super::CommandError;

/// Longest the check waits for the answer.
const CHECK_TIMEOUT: Duration = Duration::from_secs(5);

/// `healthcheck`.
#[derive(Debug, Args)]
pub struct HealthcheckArgs {
    /// The server to ask (default: the --listen address, JL_LISTEN, on loopback when it
    /// listens on every interface).
    #[arg(long, value_name = "ADDR")]
    pub address: Option<SocketAddr>,
    /// The path to ask: /readyz (the database takes writes) or /healthz (the process answers).
    #[arg(long, default_value = "/readyz")]
    pub path: String,
}

/// The address to reach a server listening on `listen` from the same machine.
pub fn local_address(listen: SocketAddr) -> SocketAddr {
    let ip = match listen.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, listen.port())
}

/// Runs `healthcheck`: Ok when the answer is 200.
pub async fn run(args: &HealthcheckArgs, listen: SocketAddr) -> Result<(), CommandError> {
    let address = args.address.unwrap_or_else(|| local_address(listen));
    let status = tokio::time::timeout(CHECK_TIMEOUT, ask(address, &args.path))
        .await
        .map_err(|_| {
            CommandError(format!(
                "no answer from {address} within {} s",
                CHECK_TIMEOUT.as_secs()
            ))
        })?
        .map_err(|e| CommandError(format!("cannot ask {address}: {e}")))?;
    if status == StatusCode::OK {
        println!("{address}{}: {status}", args.path);
        Ok(())
    } else {
        Err(CommandError(format!(
            "{address}{} answered {status}",
            args.path
        )))
    }
}

async fn ask(address: SocketAddr, path: &str) -> Result<StatusCode, String> {
    let stream = tokio::net::TcpStream::connect(address)
        .await
        .map_err(|e| e.to_string())?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
        .await
        .map_err(|e| e.to_string())?;
    tokio::spawn(connection);
    let request = Request::get(path)
        .header(header::HOST, address.to_string())
        .body(Empty::<Bytes>::new())
        .map_err(|e| e.to_string())?;
    let response = sender
        .send_request(request)
        .await
        .map_err(|e| e.to_string())?;
    Ok(response.status())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_on_every_interface_is_asked_on_loopback() {
        let ask = |listen: &str| local_address(listen.parse().unwrap()).to_string();
        assert_eq!(ask("0.0.0.0:8080"), "127.0.0.1:8080");
        assert_eq!(ask("[::]:8080"), "[::1]:8080");
        assert_eq!(ask("10.1.2.3:9000"), "10.1.2.3:9000");
    }
}
