//! Extraction in a worker process: the reader runs in a child process that the
//! caller kills at the deadline.
//!
//! Input: a [`Reader`] (which third-party-backed reader to run), a deadline and
//! the file's bytes. Output: the reader's [`Extracted`] or its
//! [`ExtractError`], exactly as the same reader gives on a thread (tested), or
//! [`ExtractError::Timeout`] when the child overran the deadline (it is then
//! killed with SIGKILL and reaped), [`ExtractError::Panicked`] when it died
//! (abort, stack overflow, out of memory), [`ExtractError::Worker`] when no
//! worker could be started.
//!
//! Why: a thread cannot be killed. A dependency that loops on a hostile file
//! (docx-rs does on truncated XML; pdf-extract may) keeps a core busy for the
//! life of the process when it runs on an abandoned thread, and a few such
//! uploads take the service down. A process can be killed, so a looping
//! document costs at most its deadline of CPU.
//!
//! How: the `resume-parser` binary re-executes itself as the hidden subcommand
//! `__extract-worker` ([`SUBCOMMAND`], dispatched first thing in `main`), which
//! reads requests on stdin and writes results on stdout until stdin closes. A
//! process-wide [`pool`] keeps up to one idle worker per core and reuses it
//! (a worker is retired after [`MAX_USES`] documents); a killed or dead worker
//! is replaced by a fresh one on the next request. Frames are a small binary
//! encoding (f32 by their bits, so both modes give bit-identical lines), each
//! starting with a magic word; anything unexpected on the pipe gets the
//! worker killed and the document an error, never a hang. A watchdog thread
//! in the worker exits it one second past a request's deadline, so a worker
//! whose parent died (SIGKILL) does not spin on as an orphan.
//!
//! Measured: a pooled worker costs 0.98x a guard thread per PDF (a process
//! per document 1.52x), and a looping document costs its deadline instead of
//! a core for the life of the process — numbers and decision in
//! [`super::guard`]'s module header and SECURITY.md ("Containment").

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use super::{ExtractError, Extracted, Format, Line, Origin};

/// The hidden subcommand that turns the binary into an extraction worker.
pub const SUBCOMMAND: &str = "__extract-worker";

/// Environment variable choosing the isolation of the binary's extractions:
/// `process` (the binary's default) or `thread`.
pub const ISOLATION_ENV: &str = "RESUME_PARSER_EXTRACT_ISOLATION";

/// Documents a worker reads before it is retired (bounds heap fragmentation).
pub const MAX_USES: u32 = 500;

/// Largest frame accepted from a worker (the lines of a 64 MB DOCX fit).
const MAX_FRAME: u64 = 512 * 1024 * 1024;

const REQUEST_MAGIC: &[u8; 4] = b"RPQ1";
const RESPONSE_MAGIC: &[u8; 4] = b"RPR1";

/// Where extraction runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ExtractIsolation {
    /// A worker process when the running binary registered one ([`install`];
    /// the `resume-parser` binary does), else a guard thread. Library users
    /// and tests get threads unless they register a worker binary.
    #[default]
    Auto,
    /// A guard thread with `catch_unwind` and a deadline; a reader that loops
    /// is abandoned (see [`super::guard`] for the cap on abandoned threads).
    Thread,
    /// A worker process, killed at the deadline. Needs [`install`] or
    /// [`install_binary`]; without it extraction fails with
    /// [`ExtractError::Worker`].
    Process,
}

impl ExtractIsolation {
    /// The isolation actually used: `Auto` resolved against the registered
    /// worker binary.
    pub fn resolve(self) -> ExtractIsolation {
        match self {
            ExtractIsolation::Auto if pool().is_some() => ExtractIsolation::Process,
            ExtractIsolation::Auto => ExtractIsolation::Thread,
            other => other,
        }
    }
}

/// A reader that can run in a worker: the third-party-backed ones, plus test
/// doubles (hidden) that loop, panic or abort.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Pdf,
    Docx {
        max_inflated: u64,
    },
    /// Test double: spins on the CPU forever.
    #[doc(hidden)]
    Spin,
    /// Test double: panics.
    #[doc(hidden)]
    Panic,
    /// Test double: aborts the process (as a stack overflow would).
    #[doc(hidden)]
    Abort,
}

