//! The document page's "Scan with camera" and "Use a photo": the MRZ read
//! in the browser by the recognizer (crate mrz-ocr-wasm) in a Web Worker,
//! loaded only when the traveler presses one of them
//! ([`crate::lazy::mrz_reader`], app/mrzscan.js, app/mrzworker.js).
//! Frames and photos are read in memory and dropped: nothing is stored or
//! sent. A camera read is taken only once two frames gave the same MRZ,
//! valid by the checker; a photo's read only when the checker confirmed it.

use crate::i18n::Key;
use crate::state::lang;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;

/// What the reader is doing, and what the status line says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanStatus {
    Idle,
    /// The reader loading, the camera starting.
    Starting,
    /// Frames being read; the recognizer's latest hint.
    Scanning(Option<Key>),
    CameraFailed,
    LoadFailed,
    PhotoReading,
    PhotoNotFound,
    /// An MRZ was read and put in the MRZ box.
    Read,
}

impl ScanStatus {
    /// Whether the camera is on (or being started).
    pub fn camera_on(self) -> bool {
        matches!(self, ScanStatus::Starting | ScanStatus::Scanning(_))
    }

    /// The text of the status line.
    pub fn message(self) -> Option<Key> {
        match self {
            ScanStatus::Idle | ScanStatus::Starting => None,
            ScanStatus::Scanning(hint) => Some(hint.unwrap_or(Key::MrzScanScanning)),
            ScanStatus::CameraFailed => Some(Key::MrzScanCameraFailed),
            ScanStatus::LoadFailed => Some(Key::MrzReaderFailed),
            ScanStatus::PhotoReading => Some(Key::MrzPhotoReading),
            ScanStatus::PhotoNotFound => Some(Key::MrzPhotoNotFound),
            ScanStatus::Read => Some(Key::MrzScanRead),
        }
    }
}

/// The text of a recognizer hint code (`mrz_ocr::Hint::code`); the first
/// known code of `codes` wins.
pub fn hint_key<'a>(codes: impl IntoIterator<Item = &'a str>) -> Option<Key> {
    codes.into_iter().find_map(|c| match c {
        "ocr.tooDark" => Some(Key::MrzHintTooDark),
        "ocr.glare" => Some(Key::MrzHintGlare),
        "ocr.moveCloser" => Some(Key::MrzHintMoveCloser),
        "ocr.holdStill" => Some(Key::MrzHintHoldStill),
        _ => None,
    })
}

/// Today for the checker inside the recognizer (`YYYY-MM-DD`).
fn today() -> JsValue {
    JsValue::from_str(&crate::checks::today().to_string())
}

/// Whether `status` still exists (the page was not left) and is `want`.
fn still(status: RwSignal<ScanStatus>, want: ScanStatus) -> bool {
    status.try_get_untracked() == Some(want)
}

/// Starts the camera into `video`; `on_mrz` gets the agreed MRZ.
async fn start_camera(
    status: RwSignal<ScanStatus>,
    video: web_sys::HtmlElement,
    on_mrz: Callback<String>,
) {
    let Ok(reader) = crate::lazy::mrz_reader().await else {
        status.try_set(ScanStatus::LoadFailed);
        return;
    };
    // Stopped, or the page left, while the reader loaded: no camera.
    if !still(status, ScanStatus::Starting) {
        return;
    }
    let on_hints = Closure::<dyn FnMut(js_sys::Array)>::new(move |codes: js_sys::Array| {
        let codes: Vec<String> = codes.iter().filter_map(|c| c.as_string()).collect();
        let next = ScanStatus::Scanning(hint_key(codes.iter().map(String::as_str)));
        // Set only on a change, so the live region speaks once per hint.
        if status
            .try_get_untracked()
            .is_some_and(|s| s.camera_on() && s != next)
        {
            status.try_set(next);
        }
    })
    .into_js_value();
    let on_text = Closure::once_into_js(move |mrz: String| {
        if status
            .try_get_untracked()
            .is_some_and(ScanStatus::camera_on)
        {
            status.try_set(ScanStatus::Read);
            on_mrz.run(mrz);
        }
    });
    let args = js_sys::Array::of4(&video, &today(), &on_hints, &on_text);
    let started = crate::lazy::call_await(&reader, "start", &args).await;
    match started {
        Ok(_) => {
            if still(status, ScanStatus::Starting) {
                status.try_set(ScanStatus::Scanning(None));
            }
        }
        Err(_) => {
            if still(status, ScanStatus::Starting) {
                status.try_set(ScanStatus::CameraFailed);
            }
        }
    }
}

