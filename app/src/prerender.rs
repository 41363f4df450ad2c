//! The start page pre-rendered into `index.html` by the build
//! (`app/prerender.mjs`, called from `app/postbuild.mjs`): readable before the
//! wasm arrives, replaced by the app once it is mounted.
//!
//! Its Start button is a link to `#document` (no script needed), so a click
//! that comes before the app is ready is not lost: the page shows the
//! document page's MRZ box (CSS `:target`), where the MRZ can be typed at
//! once; the app, once mounted, opens the document page with what was typed
//! (and the focus, if the traveler was typing) and checks it.

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

/// What the traveler did on the pre-rendered page before the app arrived.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Taken {
    /// Start was followed (the URL carried [`START_HASH`]).
    pub started: bool,
    /// What was typed in the pre-rendered MRZ box.
    pub mrz: String,
    /// The MRZ box had the focus (the traveler was typing).
    pub typing: bool,
}

/// Removes the pre-rendered page and returns what was done on it (the URL's
/// hash is cleared without a new history entry).
pub fn take() -> Taken {
    let doc = document();
    let typed = doc
        .query_selector(&format!("[{MARK}] #mrz"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok());
    let mrz = typed
        .as_ref()
        .map(web_sys::HtmlTextAreaElement::value)
        .unwrap_or_default();
    let typing = match (typed, doc.active_element()) {
        (Some(t), Some(active)) => {
            let t: &web_sys::Element = t.as_ref();
            *t == active
        }
        _ => false,
    };
    if let Ok(nodes) = doc.query_selector_all(&format!("[{MARK}]")) {
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
    Taken {
        started,
        mrz,
        typing,
    }
}