impl Reader {
    /// The format name used in errors ("PDF", "DOCX").
    pub fn format(self) -> &'static str {
        match self {
            Reader::Pdf => "PDF",
            Reader::Docx { .. } => "DOCX",
            Reader::Spin | Reader::Panic | Reader::Abort => "TEST",
        }
    }

    /// Run the reader here, on the calling thread (no containment).
    pub fn run(self, bytes: &[u8]) -> Result<Extracted, ExtractError> {
        match self {
            Reader::Pdf => super::pdf::extract(bytes),
            Reader::Docx { max_inflated } => super::docx::extract(bytes, max_inflated),
            Reader::Spin => loop {
                std::hint::spin_loop();
            },
            Reader::Panic => panic!("test double: the reader panics"),
            Reader::Abort => std::process::abort(),
        }
    }

    fn code(self) -> (u8, u64) {
        match self {
            Reader::Pdf => (1, 0),
            Reader::Docx { max_inflated } => (2, max_inflated),
            Reader::Spin => (10, 0),
            Reader::Panic => (11, 0),
            Reader::Abort => (12, 0),
        }
    }

    fn from_code(code: u8, arg: u64) -> Option<Reader> {
        Some(match code {
            1 => Reader::Pdf,
            2 => Reader::Docx { max_inflated: arg },
            10 => Reader::Spin,
            11 => Reader::Panic,
            12 => Reader::Abort,
            _ => return None,
        })
    }
}

// ---------------------------------------------------------------- the pool

/// Counters of a worker pool (for tests and metrics).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PoolStats {
    /// Workers started.
    pub spawned: u64,
    /// Workers killed at a deadline (or for a protocol fault).
    pub killed: u64,
    /// The process id of the last worker killed.
    pub last_killed: Option<u32>,
    /// Process ids of the idle workers.
    pub idle: Vec<u32>,
}

/// A set of worker processes running one binary's [`SUBCOMMAND`].
pub struct WorkerPool {
    exe: PathBuf,
    max_idle: usize,
    idle: Mutex<Vec<Worker>>,
    spawned: AtomicU64,
    killed: AtomicU64,
    last_killed: Mutex<Option<u32>>,
}

struct Worker {
    child: Child,
    stdin: ChildStdin,
    frames: Receiver<io::Result<Vec<u8>>>,
    uses: u32,
}

static POOL: OnceLock<WorkerPool> = OnceLock::new();

/// The process-wide pool, if a worker binary was registered.
pub fn pool() -> Option<&'static WorkerPool> {
    POOL.get()
}

/// Register the running executable as the worker binary, unless
/// [`ISOLATION_ENV`] says `thread`. Called by the `resume-parser` binary at
/// start-up; returns whether process isolation is now available.
pub fn install() -> bool {
    if std::env::var(ISOLATION_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("thread")) {
        return false;
    }
    match std::env::current_exe() {
        Ok(exe) => install_binary(exe),
        Err(e) => {
            tracing::warn!(error = %e, "no path to this executable: extraction stays on threads");
            false
        }
    }
}

/// Register `exe` (a `resume-parser` binary) as the worker binary. The first
/// registration wins; returns whether a pool is registered.
pub fn install_binary(exe: impl Into<PathBuf>) -> bool {
    let max_idle = std::thread::available_parallelism().map_or(2, |n| n.get());
    let _ = POOL.set(WorkerPool::new(exe.into(), max_idle));
    POOL.get().is_some()
}

impl WorkerPool {
    pub fn new(exe: PathBuf, max_idle: usize) -> WorkerPool {
        WorkerPool {
            exe,
            max_idle,
            idle: Mutex::new(Vec::new()),
            spawned: AtomicU64::new(0),
            killed: AtomicU64::new(0),
            last_killed: Mutex::new(None),
        }
    }

    pub fn exe(&self) -> &Path {
        &self.exe
    }

    pub fn stats(&self) -> PoolStats {
        PoolStats {
            spawned: self.spawned.load(Ordering::Relaxed),
            killed: self.killed.load(Ordering::Relaxed),
            last_killed: self.last_killed.lock().map(|g| *g).unwrap_or(None),
            idle: self
                .idle
                .lock()
                .map(|v| v.iter().map(|w| w.child.id()).collect())
                .unwrap_or_default(),
        }
    }

