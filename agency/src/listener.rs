//! The accept loop: HTTP/1.1 connections with a cap on their number and a
//! timeout for the request head.
//!
//! * Every connection must send a complete request head within the head
//!   timeout, counted from the moment the server starts waiting for one: at
//!   accept, and again after each response (so an idle keep-alive
//!   connection is closed after that long too). A client that sends nothing,
//!   or sends its headers a byte at a time, is disconnected.
//! * At most `max_connections` connections are kept. When a new one arrives
//!   at the cap, the connection that has been idle longest (no request being
//!   handled, no response being sent) is closed to make room; when every
//!   connection is busy, the new one is refused (closed at once). So a few
//!   hundred sockets opened and left silent cannot keep a genuine traveler
//!   out: the traveler's connection replaces the oldest of them.
//!
//! * At most `max_per_address` connections come from one client address
//!   (trusted proxies excepted: every client behind them shares their
//!   address). At that cap the address's own longest-idle connection makes
//!   room; when all of its connections are busy, the new one is refused. So
//!   one address cannot take the whole table, while travelers behind one
//!   NAT are not turned away for the idle sockets of others.
//! * A response that makes no progress for `send_timeout` (the client does
//!   not read it) fails the connection: a slow reader cannot keep a
//!   connection busy, and so safe from eviction, for ever.
//!
//! A connection that is closed while idle has nothing acknowledged in
//! flight; one that is busy is shut down gracefully (its response is
//! finished first).

use crate::proxy::TrustedProxies;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{Notify, oneshot};
use tower::ServiceExt;

/// Default cap on concurrent connections.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// Default time a client has to send a complete request head.
pub const DEFAULT_HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Default cap on connections from one client address.
pub const DEFAULT_MAX_PER_ADDRESS: usize = 64;

/// Default time a response may wait for the client to read it.
pub const DEFAULT_SEND_TIMEOUT: Duration = Duration::from_secs(15);

/// Largest request head (request line and headers): a browser's POST has
/// well under 2 KiB. Larger heads get `431` and the connection is closed.
pub const MAX_HEAD_SIZE: usize = 16 * 1024;

/// Per-connection read buffer cap (hyper's default is about 400 KiB; with
/// hundreds of connections that would be a lot of memory an attacker could
/// make the server hold).
const MAX_BUF_SIZE: usize = 64 * 1024;

/// Connection limits.
#[derive(Debug, Clone)]
pub struct ConnLimits {
    /// Most connections kept open at once.
    pub max_connections: usize,
    /// Most connections from one client address (trusted proxies excepted).
    pub max_per_address: usize,
    /// Time allowed for a request head (and for an idle keep-alive connection).
    pub head_timeout: Duration,
    /// Time a response may go without the client reading any of it.
    pub send_timeout: Duration,
    /// Addresses exempt from `max_per_address` (the trusted proxies).
    pub exempt: TrustedProxies,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            max_per_address: DEFAULT_MAX_PER_ADDRESS,
            head_timeout: DEFAULT_HEAD_TIMEOUT,
            send_timeout: DEFAULT_SEND_TIMEOUT,
            exempt: TrustedProxies::default(),
        }
    }
}

#[derive(Debug)]
struct Conn {
    /// The peer's address.
    ip: IpAddr,
    /// Requests being handled or responses being sent.
    busy: Arc<AtomicUsize>,
    /// Since when the connection is idle (or was accepted).
    idle_since: Instant,
    /// Tells the connection task to close; `None` once told.
    close: Option<oneshot::Sender<()>>,
}

#[derive(Debug, Default)]
struct Tracker {
    conns: Mutex<HashMap<u64, Conn>>,
    next_id: AtomicU64,
    gone: Notify,
}

impl Tracker {
    fn lock(&self) -> MutexGuard<'_, HashMap<u64, Conn>> {
        self.conns
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Makes room for one more connection from `ip`: under the address cap
    /// (`per_address`, when given) and the global one (`max`), closing the
    /// longest-idle connection of the address, or of all, when at a cap.
    /// False when that would take a busy connection.
    fn admit(&self, max: usize, ip: IpAddr, per_address: Option<usize>) -> Result<(), Refusal> {
        let mut conns = self.lock();
        if let Some(cap) = per_address {
            let from_ip = conns
                .values()
                .filter(|c| c.close.is_some() && c.ip == ip)
                .count();
            if from_ip >= cap && !close_oldest_idle(&mut conns, |c| c.ip == ip) {
                return Err(Refusal::Address);
            }
        }
        let open = conns.values().filter(|c| c.close.is_some()).count();
        if open < max || close_oldest_idle(&mut conns, |_| true) {
            Ok(())
        } else {
            Err(Refusal::Full)
        }
    }

    fn close_all(&self) {
        for c in self.lock().values_mut() {
            if let Some(close) = c.close.take() {
                let _ = close.send(());
            }
        }
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
        self.gone.notify_waiters();
    }

