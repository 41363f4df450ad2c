//! `agency serve`: the intake. It accepts sealed envelopes, checks their
//! structure, version and key id without decrypting, stores them durably and
//! answers with a receipt.

use crate::envelope_api::{self as envelope, Kem, PublicKeyConfig};
use crate::listener::{self, ConnLimits};
use crate::proxy::TrustedProxies;
use crate::ratelimit::RateLimiter;
use crate::receipt::ReceiptKey;
use crate::store::{NewSubmission, PutOutcome, Receipt, Store};
use crate::util;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use serde::Serialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::services::fs::ServeFileSystemResponseBody;
use tower_http::services::{ServeDir, ServeFile};

/// Largest `enc` of the supported KEMs.
const MAX_ENC_LEN: usize = {
    let (a, b) = (Kem::XWing.enc_len(), Kem::X25519.enc_len());
    if a > b { a } else { b }
};

/// Default body cap: the largest envelope [`envelope::parse_header`] can
/// accept: the fixed header, the largest meta, the largest `enc` (X-Wing)
/// and the largest ciphertext (the padded record cap plus the tag).
/// 17 + 1,024 + 1,120 + 36,880 = 39,041 bytes today.
pub const DEFAULT_MAX_BODY: usize = envelope::FIXED_HEADER_LEN
    + envelope::MAX_META_LEN
    + MAX_ENC_LEN
    + envelope::MAX_CIPHERTEXT_LEN;

/// Default admission limit: submissions being handled at once.
pub const DEFAULT_MAX_IN_FLIGHT: usize = 256;

/// Default free-disk watermark: 256 MiB.
pub const DEFAULT_MIN_FREE_DISK: u64 = 256 * 1024 * 1024;

/// How long a free-disk reading and a health result are reused.
const CHECK_CACHE: Duration = Duration::from_secs(1);

/// `Retry-After` when too many submissions are in flight.
const RETRY_AFTER_BUSY: u64 = 2;

/// `Retry-After` when the disk is below the watermark or the store failed.
const RETRY_AFTER_STORAGE: u64 = 30;

/// How long a client may take to send the body.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);

/// Path of the submission endpoint.
pub const SUBMISSIONS_PATH: &str = "/api/v1/submissions";

/// Everything `serve` needs besides the store.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    /// Accepted public keys.
    pub keys: Vec<PublicKeyConfig>,
    /// The key receipts are signed with.
    pub receipt_key: ReceiptKey,
    /// Body cap in bytes.
    pub max_body: usize,
    /// Submissions per minute per client address; 0 turns the limit off.
    pub rate_limit_per_min: u32,
    /// Proxies whose `Forwarded` / `X-Forwarded-For` give the client address.
    pub trusted_proxies: TrustedProxies,
    /// Most submissions handled at once; above it, 503.
    pub max_in_flight: usize,
    /// Free bytes the database's file system must keep; below it, 503.
    pub min_free_disk: u64,
    /// Origins allowed to post cross-origin (CORS).
    pub cors_origins: Vec<String>,
    /// Extra origins for the CSP `connect-src` of the served portal.
    pub connect_origins: Vec<String>,
    /// Portal folder to serve, if any.
    pub static_dir: Option<PathBuf>,
}

#[derive(Clone)]
struct AppState {
    store: Arc<dyn Store>,
    keys: Arc<HashMap<[u8; 8], PublicKeyConfig>>,
    receipt_key: Arc<ReceiptKey>,
    max_body: usize,
    limiter: Option<Arc<RateLimiter>>,
    proxies: Arc<TrustedProxies>,
    admission: Arc<Semaphore>,
    disk: Arc<DiskWatch>,
    health: Arc<HealthCache>,
}

/// The free-disk watermark, read at most once per [`CHECK_CACHE`].
struct DiskWatch {
    store: Arc<dyn Store>,
    min_free: u64,
    last: Mutex<Option<(Instant, bool)>>,
}