    /// Run `reader` on `bytes` in a worker under `deadline`.
    pub fn run(
        &self,
        reader: Reader,
        deadline: Duration,
        bytes: &[u8],
    ) -> Result<Extracted, ExtractError> {
        let format = reader.format();
        let t0 = Instant::now();
        let request = encode_request(reader, deadline, bytes);
        // An idle worker may have died since it was last used (OOM killer):
        // one retry on a fresh worker when the request cannot be written.
        let mut worker = None;
        for attempt in 0..2 {
            let mut w = match self.take_idle() {
                Some(w) if attempt == 0 => w,
                Some(w) => {
                    self.discard(w);
                    self.spawn(format)?
                }
                None => self.spawn(format)?,
            };
            match w.stdin.write_all(&request).and_then(|()| w.stdin.flush()) {
                Ok(()) => {
                    worker = Some(w);
                    break;
                }
                Err(e) => {
                    tracing::debug!(error = %e, "worker gone before the request; replacing it");
                    self.discard(w);
                }
            }
        }
        let Some(mut w) = worker else {
            return Err(ExtractError::Worker(
                "could not hand the file to a worker".into(),
            ));
        };
        let left = deadline.saturating_sub(t0.elapsed());
        match w.frames.recv_timeout(left) {
            Ok(Ok(frame)) => match decode_result(&frame, format) {
                Ok(r) => {
                    w.uses += 1;
                    self.give_back(w);
                    r
                }
                Err(fault) => {
                    tracing::warn!(fault, "worker sent an unreadable result; killed");
                    self.kill(w);
                    // The file made the reader misbehave: the document's
                    // fault (422), not a capacity problem (503).
                    Err(ExtractError::Panicked { format })
                }
            },
            Ok(Err(e)) if e.kind() == io::ErrorKind::InvalidData => {
                // Stray bytes on the pipe (a dependency printing to stdout?).
                tracing::warn!(error = %e, "worker wrote an unreadable frame; killed");
                self.kill(w);
                Err(ExtractError::Panicked { format })
            }
            Ok(Err(e)) => {
                // The pipe closed: the worker died (abort, stack overflow,
                // out of memory).
                let status = self.reap(w);
                tracing::debug!(error = %e, ?status, "worker died on a file");
                Err(ExtractError::Panicked { format })
            }
            Err(RecvTimeoutError::Timeout) => {
                self.kill(w);
                Err(ExtractError::Timeout(deadline))
            }
            Err(RecvTimeoutError::Disconnected) => {
                self.reap(w);
                Err(ExtractError::Panicked { format })
            }
        }
    }

    fn take_idle(&self) -> Option<Worker> {
        self.idle.lock().ok().and_then(|mut v| v.pop())
    }

    fn give_back(&self, w: Worker) {
        if w.uses >= MAX_USES {
            self.discard(w);
            return;
        }
        match self.idle.lock() {
            Ok(mut v) if v.len() < self.max_idle => v.push(w),
            _ => self.discard(w),
        }
    }

