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