impl DiskWatch {
    /// Whether the store's disk is below the watermark.
    fn low(&self) -> bool {
        if self.min_free == 0 {
            return false;
        }
        let mut last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((at, low)) = *last
            && at.elapsed() < CHECK_CACHE
        {
            return low;
        }
        let low = match self.store.free_bytes() {
            Ok(Some(free)) => free < self.min_free,
            Ok(None) => false,
            Err(e) => {
                // Cannot tell: do not refuse on that alone; a failing write
                // still answers 503.
                tracing::warn!(error = %e, "free disk space unknown");
                false
            }
        };
        if low && !last.is_some_and(|(_, was)| was) {
            tracing::warn!(
                min_free = self.min_free,
                "free disk space below the watermark: refusing submissions"
            );
        }
        *last = Some((Instant::now(), low));
        low
    }
}

/// Why `/healthz` fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unhealthy {
    DiskLow,
    Storage,
}

/// The last `/healthz` result, reused for [`CHECK_CACHE`]; one check at a time.
#[derive(Default)]
struct HealthCache {
    running: tokio::sync::Mutex<()>,
    last: Mutex<Option<(Instant, Result<(), Unhealthy>)>>,
}

impl HealthCache {
    fn fresh(&self) -> Option<Result<(), Unhealthy>> {
        let last = self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        last.and_then(|(at, r)| (at.elapsed() < CHECK_CACHE).then_some(r))
    }

    fn any(&self) -> Option<Result<(), Unhealthy>> {
        self.last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .map(|(_, r)| r)
    }

    fn set(&self, r: Result<(), Unhealthy>) {
        *self
            .last
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some((Instant::now(), r));
    }
}

/// A JSON error `{code, message}`.
#[derive(Debug, Serialize)]
struct ApiError {
    code: &'static str,
    message: String,
}

fn with_retry_after(mut r: Response, secs: u64) -> Response {
    if let Ok(v) = HeaderValue::from_str(&secs.to_string()) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

fn storage_full() -> Response {
    with_retry_after(
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_full",
            "the intake's disk is nearly full; nothing was stored, retry later",
        ),
        RETRY_AFTER_STORAGE,
    )
}

fn storage_unavailable(message: &str) -> Response {
    with_retry_after(
        error(
            StatusCode::SERVICE_UNAVAILABLE,
            "storage_unavailable",
            message.to_owned(),
        ),
        RETRY_AFTER_STORAGE,
    )
}

fn error(status: StatusCode, code: &'static str, message: impl Into<String>) -> Response {
    (
        status,
        Json(ApiError {
            code,
            message: message.into(),
        }),
    )
        .into_response()
}

/// Checks an origin as given on the command line: `scheme://host[:port]`.
pub fn check_origin(origin: &str) -> Result<HeaderValue, String> {
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .ok_or_else(|| format!("origin {origin:?} must start with https:// or http://"))?;
    let ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    if !ok {
        return Err(format!(
            "origin {origin:?} must be scheme://host[:port], without path"
        ));
    }
    HeaderValue::from_str(origin).map_err(|e| format!("origin {origin:?}: {e}"))
}

/// The Content-Security-Policy for the portal.
pub fn content_security_policy(connect_origins: &[String]) -> String {
    let mut connect = String::from("'self'");
    for o in connect_origins {
        connect.push(' ');
        connect.push_str(o);
    }
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src {connect}; font-src 'self'; manifest-src 'self'; worker-src 'self'; base-uri 'none'; \
         form-action 'none'; frame-ancestors 'none'"
    )
}

