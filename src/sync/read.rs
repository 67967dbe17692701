//! Reading a body into memory under a size cap, gzip included.
//!
//! The cap holds twice: on the bytes that arrive and on what they unpack
//! to. A small gzip file that expands to gigabytes (a "gzip bomb") stops at
//! the cap; memory never grows past the cap plus one read buffer.

use std::io::{self, Read};

use flate2::read::MultiGzDecoder;

use super::Progress;

/// The first two bytes of every gzip stream.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
/// How much is read at a time, and how often progress is reported.
const CHUNK: usize = 64 * 1024;

/// Why a body could not be read.
#[derive(Debug)]
pub(crate) enum ReadFailure {
    /// More than the cap arrived, or (`decompressed`) the data unpacks to more.
    TooLarge { decompressed: bool },
    /// The data ended before the announced length, or mid gzip stream.
    CutShort(String),
    /// The gzip data is not valid.
    Decompress(String),
    /// Reading the source itself failed (network or disk), as it reported.
    Source(io::Error),
}

/// What is known about a body before reading it.
pub(crate) struct Expect {
    /// The announced length of what arrives (`Content-Length`, file size).
    pub total: Option<u64>,
    /// The most bytes accepted, both arriving and after decompression.
    pub cap: u64,
    /// The headers or the name say gzip; otherwise the magic bytes decide.
    pub gzip: bool,
}

/// Reads `source` to the end under `expect.cap`, decompressing gzip.
/// Returns the bytes and whether they were decompressed.
pub(crate) fn read_body(
    source: impl Read,
    expect: &Expect,
    progress: &mut dyn FnMut(Progress),
) -> Result<(Vec<u8>, bool), ReadFailure> {
    let mut raw = Counted {
        inner: source,
        count: 0,
        cap: expect.cap,
        total: expect.total,
        reported: 0,
        progress,
        over: false,
        failed: None,
    };
    (raw.progress)(Progress::Receiving {
        bytes: 0,
        total: expect.total,
    });
    let mut gzip = expect.gzip;
    let result = decode(&mut raw, &mut gzip, expect);
    (raw.progress)(Progress::Receiving {
        bytes: raw.count,
        total: expect.total,
    });
    let failure = match result {
        Ok(bytes) => {
            return match expect.total {
                Some(total) if raw.count < total => Err(ReadFailure::CutShort(format!(
                    "{} of {total} bytes arrived",
                    raw.count
                ))),
                _ => Ok((bytes, gzip)),
            };
        }
        Err(Collect::Over) => ReadFailure::TooLarge { decompressed: true },
        Err(Collect::Io(_)) if raw.over => ReadFailure::TooLarge {
            decompressed: false,
        },
        Err(Collect::Io(e)) => match raw.failed.take() {
            Some(source) => ReadFailure::Source(source),
            None if e.kind() == io::ErrorKind::UnexpectedEof => {
                ReadFailure::CutShort("the compressed data ends early".into())
            }
            None => ReadFailure::Decompress(e.to_string()),
        },
    };
    Err(failure)
}

fn decode<R: Read>(
    raw: &mut Counted<'_, R>,
    gzip: &mut bool,
    expect: &Expect,
) -> Result<Vec<u8>, Collect> {
    let mut head = [0u8; 2];
    let mut seen = 0;
    while seen < head.len() {
        match raw.read(&mut head[seen..]) {
            Ok(0) => break,
            Ok(n) => seen += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(Collect::Io(e)),
        }
    }
    *gzip |= head[..seen] == GZIP_MAGIC;
    let whole = (&head[..seen]).chain(raw);
    if *gzip {
        collect(MultiGzDecoder::new(whole), expect.cap, None)
    } else {
        collect(whole, expect.cap, expect.total)
    }
}

enum Collect {
    /// The output passed the cap.
    Over,
    Io(io::Error),
}

/// Reads to the end, failing as soon as the output would pass `cap`.
fn collect(mut reader: impl Read, cap: u64, size_hint: Option<u64>) -> Result<Vec<u8>, Collect> {
    let initial = size_hint.unwrap_or(0).min(cap).min(CHUNK as u64 * 16);
    let mut out = Vec::with_capacity(initial as usize);
    let mut chunk = vec![0u8; CHUNK];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => return Ok(out),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Collect::Io(e)),
        };
        if out.len() as u64 + n as u64 > cap {
            return Err(Collect::Over);
        }
        grow(&mut out, n, cap);
        out.extend_from_slice(&chunk[..n]);
    }
}

/// Makes room for `extra` more bytes, doubling as `Vec` would but never
/// past `cap`, so a body just under the cap does not allocate twice the cap.
fn grow(out: &mut Vec<u8>, extra: usize, cap: u64) {
    let needed = out.len() + extra;
    if needed <= out.capacity() {
        return;
    }
    let cap = usize::try_from(cap).unwrap_or(usize::MAX);
    let target = (out.capacity() * 2).max(CHUNK).min(cap).max(needed);
    out.reserve_exact(target - out.len());
}

