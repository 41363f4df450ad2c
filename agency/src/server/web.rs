//! The portal's static files (precompressed, cached by content hash) and
//! the headers of every answer: security headers, CSP, access log.

use super::*;

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
pub(super) fn static_files(dir: &Path) -> Router {
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

pub(super) async fn api_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "no such API endpoint")
}

/// Logs method, path, status and latency: nothing else (no query string,
/// no addresses, no bodies).
pub(super) async fn access_log(req: Request, next: Next) -> Response {
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

pub(super) async fn security_headers(req: Request, next: Next, csp: HeaderValue) -> Response {
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