/// Builds the application. Fails on an invalid configuration.
pub fn router(store: Arc<dyn Store>, config: &ServerConfig) -> Result<Router, String> {
    let mut keys = HashMap::new();
    for k in &config.keys {
        k.validate()
            .map_err(|e| format!("key config {}: {e}", k.kid))?;
        let id = k
            .key_id()
            .map_err(|e| format!("key config {}: {e}", k.kid))?;
        if keys.insert(id, k.clone()).is_some() {
            return Err(format!("key id {} configured twice", k.kid));
        }
    }
    if keys.is_empty() {
        return Err("at least one --key-config is needed".into());
    }
    let mut cors_origins = Vec::new();
    for o in &config.cors_origins {
        cors_origins.push(check_origin(o)?);
    }
    for o in &config.connect_origins {
        check_origin(o)?;
    }
    let csp = HeaderValue::from_str(&content_security_policy(&config.connect_origins))
        .map_err(|e| format!("content security policy: {e}"))?;
    if config.max_in_flight == 0 {
        return Err("--max-in-flight must be at least 1".into());
    }
    store.sign_receipts_with(&config.receipt_key);
    let state = AppState {
        store: store.clone(),
        keys: Arc::new(keys),
        receipt_key: Arc::new(config.receipt_key.clone()),
        max_body: config.max_body,
        limiter: (config.rate_limit_per_min > 0)
            .then(|| Arc::new(RateLimiter::new(config.rate_limit_per_min))),
        proxies: Arc::new(config.trusted_proxies.clone()),
        admission: Arc::new(Semaphore::new(config.max_in_flight)),
        disk: Arc::new(DiskWatch {
            store,
            min_free: config.min_free_disk,
            last: Mutex::new(None),
        }),
        health: Arc::new(HealthCache::default()),
    };

    let mut api = Router::new().route(
        SUBMISSIONS_PATH,
        post(submit).fallback(|| async {
            error(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                "use POST",
            )
        }),
    );
    if !cors_origins.is_empty() {
        api = api.layer(
            CorsLayer::new()
                .allow_origin(AllowOrigin::list(cors_origins))
                .allow_methods([Method::POST])
                .allow_headers([header::CONTENT_TYPE])
                .max_age(Duration::from_secs(600)),
        );
    }
    let mut app = Router::new()
        .merge(api)
        .route("/healthz", get(healthz))
        .route("/api/{*rest}", axum::routing::any(api_not_found))
        .with_state(state);
    app = match &config.static_dir {
        Some(dir) => app.fallback_service(static_files(dir)),
        None => {
            app.fallback(|| async { error(StatusCode::NOT_FOUND, "not_found", "no such resource") })
        }
    };
    let app = app
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let csp = csp.clone();
            async move { security_headers(req, next, csp).await }
        }))
        .layer(middleware::from_fn(access_log));
    Ok(app)
}

/// Cache-Control of files whose name carries the build's content hash.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Cache-Control of everything else that is static: revalidate every time.
const NO_CACHE: &str = "no-cache";

/// The portal folder: precompressed `.br`/`.gz` variants chosen by
/// `Accept-Encoding` (br, then gzip, then the file itself), unknown paths
/// answered with `index.html` (the SPA fallback, precompressed too), and
/// [`static_headers`] on every answer.
///
/// tower-http's `ServeDir` sets `Content-Encoding` and keeps the original
/// file's `Content-Type`, but sends no `Vary`, and its fallback is a
/// separate service that does not inherit the precompression settings:
/// both are added here.
fn static_files(dir: &Path) -> Router {
    let index = ServeFile::new(dir.join("index.html"))
        .precompressed_br()
        .precompressed_gzip();
    // The fallback may answer any path, a hashed-looking one included:
    // never let index.html be cached as immutable.
    let index = ServiceExt::<Request>::map_response(
        index,
        |mut r: Response<ServeFileSystemResponseBody>| {
            r.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
            r
        },
    );
    let files = ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(static_headers))
}

