//! Who is asking: the client's address (for rate limits only, never stored) and whether a
//! browser request comes from this server's own origin.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, Uri};

use crate::config::normalize_origin;
use crate::state::AppState;

/// The client's address, as far as it can be known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let forwarded = state
            .config
            .trust_forwarded_for
            .then(|| last_forwarded_for(&parts.headers))
            .flatten();
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        // Without a connection (tests driving the router directly) every request shares one key.
        Ok(ClientIp(
            forwarded
                .or(peer)
                .unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        ))
    }
}

/// The last `X-Forwarded-For` entry: the address the (trusted) load balancer saw.
fn last_forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .next_back()
        .and_then(|last| last.trim().parse().ok())
}

/// True when `origin` (an `Origin` header) names the host this request was sent to.
pub fn is_same_origin(origin: &str, headers: &HeaderMap, uri: &Uri) -> bool {
    let Ok(origin) = normalize_origin(origin) else {
        return false;
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_owned)
        .or_else(|| uri.authority().map(|a| a.to_string()));
    let Some(host) = host else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    let authority = origin.split_once("://").map(|(_, a)| a).unwrap_or_default();
    let default_port = if origin.starts_with("https://") {
        ":443"
    } else {
        ":80"
    };
    host.strip_suffix(default_port).unwrap_or(&host) == authority
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(host: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_str(host).unwrap());
        h
    }

    #[test]
    fn same_origin_compares_host_and_port() {
        let uri = Uri::from_static("/api/v1/events");
        assert!(is_same_origin(
            "http://localhost:8080",
            &headers("localhost:8080"),
            &uri
        ));
        assert!(is_same_origin(
            "https://consent.example.kz",
            &headers("consent.example.kz"),
            &uri
        ));
        assert!(is_same_origin(
            "https://consent.example.kz",
            &headers("consent.example.kz:443"),
            &uri
        ));
        assert!(!is_same_origin(
            "http://localhost:8081",
            &headers("localhost:8080"),
            &uri
        ));
        assert!(!is_same_origin(
            "https://evil.example",
            &headers("consent.example.kz"),
            &uri
        ));
        assert!(!is_same_origin(
            "null",
            &headers("consent.example.kz"),
            &uri
        ));
    }

    #[test]
    fn the_last_forwarded_entry_is_the_one_the_balancer_added() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("203.0.113.9, 192.0.2.7"),
        );
        assert_eq!(last_forwarded_for(&h), "192.0.2.7".parse().ok());
    }
}
