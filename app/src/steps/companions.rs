//! Page 6: travel companions. Each has their own document and personal
//! pages; minors are linked to an accompanying adult of the group.

use crate::checks;
use crate::i18n::{Key, tf};
use crate::state::{FieldIssue, Step, TravelerDraft, form, lang};
use crate::ui::{ErrorSummary, Heading, NavButtons, issues_for, show_summary};
use checker_wasm::Date;
use leptos::prelude::*;

/// Most travelers in one submission (the checker's default limit).
pub fn max_travelers() -> usize {
    checker_wasm::ValidateOptions::new(checks::today()).max_travelers
}

/// Age from `birth_date` (`YYYY-MM-DD`) on the trip's arrival date (or today).
pub fn age(birth_date: &str, arrival: &str) -> Option<u32> {
    let born = Date::parse_iso(birth_date.trim()).ok()?;
    let on = Date::parse_iso(arrival.trim()).unwrap_or_else(|_| checks::today());
    Some(born.age_on(on))
}

/// Removes traveler `index` and keeps the accompanying-adult links right.
pub fn remove_traveler(list: &mut Vec<TravelerDraft>, index: usize) {
    if index == 0 || index >= list.len() {
        return;
    }
    list.remove(index);
    for t in list.iter_mut() {
        t.accompanied_by = match t.accompanied_by {
            Some(a) if a == index => None,
            Some(a) if a > index => Some(a - 1),
            other => other,
        };
    }
}

/// Group findings (unaccompanied minors, links, size).
pub fn companion_issues() -> Vec<FieldIssue> {
    let record = crate::answers::record();
    checks::record_issues_for(&record, &crate::answers::options(), Step::Companions, None)
}

fn continue_companions() {
    let f = form();
    let issues = companion_issues();
    let blocking = issues.iter().any(|fi| fi.issue.is_error());
    f.errors.set(issues);
    if blocking {
        show_summary();
        return;
    }
    f.return_to.set(None);
    f.go(Step::Review);
}

/// The companions page.
#[component]
pub fn CompanionsStep() -> impl IntoView {
    let f = form();
    let add = move |_| {
        let n = f.travelers.with_untracked(Vec::len);
        if n >= max_travelers() {
            return;
        }
        f.travelers.update(|t| t.push(TravelerDraft::default()));
        f.current.set(n);
        f.mrz_report.set(None);
        f.return_to.set(None);
        f.go(Step::Document);
    };
    let at_max = move || f.travelers.with(Vec::len) >= max_travelers();
    let add_issues = issues_for("add-traveler".to_owned());
    let rows = move || {
        let list = f.travelers.get();
        let arrival = f.trip.with(|t| t.arrival_date.clone());
        let l = lang();
        list.iter()
            .enumerate()
            .map(|(i, t)| {
                let n = (i + 1).to_string();
                let mut title = tf(l, Key::TravelerN, &[("n", &n)]);
                if i == 0 {
                    title = format!("{title} ({})", l.t(Key::You));
                }
                let minor = age(&t.birth_date, &arrival).is_some_and(|a| a < 18);
                let adults: Vec<(usize, String)> = list
                    .iter()
                    .enumerate()
                    .filter(|(j, o)| *j != i && age(&o.birth_date, &arrival).is_some_and(|a| a >= 18))
                    .map(|(j, o)| (j, format!("{} – {}", tf(l, Key::TravelerN, &[("n", &(j + 1).to_string())]), o.display_name())))
                    .collect();
                let select_id = format!("accompanied-by-{i}");
                let current = t.accompanied_by;
                let issues = issues_for(select_id.clone());
                let has_error = move || issues.get().iter().any(|fi| fi.issue.is_error());
                view! {
                    <li class="traveler-card" id=format!("traveler-{i}")>
                        <h2 class="heading-s">{title}</h2>
                        <p class="traveler-name">{t.display_name()}" · "{t.document_number.clone()}</p>
                        <div class="button-group">
                            <button type="button" class="link-button" id=format!("change-traveler-{i}") on:click=move |_| {
                                f.current.set(i);
                                f.return_to.set(Some(Step::Companions));
                                f.go(Step::Personal);
                            }>{l.t(Key::Change)}<span class="visually-hidden">" "{tf(l, Key::TravelerN, &[("n", &n)])}</span></button>
                            {(i > 0).then(|| view! {
                                <button type="button" class="link-button" id=format!("remove-traveler-{i}") on:click=move |_| {
                                    f.travelers.update(|list| remove_traveler(list, i));
                                    f.errors.set(Vec::new());
                                }>{l.t(Key::Remove)}</button>
                            })}
                        </div>
                        {minor.then(|| {
                            let sid = select_id.clone();
                            view! {
                                <div class="field" class:field-error=has_error>
                                    <label class="label" for=sid.clone()>{l.t(Key::AccompaniedBy)}</label>
                                    <p class="error-message" id=format!("{sid}-error")>
                                        {move || issues.get().into_iter().filter(|fi| fi.issue.is_error()).map(|fi| crate::i18n::field_message(lang(), &fi.id, &fi.issue)).collect::<Vec<_>>().join(" ")}
                                    </p>
                                    <select class="select" id=sid.clone() name=sid.clone()
                                        autocomplete="off" aria-required="true"
                                        aria-invalid=move || has_error().then_some("true")
                                        aria-describedby=format!("{sid}-error")
                                        on:change=move |ev| {
                                            let v = event_target_value(&ev).parse::<usize>().ok();
                                            f.travelers.update(|list| {
                                                if let Some(t) = list.get_mut(i) {
                                                    t.accompanied_by = v;
                                                }
                                            });
                                        }>
                                        <option value="" selected=current.is_none()>{l.t(Key::Choose)}</option>
                                        {adults.into_iter().map(|(j, name)| view! {
                                            <option value=j.to_string() selected=current == Some(j)>{name}</option>
                                        }).collect_view()}
                                    </select>
                                </div>
                            }
                        })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <ErrorSummary />
        <Heading text=Signal::derive(move || lang().t(Key::CompanionsTitle).to_owned()) />
        <p>{move || lang().t(Key::CompanionsIntro)}</p>
        <ul class="traveler-list">{rows}</ul>
        <div class="field" class:field-error=move || add_issues.get().iter().any(|fi| fi.issue.is_error())>
            <button type="button" class="button button-secondary" id="add-traveler" disabled=at_max on:click=add>
                {move || lang().t(Key::AddTraveler)}
            </button>
            <p class="hint">{move || tf(lang(), Key::MaxTravelers, &[("max", &max_travelers().to_string())])}</p>
        </div>
        <NavButtons on_back=Some(Callback::from(move || f.go(Step::Contact))) on_continue=continue_companions />
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removing_a_traveler_fixes_links() {
        let mut list = vec![TravelerDraft::default(); 4];
        list[2].accompanied_by = Some(1);
        list[3].accompanied_by = Some(2);
        remove_traveler(&mut list, 1);
        assert_eq!(list.len(), 3);
        assert_eq!(list[1].accompanied_by, None);
        assert_eq!(list[2].accompanied_by, Some(1));
        remove_traveler(&mut list, 0);
        assert_eq!(list.len(), 3, "the first traveler cannot be removed");
    }

    #[test]
    fn ages() {
        assert_eq!(age("2010-05-01", "2026-11-26"), Some(16));
        assert_eq!(age("2008-11-26", "2026-11-26"), Some(18));
        assert_eq!(age("bad", "2026-11-26"), None);
    }
}