/// Whether `file_name` carries Trunk's content hash: `NAME-<hex>[_bg].EXT`,
/// e.g. `portal-3f2a9c1b0d4e5f67_bg.wasm` or `app-0123456789abcdef.css`.
/// Trunk writes a 64-bit hash in hex without leading zeros, so the hash has
/// 16 digits, or fewer when it begins with zeros (1 build in 16 has 15):
/// 12 to 16 digits are accepted.
pub fn is_hashed_asset(file_name: &str) -> bool {
    let Some((stem, ext)) = file_name.rsplit_once('.') else {
        return false;
    };
    if ext.is_empty() {
        return false;
    }
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    let Some((name, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    !name.is_empty()
        && (12..=16).contains(&hash.len())
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// `Vary: Accept-Encoding` on every static answer (the body depends on it),
/// and the long-lived `Cache-Control` on hashed files actually served (a
/// new build gives them new names). Everything else gets `no-cache` from
/// [`security_headers`].
async fn static_headers(req: Request, next: Next) -> Response {
    let hashed = req
        .uri()
        .path()
        .rsplit('/')
        .next()
        .is_some_and(is_hashed_asset);
    let mut response = next.run(req).await;
    let status = response.status();
    let h = response.headers_mut();
    let has_vary = h
        .get_all(header::VARY)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .any(|v| v.trim().eq_ignore_ascii_case("accept-encoding"));
    if !has_vary {
        h.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if hashed
        && (status.is_success() || status == StatusCode::NOT_MODIFIED)
        && !h.contains_key(header::CACHE_CONTROL)
    {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(IMMUTABLE));
    }
    response
}

async fn api_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "no such API endpoint")
}

/// Logs method, path, status and latency: nothing else (no query string,
/// no addresses, no bodies).
async fn access_log(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let start = Instant::now();
    let response = next.run(req).await;
    tracing::info!(
        method = %method,
        path = %path,
        status = response.status().as_u16(),
        latency_ms = start.elapsed().as_secs_f64() * 1000.0,
        "request"
    );
    response
}

async fn security_headers(req: Request, next: Next, csp: HeaderValue) -> Response {
    let path = req.uri().path();
    let is_api = path.starts_with("/api/") || path == "/healthz";
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(header::CONTENT_SECURITY_POLICY, csp);
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static(
            "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
        ),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if is_api {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    } else if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static(NO_CACHE));
    }
    response
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
}

/// Whether a write would succeed now: the disk above the watermark and the
/// store able to commit. Reused for a second and run one at a time, so a
/// flood of `/healthz` costs the writer at most one ping per second.
async fn health(state: &AppState) -> Result<(), Unhealthy> {
    if let Some(r) = state.health.fresh() {
        return r;
    }
    let _running = match state.health.running.try_lock() {
        Ok(guard) => guard,
        Err(_) => {
            // Another request is checking: its predecessor's answer will do.
            if let Some(r) = state.health.any() {
                return r;
            }
            state.health.running.lock().await
        }
    };
    if let Some(r) = state.health.fresh() {
        return r;
    }
    let result = if state.disk.low() {
        Err(Unhealthy::DiskLow)
    } else {
        let store = state.store.clone();
        match tokio::task::spawn_blocking(move || store.health()).await {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                tracing::warn!(error = %e, "health check failed");
                Err(Unhealthy::Storage)
            }
            Err(_) => Err(Unhealthy::Storage),
        }
    };
    state.health.set(result);
    result
}

async fn healthz(State(state): State<AppState>) -> Response {
    match health(&state).await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok" })).into_response(),
        Err(Unhealthy::DiskLow) => storage_full(),
        Err(Unhealthy::Storage) => storage_unavailable("the database is unavailable"),
    }
}

fn is_octet_stream(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/octet-stream"))
}

