#![allow(clippy::unwrap_used, clippy::expect_used)]
//! HTTP/1.1 pipelining: a client may write several requests before reading any answer; every one
//! is answered, in the order sent, on the same connection.

#[macro_use]
mod common;

use std::time::Duration;

use common::sockets::*;
use common::*;
use jl_consent_core::receipt::batch_json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

on_both_databases!(every_pipelined_receipt_is_answered_in_order);

/// Reads `n` whole answers (by Content-Length) from `stream`; returns them in order.
async fn read_answers(stream: &mut TcpStream, n: usize) -> Vec<String> {
    let mut buffer = Vec::new();
    let mut answers = Vec::new();
    let mut chunk = [0u8; 8192];
    let read = tokio::time::timeout(PATIENCE, async {
        while answers.len() < n {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buffer[..end]).into_owned();
                let length = content_length(&head);
                if buffer.len() >= end + 4 + length {
                    let answer: Vec<u8> = buffer.drain(..end + 4 + length).collect();
                    answers.push(String::from_utf8_lossy(&answer).into_owned());
                    continue;
                }
            }
            let got = stream.read(&mut chunk).await.unwrap();
            assert!(got > 0, "closed after {} answers", answers.len());
            buffer.extend_from_slice(&chunk[..got]);
        }
    })
    .await;
    assert!(
        read.is_ok(),
        "{} of {n} answers within {PATIENCE:?}",
        answers.len()
    );
    answers
}

async fn every_pipelined_receipt_is_answered_in_order(backend: Backend) {
    let app = TestApp::new(backend).await;
    let server = Running::start(&app, limits(Duration::from_secs(30))).await;
    let mut next_event = 1;
    for n in [3, 20] {
        // Request i carries i + 1 receipts, so its answer ("stored": i + 1) shows the order.
        let mut requests = String::new();
        for i in 0..n {
            let events: Vec<_> = (0..=i)
                .map(|_| {
                    next_event += 1;
                    accept_all(next_event, next_event)
                })
                .collect();
            let body = batch_json(&events);
            requests.push_str(&post_head(server.addr, body.len()));
            requests.push_str(&body);
        }
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        // All of them in one write: the server finds them in one read.
        stream.write_all(requests.as_bytes()).await.unwrap();
        let answers = read_answers(&mut stream, n).await;
        for (i, answer) in answers.iter().enumerate() {
            assert!(answer.starts_with("HTTP/1.1 202"), "answer {i}: {answer}");
            assert!(
                answer.ends_with(&format!(r#"{{"stored":{},"duplicates":0}}"#, i + 1)),
                "answer {i}: {answer}"
            );
        }
        // And the connection stays usable.
        send_session_get(&mut stream, server.addr).await;
        let answer = read_answer(&mut stream).await;
        assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    }
    let stored = app.row_counts().await["receipts"];
    assert_eq!(stored, (1..=3).sum::<i64>() + (1..=20).sum::<i64>());
    server.shut_down().await;
}
