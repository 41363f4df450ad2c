//! `/healthz` and the free-disk watermark: whether a write would succeed
//! now, checked cheaply enough that it cannot tie the server up.

use super::*;

/// The free-disk watermark, read at most once per [`CHECK_CACHE`].
pub(super) struct DiskWatch {
    pub(super) store: Arc<dyn Store>,
    pub(super) min_free: u64,
    pub(super) last: Mutex<Option<(Instant, bool)>>,
}

impl DiskWatch {
    /// Whether the store's disk is below the watermark.
    pub(super) fn low(&self) -> bool {
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
pub(super) struct HealthCache {
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

pub(super) async fn healthz(State(state): State<AppState>) -> Response {
    match health(&state).await {
        Ok(()) => (StatusCode::OK, Json(Health { status: "ok" })).into_response(),
        Err(Unhealthy::DiskLow) => storage_full(),
        Err(Unhealthy::Storage) => storage_unavailable("the database is unavailable"),
    }
}