async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    // Everything that can be refused from the head is, before the rate
    // limit: a request refused here spends no token.
    if !is_octet_stream(&headers) {
        return error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Content-Type must be application/octet-stream",
        );
    }
    let too_large = || {
        error(
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            format!("the envelope is larger than {} bytes", state.max_body),
        )
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > state.max_body as u64) {
        return too_large();
    }
    if state.disk.low() {
        return storage_full();
    }
    if let Some(limiter) = &state.limiter
        && let Err(wait) = limiter.check(state.proxies.client_addr(peer.ip(), &headers))
    {
        let secs = wait.as_secs().max(1);
        return with_retry_after(
            error(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limited",
                format!("too many submissions from this address; retry in {secs} s"),
            ),
            secs,
        );
    }
    let bytes =
        match tokio::time::timeout(BODY_TIMEOUT, read_body(body, state.max_body, declared)).await {
            Err(_) => {
                return error(
                    StatusCode::REQUEST_TIMEOUT,
                    "request_timeout",
                    "the body took too long",
                );
            }
            Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => return too_large(),
            Ok(Err(_)) => {
                return error(
                    StatusCode::BAD_REQUEST,
                    "bad_body",
                    "the body could not be read",
                );
            }
            Ok(Ok(bytes)) => bytes,
        };
    // Admission is taken once the body is in: a body that trickles in
    // holds only its connection (bounded per address by the listener),
    // never a place of the limit.
    let Ok(_admitted) = state.admission.clone().try_acquire_owned() else {
        return with_retry_after(
            error(
                StatusCode::SERVICE_UNAVAILABLE,
                "overloaded",
                "too many submissions in progress; retry shortly",
            ),
            RETRY_AFTER_BUSY,
        );
    };
    let header = match check_envelope(&state, &bytes) {
        Ok(h) => h,
        Err(r) => return *r,
    };
    let submission_id = header.meta.submission_id;
    let sub = NewSubmission {
        submission_id: submission_id.clone(),
        key_id: util::hex(&header.key_id),
        sha256: util::sha256_hex(&bytes),
        received_at: util::now_utc(),
        // Moved, not copied: the one buffer the body was read into.
        envelope: bytes,
    };
    let (tx, rx) = tokio::sync::oneshot::channel();
    state.store.put_with(
        sub,
        Box::new(move |outcome| {
            let _ = tx.send(outcome);
        }),
    );
    match rx.await {
        Ok(Ok(PutOutcome::Created(receipt))) => {
            receipt_response(&state, StatusCode::CREATED, &submission_id, &receipt)
        }
        Ok(Ok(PutOutcome::Duplicate(receipt))) => {
            receipt_response(&state, StatusCode::OK, &submission_id, &receipt)
        }
        Ok(Ok(PutOutcome::Conflict)) => error(
            StatusCode::CONFLICT,
            "submission_conflict",
            "this submissionId was already received with different content",
        ),
        Ok(Err(e)) => {
            tracing::error!(error = %e, "storing a submission failed");
            storage_unavailable("the submission could not be stored; retry")
        }
        Err(_) => storage_unavailable("the store stopped; retry"),
    }
}

/// Reads the body, at most `max` bytes, into one buffer sized from
/// `Content-Length`: one copy out of hyper's buffers, none afterwards (the
/// buffer becomes [`NewSubmission::envelope`]).
async fn read_body(
    body: Body,
    max: usize,
    declared: Option<u64>,
) -> Result<Vec<u8>, axum::BoxError> {
    let capacity = declared.map_or(0, |n| usize::try_from(n).unwrap_or(max).min(max));
    let mut buf = Vec::with_capacity(capacity);
    let mut body = Limited::new(body, max);
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            buf.extend_from_slice(&data);
        }
    }
    Ok(buf)
}

/// The store's receipt, signed with the receipt key (`docs/envelope.md`,
/// "Receipts"). Ed25519 is deterministic: a replay gets the same signature.
fn receipt_response(
    state: &AppState,
    status: StatusCode,
    submission_id: &str,
    receipt: &Receipt,
) -> Response {
    let key = &state.receipt_key;
    let signed = match &receipt.signature {
        // Signed by the store during its commit, with this key.
        Some(s) if s.kid == key.kid() => key.with_signature(
            &receipt.reference,
            submission_id,
            &receipt.sha256,
            &receipt.received_at,
            s.signature.clone(),
        ),
        _ => key.sign(
            &receipt.reference,
            submission_id,
            &receipt.sha256,
            &receipt.received_at,
        ),
    };
    (status, Json(signed)).into_response()
}

/// Checks an envelope without decrypting it: structure and version (by
/// [`envelope::parse_header`]), key id and suite against the configured
/// keys, and the cleartext meta.
fn check_envelope(state: &AppState, bytes: &[u8]) -> Result<envelope::Header, Box<Response>> {
    let header = envelope::parse_header(bytes).map_err(|e| {
        let code = e.code();
        let (status, api_code, what) = match code {
            "envelope.version" => (
                StatusCode::BAD_REQUEST,
                "unsupported_version",
                "unsupported envelope version",
            ),
            "envelope.meta" => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_meta",
                "the envelope meta is invalid",
            ),
            "envelope.unknown_suite" => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "unsupported_suite",
                "unsupported suite",
            ),
            _ => (
                StatusCode::BAD_REQUEST,
                "malformed_envelope",
                "the envelope is malformed",
            ),
        };
        Box::new(error(status, api_code, format!("{what} ({code})")))
    })?;
    let Some(config) = state.keys.get(&header.key_id) else {
        return Err(Box::new(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unknown_key",
            format!("key id {} is not accepted here", util::hex(&header.key_id)),
        )));
    };
    if (header.kem, header.kdf, header.aead) != (config.kem, config.kdf, config.aead) {
        return Err(Box::new(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_suite",
            format!(
                "suite kem={:#06x} kdf={:#06x} aead={:#06x} does not match key {}",
                header.kem, header.kdf, header.aead, config.kid
            ),
        )));
    }
    if let Err(why) = check_meta(&header.meta) {
        return Err(Box::new(error(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_meta",
            why,
        )));
    }
    Ok(header)
}

