#![allow(clippy::unwrap_used, clippy::expect_used)]
//! HTTP/1.1 pipelining: a client may write several requests before reading any answer; every one
//! is answered, in the order sent, on the same connection.

#[macro_use]
mod common;

use std::time::Duration;

use common::http::{Answer, AnswerReader};
use common::sockets::*;
use common::*;
use jl_consent_core::receipt::batch_json;
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

on_both_databases!(every_pipelined_receipt_is_answered_in_order);

/// Reads `n` whole answers from `stream`; returns them in order.
async fn read_answers(stream: &mut TcpStream, n: usize) -> Vec<Answer> {
    let mut reader = AnswerReader::new();
    let mut answers = Vec::new();
    let read = tokio::time::timeout(PATIENCE, async {
        while answers.len() < n {
            match reader.next(stream).await {
                Ok(answer) => answers.push(answer),
                Err(error) => panic!("after {} answers: {error:?}", answers.len()),
            }
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
        let mut stream = connect(server.addr).await;
        // All of them in one write: the server finds them in one read.
        stream.write_all(requests.as_bytes()).await.unwrap();
        let answers = read_answers(&mut stream, n).await;
        for (i, answer) in answers.iter().enumerate() {
            assert_eq!(answer.status, 202, "answer {i}: {answer:?}");
            assert_eq!(
                answer.body,
                format!(r#"{{"stored":{},"duplicates":0}}"#, i + 1),
                "answer {i}"
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
