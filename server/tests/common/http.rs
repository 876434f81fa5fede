//! Reading HTTP/1.1 answers off a real connection, the one way every socket test, the process
//! tests' requests and the benchmarks' load client do it: the head, then a body of the length it
//! names or in chunks; answers that follow on the same connection (pipelining) stay buffered
//! for the next read.

use tokio::io::{AsyncRead, AsyncReadExt};

/// One answer as it came off the socket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The status code of the status line.
    pub status: u16,
    /// The status line and the header lines, without the blank line after them.
    pub head: String,
    /// The body, as many bytes as its Content-Length names or its chunks hold (read as text,
    /// lossily).
    pub body: String,
}

impl Answer {
    /// The value of the first header `name` (any case), trimmed.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim().eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    /// The `name=value` pair of the session cookie the answer sets, for a `Cookie` header.
    pub fn session_cookie(&self) -> Option<&str> {
        self.header("set-cookie")?.split(';').next()
    }

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
    pub async fn next(
        &mut self,
        stream: &mut (impl AsyncRead + Unpin),
    ) -> Result<Answer, ReadError> {
        let end = loop {
            if let Some(end) = find(&self.buffer, b"\r\n\r\n") {
                break end;
            }
            self.fill(stream).await?;
        };
        let head = String::from_utf8_lossy(&self.buffer[..end]).into_owned();
        let status = parse_status(&head).ok_or_else(|| ReadError::Malformed(head.clone()))?;
        let body = if is_chunked(&head) {
            let mut body = Vec::new();
            let mut at = end + 4;
            loop {
                let line_end = loop {
                    if let Some(i) = find(&self.buffer[at..], b"\r\n") {
                        break at + i;
                    }
                    self.fill(stream).await?;
                };
                let size_line = String::from_utf8_lossy(&self.buffer[at..line_end]).into_owned();
                let size =
                    usize::from_str_radix(size_line.split(';').next().unwrap_or("").trim(), 16)
                        .map_err(|_| ReadError::Malformed(format!("chunk size {size_line:?}")))?;
                while self.buffer.len() < line_end + 2 + size + 2 {
                    self.fill(stream).await?;
                }
                body.extend_from_slice(&self.buffer[line_end + 2..line_end + 2 + size]);
                at = line_end + 2 + size + 2;
                if size == 0 {
                    break;
                }
            }
            self.buffer.drain(..at);
            body
        } else {
            let length = content_length(&head);
            while self.buffer.len() < end + 4 + length {
                self.fill(stream).await?;
            }
            let answer: Vec<u8> = self.buffer.drain(..end + 4 + length).collect();
            answer[end + 4..].to_vec()
        };
        let body = String::from_utf8_lossy(&body).into_owned();
        Ok(Answer { status, head, body })
    }

    /// Reads what `stream` has next into the buffer; the connection's end is an error.
    async fn fill(&mut self, stream: &mut (impl AsyncRead + Unpin)) -> Result<(), ReadError> {
        let mut chunk = [0u8; 16 * 1024];
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => Err(ReadError::Closed(
                String::from_utf8_lossy(&self.buffer).into_owned(),
            )),
            Ok(n) => {
                self.buffer.extend_from_slice(&chunk[..n]);
                Ok(())
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

/// Whether an answer's head says its body comes in chunks.
fn is_chunked(head: &str) -> bool {
    head.lines().any(|l| {
        l.split_once(':').is_some_and(|(name, value)| {
            name.eq_ignore_ascii_case("transfer-encoding")
                && value.to_ascii_lowercase().contains("chunked")
        })
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}