/// The cleartext meta. [`envelope::parse_header`] has already checked the
/// `submissionId` (lowercase UUID v4) and `createdAt` (RFC 3339 UTC)
/// formats; this checks them again (defence in depth) and that the record
/// schema is one this agency reads.
pub fn check_meta(meta: &envelope::Meta) -> Result<(), String> {
    meta.validate().map_err(|e| e.to_string())?;
    if meta.schema == 0 || meta.schema > checker_wasm::record::SCHEMA_VERSION {
        return Err(format!(
            "schema {} is not supported (1 to {})",
            meta.schema,
            checker_wasm::record::SCHEMA_VERSION
        ));
    }
    Ok(())
}

/// Runs the server on `listener` until SIGINT or SIGTERM, with the
/// connection cap and head timeout of `limits` (see [`crate::listener`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    limits: ConnLimits,
) -> std::io::Result<()> {
    listener::serve(listener, app, limits, shutdown_signal()).await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_checked() {
        assert!(check_origin("https://portal.example.jp").is_ok());
        assert!(check_origin("http://127.0.0.1:8080").is_ok());
        assert!(check_origin("https://x.example/path").is_err());
        assert!(check_origin("https://x.example; script-src *").is_err());
        assert!(check_origin("ftp://x").is_err());
    }

    #[test]
    fn csp_lists_connect_origins() {
        let csp = content_security_policy(&["https://intake.example".into()]);
        assert!(
            csp.contains("connect-src 'self' https://intake.example;"),
            "{csp}"
        );
        assert!(csp.starts_with("default-src 'none';"));
        assert!(csp.ends_with("frame-ancestors 'none'"));
    }

    #[test]
    fn csp_allows_own_workers_and_manifest() {
        let csp = content_security_policy(&[]);
        assert!(csp.contains("; worker-src 'self';"), "{csp}");
        assert!(csp.contains("; manifest-src 'self';"), "{csp}");
    }

    #[test]
    fn hashed_asset_names() {
        for name in [
            "portal-3f2a9c1b0d4e5f67_bg.wasm",
            "portal-3f2a9c1b0d4e5f67.js",
            "app-0123456789abcdef.css",
            "boot-ABCDEF0123456789.js",
            "my-app-0123456789abcdef.js",
            // Trunk's hash without its leading zero (seen: portal-ddc7b4e39e55a85).
            "portal-ddc7b4e39e55a85_bg.wasm",
            "portal-ddc7b4e39e55.js",
        ] {
            assert!(is_hashed_asset(name), "{name}");
        }
        for name in [
            "index.html",
            "config.json",
            "sw.js",
            "manifest.webmanifest",
            "portal-3f2a9c1b0d4.js",
            "portal-3f2a9c1b0d4e5f678.js",
            "logo-2024.svg",
            "portal-3f2a9c1b0d4e5g67.js",
            "-0123456789abcdef.js",
            "portal-0123456789abcdef",
            "portal-0123456789abcdef.",
            "portal_0123456789abcdef.js",
            "",
        ] {
            assert!(!is_hashed_asset(name), "{name}");
        }
    }

    /// A store whose health check is slow and counted.
    #[derive(Default)]
    struct CountingStore {
        pings: std::sync::atomic::AtomicUsize,
    }

    impl Store for CountingStore {
        fn put_with(&self, _sub: NewSubmission, reply: crate::store::PutReply) {
            reply(Err(crate::store::StoreError::new("not in this test")));
        }
        fn health(&self) -> Result<(), crate::store::StoreError> {
            self.pings.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(200));
            Ok(())
        }
    }

    impl crate::store::Archive for CountingStore {
        fn list_since(
            &self,
            _since: Option<&str>,
            _each: &mut dyn FnMut(crate::store::StoredSubmission) -> std::ops::ControlFlow<()>,
        ) -> Result<(), crate::store::StoreError> {
            Ok(())
        }
        fn count(&self) -> Result<u64, crate::store::StoreError> {
            Ok(0)
        }
        fn find(
            &self,
            _id: &str,
        ) -> Result<Option<crate::store::StoredSubmission>, crate::store::StoreError> {
            Ok(None)
        }
        fn find_reference(
            &self,
            _reference: &str,
        ) -> Result<Vec<crate::store::StoredSubmission>, crate::store::StoreError> {
            Ok(Vec::new())
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_healthz_flood_costs_one_store_check() {
        let store = Arc::new(CountingStore::default());
        let (_, key) = envelope::generate_keypair_os(Kem::X25519).unwrap();
        let config = ServerConfig {
            keys: vec![key],
            receipt_key: ReceiptKey::from_bytes(&[9; 32]),
            max_body: DEFAULT_MAX_BODY,
            rate_limit_per_min: 0,
            trusted_proxies: TrustedProxies::default(),
            max_in_flight: DEFAULT_MAX_IN_FLIGHT,
            min_free_disk: DEFAULT_MIN_FREE_DISK,
            cors_origins: Vec::new(),
            connect_origins: Vec::new(),
            static_dir: None,
        };
        let app = router(store.clone(), &config).unwrap();
        let calls: Vec<_> = (0..500)
            .map(|_| {
                let app = app.clone();
                tokio::spawn(async move {
                    let req = Request::builder()
                        .uri("/healthz")
                        .body(Body::empty())
                        .unwrap();
                    app.oneshot(req).await.unwrap().status()
                })
            })
            .collect();
        for c in calls {
            assert_eq!(c.await.unwrap(), StatusCode::OK);
        }
        let pings = store.pings.load(std::sync::atomic::Ordering::SeqCst);
        assert!(pings <= 2, "{pings} store checks for 500 /healthz");
        // Past the second, the next request checks again.
        tokio::time::sleep(CHECK_CACHE + Duration::from_millis(50)).await;
        let req = Request::builder()
            .uri("/healthz")
            .body(Body::empty())
            .unwrap();
        assert_eq!(app.oneshot(req).await.unwrap().status(), StatusCode::OK);
        assert_eq!(
            store.pings.load(std::sync::atomic::Ordering::SeqCst),
            pings + 1
        );
    }

    #[test]
    fn default_body_cap_is_the_largest_valid_envelope() {
        // X-Wing has the larger `enc`; tests/abuse.rs builds an envelope of
        // exactly this size and the intake stores it.
        assert!(Kem::XWing.enc_len() >= Kem::X25519.enc_len());
        assert_eq!(
            DEFAULT_MAX_BODY,
            envelope::FIXED_HEADER_LEN
                + envelope::MAX_META_LEN
                + Kem::XWing.enc_len()
                + envelope::padded_len(envelope::MAX_RECORD_LEN)
                + envelope::TAG_LEN
        );
    }

    #[test]
    fn meta_rules() {
        let good = envelope::Meta::new(
            "6f1c1f38-5c1a-4c59-9a39-3c2f0a6b8e11",
            "2025-01-01T00:00:00Z",
            1,
        );
        assert!(check_meta(&good).is_ok());
        let mut m = good.clone();
        m.submission_id = "not-a-uuid".into();
        assert!(check_meta(&m).is_err());
        let mut m = good.clone();
        m.submission_id = "6f1c1f385c1a4c599a393c2f0a6b8e11".into();
        assert!(check_meta(&m).is_err());
        let mut m = good.clone();
        m.created_at = "yesterday".into();
        assert!(check_meta(&m).is_err());
        let mut m = good;
        m.schema = 99;
        assert!(check_meta(&m).is_err());
    }
}