    fn spawn(&self, format: &'static str) -> Result<Worker, ExtractError> {
        let mut child = Command::new(&self.exe)
            .arg(SUBCOMMAND)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| ExtractError::Worker(format!("cannot start a {format} worker: {e}")))?;
        let (Some(stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ExtractError::Worker("worker pipes missing".into()));
        };
        let (tx, frames) = mpsc::sync_channel(1);
        let spawned = std::thread::Builder::new()
            .name("extract-pipe".into())
            .spawn(move || {
                loop {
                    let frame = read_frame(&mut stdout, RESPONSE_MAGIC);
                    let end = frame.is_err();
                    if tx.send(frame).is_err() || end {
                        break;
                    }
                }
            });
        if let Err(e) = spawned {
            let _ = child.kill();
            let _ = child.wait();
            return Err(ExtractError::Worker(format!(
                "cannot start a pipe reader: {e}"
            )));
        }
        self.spawned.fetch_add(1, Ordering::Relaxed);
        Ok(Worker {
            child,
            stdin,
            frames,
            uses: 0,
        })
    }

    /// Close a healthy worker's stdin (it exits) and reap it.
    fn discard(&self, w: Worker) {
        let Worker {
            mut child, stdin, ..
        } = w;
        drop(stdin);
        // A healthy idle worker exits at once on EOF; do not wait on one
        // that does not (it is killed).
        for _ in 0..50 {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    /// SIGKILL a worker (deadline passed, or a protocol fault) and reap it.
    fn kill(&self, mut w: Worker) {
        let pid = w.child.id();
        if let Err(e) = w.child.kill() {
            tracing::warn!(pid, error = %e, "could not kill an extraction worker");
        }
        let _ = w.child.wait();
        self.killed.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut g) = self.last_killed.lock() {
            *g = Some(pid);
        }
    }

    /// Reap a worker whose pipe closed (it should be gone already).
    fn reap(&self, mut w: Worker) -> Option<std::process::ExitStatus> {
        drop(w.stdin);
        for _ in 0..100 {
            if let Ok(Some(s)) = w.child.try_wait() {
                return Some(s);
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let _ = w.child.kill();
        w.child.wait().ok()
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        if let Ok(v) = self.idle.get_mut() {
            for mut w in v.drain(..) {
                let _ = w.child.kill();
                let _ = w.child.wait();
            }
        }
    }
}

/// Run `reader` in the process-wide pool.
pub fn run(reader: Reader, deadline: Duration, bytes: &[u8]) -> Result<Extracted, ExtractError> {
    match pool() {
        Some(p) => p.run(reader, deadline, bytes),
        None => Err(ExtractError::Worker(
            "process isolation asked for, but no worker binary is registered".into(),
        )),
    }
}

// ---------------------------------------------------------- the worker side

/// The body of `resume-parser __extract-worker`: serve requests from stdin
/// until it closes. Each reader runs with panics contained on a thread with
/// the guard's stack size; a watchdog exits the process one second past a
/// request's deadline (the parent normally kills it first).
pub fn serve_stdio() -> ExitCode {
    super::guard::install_quiet_hook();
    let busy_until: &'static Mutex<Option<Instant>> = Box::leak(Box::new(Mutex::new(None)));
    let watchdog = std::thread::Builder::new()
        .name("extract-watchdog".into())
        .spawn(move || {
            loop {
                std::thread::sleep(Duration::from_millis(100));
                let late = busy_until
                    .lock()
                    .map(|g| g.is_some_and(|t| Instant::now() > t))
                    .unwrap_or(true);
                if late {
                    std::process::exit(3);
                }
            }
        });
    if watchdog.is_err() {
        return ExitCode::from(2);
    }
    let served = std::thread::Builder::new()
        .name("extract-worker".into())
        .stack_size(super::guard::STACK_SIZE)
        .spawn(move || serve_loop(busy_until));
    match served.map(|h| h.join()) {
        Ok(Ok(Ok(()))) => ExitCode::SUCCESS,
        _ => ExitCode::from(2),
    }
}

fn serve_loop(busy_until: &Mutex<Option<Instant>>) -> io::Result<()> {
    let mut stdin = io::stdin().lock();
    let mut stdout = io::stdout().lock();
    loop {
        let frame = match read_frame(&mut stdin, REQUEST_MAGIC) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => return Ok(()),
            Err(e) => return Err(e),
        };
        let (reader, deadline, bytes) = decode_request(&frame)
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "bad request"))?;
        if let Ok(mut g) = busy_until.lock() {
            *g = Some(Instant::now() + deadline + Duration::from_secs(1));
        }
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reader.run(bytes)))
            .unwrap_or(Err(ExtractError::Panicked {
                format: reader.format(),
            }));
        if let Ok(mut g) = busy_until.lock() {
            *g = None;
        }
        let mut out = Vec::new();
        encode_result(&mut out, &r);
        write_frame(&mut stdout, RESPONSE_MAGIC, &out)?;
    }
}

// ------------------------------------------------------------ wire format

fn write_frame(w: &mut impl Write, magic: &[u8; 4], payload: &[u8]) -> io::Result<()> {
    w.write_all(magic)?;
    w.write_all(&(payload.len() as u64).to_le_bytes())?;
    w.write_all(payload)?;
    w.flush()
}

