//! The start page pre-rendered into `index.html` by the build
//! (`app/prerender.mjs`, called from `app/postbuild.mjs`): readable before the
//! wasm arrives, replaced by the app once it is mounted.
//!
//! Its Start button is a link to `#document` (no script needed), so a click
//! that comes before the app is ready is not lost: the page shows "Loading…"
//! (CSS `:target`) and the app, once mounted, opens the document page.

use leptos::prelude::document;
use wasm_bindgen::JsCast;

/// The attribute marking the pre-rendered elements.
pub const MARK: &str = "data-prerender";
/// The Start link's target: the app opens the document page when the URL
/// carries it.
pub const START_HASH: &str = "#document";

/// Whether the pre-rendered start page is still in the document.
pub fn present() -> bool {
    document()
        .query_selector(&format!("[{MARK}]"))
        .ok()
        .flatten()
        .is_some()
}

/// Removes the pre-rendered page; returns whether its Start link had been
/// followed (the URL's hash then is cleared, without a new history entry).
pub fn take() -> bool {
    if let Ok(nodes) = document().query_selector_all(&format!("[{MARK}]")) {
        for i in 0..nodes.length() {
            if let Some(e) = nodes
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                e.remove();
            }
        }
    }
    let win = leptos::prelude::window();
    let started = win.location().hash().is_ok_and(|h| h == START_HASH);
    if started {
        let path = win.location().pathname().unwrap_or_default();
        let search = win.location().search().unwrap_or_default();
        if let Ok(history) = win.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&format!("{path}{search}")),
            );
        }
    }
    started
}
