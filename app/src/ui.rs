//! Shared pieces of every page: the error summary, labelled inputs,
//! buttons, focus handling.

use crate::checks;
use crate::i18n::{Key, field_message};
use crate::state::{FieldIssue, form, lang};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whether the portal runs as a kiosk (a shared device): then no input
/// offers the browser's saved answers of an earlier traveler.
pub fn kiosk() -> bool {
    use_context::<crate::state::Kiosk>().is_some_and(|k| k.0)
}

/// The `autocomplete` attribute of an input: `off` in kiosk mode, whatever
/// the input's own hint; otherwise the hint (`off` when it has none).
pub fn autocomplete_hint(hint: Option<&'static str>) -> &'static str {
    if kiosk() {
        "off"
    } else {
        hint.unwrap_or("off")
    }
}

/// Whether an input must be filled in (the checker's rules: given names
/// may be left empty), for `aria-required` and "(optional)".
pub fn is_optional(id: &str) -> bool {
    crate::i18n::OPTIONAL_INPUTS.contains(&id)
}

/// Runs `f` once the DOM reflects the latest state changes.
pub fn after_render(f: impl FnOnce() + 'static) {
    #[cfg(target_arch = "wasm32")]
    request_animation_frame(f);
    #[cfg(not(target_arch = "wasm32"))]
    drop(f);
}

/// Whether this browser can give the page a camera at all.
pub fn camera_available() -> bool {
    let devices = js_sys::Reflect::get(&window().navigator(), &"mediaDevices".into())
        .unwrap_or(wasm_bindgen::JsValue::UNDEFINED);
    !devices.is_undefined()
        && js_sys::Reflect::get(&devices, &"getUserMedia".into()).is_ok_and(|f| f.is_function())
}

/// Stops whichever camera runs (the QR reader's, the MRZ reader's):
/// leaving a page, a kiosk reset.
pub fn stop_cameras() {
    for reader in [
        crate::lazy::qr_reader_loaded(),
        crate::lazy::mrz_reader_loaded(),
    ]
    .into_iter()
    .flatten()
    {
        let _ = crate::lazy::call(&reader, "stop", &js_sys::Array::new());
    }
}

/// Focuses the element with this id (if it exists).
pub fn focus_id(id: &str) -> bool {
    let Some(el) = document().get_element_by_id(id) else {
        return false;
    };
    match el.dyn_into::<web_sys::HtmlElement>() {
        Ok(html) => html.focus().is_ok(),
        Err(_) => false,
    }
}

/// Focuses the page heading, so screen readers announce the new page.
pub fn focus_main_heading() {
    focus_id("page-heading");
}

/// Shows the error summary and moves focus to it.
pub fn show_summary() {
    let f = form();
    f.show_summary.set(true);
    after_render(|| {
        focus_id("error-summary");
    });
}

/// The translated message of a finding, prefixed with the traveler when
/// the group has more than one.
fn summary_text(fi: &FieldIssue, travelers: usize) -> String {
    let l = lang();
    let msg = field_message(l, &fi.id, &fi.issue);
    match checks::locate(&fi.issue.field) {
        Some((_, Some(i), _)) if travelers > 1 => {
            let n = (i + 1).to_string();
            format!(
                "{}: {msg}",
                crate::i18n::tf(l, Key::TravelerN, &[("n", &n)])
            )
        }
        _ => msg,
    }
}

/// "There is a problem" with a link to each input in error.
#[component]
pub fn ErrorSummary() -> impl IntoView {
    let f = form();
    let items = move || {
        f.errors.with(|e| {
            e.iter()
                .filter(|fi| fi.issue.is_error())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let visible = move || f.show_summary.get() && !items().is_empty();
    view! {
        <Show when=visible>
            <div class="error-summary" id="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
                <h2 class="error-summary-title" id="error-summary-title">{move || lang().t(Key::ThereIsAProblem)}</h2>
                <ul class="error-summary-list">
                    {move || {
                        let n = f.travelers.with(Vec::len);
                        items()
                            .into_iter()
                            .map(|fi| {
                                let text = summary_text(&fi, n);
                                let href = format!("#{}", fi.id);
                                let field = fi.issue.field.clone();
                                let id = fi.id.clone();
                                view! {
                                    <li>
                                        <a href=href on:click=move |ev| {
                                            ev.prevent_default();
                                            follow_link(&id, &field);
                                        }>{text}</a>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </div>
        </Show>
    }
}

/// Focuses the input in error, going to its page first when needed.
fn follow_link(id: &str, field: &str) {
    if focus_id(id) {
        return;
    }
    let f = form();
    if let Some((step, traveler, id)) = checks::locate(field) {
        if let Some(i) = traveler {
            f.current.set(i);
        }
        f.return_to.set(Some(f.step.get_untracked()));
        f.go(step);
        after_render(move || {
            focus_id(&id);
        });
    }
}

/// Findings for one input (reactive).
pub fn issues_for(id: String) -> Memo<Vec<FieldIssue>> {
    let f = form();
    Memo::new(move |_| {
        f.errors
            .with(|e| e.iter().filter(|fi| fi.id == id).cloned().collect())
    })
}

/// Error and warning messages under an input.
#[component]
fn FieldMessages(id: &'static str, issues: Memo<Vec<FieldIssue>>) -> impl IntoView {
    let errors = move || {
        issues
            .get()
            .into_iter()
            .filter(|fi| fi.issue.is_error())
            .collect::<Vec<_>>()
    };
    let warnings = move || {
        issues
            .get()
            .into_iter()
            .filter(|fi| !fi.issue.is_error())
            .collect::<Vec<_>>()
    };
    view! {
        <Show when=move || !errors().is_empty()>
            <p class="error-message" id=format!("{id}-error")>
                {move || {
                    let l = lang();
                    errors()
                        .into_iter()
                        .map(|fi| view! {
                            <span class="visually-hidden">{l.t(Key::ErrorPrefix)}" "</span>
                            <span>{field_message(l, id, &fi.issue)}" "</span>
                        })
                        .collect_view()
                }}
            </p>
        </Show>
        <Show when=move || !warnings().is_empty()>
            <p class="warning-message" id=format!("{id}-warning")>
                {move || {
                    let l = lang();
                    warnings()
                        .into_iter()
                        .map(|fi| view! {
                            <strong>{l.t(Key::WarningPrefix)}" "</strong>
                            <span>{field_message(l, id, &fi.issue)}" "</span>
                        })
                        .collect_view()
                }}
            </p>
        </Show>
    }
}

fn described_by(id: &str, hint: bool, issues: &[FieldIssue]) -> Option<String> {
    let mut ids = Vec::new();
    if hint {
        ids.push(format!("{id}-hint"));
    }
    if issues.iter().any(|fi| fi.issue.is_error()) {
        ids.push(format!("{id}-error"));
    }
    if issues.iter().any(|fi| !fi.issue.is_error()) {
        ids.push(format!("{id}-warning"));
    }
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// A labelled text input with hint, messages and ARIA wiring.
#[component]
pub fn TextField(
    id: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] on_input: Callback<String>,
    #[prop(into)] on_blur: Callback<()>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] class: Option<&'static str>,
) -> impl IntoView {
    let issues = issues_for(id.to_owned());
    let has_error = move || issues.get().iter().any(|fi| fi.issue.is_error());
    let optional = is_optional(id);
    let autocomplete = autocomplete_hint(autocomplete);
    view! {
        <div class="field" class:field-error=has_error>
            <label class="label" for=id>{move || lang().input_label(label, optional)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{move || lang().t(h)}</p> })}
            <FieldMessages id=id issues=issues />
            <input
                class=move || format!("input {}", class.unwrap_or_default())
                id=id
                name=id
                type=kind
                autocomplete=autocomplete
                aria-required=(!optional).then_some("true")
                inputmode=inputmode
                spellcheck="false"
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || described_by(id, hint.is_some(), &issues.get())
                prop:value=move || value.get()
                on:input=move |ev| {
                    let _ = on_input.try_run(event_target_value(&ev));
                }
                on:blur=move |_| {
                    // Also fired when the page is being replaced: the callback may be gone.
                    let _ = on_blur.try_run(());
                }
            />
        </div>
    }
}

/// A labelled select.
#[component]
pub fn SelectField(
    id: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(into)] on_change: Callback<String>,
) -> impl IntoView {
    let issues = issues_for(id.to_owned());
    let has_error = move || issues.get().iter().any(|fi| fi.issue.is_error());
    let optional = is_optional(id);
    view! {
        <div class="field" class:field-error=has_error>
            <label class="label" for=id>{move || lang().input_label(label, optional)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{move || lang().t(h)}</p> })}
            <FieldMessages id=id issues=issues />
            <select
                class="select"
                id=id
                name=id
                autocomplete=autocomplete_hint(None)
                aria-required=(!optional).then_some("true")
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || described_by(id, hint.is_some(), &issues.get())
                on:change=move |ev| {
                    let _ = on_change.try_run(event_target_value(&ev));
                }
            >
                <option value="" selected=move || value.get().is_empty()>{move || lang().t(Key::Choose)}</option>
                {move || {
                    let current = value.get();
                    options
                        .get()
                        .into_iter()
                        .map(|(v, text)| {
                            let selected = v == current;
                            view! { <option value=v selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// The page heading (focus target when a page opens).
#[component]
pub fn Heading(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! { <h1 class="heading" id="page-heading" tabindex="-1">{move || text.get()}</h1> }
}

/// Mouse down on a page button keeps the focus where it is, so the field
/// being left is not blurred (and re-checked, adding or removing messages
/// above the button) between mouse down and up, which would move the button
/// away from the pointer and lose the click. Continue checks every field anyway.
pub fn keep_focus(ev: web_sys::MouseEvent) {
    ev.prevent_default();
}

/// "Back" and "Continue" buttons.
#[component]
pub fn NavButtons(
    #[prop(into)] on_back: Option<Callback<()>>,
    #[prop(into)] on_continue: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="button-group">
            <button type="button" class="button" id="continue" on:mousedown=keep_focus on:click=move |_| on_continue.run(())>{move || lang().t(Key::Continue)}</button>
            {on_back.map(|back| view! {
                <button type="button" class="button button-secondary" id="back" on:mousedown=keep_focus on:click=move |_| back.run(())>
                    {move || lang().t(Key::Back)}
                </button>
            })}
        </div>
    }
}
