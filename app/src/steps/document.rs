//! Page 2: the travel document's machine-readable zone (typed, pasted, or
//! read by a document reader, or by the camera or from a photo
//! ([`crate::steps::mrz_scan`]), with the "Did you mean …?" repair.

use crate::checks::{self, normalized_mrz};
use crate::i18n::{Key, tf};
use crate::state::{FieldIssue, Step, config, form, lang};
use crate::steps::mrz_scan::MrzScan;
use crate::ui::{ErrorSummary, Heading, NavButtons, issues_for, show_summary};
use checker_wasm::{MrzReport, validate_mrz};
use leptos::prelude::*;

/// Checks the current traveler's MRZ, records the report and the findings.
/// Returns the report.
pub fn check_mrz() -> MrzReport {
    check_mrz_of(form())
}

/// [`check_mrz`] for a given form (usable outside the component tree).
pub fn check_mrz_of(f: crate::state::Form) -> MrzReport {
    let text = f.traveler().mrz;
    let report = validate_mrz(&normalized_mrz(&text).unwrap_or_default(), checks::today());
    let issues: Vec<FieldIssue> = report
        .issues
        .iter()
        .filter(|i| i.code != checker_wasm::Code::MrzSuggestion)
        .cloned()
        .map(|issue| FieldIssue {
            id: "mrz".to_owned(),
            issue,
        })
        .collect();
    f.errors.set(issues);
    f.mrz_report.set(Some(report.clone()));
    report
}

/// Continue on the document page: a valid MRZ fills the personal details.
pub fn continue_document() {
    let f = form();
    let report = check_mrz();
    if !report.valid {
        show_summary();
        return;
    }
    f.update_traveler(|t| t.fill_from(&report));
    f.go(Step::Personal);
}

/// Accepts the offered repair: replaces the MRZ and checks it again.
pub fn accept_suggestion() {
    let f = form();
    let Some(lines) = f
        .mrz_report
        .with_untracked(|r| r.as_ref().and_then(|r| r.suggestion.clone()))
    else {
        return;
    };
    f.update_traveler(|t| t.mrz = lines.lines.join("\n"));
    check_mrz();
    crate::ui::after_render(|| {
        crate::ui::focus_id("mrz");
    });
}

/// The MRZ as typed (normalised lines), each character with whether an error
/// finding points at it: `(line, [(char, wrong)])`.
pub fn marked_mrz(text: &str, issues: &[checker_wasm::Issue]) -> Vec<Vec<(char, bool)>> {
    let Some(norm) = normalized_mrz(text) else {
        return Vec::new();
    };
    norm.lines()
        .enumerate()
        .map(|(i, line)| {
            line.chars()
                .enumerate()
                .map(|(j, c)| {
                    let wrong = issues.iter().filter(|x| x.is_error()).any(|x| {
                        x.line.map(usize::from) == Some(i)
                            && matches!((x.start, x.end), (Some(a), Some(b))
                                if usize::from(a) <= j && j < usize::from(b))
                    });
                    (c, wrong)
                })
                .collect()
        })
        .collect()
}