fn read_frame(r: &mut impl Read, magic: &[u8; 4]) -> io::Result<Vec<u8>> {
    let mut head = [0u8; 12];
    r.read_exact(&mut head)?;
    if &head[..4] != magic {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "bad magic"));
    }
    let mut len = [0u8; 8];
    len.copy_from_slice(&head[4..]);
    let len = u64::from_le_bytes(len);
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "frame too large",
        ));
    }
    let mut buf = Vec::new();
    r.take(len).read_to_end(&mut buf)?;
    if buf.len() as u64 != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(buf)
}

fn encode_request(reader: Reader, deadline: Duration, bytes: &[u8]) -> Vec<u8> {
    let (code, arg) = reader.code();
    let mut p = Vec::with_capacity(bytes.len() + 32);
    p.push(code);
    p.extend_from_slice(&arg.to_le_bytes());
    p.extend_from_slice(&(deadline.as_millis().min(u64::MAX as u128) as u64).to_le_bytes());
    p.extend_from_slice(bytes);
    let mut frame = Vec::with_capacity(p.len() + 12);
    // Writing to a Vec cannot fail.
    let _ = write_frame(&mut frame, REQUEST_MAGIC, &p);
    frame
}

fn decode_request(p: &[u8]) -> Option<(Reader, Duration, &[u8])> {
    let mut c = Cursor(p);
    let code = c.u8()?;
    let arg = c.u64()?;
    let millis = c.u64()?;
    Some((
        Reader::from_code(code, arg)?,
        Duration::from_millis(millis),
        c.0,
    ))
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u64).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn encode_result(out: &mut Vec<u8>, r: &Result<Extracted, ExtractError>) {
    match r {
        Ok(doc) => {
            out.push(0);
            out.extend_from_slice(&doc.pages.to_le_bytes());
            out.extend_from_slice(&(doc.lines.len() as u64).to_le_bytes());
            for l in &doc.lines {
                put_str(out, &l.text);
                out.extend_from_slice(&l.page.to_le_bytes());
                for f in [l.x, l.y, l.size, l.gap_before] {
                    out.extend_from_slice(&f.to_bits().to_le_bytes());
                }
                out.push(u8::from(l.bold));
                out.push(l.column);
                out.push(match l.origin {
                    Origin::Body => 0,
                    Origin::Table => 1,
                    Origin::Header => 2,
                    Origin::Footer => 3,
                    Origin::TextBox => 4,
                });
            }
            out.extend_from_slice(&(doc.links.len() as u64).to_le_bytes());
            for s in &doc.links {
                put_str(out, s);
            }
            // What the reader left out (hidden text, pages, truncation).
            let o = &doc.omitted;
            out.extend_from_slice(&o.hidden_chars.to_le_bytes());
            out.push(o.hidden_kinds);
            out.extend_from_slice(&o.pages_skipped.to_le_bytes());
            out.push(u8::from(o.truncated));
        }
        Err(e) => {
            out.push(1);
            encode_error(out, e);
        }
    }
}

fn encode_error(out: &mut Vec<u8>, e: &ExtractError) {
    use ExtractError as E;
    let u = |out: &mut Vec<u8>, n: u64| out.extend_from_slice(&n.to_le_bytes());
    match e {
        E::Empty => out.push(0),
        E::TooLarge { size, limit } => {
            out.push(1);
            u(out, *size as u64);
            u(out, *limit as u64);
        }
        E::Unsupported(what) => {
            out.push(2);
            put_str(out, what);
        }
        E::Encrypted => out.push(3),
        E::NoTextLayer => out.push(4),
        E::NoText { format } => {
            out.push(5);
            put_str(out, format);
        }
        E::Corrupt { format, detail } => {
            out.push(6);
            put_str(out, format);
            put_str(out, detail);
        }
        E::Bomb { limit } => {
            out.push(7);
            u(out, *limit);
        }
        E::Timeout(d) => {
            out.push(8);
            u(out, d.as_nanos().min(u64::MAX as u128) as u64);
        }
        E::Panicked { format } => {
            out.push(9);
            put_str(out, format);
        }
        E::Busy { abandoned } => {
            out.push(10);
            u(out, *abandoned as u64);
        }
        E::Worker(detail) => {
            out.push(11);
            put_str(out, detail);
        }
    }
}

