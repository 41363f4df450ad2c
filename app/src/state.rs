//! Form state, kept in memory only (never in browser storage), shared
//! through small context newtypes.
//!
//! Longer than 500 lines: the whole form's state with the operations that
//! own it (no DOM here); each step's view is in its own file under steps/.

use crate::config::Config;
use crate::i18n::Lang;
use checker_wasm::{Issue, MrzReport};
use leptos::prelude::*;
use std::sync::Arc;

/// The pages of the form, one question each.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Step {
    /// Language, what you need, privacy notice.
    Start,
    /// Machine-readable zone of the current traveler.
    Document,
    /// Personal details of the current traveler.
    Personal,
    /// Flight, airports, dates, purpose, address.
    Trip,
    /// Email and phone.
    Contact,
    /// Family or group members.
    Companions,
    /// Check answers, consent, submit.
    Review,
    /// Reference, time, QR code.
    Receipt,
    /// "Check a receipt", for check-in staff.
    CheckReceipt,
}

/// One traveler's answers, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TravelerDraft {
    /// The MRZ as typed, pasted or read.
    pub mrz: String,
    /// Document code from the MRZ (`P` when typed by hand).
    pub document_code: String,
    /// Surname.
    pub surname: String,
    /// Given names.
    pub given_names: String,
    /// Document number.
    pub document_number: String,
    /// Issuing state.
    pub issuing_state: String,
    /// Nationality.
    pub nationality: String,
    /// `YYYY-MM-DD`.
    pub birth_date: String,
    /// `M`, `F`, `X`.
    pub sex: String,
    /// `YYYY-MM-DD`.
    pub expiry_date: String,
    /// Accompanying adult (index) for a minor.
    pub accompanied_by: Option<usize>,
}

impl TravelerDraft {
    /// Fills the personal fields from a read MRZ.
    pub fn fill_from(&mut self, report: &MrzReport) {
        let f = &report.fields;
        self.document_code = f.document_code.to_string();
        self.surname = f.surname.to_string();
        self.given_names = f.given_names.to_string();
        self.document_number = f.document_number.to_string();
        self.issuing_state = f.issuing_state.to_string();
        self.nationality = f.nationality.to_string();
        self.birth_date = f.birth_date.map(|d| d.to_string()).unwrap_or_default();
        self.sex = if f.sex == "<" {
            "X".to_owned()
        } else {
            f.sex.to_string()
        };
        self.expiry_date = f.expiry_date.map(|d| d.to_string()).unwrap_or_default();
    }

    /// Name for lists: "SURNAME Given".
    pub fn display_name(&self) -> String {
        format!("{} {}", self.surname.trim(), self.given_names.trim())
            .trim()
            .to_owned()
    }
}

/// The trip, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TripDraft {
    /// Flight designator.
    pub flight: String,
    /// IATA code (Taiwan).
    pub departure_airport: String,
    /// IATA code (Japan).
    pub arrival_airport: String,
    /// `YYYY-MM-DD`.
    pub departure_date: String,
    /// `YYYY-MM-DD`.
    pub arrival_date: String,
    /// Purpose value (`tourism` …).
    pub purpose: String,
    /// Address or contact in Japan.
    pub address: String,
    /// Length of stay in days.
    pub stay_days: String,
}

/// Contact details, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactDraft {
    /// Email.
    pub email: String,
    /// Phone.
    pub phone: String,
}

/// A finding attached to an element of the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldIssue {
    /// `id` of the element the finding is about.
    pub id: String,
    /// The finding.
    pub issue: Issue,
}

pub use crate::outbox::Receipt;

/// Sending state of the review page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendState {
    /// Nothing in flight.
    Idle,
    /// Sealing, storing in the outbox and the first attempt.
    Sending,
    /// Refused; the message says why.
    Failed(crate::i18n::Key, Option<u16>),
}

/// Where a sealed submission stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryStatus {
    /// Sealed and waiting for the intake (`attempt`s so far); `stored` when
    /// it is in the outbox (then it survives a closed page).
    Waiting {
        /// Attempts made.
        attempt: u32,
        /// Kept in the outbox.
        stored: bool,
    },
    /// Acknowledged by the intake.
    Received(Receipt),
    /// Refused by the intake (final): the explanation and the status.
    Refused(crate::i18n::Key, u16),
}

