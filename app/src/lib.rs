//! Traveler portal: the pre-departure form as a Leptos client-side app.
//!
//! Every answer is checked in the browser by checker-wasm, the record is
//! sealed to the agency's public key (envelope crate) in the browser, and
//! only the sealed envelope leaves the device. The only thing written to
//! browser storage is that envelope, in the outbox until it is acknowledged
//! (see [`outbox`]); the language may be in the URL (`?lang=ja`).
//!
//! `main.rs` only mounts [`App`]; tests mount [`Portal`] with a config.

pub mod answers;
pub mod checks;
pub mod config;
pub mod delivery;
pub mod i18n;
pub mod kiosk;
pub mod lazy;
pub mod outbox;
pub mod pins;
pub mod prerender;
pub mod qr;
pub mod reader;
pub mod state;
pub mod steps;
pub mod submit;
pub mod ui;

use crate::config::{Config, ConfigProblem};
use crate::i18n::{Key, Lang};
use crate::reader::{Feed, ReaderBuffer};
pub use crate::state::switch_language;
use crate::state::{ConfigCtx, Form, LangCtx, Step, form, lang};
use leptos::prelude::*;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// Where the configuration is fetched from (same origin).
pub const CONFIG_URL: &str = "config.json";

/// Loading state of the configuration and the first language pack.
#[derive(Debug, Clone)]
enum Load {
    Loading,
    Ready(Arc<Config>, Lang),
    Failed(Vec<ConfigProblem>),
    /// No language pack of the agency's languages could be loaded.
    NoLanguage(String),
}

/// The URL's query parameter `name`, if any.
pub fn query_param(name: &str) -> Option<String> {
    let search = window().location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The browser's preferred languages (`navigator.languages`).
fn browser_languages() -> Vec<String> {
    let nav = window().navigator();
    let list: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        nav.language().into_iter().collect()
    } else {
        list
    }
}

/// The language of a first view: `?lang=` when the agency offers it, else
/// the browser's preferred languages when one is offered, else the
/// agency's first language (the boot script, `app/postbuild.mjs`, chooses
/// the same way to fetch its pack early).
pub fn initial_language(cfg: &Config) -> Lang {
    let offered = &cfg.languages;
    query_param("lang")
        .and_then(|t| Lang::from_tag(&t))
        .filter(|l| offered.contains(l))
        .or_else(|| Lang::negotiate(browser_languages().iter().map(String::as_str), offered))
        .unwrap_or_else(|| cfg.default_lang())
}

/// Loads the pack of `wanted`, or else of the agency's other languages in
/// order; the language whose pack is installed.
async fn first_language(cfg: &Config, wanted: Lang) -> Result<Lang, String> {
    let mut errors = Vec::new();
    for l in std::iter::once(wanted).chain(cfg.languages.iter().copied().filter(|l| *l != wanted)) {
        match i18n::load(l).await {
            Ok(()) => return Ok(l),
            Err(e) => errors.push(e),
        }
    }
    Err(errors.join("; "))
}

/// The whole application: loads `config.json` and the language pack, then
/// shows the portal or an error page naming what is wrong.
#[component]
pub fn App() -> impl IntoView {
    let state = RwSignal::new_local(Load::Loading);
    leptos::task::spawn_local(async move {
        let loaded = match config::load_early(CONFIG_URL).await {
            Ok(c) => {
                let wanted = initial_language(&c);
                match first_language(&c, wanted).await {
                    Ok(l) => Load::Ready(Arc::new(c), l),
                    Err(e) => Load::NoLanguage(e),
                }
            }
            Err(p) => Load::Failed(p),
        };
        state.set(loaded);
    });
    move || match state.get() {
        // The pre-rendered start page stays until the portal replaces it.
        Load::Loading if prerender::present() => ().into_any(),
        Load::Loading => view! { <p class="loading" role="status">"…"</p> }.into_any(),
        Load::Ready(cfg, l) => {
            let taken = prerender::take();
            let kiosk = cfg.kiosk || query_param("kiosk").is_some_and(|v| v == "1" || v == "true");
            if kiosk && l != cfg.default_lang() {
                // A kiosk reset returns to the default language.
                let default = cfg.default_lang();
                leptos::task::spawn_local(async move {
                    let _ = i18n::load(default).await;
                });
            }
            view! { <Portal config=cfg kiosk=kiosk initial_lang=Some(l) started=taken /> }
                .into_any()
        }
        Load::Failed(problems) => {
            prerender::take();
            view! { <ConfigErrorPage problems=problems /> }.into_any()
        }
        Load::NoLanguage(why) => {
            prerender::take();
            web_sys::console::error_1(&why.into());
            view! {
                <main class="main" id="main-content">
                    <div class="error-summary" role="alert" id="language-error">
                        <h1 class="heading">"The page could not load its texts"</h1>
                        <p>"Check the connection and reload the page."</p>
                    </div>
                </main>
            }
            .into_any()
        }
    }
}

