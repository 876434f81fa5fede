//! Reading HTTP/1.1 answers off a real socket, the one way every socket test does it: the head,
//! then a body of the length it names; answers that follow on the same connection (pipelining)
//! stay buffered for the next read.

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// One answer as it came off the socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The status code of the status line.
    pub status: u16,
    /// The status line and the header lines, without the blank line after them.
    pub head: String,
    /// The body, as many bytes as its Content-Length names (read as text, lossily).
    pub body: String,
}

impl Answer {
    /// The whole answer as text: head, blank line, body.
    pub fn text(&self) -> String {
        format!("{}\r\n\r\n{}", self.head, self.body)
    }
}

/// Why no whole answer could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The connection ended (or was reset) before a whole answer; what had arrived is kept.
    Closed(String),
    /// The head has no status line this reader understands.
    Malformed(String),
}

/// Answers read off one connection, in order.
#[derive(Debug, Default)]
pub struct AnswerReader {
    buffer: Vec<u8>,
}

impl AnswerReader {
    pub fn new() -> AnswerReader {
        AnswerReader::default()
    }

    /// The next whole answer on `stream` (with no deadline of its own: callers bound the wait).
    pub async fn next(&mut self, stream: &mut TcpStream) -> Result<Answer, ReadError> {
        let mut chunk = [0u8; 8192];
        loop {
            if let Some(end) = find(&self.buffer, b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
                let length = content_length(&head);
                if self.buffer.len() >= end + 4 + length {
                    let status =
                        parse_status(&head).ok_or_else(|| ReadError::Malformed(head.clone()))?;
                    let answer: Vec<u8> = self.buffer.drain(..end + 4 + length).collect();
                    let body = String::from_utf8_lossy(&answer[end + 4..]).into_owned();
                    return Ok(Answer { status, head, body });
                }
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => {
                    return Err(ReadError::Closed(
                        String::from_utf8_lossy(&self.buffer).into_owned(),
                    ))
                }
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
            }
        }
    }
}

/// The status code of an answer's head (`HTTP/1.1 202 Accepted` → 202).
pub fn parse_status(head: &str) -> Option<u16> {
    let line = head.lines().next()?;
    let mut parts = line.split_whitespace();
    parts
        .next()
        .filter(|version| version.starts_with("HTTP/"))?;
    parts
        .next()
        .filter(|code| code.len() == 3)
        .and_then(|code| code.parse().ok())
}

/// The Content-Length an answer's head names (0 when it names none).
pub fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