/// The source as it arrives: counts bytes, stops one byte past the cap,
/// reports progress every [`CHUNK`] bytes, and keeps the source's own error
/// so it is not mistaken for a gzip problem.
struct Counted<'p, R> {
    inner: R,
    count: u64,
    cap: u64,
    total: Option<u64>,
    reported: u64,
    progress: &'p mut dyn FnMut(Progress),
    over: bool,
    failed: Option<io::Error>,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // One byte past the cap is enough to know the body is too large.
        let room = self.cap.saturating_add(1).saturating_sub(self.count);
        let want = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        if want == 0 && !buf.is_empty() {
            self.over = true;
            return Err(io::Error::other("over the size limit"));
        }
        match self.inner.read(&mut buf[..want]) {
            Ok(n) => {
                self.count += n as u64;
                if self.count > self.cap {
                    self.over = true;
                    return Err(io::Error::other("over the size limit"));
                }
                if self.count - self.reported >= CHUNK as u64 {
                    self.reported = self.count;
                    (self.progress)(Progress::Receiving {
                        bytes: self.count,
                        total: self.total,
                    });
                }
                Ok(n)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(e),
            Err(e) => {
                let stand_in = io::Error::new(e.kind(), "the source failed");
                self.failed = Some(e);
                Err(stand_in)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::Compression;
    use flate2::write::GzEncoder;
    use std::io::Write;

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    fn read(bytes: &[u8], cap: u64, gzip: bool) -> Result<(Vec<u8>, bool), ReadFailure> {
        let expect = Expect {
            total: Some(bytes.len() as u64),
            cap,
            gzip,
        };
        read_body(bytes, &expect, &mut |_| {})
    }

    #[test]
    fn a_body_exactly_at_the_cap_is_accepted_and_one_byte_more_is_not() {
        let body = vec![b'x'; 1000];
        assert_eq!(read(&body, 1000, false).unwrap().0, body);
        assert!(matches!(
            read(&body, 999, false),
            Err(ReadFailure::TooLarge {
                decompressed: false
            })
        ));
    }

    #[test]
    fn gzip_is_recognised_by_its_magic_bytes_and_capped_after_decompression() {
        let text = br#"{"schema": "cairn.catalogue/1", "networks": []}"#;
        let (bytes, gzip) = read(&gz(text), 1000, false).unwrap();
        assert!(gzip);
        assert_eq!(bytes, text);
        let bomb = gz(&vec![0u8; 200_000]);
        assert!(bomb.len() < 1000);
        assert!(matches!(
            read(&bomb, 1000, false),
            Err(ReadFailure::TooLarge { decompressed: true })
        ));
    }

    #[test]
    fn damaged_and_truncated_gzip_are_told_apart() {
        let whole = gz(b"some text that compresses, some text that compresses");
        let truncated = &whole[..whole.len() / 2];
        let expect = Expect {
            total: None,
            cap: 1000,
            gzip: false,
        };
        assert!(matches!(
            read_body(truncated, &expect, &mut |_| {}),
            Err(ReadFailure::CutShort(_))
        ));
        let mut damaged = whole.clone();
        damaged[3] = 0xff; // reserved flag bits
        assert!(matches!(
            read(&damaged, 1000, false),
            Err(ReadFailure::Decompress(_))
        ));
        assert!(matches!(
            read(b"not gzip at all", 1000, true),
            Err(ReadFailure::Decompress(_))
        ));
    }

    #[test]
    fn a_body_shorter_than_announced_is_cut_short() {
        let expect = Expect {
            total: Some(100),
            cap: 1000,
            gzip: false,
        };
        let result = read_body(&b"only a little"[..], &expect, &mut |_| {});
        assert!(
            matches!(result, Err(ReadFailure::CutShort(_))),
            "{result:?}"
        );
    }

    #[test]
    fn growth_never_allocates_past_the_cap() {
        let cap = 3 * CHUNK as u64 + 10;
        let mut out = Vec::new();
        while (out.len() as u64) < cap {
            let extra = (cap as usize - out.len()).min(CHUNK - 1);
            grow(&mut out, extra, cap);
            out.resize(out.len() + extra, 0);
            assert!(out.capacity() as u64 <= cap, "{} > {cap}", out.capacity());
        }
    }

    #[test]
    fn progress_is_reported_in_steps_not_per_read() {
        let body = vec![b'x'; 10 * CHUNK];
        let mut calls = Vec::new();
        let expect = Expect {
            total: Some(body.len() as u64),
            cap: u64::MAX,
            gzip: false,
        };
        read_body(&body[..], &expect, &mut |p| calls.push(p)).unwrap();
        assert!(calls.len() <= 12, "{}", calls.len());
        assert_eq!(
            calls.last(),
            Some(&Progress::Receiving {
                bytes: body.len() as u64,
                total: Some(body.len() as u64)
            })
        );
    }
}