/// One recipient's copy of a sealed submission and where it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leg {
    /// The recipient's sealing key id (names the recipient in the config).
    pub recipient: String,
    /// Where it stands.
    pub status: DeliveryStatus,
}

impl Leg {
    /// Whether it is still waiting.
    pub fn is_waiting(&self) -> bool {
        matches!(self.status, DeliveryStatus::Waiting { .. })
    }

    /// Where it stands after an attempt's `outcome`: received, refused, or
    /// one attempt more.
    pub fn settle(&mut self, outcome: &crate::outbox::Outcome) {
        use crate::outbox::Outcome;
        match outcome {
            Outcome::Acknowledged(r) => self.status = DeliveryStatus::Received(r.clone()),
            Outcome::Refused(status) => {
                self.status = DeliveryStatus::Refused(crate::submit::refusal_key(*status), *status);
            }
            Outcome::Retry(_) => {
                if let DeliveryStatus::Waiting { attempt, .. } = &mut self.status {
                    *attempt += 1;
                }
            }
            Outcome::Busy | Outcome::Gone => {}
        }
    }
}

/// A sealed submission: its id, the reference derived from it (known before
/// any intake answers, the same for every recipient) and where each
/// recipient's copy stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The envelopes' submission id.
    pub submission_id: String,
    /// `envelope::reference_of(submission_id)`.
    pub reference: String,
    /// One per recipient, in the config's order.
    pub legs: Vec<Leg>,
}

impl Delivery {
    /// A submission just sealed to `recipients` (sealing key ids).
    pub fn sealed(submission_id: String, recipients: &[String], stored: bool) -> Delivery {
        Delivery {
            reference: envelope::reference_of(&submission_id),
            submission_id,
            legs: recipients
                .iter()
                .map(|r| Leg {
                    recipient: r.clone(),
                    status: DeliveryStatus::Waiting { attempt: 0, stored },
                })
                .collect(),
        }
    }

    /// Whether any copy is still waiting.
    pub fn is_waiting(&self) -> bool {
        self.legs.iter().any(Leg::is_waiting)
    }

    /// Whether every copy was refused.
    pub fn all_refused(&self) -> bool {
        !self.legs.is_empty()
            && self
                .legs
                .iter()
                .all(|l| matches!(l.status, DeliveryStatus::Refused(..)))
    }

    /// Where it stands as a whole: refused when a copy was refused, waiting
    /// while a copy waits (the most attempts; stored when every waiting
    /// copy is), else received (the first receipt).
    pub fn status(&self) -> Option<DeliveryStatus> {
        if let Some(refused) = self
            .legs
            .iter()
            .find(|l| matches!(l.status, DeliveryStatus::Refused(..)))
        {
            return Some(refused.status.clone());
        }
        let waiting: Vec<(u32, bool)> = self
            .legs
            .iter()
            .filter_map(|l| match l.status {
                DeliveryStatus::Waiting { attempt, stored } => Some((attempt, stored)),
                _ => None,
            })
            .collect();
        if !waiting.is_empty() {
            return Some(DeliveryStatus::Waiting {
                attempt: waiting.iter().map(|w| w.0).max().unwrap_or(0),
                stored: waiting.iter().all(|w| w.1),
            });
        }
        self.legs.first().map(|l| l.status.clone())
    }

    /// Takes in an attempt's `outcome` for `recipient`'s copy.
    pub fn settle(&mut self, recipient: &str, outcome: &crate::outbox::Outcome) {
        for leg in self.legs.iter_mut().filter(|l| l.recipient == recipient) {
            leg.settle(outcome);
        }
    }
}

