//! `agency serve`: the intake. It accepts sealed envelopes, checks their
//! structure, version and key id without decrypting, stores them durably and
//! answers with a receipt.
//!
//! About 550 lines: the router and the submit path, read top to bottom;
//! health, static files and the tests are in the files beside it.

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

mod health;
mod web;

use health::{DiskWatch, HealthCache, healthz};
pub use web::is_hashed_asset;
use web::{access_log, api_not_found, security_headers, static_files};

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
mod tests;