/// The document page.
#[component]
pub fn DocumentStep() -> impl IntoView {
    let f = form();
    // Sealing and the QR code come in a second module: fetched from here on,
    // so it is there by the review page.
    crate::lazy::prefetch();
    let issues = issues_for("mrz".to_owned());
    let has_error = move || issues.get().iter().any(|fi| fi.issue.is_error());
    let suggestion = move || {
        f.mrz_report
            .with(|r| r.as_ref().and_then(|r| r.suggestion.clone()))
    };
    let title = move || {
        let i = f.current.get();
        if i == 0 {
            lang().t(Key::DocumentTitle).to_owned()
        } else {
            tf(
                lang(),
                Key::CompanionDocumentTitle,
                &[("n", &(i + 1).to_string())],
            )
        }
    };
    let back = move || {
        if f.current.get_untracked() == 0 {
            f.go(Step::Start);
        } else {
            f.go(Step::Companions);
        }
    };
    let by_hand = move |_| {
        f.update_traveler(|t| t.mrz.clear());
        f.mrz_report.set(None);
        f.go(Step::Personal);
    };
    let rows = move || {
        let n = f.traveler_mrz_lines();
        n.clamp(2, 3)
    };
    // A read from the camera or a photo goes where a pasted MRZ goes, and
    // is checked as one is: Continue then fills the personal details.
    let on_scan = Callback::new(move |mrz: String| {
        f.update_traveler(|t| t.mrz = mrz);
        check_mrz_of(f);
    });
    let _ = config();
    view! {
        <ErrorSummary />
        <Heading text=Signal::derive(title) />
        <Show when=move || f.reader_notice.get()>
            <p class="notice" role="status">{move || lang().t(Key::ReaderCaptured)}</p>
        </Show>
        <div class="field" class:field-error=has_error>
            <label class="label" for="mrz">{move || lang().t(Key::MrzLabel)}</label>
            <p class="hint" id="mrz-hint">{move || lang().t(Key::MrzHint)}</p>
            <p class="hint">{move || lang().t(Key::ReaderHint)}</p>
            <Show when=has_error>
                <div class="error-message" id="mrz-error">
                    {move || {
                        let l = lang();
                        issues
                            .get()
                            .into_iter()
                            .filter(|fi| fi.issue.is_error())
                            .map(|fi| view! {
                                <p><span class="visually-hidden">{l.t(Key::ErrorPrefix)}" "</span>{crate::i18n::field_message(l, "mrz", &fi.issue)}</p>
                            })
                            .collect_view()
                    }}
                    // The MRZ as typed, monospace, the characters a finding
                    // points at highlighted (the messages above say the same
                    // in words for screen readers).
                    <pre class="mrz-text mrz-marked" id="mrz-typed" aria-hidden="true">
                        {move || {
                            let found: Vec<checker_wasm::Issue> = issues.get().into_iter().map(|fi| fi.issue).collect();
                            let lines = marked_mrz(&f.traveler().mrz, &found);
                            lines.into_iter().enumerate().map(|(i, line)| view! {
                                {(i > 0).then_some("\n")}
                                {line.into_iter().map(|(c, wrong)| if wrong {
                                    view! { <mark class="mrz-wrong">{c.to_string()}</mark> }.into_any()
                                } else {
                                    c.to_string().into_any()
                                }).collect_view()}
                            }).collect_view()
                        }}
                    </pre>
                </div>
            </Show>
            <textarea
                class="textarea mrz-input"
                id="mrz"
                name="mrz"
                rows=rows
                spellcheck="false"
                autocomplete="off"
                aria-required="true"
                autocapitalize="characters"
                aria-invalid=move || has_error().then_some("true")
                aria-describedby=move || if has_error() { "mrz-hint mrz-error" } else { "mrz-hint" }
                prop:value=move || f.travelers.with(|t| t.get(f.current.get()).map(|t| t.mrz.clone()).unwrap_or_default())
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    f.update_traveler(|t| t.mrz = v);
                }
                on:blur=move |_| {
                    if f.step.get_untracked() == Step::Document && !f.traveler().mrz.trim().is_empty() {
                        check_mrz_of(f);
                    }
                }
            ></textarea>
        </div>
        <MrzScan on_mrz=on_scan />
        {move || suggestion().map(|s| view! {
            <div class="suggestion" id="mrz-suggestion" role="status">
                <p class="suggestion-title">{move || lang().t(Key::DidYouMean)}</p>
                <pre class="mrz-text">{s.lines.join("\n")}</pre>
                <button type="button" class="button button-secondary" id="accept-suggestion" on:click=move |_| accept_suggestion()>
                    {move || lang().t(Key::UseCorrection)}
                </button>
            </div>
        })}
        <p>
            <button type="button" class="link-button" id="enter-by-hand" on:click=by_hand>{move || lang().t(Key::EnterByHand)}</button>
        </p>
        <NavButtons on_back=Some(Callback::from(back)) on_continue=continue_document />
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use checker_wasm::{Date, validate_mrz};

    #[test]
    fn the_wrong_characters_are_marked() {
        // The ICAO specimen with the birth date's check digit wrong (2 → 3).
        let typed = "p<utoeriksson<<anna<maria<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408123F1204159ZE184226B<<<<<10";
        let today = Date::new(2010, 1, 1).unwrap();
        let report = validate_mrz(&normalized_mrz(typed).unwrap(), today);
        assert!(!report.valid);
        let marked = marked_mrz(typed, &report.issues);
        assert_eq!(marked.len(), 2);
        assert_eq!(marked[0].len(), 44);
        // Shown as the checker read it (upper case), nothing marked on line 1.
        assert_eq!(marked[0][0], ('P', false));
        assert!(marked[0].iter().all(|&(_, w)| !w));
        let wrong: Vec<usize> = (0..44).filter(|&j| marked[1][j].1).collect();
        assert!(
            wrong.contains(&19),
            "the birth date's check digit is marked: {wrong:?}"
        );
        assert!(!wrong.contains(&0), "{wrong:?}");
        assert!(marked_mrz("", &report.issues).is_empty());
    }
}