/// The whole form (context).
#[derive(Debug, Clone, Copy)]
pub struct Form {
    /// Current page.
    pub step: RwSignal<Step>,
    /// Travelers; the first is the one filling the form.
    pub travelers: RwSignal<Vec<TravelerDraft>>,
    /// Traveler the document and personal pages are about.
    pub current: RwSignal<usize>,
    /// Trip.
    pub trip: RwSignal<TripDraft>,
    /// Contact.
    pub contact: RwSignal<ContactDraft>,
    /// Consent box on the review page.
    pub consent: RwSignal<bool>,
    /// Findings on the current page.
    pub errors: RwSignal<Vec<FieldIssue>>,
    /// Whether the error summary is shown (after Continue).
    pub show_summary: RwSignal<bool>,
    /// Latest MRZ report of the document page.
    pub mrz_report: RwSignal<Option<MrzReport>>,
    /// Set when the document reader filled the MRZ.
    pub reader_notice: RwSignal<bool>,
    /// Page to return to after this one (a "Change" link was used).
    pub return_to: RwSignal<Option<Step>>,
    /// Submission state.
    pub send: RwSignal<SendState>,
    /// This session's sealed submission (the receipt page shows it).
    pub delivery: RwSignal<Option<Delivery>>,
    /// Submissions sealed on this device by earlier visits and found in the
    /// outbox (never filled in kiosk mode: they are other travelers').
    pub earlier: RwSignal<Vec<Delivery>>,
    /// The submission the next one replaces: set when the traveler changes
    /// the answers after submitting (the envelope's meta names it).
    pub replaces: RwSignal<Option<String>>,
    /// Which traveler's session this is: [`Form::reset`] starts a new one, so
    /// a submission of the previous session that is still being retried
    /// never shows anything (receipt, error, "Retrying…") to the next.
    pub session: StoredValue<u64>,
}

impl Form {
    /// An empty form on the start page with one traveler.
    pub fn new() -> Self {
        Form {
            step: RwSignal::new(Step::Start),
            travelers: RwSignal::new(vec![TravelerDraft::default()]),
            current: RwSignal::new(0),
            trip: RwSignal::new(TripDraft::default()),
            contact: RwSignal::new(ContactDraft::default()),
            consent: RwSignal::new(false),
            errors: RwSignal::new(Vec::new()),
            show_summary: RwSignal::new(false),
            mrz_report: RwSignal::new(None),
            reader_notice: RwSignal::new(false),
            return_to: RwSignal::new(None),
            send: RwSignal::new(SendState::Idle),
            delivery: RwSignal::new(None),
            earlier: RwSignal::new(Vec::new()),
            replaces: RwSignal::new(None),
            session: StoredValue::new(0),
        }
    }

    /// Clears every answer and goes back to the start page, in a new
    /// session: nothing of the previous one shows again.
    pub fn reset(&self) {
        self.session.update_value(|s| *s = s.wrapping_add(1));
        // Outside kiosk mode the device is the traveler's own: a submission
        // still waiting stays listed on the start page until it is sent.
        let own_device = use_context::<Kiosk>().is_some_and(|k| !k.0);
        if own_device && let Some(d) = self.delivery.get_untracked().filter(Delivery::is_waiting) {
            self.earlier.update(|v| v.push(d));
        }
        self.travelers.set(vec![TravelerDraft::default()]);
        self.current.set(0);
        self.trip.set(TripDraft::default());
        self.contact.set(ContactDraft::default());
        self.consent.set(false);
        self.mrz_report.set(None);
        self.reader_notice.set(false);
        self.return_to.set(None);
        self.send.set(SendState::Idle);
        self.delivery.set(None);
        self.replaces.set(None);
        self.go(Step::Start);
    }

    /// After submitting: back to the answers to change them. The next
    /// submission replaces this one (its meta names it, so the agency's
    /// export shows which is current); this one is still delivered, and
    /// outside kiosk mode listed on the start page while it waits.
    pub fn change_after_submit(&self) {
        let Some(d) = self.delivery.get_untracked() else {
            return;
        };
        let own_device = use_context::<Kiosk>().is_some_and(|k| !k.0);
        if own_device && d.is_waiting() {
            self.earlier.update(|v| v.push(d.clone()));
        }
        self.replaces.set(Some(d.submission_id));
        self.delivery.set(None);
        self.consent.set(false);
        self.go(Step::Review);
    }

    /// Goes to a page, clearing the page's findings.
    pub fn go(&self, step: Step) {
        self.errors.set(Vec::new());
        self.show_summary.set(false);
        if step != Step::Document {
            self.reader_notice.set(false);
        }
        // The step view moves the focus to the new page's heading.
        self.step.set(step);
    }

    /// The current traveler's answers.
    pub fn traveler(&self) -> TravelerDraft {
        let i = self.current.get_untracked();
        self.travelers
            .with_untracked(|t| t.get(i).cloned().unwrap_or_default())
    }