/// A forward-only reader over a payload; `None` past its end.
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if n > self.0.len() {
            return None;
        }
        let (a, b) = self.0.split_at(n);
        self.0 = b;
        Some(a)
    }
    fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    fn u32(&mut self) -> Option<u32> {
        let mut a = [0u8; 4];
        a.copy_from_slice(self.take(4)?);
        Some(u32::from_le_bytes(a))
    }
    fn u64(&mut self) -> Option<u64> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Some(u64::from_le_bytes(a))
    }
    fn f32(&mut self) -> Option<f32> {
        self.u32().map(f32::from_bits)
    }
    fn string(&mut self) -> Option<String> {
        let n = usize::try_from(self.u64()?).ok()?;
        String::from_utf8(self.take(n)?.to_vec()).ok()
    }
    /// A string that the error type holds as `&'static str`: the worker is
    /// this same binary, so it is one of a handful of constants; they are
    /// interned (leaked once each, at most [`MAX_INTERNED`] of them).
    fn static_str(&mut self) -> Option<&'static str> {
        intern(&self.string()?)
    }
}

const MAX_INTERNED: usize = 256;

fn intern(s: &str) -> Option<&'static str> {
    static TABLE: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    for known in ["PDF", "DOCX", "TEST"] {
        if s == known {
            return Some(known);
        }
    }
    let mut t = TABLE.lock().ok()?;
    if let Some(k) = t.iter().find(|k| **k == s) {
        return Some(*k);
    }
    if t.len() >= MAX_INTERNED {
        return Some("(unknown)");
    }
    let leaked: &'static str = Box::leak(s.to_owned().into_boxed_str());
    t.push(leaked);
    Some(leaked)
}

/// Decode a worker's result; `Err` names the fault (then the worker is killed).
fn decode_result(
    p: &[u8],
    format: &'static str,
) -> Result<Result<Extracted, ExtractError>, &'static str> {
    let mut c = Cursor(p);
    let r = match c.u8().ok_or("empty")? {
        0 => Ok(decode_doc(&mut c, format).ok_or("bad document")?),
        1 => Err(decode_error(&mut c).ok_or("bad error")?),
        _ => return Err("bad tag"),
    };
    if !c.0.is_empty() {
        return Err("trailing bytes");
    }
    Ok(r)
}

fn decode_doc(c: &mut Cursor<'_>, format: &'static str) -> Option<Extracted> {
    let pages = c.u32()?;
    let n = usize::try_from(c.u64()?).ok()?;
    let mut lines = Vec::with_capacity(n.min(c.0.len() / 30 + 1));
    for _ in 0..n {
        let text = c.string()?;
        let page = c.u32()?;
        let (x, y, size, gap_before) = (c.f32()?, c.f32()?, c.f32()?, c.f32()?);
        let bold = c.u8()? != 0;
        let column = c.u8()?;
        let origin = match c.u8()? {
            0 => Origin::Body,
            1 => Origin::Table,
            2 => Origin::Header,
            3 => Origin::Footer,
            4 => Origin::TextBox,
            _ => return None,
        };
        lines.push(Line {
            text,
            page,
            x,
            y,
            size,
            bold,
            column,
            gap_before,
            origin,
        });
    }
    let n = usize::try_from(c.u64()?).ok()?;
    let mut links = Vec::with_capacity(n.min(c.0.len() / 8 + 1));
    for _ in 0..n {
        links.push(c.string()?);
    }
    let omitted = super::Omitted {
        hidden_chars: c.u32()?,
        hidden_kinds: c.u8()?,
        pages_skipped: c.u32()?,
        truncated: c.u8()? != 0,
    };
    Some(Extracted {
        format: match format {
            "PDF" => Format::Pdf,
            "DOCX" => Format::Docx,
            _ => Format::Text,
        },
        pages,
        lines,
        links,
        omitted,
    })
}

