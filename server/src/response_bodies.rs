//! Wrappers of answer bodies: one that fails once the answer has taken too long to be sent, and
//! one that holds something (an export's place) for as long as its body is being sent.
//!
//! Both pass the body's size on, so an answer with a `Content-Length` keeps it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};

/// A body that fails (and so makes hyper close the connection) once `limit` has passed since the
/// request began: the time an answer may take covers its body, however slowly it is read.
pub struct WithDeadline {
    inner: Body,
    deadline: Pin<Box<Sleep>>,
    limit: Duration,
}

impl WithDeadline {
    /// `inner`, to be sent in full by `started + limit`.
    pub fn new(inner: Body, started: Instant, limit: Duration) -> Self {
        WithDeadline {
            inner,
            deadline: Box::pin(tokio::time::sleep_until(started + limit)),
            limit,
        }
    }
}

impl http_body::Body for WithDeadline {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        if this.deadline.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                format!(
                    "the answer was not read within {} s",
                    this.limit.as_secs_f64()
                ),
            )))));
        }
        Pin::new(&mut this.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// A body that keeps `held` until it is sent in full or dropped (the connection closed).
pub struct Holding<T> {
    inner: Body,
    held: Option<T>,
}

impl<T> Holding<T> {
    pub fn new(inner: Body, held: T) -> Self {
        Holding {
            inner,
            held: Some(held),
        }
    }
}

impl<T: Unpin> http_body::Body for Holding<T> {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = self.get_mut();
        let frame = Pin::new(&mut this.inner).poll_frame(cx);
        if matches!(frame, Poll::Ready(None)) {
            this.held = None;
        }
        frame
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
