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
//! A connection that is closed while idle has nothing acknowledged in
//! flight; one that is busy is shut down gracefully (its response is
//! finished first).

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::net::TcpListener;
use tokio::sync::{Notify, oneshot};
use tower::ServiceExt;

/// Default cap on concurrent connections.
pub const DEFAULT_MAX_CONNECTIONS: usize = 512;

/// Default time a client has to send a complete request head.
pub const DEFAULT_HEAD_TIMEOUT: Duration = Duration::from_secs(10);

/// Largest request head (request line and headers): a browser's POST has
/// well under 2 KiB. Larger heads get `431` and the connection is closed.
pub const MAX_HEAD_SIZE: usize = 16 * 1024;

/// Per-connection read buffer cap (hyper's default is about 400 KiB; with
/// hundreds of connections that would be a lot of memory an attacker could
/// make the server hold).
const MAX_BUF_SIZE: usize = 64 * 1024;

/// Connection limits.
#[derive(Debug, Clone, Copy)]
pub struct ConnLimits {
    /// Most connections kept open at once.
    pub max_connections: usize,
    /// Time allowed for a request head (and for an idle keep-alive connection).
    pub head_timeout: Duration,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            max_connections: DEFAULT_MAX_CONNECTIONS,
            head_timeout: DEFAULT_HEAD_TIMEOUT,
        }
    }
}

#[derive(Debug)]
struct Conn {
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

    /// Makes room for one more connection; false when every connection is busy.
    fn admit(&self, max: usize) -> bool {
        let mut conns = self.lock();
        let open = conns.values().filter(|c| c.close.is_some()).count();
        if open < max {
            return true;
        }
        let oldest_idle = conns
            .iter_mut()
            .filter(|(_, c)| c.close.is_some() && c.busy.load(Ordering::Acquire) == 0)
            .min_by_key(|(_, c)| c.idle_since)
            .map(|(_, c)| c);
        match oldest_idle.and_then(|c| c.close.take()) {
            Some(close) => {
                let _ = close.send(());
                true
            }
            None => false,
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
        if !tracker.admit(max) {
            // At most one line a second, however many are refused.
            if last_refusal_log.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
                tracing::warn!(
                    max_connections = max,
                    "connection refused: every connection is busy"
                );
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
    let conn = builder.serve_connection(TokioIo::new(stream), service);
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
