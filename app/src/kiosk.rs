//! Kiosk mode: an idle warning, then a full reset; a reset after the
//! receipt; large touch targets.

use crate::i18n::{Key, Lang, tf};
use crate::state::{LangCtx, Step, form, lang};
use leptos::prelude::*;

/// Seconds the "Are you still there?" dialog waits before clearing.
pub const WARNING_SECONDS: u32 = 30;
/// Seconds the receipt stays on screen in kiosk mode.
pub const RECEIPT_SECONDS: u32 = 60;

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// What the kiosk timer should do after `idle_s` idle seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KioskAction {
    /// Nothing.
    Wait,
    /// Show the warning dialog.
    Warn,
    /// Clear everything.
    Reset,
}

/// The decision, from the page, whether anything was entered, idle time,
/// and how long the warning has been shown.
pub fn decide(
    step: Step,
    pristine: bool,
    idle_s: f64,
    warned_s: Option<f64>,
    timeout_s: u32,
) -> KioskAction {
    if step == Step::Receipt {
        return if idle_s >= f64::from(RECEIPT_SECONDS.min(timeout_s)) {
            KioskAction::Reset
        } else {
            KioskAction::Wait
        };
    }
    match warned_s {
        Some(w) if w >= f64::from(WARNING_SECONDS) => KioskAction::Reset,
        Some(_) => KioskAction::Wait,
        None if step == Step::Start && pristine => KioskAction::Wait,
        None if idle_s >= f64::from(timeout_s) => KioskAction::Warn,
        None => KioskAction::Wait,
    }
}

/// The idle watcher and its dialog (rendered only in kiosk mode).
#[component]
pub fn KioskGuard(timeout_s: u32, default_lang: Lang) -> impl IntoView {
    let f = form();
    let lang_ctx = use_context::<LangCtx>();
    let last = StoredValue::new(now_ms());
    let warned_at: RwSignal<Option<f64>> = RwSignal::new(None);
    let remaining = RwSignal::new(WARNING_SECONDS);

    if let Some(body) = document().body() {
        let _ = body.class_list().add_1("kiosk");
    }

    let mut listeners = Vec::new();
    let win = window();
    for name in ["pointerdown", "keydown", "input", "touchstart", "wheel"] {
        listeners.push(gloo_events::EventListener::new(&win, name, move |_| {
            if warned_at.get_untracked().is_none() {
                last.set_value(now_ms());
            }
        }));
    }
    let reset = move || {
        warned_at.set(None);
        last.set_value(now_ms());
        // No camera outlives the traveler who started it.
        crate::ui::stop_cameras();
        f.reset();
        // The default language's pack was fetched when the kiosk started;
        // a language without its pack stays as it is.
        if let Some(l) = lang_ctx
            && crate::i18n::pack::is_installed(default_lang)
        {
            l.0.set(default_lang);
        }
    };
    // A page kept in the back-forward cache comes back as it was left: clear
    // it when it is hidden and again when it is shown from that cache, so
    // nothing of one traveler is reachable by Back or Forward.
    listeners.push(gloo_events::EventListener::new(
        &win,
        "pagehide",
        move |_| reset(),
    ));
    listeners.push(gloo_events::EventListener::new(
        &win,
        "pageshow",
        move |ev| {
            let persisted = js_sys::Reflect::get(ev, &"persisted".into())
                .ok()
                .and_then(|v| v.as_bool())
                .unwrap_or(false);
            if persisted {
                reset();
            }
        },
    ));
    let interval = gloo_timers::callback::Interval::new(1_000, move || {
        let now = now_ms();
        // Never clear the page while the record is being sealed and stored:
        // the traveler is waiting for it, not away.
        if f.send.get_untracked() == crate::state::SendState::Sending {
            last.set_value(now);
            return;
        }
        let idle_s = (now - last.get_value()) / 1000.0;
        let warned_s = warned_at.get_untracked().map(|w| (now - w) / 1000.0);
        let pristine = f.travelers.with_untracked(|t| {
            t.len() == 1 && t.first().is_some_and(|t| *t == Default::default())
        });
        if let Some(w) = warned_s {
            let left = f64::from(WARNING_SECONDS) - w;
            remaining.set(if left > 0.0 { left.ceil() as u32 } else { 0 });
        }
        match decide(
            f.step.get_untracked(),
            pristine,
            idle_s,
            warned_s,
            timeout_s,
        ) {
            KioskAction::Wait => {}
            KioskAction::Warn => {
                remaining.set(WARNING_SECONDS);
                warned_at.set(Some(now));
                crate::ui::after_render(|| {
                    crate::ui::focus_id("idle-continue");
                });
            }
            KioskAction::Reset => reset(),
        }
    });
    let keep = StoredValue::new_local((listeners, interval));
    on_cleanup(move || keep.dispose());

    let stay = move |_| {
        warned_at.set(None);
        last.set_value(now_ms());
    };
    view! {
        <Show when=move || warned_at.get().is_some()>
            <div class="dialog-backdrop">
                <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="idle-title" aria-describedby="idle-body" id="idle-dialog">
                    <h2 class="heading-m" id="idle-title">{move || lang().t(Key::StillThere)}</h2>
                    <p id="idle-body">{move || tf(lang(), Key::StillThereBody, &[("seconds", &remaining.get().to_string())])}</p>
                    <button type="button" class="button" id="idle-continue" on:click=stay>{move || lang().t(Key::Continue)}</button>
                </div>
            </div>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kiosk_decisions() {
        assert_eq!(
            decide(Step::Trip, false, 10.0, None, 120),
            KioskAction::Wait
        );
        assert_eq!(
            decide(Step::Trip, false, 120.0, None, 120),
            KioskAction::Warn
        );
        assert_eq!(
            decide(Step::Trip, false, 130.0, Some(10.0), 120),
            KioskAction::Wait
        );
        assert_eq!(
            decide(Step::Trip, false, 150.0, Some(30.0), 120),
            KioskAction::Reset
        );
        assert_eq!(
            decide(Step::Start, true, 500.0, None, 120),
            KioskAction::Wait
        );
        assert_eq!(
            decide(Step::Start, false, 500.0, None, 120),
            KioskAction::Warn
        );
        assert_eq!(
            decide(Step::Receipt, false, 30.0, None, 120),
            KioskAction::Wait
        );
        assert_eq!(
            decide(Step::Receipt, false, 60.0, None, 120),
            KioskAction::Reset
        );
        assert_eq!(
            decide(Step::Receipt, false, 20.0, None, 20),
            KioskAction::Reset
        );
    }
}
