//! The second wasm module (`app/lazy`, crate `portal-lazy`): sealing and the
//! receipt's QR code, kept out of the first load.
//!
//! The boot script written by `app/postbuild.mjs` defines
//! `globalThis.portalLazy()`: it imports the module's hashed JS file (same
//! origin, so the CSP's `script-src 'self'` allows it; precached by the
//! service worker, so it loads offline too), instantiates its wasm once and
//! resolves to its exports. [`prefetch`] starts that as soon as the document
//! page is shown; [`module`] awaits it (sealing does, on the review page).

use js_sys::{Array, Function, Reflect};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Name of the loader the boot script defines on the global object.
pub const LOADER: &str = "portalLazy";

thread_local! {
    static MODULE: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static QR_READER: RefCell<Option<JsValue>> = const { RefCell::new(None) };
    static MRZ_READER: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

/// The module's exports once loaded (`None` before, or when there is no loader).
pub fn loaded() -> Option<JsValue> {
    MODULE.with(|m| m.borrow().clone())
}

/// Loads the module (once; a failed load is tried again on the next call).
///
/// # Errors
/// No loader (the page was not started by the build's boot script), or the
/// module could not be fetched or instantiated.
pub async fn module() -> Result<JsValue, JsValue> {
    if let Some(m) = loaded() {
        return Ok(m);
    }
    let exports = load_with(LOADER).await?;
    MODULE.with(|m| *m.borrow_mut() = Some(exports.clone()));
    Ok(exports)
}

/// Starts loading the module in the background, once the current page has
/// been drawn (so it never competes with what the traveler is waiting for).
pub fn prefetch() {
    if loaded().is_some() {
        return;
    }
    gloo_timers::callback::Timeout::new(0, || {
        leptos::task::spawn_local(async {
            let _ = module().await;
        });
    })
    .forget();
}

/// Name of the loader of the QR reader and its camera code ("Check a
/// receipt"), defined by the boot script.
pub const QR_LOADER: &str = "portalQrRead";

/// Calls the boot script's loader `name` (it keeps its promise, so a
/// file is fetched once) and awaits what it resolves to.
async fn load_with(name: &str) -> Result<JsValue, JsValue> {
    let loader: Function = Reflect::get(&js_sys::global(), &JsValue::from_str(name))?
        .dyn_into()
        .map_err(|_| JsValue::from_str("no loader"))?;
    let promise: js_sys::Promise = loader
        .call0(&JsValue::UNDEFINED)?
        .dyn_into()
        .map_err(|_| JsValue::from_str("the loader did not return a promise"))?;
    JsFuture::from(promise).await
}

/// Loads the QR reader and its camera code (once; the boot script keeps
/// the promise): an object with `start(video, prefix, onText)` and `stop()`.
///
/// # Errors
/// No loader, or the files could not be fetched.
pub async fn qr_reader() -> Result<JsValue, JsValue> {
    let reader = load_with(QR_LOADER).await?;
    QR_READER.with(|m| *m.borrow_mut() = Some(reader.clone()));
    Ok(reader)
}

/// The QR reader once loaded by [`qr_reader`].
pub fn qr_reader_loaded() -> Option<JsValue> {
    QR_READER.with(|m| m.borrow().clone())
}

/// Name of the loader of the MRZ reader (the recognizer in its Web Worker
/// and the page-side camera and photo code), defined by the boot script.
pub const MRZ_LOADER: &str = "portalMrzRead";

/// Loads the MRZ reader (once): an object with `start(video, today,
/// onHints, onMrz)`, `stop()` and `photo(file, today)` (app/mrzscan.js).
///
/// # Errors
/// No loader, or the files or the recognizer could not be loaded.
pub async fn mrz_reader() -> Result<JsValue, JsValue> {
    let reader = load_with(MRZ_LOADER).await?;
    MRZ_READER.with(|m| *m.borrow_mut() = Some(reader.clone()));
    Ok(reader)
}

/// The MRZ reader once loaded by [`mrz_reader`].
pub fn mrz_reader_loaded() -> Option<JsValue> {
    MRZ_READER.with(|m| m.borrow().clone())
}

/// Calls `exports[name](...args)` and awaits what it returns (a promise,
/// or a plain value).
///
/// # Errors
/// No such function, it threw, or its promise was rejected.
pub async fn call_await(exports: &JsValue, name: &str, args: &Array) -> Result<JsValue, JsValue> {
    let returned = call(exports, name, args)?;
    JsFuture::from(js_sys::Promise::resolve(&returned)).await
}

/// Calls `exports[name](...args)`.
pub fn call(exports: &JsValue, name: &str, args: &Array) -> Result<JsValue, JsValue> {
    let f: Function = Reflect::get(exports, &JsValue::from_str(name))?
        .dyn_into()
        .map_err(|_| JsValue::from_str("the lazy module lacks a function"))?;
    f.apply(&JsValue::UNDEFINED, args)
}

/// `envelope::seal` in the lazy module: `public_key_json` is the config's
/// public key as JSON; `replaces` the submission id this one replaces.
///
/// # Errors
/// The module could not be loaded, or sealing failed (the error names why).
pub async fn seal(
    public_key_json: &str,
    submission_id: &str,
    created_at: &str,
    schema: u32,
    record_json: &[u8],
    replaces: Option<&str>,
) -> Result<Vec<u8>, JsValue> {
    let exports = module().await?;
    let args = Array::new();
    args.push(&JsValue::from_str(public_key_json));
    args.push(&JsValue::from_str(submission_id));
    args.push(&JsValue::from_str(created_at));
    args.push(&JsValue::from(schema));
    args.push(&js_sys::Uint8Array::from(record_json));
    args.push(&JsValue::from_str(replaces.unwrap_or_default()));
    let out = call(&exports, "seal", &args)?;
    Ok(js_sys::Uint8Array::new(&out).to_vec())
}

/// The QR code of `text` as `(size in modules with the quiet zone, SVG path
/// data)`, once the module is loaded (it is by the receipt page: sealing
/// needed it).
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    let exports = loaded()?;
    let args = Array::of1(&JsValue::from_str(text));
    let out = call(&exports, "qrPath", &args).ok()?.as_string()?;
    let (size, d) = out.split_once(' ')?;
    Some((size.parse().ok()?, d.to_owned()))
}