    fn mark_idle(&self, id: u64) {
        if let Some(c) = self.lock().get_mut(&id) {
            c.idle_since = Instant::now();
        }
    }
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refusal {
    /// Every connection is busy.
    Full,
    /// Every connection of this address is busy.
    Address,
}

/// Closes the longest-idle open connection among those `which` picks;
/// false when there is none.
fn close_oldest_idle(conns: &mut HashMap<u64, Conn>, which: impl Fn(&Conn) -> bool) -> bool {
    let oldest_idle = conns
        .values_mut()
        .filter(|c| c.close.is_some() && c.busy.load(Ordering::Acquire) == 0 && which(c))
        .min_by_key(|c| c.idle_since);
    match oldest_idle.and_then(|c| c.close.take()) {
        Some(close) => {
            let _ = close.send(());
            true
        }
        None => false,
    }
}

/// Counts a request as in progress until dropped.
struct BusyGuard {
    busy: Arc<AtomicUsize>,
    tracker: Arc<Tracker>,
    id: u64,
}

impl BusyGuard {
    fn new(busy: Arc<AtomicUsize>, tracker: Arc<Tracker>, id: u64) -> Self {
        busy.fetch_add(1, Ordering::AcqRel);
        BusyGuard { busy, tracker, id }
    }
}

impl Drop for BusyGuard {
    fn drop(&mut self) {
        if self.busy.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.tracker.mark_idle(self.id);
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets busy
/// connections finish their response and closes idle ones.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnLimits,
    shutdown: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let tracker = Arc::new(Tracker::default());
    let max = limits.max_connections.max(1);
    tokio::pin!(shutdown);
    let mut last_refusal_log: Option<Instant> = None;
    loop {
        let (stream, peer) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait, do not spin.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let per_address =
            (!limits.exempt.trusts(peer.ip())).then_some(limits.max_per_address.max(1));
        if let Err(why) = tracker.admit(max, peer.ip(), per_address) {
            // At most one line a second, however many are refused (and no
            // address in it).
            if last_refusal_log.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
                match why {
                    Refusal::Full => tracing::warn!(
                        max_connections = max,
                        "connection refused: every connection is busy"
                    ),
                    Refusal::Address => tracing::warn!(
                        max_per_address = limits.max_per_address,
                        "connection refused: every connection of its address is busy"
                    ),
                }
                last_refusal_log = Some(Instant::now());
            }
            drop(stream);
            continue;
        }
        let _ = stream.set_nodelay(true);
        let id = tracker.next_id.fetch_add(1, Ordering::Relaxed);
        let busy = Arc::new(AtomicUsize::new(0));
        let (close_tx, close_rx) = oneshot::channel();
        tracker.lock().insert(
            id,
            Conn {
                ip: peer.ip(),
                busy: busy.clone(),
                idle_since: Instant::now(),
                close: Some(close_tx),
            },
        );
        tokio::spawn(connection(
            stream,
            peer,
            app.clone(),
            limits.head_timeout,
            limits.send_timeout,
            tracker.clone(),
            id,
            busy,
            close_rx,
        ));
    }
    drop(listener);
    tracker.close_all();
    loop {
        let gone = tracker.gone.notified();
        if tracker.lock().is_empty() {
            break;
        }
        gone.await;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
async fn connection(
    stream: tokio::net::TcpStream,
    peer: SocketAddr,
    app: Router,
    head_timeout: Duration,
    send_timeout: Duration,
    tracker: Arc<Tracker>,
    id: u64,
    busy: Arc<AtomicUsize>,
    close: oneshot::Receiver<()>,
) {
    let service = {
        let (tracker, busy) = (tracker.clone(), busy.clone());
        hyper::service::service_fn(move |mut req: hyper::Request<Incoming>| {
            let guard = BusyGuard::new(busy.clone(), tracker.clone(), id);
            req.extensions_mut().insert(ConnectInfo(peer));
            let app = app.clone();
            async move {
                let response = app.oneshot(req.map(Body::new)).await;
                // Busy until the response body has been sent (or dropped).
                response.map(|r| {
                    r.map(|body| {
                        Body::new(body.map_frame(move |frame| {
                            let _ = &guard;
                            frame
                        }))
                    })
                })
            }
        })
    };
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(head_timeout)
        .max_header_size(MAX_HEAD_SIZE)
        .max_buf_size(MAX_BUF_SIZE)
        .keep_alive(true);
    let io = TokioIo::new(SendDeadline::new(stream, send_timeout));
    let conn = builder.serve_connection(io, service);
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = close => {
            if busy.load(Ordering::Acquire) > 0 {
                conn.as_mut().graceful_shutdown();
                let _ = conn.as_mut().await;
            }
            // Idle: dropped, which closes the socket.
        }
    }
    tracker.remove(id);
}

/// A stream whose writes fail once they have waited `timeout` without any
/// progress (the peer does not read). Reads are untouched (the head
/// timeout and the body timeout bound them).
struct SendDeadline {
    inner: TcpStream,
    timeout: Duration,
    /// Armed while a write is pending; reset by any progress.
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl SendDeadline {
    fn new(inner: TcpStream, timeout: Duration) -> Self {
        SendDeadline {
            inner,
            timeout,
            stalled: None,
        }
    }

    /// After the inner write returned `Pending`: fails when the stall has
    /// lasted too long, else stays pending (the timer wakes the task).
    fn pending<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        let timeout = self.timeout;
        let timer = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(timeout)));
        match timer.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading the response",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl AsyncRead for SendDeadline {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for SendDeadline {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, buf) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write_vectored(cx, bufs) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Pending => self.pending(cx),
            ready => {
                self.stalled = None;
                ready
            }
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