fn decode_error(c: &mut Cursor<'_>) -> Option<ExtractError> {
    use ExtractError as E;
    let usize_of = |n: u64| usize::try_from(n).ok();
    Some(match c.u8()? {
        0 => E::Empty,
        1 => E::TooLarge {
            size: usize_of(c.u64()?)?,
            limit: usize_of(c.u64()?)?,
        },
        2 => E::Unsupported(c.static_str()?),
        3 => E::Encrypted,
        4 => E::NoTextLayer,
        5 => E::NoText {
            format: c.static_str()?,
        },
        6 => E::Corrupt {
            format: c.static_str()?,
            detail: c.string()?,
        },
        7 => E::Bomb { limit: c.u64()? },
        8 => E::Timeout(Duration::from_nanos(c.u64()?)),
        9 => E::Panicked {
            format: c.static_str()?,
        },
        10 => E::Busy {
            abandoned: usize_of(c.u64()?)?,
        },
        11 => E::Worker(c.string()?),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(r: Result<Extracted, ExtractError>, format: &'static str) {
        let mut out = Vec::new();
        encode_result(&mut out, &r);
        let back = decode_result(&out, format);
        match (&r, back) {
            (Ok(a), Ok(Ok(b))) => {
                assert_eq!(a.lines, b.lines);
                assert_eq!((a.pages, &a.links, a.format), (b.pages, &b.links, b.format));
            }
            (Err(a), Ok(Err(b))) => assert_eq!(a, &b),
            (a, b) => panic!("{a:?} came back as {b:?}"),
        }
    }

    #[test]
    fn results_survive_the_wire() {
        let line = Line {
            text: "Jane Doe\tCV".into(),
            page: 2,
            x: 72.125,
            y: f32::MIN_POSITIVE,
            size: 11.3,
            bold: true,
            column: 1,
            gap_before: 0.1,
            origin: Origin::TextBox,
        };
        roundtrip(
            Ok(Extracted {
                format: Format::Pdf,
                pages: 3,
                lines: vec![line.clone(), line],
                links: vec!["mailto:a@b.c".into()],
                omitted: super::super::Omitted {
                    hidden_chars: 12,
                    hidden_kinds: 3,
                    pages_skipped: 50,
                    truncated: true,
                },
            }),
            "PDF",
        );
        for e in [
            ExtractError::Empty,
            ExtractError::TooLarge { size: 9, limit: 4 },
            ExtractError::Unsupported("an Excel file"),
            ExtractError::Encrypted,
            ExtractError::NoTextLayer,
            ExtractError::NoText { format: "DOCX" },
            ExtractError::Corrupt {
                format: "PDF",
                detail: "xref".into(),
            },
            ExtractError::Bomb { limit: 7 },
            ExtractError::Timeout(Duration::from_millis(1500)),
            ExtractError::Panicked { format: "DOCX" },
            ExtractError::Busy { abandoned: 3 },
            ExtractError::Worker("x".into()),
        ] {
            roundtrip(Err(e), "DOCX");
        }
    }

    #[test]
    fn garbage_is_a_fault_not_a_panic() {
        for p in [
            &b""[..],
            b"\x00\x01",
            b"\x01\x63",
            b"\x00\0\0\0\0\xff\xff\xff\xff\xff\xff\xff\xff",
        ] {
            assert!(decode_result(p, "PDF").is_err(), "{p:?}");
        }
        let mut r = &b"XXXX\0\0\0\0\0\0\0\0"[..];
        assert!(read_frame(&mut r, RESPONSE_MAGIC).is_err());
        let mut r = &b"RPR1\xff\xff\xff\xff\xff\xff\xff\xff"[..];
        assert!(read_frame(&mut r, RESPONSE_MAGIC).is_err());
    }

    #[test]
    fn requests_survive_the_wire() {
        let f = encode_request(
            Reader::Docx { max_inflated: 99 },
            Duration::from_millis(1234),
            b"abc",
        );
        let mut r = &f[..];
        let p = read_frame(&mut r, REQUEST_MAGIC).unwrap_or_default();
        assert_eq!(
            decode_request(&p),
            Some((
                Reader::Docx { max_inflated: 99 },
                Duration::from_millis(1234),
                &b"abc"[..]
            ))
        );
    }
}