/// Reads the photo chosen in `input`; `on_mrz` gets its MRZ.
async fn read_photo(
    status: RwSignal<ScanStatus>,
    input: web_sys::HtmlInputElement,
    on_mrz: Callback<String>,
) {
    let file = js_sys::Reflect::get(&input, &"files".into())
        .and_then(|files| js_sys::Reflect::get_u32(&files, 0))
        .unwrap_or(JsValue::UNDEFINED);
    if file.is_undefined() || file.is_null() {
        return;
    }
    // The same photo may be chosen again; the page keeps no reference to it.
    input.set_value("");
    crate::ui::stop_cameras();
    status.try_set(ScanStatus::PhotoReading);
    let Ok(reader) = crate::lazy::mrz_reader().await else {
        status.try_set(ScanStatus::LoadFailed);
        return;
    };
    let args = js_sys::Array::of2(&file, &today());
    let read = crate::lazy::call_await(&reader, "photo", &args).await;
    if !still(status, ScanStatus::PhotoReading) {
        return;
    }
    match read
        .ok()
        .and_then(|v| v.as_string())
        .filter(|t| !t.is_empty())
    {
        Some(mrz) => {
            status.try_set(ScanStatus::Read);
            on_mrz.run(mrz);
        }
        None => {
            status.try_set(ScanStatus::PhotoNotFound);
        }
    }
}

/// "Scan with camera" (when the browser has a camera), "Use a photo", the
/// live picture with its guide frame, and one status line for hints and
/// outcomes. `on_mrz` gets an MRZ read (lines joined by newlines).
#[component]
pub fn MrzScan(on_mrz: Callback<String>) -> impl IntoView {
    let status = RwSignal::new(ScanStatus::Idle);
    let has_camera = crate::ui::camera_available();
    // The camera never outlives the page (Back, Continue, a kiosk reset).
    on_cleanup(crate::ui::stop_cameras);
    let toggle = move |_| {
        if status.get_untracked().camera_on() {
            crate::ui::stop_cameras();
            status.set(ScanStatus::Idle);
            return;
        }
        let Some(video) = document()
            .get_element_by_id("mrz-video")
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        status.set(ScanStatus::Starting);
        leptos::task::spawn_local(start_camera(status, video, on_mrz));
    };
    let photo = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        leptos::task::spawn_local(read_photo(status, input, on_mrz));
    };
    let on = move || status.get().camera_on();
    view! {
        <div class="mrz-scan" class:scan-on=on>
            <p class="hint" id="mrz-scan-privacy">{move || lang().t(Key::MrzScanPrivacy)}</p>
            <div class="button-group mrz-scan-buttons">
                {has_camera.then(|| view! {
                    <button type="button" class="button button-secondary" id="scan-mrz"
                        aria-controls="mrz-video" aria-describedby="mrz-scan-privacy"
                        aria-pressed=move || if on() { "true" } else { "false" }
                        on:click=toggle>
                        {move || lang().t(if on() { Key::MrzScanStop } else { Key::MrzScanCamera })}
                    </button>
                })}
                <label class="button button-secondary file-button" id="mrz-photo-label">
                    {move || lang().t(Key::MrzScanPhoto)}
                    // No autofill: nothing of a photo is remembered (and
                    // kiosk mode wants every control's autocomplete off).
                    <input type="file" class="file-input" id="mrz-photo" accept="image/*"
                        capture="environment" autocomplete="off" aria-describedby="mrz-scan-privacy"
                        on:change=photo />
                </label>
            </div>
            <p class="status" id="mrz-scan-status" role="status" aria-live="polite">
                {move || status.get().message().map(|k| lang().t(k))}
            </p>
            <div class="mrz-scan-view" class:hidden=move || !matches!(status.get(), ScanStatus::Scanning(_))>
                <video id="mrz-video" class="scan-video" muted=true playsinline=true
                    aria-label=move || lang().t(Key::MrzScanScanning)></video>
                <div class="mrz-guide" aria-hidden="true"></div>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_and_statuses_have_their_texts() {
        assert_eq!(hint_key(["ocr.tooDark"]), Some(Key::MrzHintTooDark));
        assert_eq!(
            hint_key(["ocr.unknown", "ocr.glare", "ocr.holdStill"]),
            Some(Key::MrzHintGlare)
        );
        assert_eq!(hint_key(["ocr.moveCloser"]), Some(Key::MrzHintMoveCloser));
        assert_eq!(hint_key(["ocr.holdStill"]), Some(Key::MrzHintHoldStill));
        assert_eq!(hint_key([]), None);
        assert_eq!(
            ScanStatus::Scanning(None).message(),
            Some(Key::MrzScanScanning)
        );
        assert_eq!(
            ScanStatus::Scanning(Some(Key::MrzHintGlare)).message(),
            Some(Key::MrzHintGlare)
        );
        assert_eq!(ScanStatus::Idle.message(), None);
        assert!(ScanStatus::Starting.camera_on());
        assert!(!ScanStatus::Read.camera_on());
        assert!(!ScanStatus::PhotoNotFound.camera_on());
    }
}