/// Shown instead of the form when `config.json` is missing or wrong.
#[component]
pub fn ConfigErrorPage(problems: Vec<ConfigProblem>) -> impl IntoView {
    set_html_lang(Lang::En);
    view! {
        <main class="main" id="main-content">
            <div class="error-summary" role="alert" id="config-error">
                <h1 class="heading">"This service is not set up correctly"</h1>
                <p>"The configuration file config.json has problems, so the form cannot be used. Staff: correct these fields:"</p>
                <ul class="error-summary-list">
                    {problems.into_iter().map(|p| view! {
                        <li><code class="config-field">{p.field}</code>": "{p.message}</li>
                    }).collect_view()}
                </ul>
            </div>
        </main>
    }
}

fn set_html_lang(l: Lang) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("lang", l.tag());
    }
}

/// Applies the agency colours through the CSSOM (allowed by the CSP,
/// unlike inline style attributes).
fn apply_branding(cfg: &Config) {
    let Some(root) = document().document_element() else {
        return;
    };
    if let Ok(html) = root.dyn_into::<web_sys::HtmlElement>() {
        let style = html.style();
        let _ = style.set_property("--primary", &cfg.colors.primary);
        let _ = style.set_property("--background", &cfg.colors.background);
    }
}

/// Keeps `?lang=` in the address bar (no storage), without reloading.
fn set_url_lang(l: Lang) {
    let win = window();
    let Ok(href) = win.location().href() else {
        return;
    };
    let Ok(url) = web_sys::Url::new(&href) else {
        return;
    };
    url.search_params().set("lang", l.tag());
    if let Ok(history) = win.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

/// The portal for a validated configuration.
#[component]
pub fn Portal(
    config: Arc<Config>,
    #[prop(optional)] kiosk: bool,
    #[prop(default = None)] initial_lang: Option<Lang>,
    /// Keep `?lang=` in the address bar (off in tests).
    #[prop(default = true)]
    update_url: bool,
    /// What was done on the pre-rendered page: Start clicked (open the
    /// document page), the MRZ typed there.
    #[prop(optional)]
    started: prerender::Taken,
) -> impl IntoView {
    let default_lang = config.default_lang();
    let lang_signal = RwSignal::new(initial_lang.unwrap_or(default_lang));
    provide_context(LangCtx(lang_signal));
    provide_context(ConfigCtx(config.clone()));
    provide_context(state::Kiosk(kiosk));
    let f = Form::new();
    provide_context(f);
    apply_branding(&config);
    if started.started {
        f.current.set(0);
        f.go(Step::Document);
        if !started.mrz.is_empty() {
            f.update_traveler(|t| t.mrz = started.mrz.clone());
            steps::document::check_mrz_of(f);
        }
        if started.typing {
            // Typing goes on in the app's MRZ box, at the end of the text.
            ui::after_render(|| {
                if let Some(t) = document()
                    .get_element_by_id("mrz")
                    .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
                {
                    let end = u32::try_from(t.value().encode_utf16().count()).unwrap_or(0);
                    let _ = t.focus();
                    let _ = t.set_selection_range(end, end);
                }
            });
        }
    }

    Effect::new(move |prev: Option<Lang>| {
        let l = lang_signal.get();
        set_html_lang(l);
        if update_url && prev.is_some_and(|p| p != l) {
            set_url_lang(l);
        }
        if let Some(doc) = document().dyn_ref::<web_sys::HtmlDocument>() {
            doc.set_title(l.t(Key::ServiceName));
        }
        l
    });
    install_reader(f);
    delivery::watch(f, kiosk);

    let cfg = config.clone();
    let agency = move || cfg.agency_name(lang());
    let logo = config.logo.clone();
    let languages = config.languages.clone();
    let timeout = config.kiosk_idle_seconds;
    view! {
        <header class="header">
            <div class="header-inner">
                {logo.map(|src| view! { <img class="logo" src=src alt="" /> })}
                <div class="header-text">
                    <span class="agency-name">{agency}</span>
                    <span class="service-name">{move || lang().t(Key::ServiceName)}</span>
                </div>
                <LanguageSwitcher languages=languages />
            </div>
        </header>
        <main class="main" id="main-content">
            <StepView />
        </main>
        {kiosk.then(|| view! { <kiosk::KioskGuard timeout_s=timeout default_lang=default_lang /> })}
    }
}

/// The language buttons in the header. A language whose pack is not here
/// yet is fetched first; the page changes language when it has arrived
/// (what was typed is kept: it is in the form's state, not in the page).
#[component]
pub fn LanguageSwitcher(languages: Vec<Lang>) -> impl IntoView {
    let ctx = expect_context::<LangCtx>();
    let failed = RwSignal::new(None::<Lang>);
    view! {
        <nav class="language-switcher" aria-label=move || lang().t(Key::LanguageNav)>
            <ul class="language-list">
                {languages.into_iter().map(|l| view! {
                    <li>
                        <button type="button" class="language-button" lang=l.tag() id=format!("lang-{}", l.tag())
                            aria-pressed=move || if ctx.0.get() == l { "true" } else { "false" }
                            on:click=move |_| {
                                failed.set(None);
                                leptos::task::spawn_local(async move {
                                    if switch_language(ctx, l).await.is_err() {
                                        failed.set(Some(l));
                                    }
                                });
                            }>
                            {l.native_name()}
                        </button>
                    </li>
                }).collect_view()}
            </ul>
            <p class="language-unavailable" role="status" id="language-status">
                {move || failed.get().map(|_| lang().t(Key::LanguageUnavailable))}
            </p>
        </nav>
    }
}

/// The current page.
#[component]
pub fn StepView() -> impl IntoView {
    let f = form();
    // Each page that opens after the first gets the focus on its heading
    // (the first page keeps the focus where the visitor put it).
    Effect::new(move |opened: Option<()>| {
        f.step.track();
        if opened.is_some() {
            ui::after_render(ui::focus_main_heading);
        }
    });
    move || match f.step.get() {
        Step::Start => view! { <steps::start::StartStep /> }.into_any(),
        Step::Document => view! { <steps::document::DocumentStep /> }.into_any(),
        Step::Personal => view! { <steps::personal::PersonalStep /> }.into_any(),
        Step::Trip => view! { <steps::trip::TripStep /> }.into_any(),
        Step::Contact => view! { <steps::contact::ContactStep /> }.into_any(),
        Step::Companions => view! { <steps::companions::CompanionsStep /> }.into_any(),
        Step::Review => view! { <steps::review::ReviewStep /> }.into_any(),
        Step::Receipt => view! { <steps::receipt::ReceiptStep /> }.into_any(),
        Step::CheckReceipt => view! { <steps::check_receipt::CheckReceiptStep /> }.into_any(),
    }
}

/// What the focused element held when a reader burst began, to undo the
/// characters the reader typed into it.
struct BurstTarget {
    element: Option<web_sys::HtmlElement>,
    value: String,
}

fn focused_value() -> BurstTarget {
    let element = document()
        .active_element()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let value = element
        .as_ref()
        .and_then(|e| {
            e.dyn_ref::<web_sys::HtmlInputElement>()
                .map(web_sys::HtmlInputElement::value)
                .or_else(|| {
                    e.dyn_ref::<web_sys::HtmlTextAreaElement>()
                        .map(web_sys::HtmlTextAreaElement::value)
                })
        })
        .unwrap_or_default();
    BurstTarget { element, value }
}

fn restore(target: &BurstTarget) {
    let Some(el) = &target.element else {
        return;
    };
    let restored = if let Some(i) = el.dyn_ref::<web_sys::HtmlInputElement>() {
        i.set_value(&target.value);
        true
    } else if let Some(t) = el.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        t.set_value(&target.value);
        true
    } else {
        false
    };
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if restored && let Ok(ev) = web_sys::Event::new_with_event_init_dict("input", &init) {
        let _ = el.dispatch_event(&ev);
    }
}