    /// Changes the current traveler.
    pub fn update_traveler(&self, f: impl FnOnce(&mut TravelerDraft)) {
        let i = self.current.get_untracked();
        self.travelers.update(|t| {
            if let Some(d) = t.get_mut(i) {
                f(d);
            }
        });
    }

    /// Replaces the findings for one element.
    pub fn set_field_issues(&self, id: &str, issues: Vec<Issue>) {
        self.errors.update(|e| {
            e.retain(|fi| fi.id != id);
            e.extend(issues.into_iter().map(|issue| FieldIssue {
                id: id.to_owned(),
                issue,
            }));
        });
    }
}

impl Default for Form {
    fn default() -> Self {
        Form::new()
    }
}

/// Current language (context).
#[derive(Debug, Clone, Copy)]
pub struct LangCtx(pub RwSignal<Lang>);

/// Validated configuration (context).
#[derive(Debug, Clone)]
pub struct ConfigCtx(pub Arc<Config>);

/// Kiosk mode (context).
#[derive(Debug, Clone, Copy)]
pub struct Kiosk(pub bool);

/// Switches the page to `l` once its language pack is installed (fetched
/// first when it is not).
pub async fn switch_language(ctx: LangCtx, l: Lang) -> Result<(), String> {
    crate::i18n::load(l).await?;
    ctx.0.set(l);
    Ok(())
}

/// The current language from context (English when none).
pub fn lang() -> Lang {
    use_context::<LangCtx>().map_or(Lang::En, |l| l.0.get())
}

/// The form from context.
pub fn form() -> Form {
    expect_context::<Form>()
}

/// The configuration from context.
pub fn config() -> Option<Arc<Config>> {
    use_context::<ConfigCtx>().map(|c| c.0)
}

impl Form {
    /// Takes in the outcome of a delivery attempt, made by this page, another
    /// tab or the service worker: updates this session's submission (and, on
    /// its first attempt, leaves the review page) and the earlier ones.
    pub fn apply_delivered(&self, d: &crate::outbox::Delivered) {
        use crate::outbox::Outcome;
        let waiting = |x: &Delivery| {
            x.submission_id == d.submission_id
                && x.legs
                    .iter()
                    .any(|l| l.recipient == d.recipient && l.is_waiting())
        };
        if self
            .delivery
            .with_untracked(|o| o.as_ref().is_some_and(waiting))
        {
            // Still on the review page: the first attempt's outcome.
            let first = self.send.get_untracked() == SendState::Sending;
            match &d.outcome {
                // A first attempt refused: explained on the review page
                // once every recipient has refused; until then the others'
                // outcomes are awaited.
                Outcome::Refused(status) if first => {
                    self.delivery.update(|o| {
                        if let Some(x) = o {
                            x.settle(&d.recipient, &d.outcome);
                        }
                    });
                    if self
                        .delivery
                        .with_untracked(|o| o.as_ref().is_some_and(Delivery::all_refused))
                    {
                        self.delivery.set(None);
                        self.send.set(SendState::Failed(
                            crate::submit::refusal_key(*status),
                            Some(*status),
                        ));
                    }
                }
                Outcome::Busy => {}
                outcome => {
                    self.delivery.update(|o| {
                        if let Some(x) = o {
                            x.settle(&d.recipient, outcome);
                        }
                    });
                    // Received, or not yet (retry; or finished by another
                    // context, which announces it): the receipt page says so.
                    if first {
                        self.send.set(SendState::Idle);
                        self.go(Step::Receipt);
                    }
                }
            }
        }
        if self.earlier.with_untracked(|v| v.iter().any(waiting)) {
            self.earlier.update(|v| {
                for x in v.iter_mut().filter(|x| x.submission_id == d.submission_id) {
                    x.settle(&d.recipient, &d.outcome);
                }
            });
        }
    }

    /// Whether `session` (from [`Form::session`]) is still the current one.
    pub fn is_session(&self, session: u64) -> bool {
        self.session.try_get_value() == Some(session)
    }

    /// Number of lines in the current traveler's MRZ box.
    pub fn traveler_mrz_lines(&self) -> usize {
        let i = self.current.get();
        self.travelers
            .with(|t| t.get(i).map_or(0, |t| t.mrz.lines().count()))
    }
}