/// The global document-reader listener (works on every page).
fn install_reader(f: Form) {
    let buffer = StoredValue::new_local(ReaderBuffer::default());
    let target = StoredValue::new_local(None::<BurstTarget>);
    let listener = gloo_events::EventListener::new_with_options(
        &window(),
        "keydown",
        gloo_events::EventListenerOptions::enable_prevent_default(),
        move |event| {
            let Some(ev) = event.dyn_ref::<web_sys::KeyboardEvent>() else {
                return;
            };
            if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.is_composing() {
                return;
            }
            let key = ev.key();
            let feed = buffer
                .try_update_value(|b| b.feed(&key, ev.time_stamp()))
                .unwrap_or(Feed::Ignored);
            match feed {
                Feed::Ignored => {}
                Feed::Buffered(new_burst) => {
                    if new_burst {
                        target.set_value(Some(focused_value()));
                    }
                }
                Feed::LineBreak => ev.prevent_default(),
                Feed::Captured(mrz) => {
                    ev.prevent_default();
                    if let Some(t) = target.try_update_value(Option::take).flatten() {
                        restore(&t);
                    }
                    on_reader_capture(f, mrz);
                }
            }
        },
    );
    let keep = StoredValue::new_local(Some(listener));
    on_cleanup(move || keep.dispose());
}

/// A document reader delivered an MRZ: fill the document page with it.
pub fn on_reader_capture(f: Form, mrz: String) {
    match f.step.get_untracked() {
        // A receipt shown, or staff checking one: no MRZ is expected.
        Step::Receipt | Step::CheckReceipt => return,
        Step::Companions => {
            let n = f.travelers.with_untracked(Vec::len);
            if n >= steps::companions::max_travelers() {
                return;
            }
            f.travelers
                .update(|t| t.push(state::TravelerDraft::default()));
            f.current.set(n);
        }
        Step::Start | Step::Trip | Step::Contact | Step::Review => {
            if f.step.get_untracked() == Step::Start {
                f.current.set(0);
            }
        }
        Step::Document | Step::Personal => {}
    }
    f.update_traveler(|t| t.mrz = mrz);
    f.go(Step::Document);
    f.reader_notice.set(true);
    steps::document::check_mrz_of(f);
}

/// Mounts the application on `<body>` (called by `main`).
pub fn mount() {
    console_error_panic_hook_lite();
    leptos::mount::mount_to_body(App);
}

fn console_error_panic_hook_lite() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
}
