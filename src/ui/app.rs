//! The root component: it owns the state, installs the page-wide handlers (paste anywhere, drag and drop, share
//! links) and the analysis runner, and wires the leaf components together. It renders no content of its own.

use std::cell::Cell;
use std::rc::Rc;

use gloo::events::{EventListener, EventListenerOptions};
use wasm_bindgen::JsCast as _;
use yew::prelude::*;

use crate::ui::browser;
use crate::ui::components::{
    certificates::Certificates,
    export_panel::{ExportKind, ExportPanel},
    findings::Findings,
    input_panel::InputPanel,
    messages::Messages,
    notice::Notice,
    profile_editor::ProfileEditor,
    rule_doc::RuleDocDialog,
    status::Status,
    time_selector::TimeSelector,
    timeline::Timeline,
    verdict::Verdict,
};
use crate::ui::export;
use crate::ui::runner::{Runner, WORKER_THRESHOLD_BYTES};
use crate::ui::share;
use crate::ui::state::{Action, AppState, SharedState};

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new((*self).clone().apply(action))
    }
}

/// The wasm `main`: in a page, mounts the app into `<body>`; in the analysis worker (the same module, loaded by
/// `static/analysis-worker.js`), installs the analysis handler instead.
pub fn start() {
    if js_sys::global().dyn_into::<web_sys::Window>().is_ok() {
        yew::Renderer::<App>::new().render();
    } else {
        crate::ui::worker::run();
    }
}

/// Mounts the app into `root` (tests mount into their own element); keep the handle to keep it alive.
pub fn start_in(root: web_sys::Element) -> AppHandle<App> {
    yew::Renderer::<App>::with_root(root).render()
}

/// The root component.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| {
        let state = AppState::initial(browser::load_profile());
        match shared_from_fragment(&browser::location_hash()) {
            Some(Ok(shared)) => state.apply(Action::LoadShared(shared)),
            Some(Err(e)) => state.apply(Action::SharedInvalid(e.to_string())),
            None => state,
        }
    });
    let dragging = use_state(|| false);
    let runner = use_mut_ref(Runner::default);
    let first_mark = use_mut_ref(|| false);

    // Page-wide handlers, installed once.
    {
        let dispatch = state.dispatcher().to_callback();
        let set_dragging = dragging.setter();
        use_effect_with((), move |()| {
            let listeners = install_page_handlers(&dispatch, &set_dragging);
            move || drop(listeners)
        });
    }

    // Analyse whenever the trace, the time or the profile changes.
    {
        let state = state.clone();
        let runner = runner.clone();
        use_effect_with(state.generation, move |_| {
            let request = state.request(browser::now_unix());
            runner.borrow_mut().submit(request, state.dispatcher().to_callback());
        });
    }

    // Keep the user's profile in this browser (never the trace).
    use_effect_with(state.profile.clone(), |profile| {
        if profile.validate().is_empty() {
            browser::save_profile(profile);
        }
    });

    // The first diagnosis on screen: a performance mark for the load-time measurement.
    use_effect_with(state.report_generation, move |_| {
        if !*first_mark.borrow() {
            *first_mark.borrow_mut() = true;
            browser::mark_first_diagnosis();
        }
    });

    let dispatch = state.dispatcher().to_callback();
    let on_export = {
        let state = state.clone();
        Callback::from(move |kind: ExportKind| export(&state, kind))
    };
    let on_files = {
        let dispatch = dispatch.clone();
        Callback::from(move |files: Vec<web_sys::File>| browser::read_files(files, &dispatch))
    };
    let on_cancel = {
        let (runner, dispatch) = (runner.clone(), dispatch.clone());
        Callback::from(move |()| {
            runner.borrow_mut().cancel();
            dispatch.emit(Action::CancelAnalysis);
        })
    };
    let report = state.report.clone();
    let (_, profile_source) = state.profile_in_use();

    html! {
        <main id="app" class={classes!(dragging.then_some("dragging"))}>
            <header class="masthead">
                <h1>{ "sso-doctor" }</h1>
                <p class="tagline">
                    { "Diagnose a failed Entra ID → NumlyEngage SAML sign-in. Everything runs in this page: \
                       nothing you paste is sent anywhere." }
                </p>
            </header>
            <div class="layout">
                <div class="area-trace">
                    <InputPanel
                        paste={state.paste.clone()}
                        inputs={state.inputs.clone()}
                        reading={state.reading.clone()}
                        read_errors={state.read_errors.clone()}
                        example={state.example}
                        on_paste={dispatch.reform(Action::SetPaste)}
                        {on_files}
                        on_remove={dispatch.reform(Action::RemoveInput)}
                        on_clear={dispatch.reform(|()| Action::Clear)}
                        on_example={dispatch.reform(Action::LoadExample)}
                        on_dismiss_errors={dispatch.reform(|()| Action::DismissReadErrors)}
                    />
                </div>
                <section id="results" class="area-results" aria-labelledby="results-heading" aria-busy={state.is_stale().to_string()}>
                    <h2 id="results-heading" class="visually-hidden">{ "Diagnosis" }</h2>
                    <Status
                        stale={state.is_stale()}
                        running={state.running.is_some()}
                        bytes={state.trace_bytes()}
                        error={state.analysis_error.clone()}
                        empty={state.is_empty()}
                        progress={state.progress.clone()}
                        cancellable={state.trace_bytes() >= WORKER_THRESHOLD_BYTES}
                        cancelled={state.cancelled}
                        {on_cancel}
                        on_reanalyse={dispatch.reform(|()| Action::Reanalyse)}
                    />
                    if let Some(report) = report.clone() {
                        <Verdict report={report.clone()} source={profile_source} example={state.example} />
                        <Findings report={report.clone()} on_learn_more={dispatch.reform(Action::OpenRule)} />
                        <Timeline report={report.clone()} />
                        <Certificates report={report.clone()} />
                        <Messages {report} />
                    }
                </section>
                <div class="area-settings">
                    <TimeSelector choice={state.time} report={report.clone()} on_change={dispatch.reform(Action::SetTime)} />
                    <ProfileEditor
                        profile={state.profile.clone()}
                        errors={state.profile_errors.clone()}
                        source={profile_source}
                        on_change={dispatch.reform(Action::SetProfile)}
                    />
                    <ExportPanel
                        redact={state.redact}
                        has_report={report.is_some()}
                        share_link={state.share_link.clone()}
                        on_redact={dispatch.reform(Action::SetRedact)}
                        {on_export}
                    />
                </div>
            </div>
            <RuleDocDialog rule={state.open_rule} on_close={dispatch.reform(|()| Action::CloseRule)} />
            <Notice text={state.notice.clone()} on_dismiss={dispatch.reform(|()| Action::Notice(None))} />
            <div class="drop-overlay" aria-hidden="true">
                <p>{ "Drop HAR, XML, text or PEM files to add them to the trace" }</p>
            </div>
        </main>
    }
}

/// The shared state in a fragment: `None` when the fragment is not a share link.
fn shared_from_fragment(fragment: &str) -> Option<Result<SharedState, share::ShareError>> {
    fragment.trim_start_matches('#').starts_with(share::FRAGMENT_KEY).then(|| share::decode(fragment))
}

/// Performs an export: a download, a copy, or a share link.
fn export(state: &UseReducerHandle<AppState>, kind: ExportKind) {
    let dispatch = state.dispatcher();
    let Some(report) = state.report.as_ref().map(|r| r.0.clone()) else {
        return;
    };
    // The exports come from the analysis (core renderer, core redaction); without redaction they are the report
    // exactly as the core wrote it.
    let (json, markdown) = if state.redact {
        (report.redacted_json.clone(), report.redacted_markdown.clone())
    } else {
        (report.json.clone(), report.markdown.clone())
    };
    let notice = {
        let dispatch = dispatch.clone();
        move |text: String| dispatch.dispatch(Action::Notice(Some(text)))
    };
    let copied = {
        let dispatch = dispatch.clone();
        Callback::from(move |(what, result): (&'static str, Result<(), String>)| {
            dispatch.dispatch(Action::Notice(Some(match result {
                Ok(()) => format!("{what} copied to the clipboard."),
                Err(e) => format!("Could not copy the {what}: {e}"),
            })));
        })
    };
    let copy = |what: &'static str, text: String| {
        let copied = copied.clone();
        browser::copy_text(&text, Callback::from(move |r| copied.emit((what, r))));
    };
    match kind {
        ExportKind::DownloadMarkdown => {
            if let Err(e) = browser::download("sso-doctor-report.md", "text/markdown", &markdown) {
                notice(format!("Could not start the download: {e}"));
            }
        }
        ExportKind::DownloadJson => {
            if let Err(e) = browser::download("sso-doctor-report.json", "application/json", &json) {
                notice(format!("Could not start the download: {e}"));
            }
        }
        ExportKind::CopyMarkdown => copy("Markdown report", markdown),
        ExportKind::CopyJson => copy("JSON report", json),
        ExportKind::ShareLink => {
            let (profile, _) = state.profile_in_use();
            let shared = if let Some(id) = state.example {
                SharedState {
                    example: Some(id.to_owned()),
                    inputs: Vec::new(),
                    profile: None,
                    time: state.time,
                    redacted: false,
                    reported: Vec::new(),
                }
            } else {
                // Only now: a share link is the one export that needs the inputs' text.
                let texts = state.trace_texts();
                // A trace opened from a redacted link stays redacted, with its sender's signature results.
                let shared = if state.redact || state.reported.is_some() {
                    export::redacted_share(&texts, &report, &export::trace_redactor(&texts, &report)).map(|share| {
                        SharedState {
                            example: None,
                            inputs: share.inputs,
                            profile: Some(share.profile),
                            time: state.time,
                            redacted: true,
                            reported: share.signatures,
                        }
                    })
                } else {
                    texts
                        .into_iter()
                        .map(|(name, text)| if let Some(t) = text { Ok((name, t)) } else { Err(name) })
                        .collect::<Result<Vec<_>, _>>()
                        .map(|inputs| SharedState {
                            example: None,
                            inputs,
                            profile: Some(profile),
                            time: state.time,
                            redacted: false,
                            reported: Vec::new(),
                        })
                };
                match shared {
                    Ok(shared) => shared,
                    Err(name) => {
                        let advice = if state.redact {
                            "Download the report instead."
                        } else {
                            "Turn on redaction to share the SAML messages found in it, or download the report."
                        };
                        notice(format!("A share link cannot carry {name}: the file is too large. {advice}"));
                        return;
                    }
                }
            };
            let link = format!("{}#{}", browser::page_url_without_fragment(), share::encode(&shared));
            dispatch.dispatch(Action::ShareLinkReady(link.clone()));
            copy("Share link", link);
        }
    }
}

/// Paste anywhere, drag and drop anywhere, and opening a share link in this tab. The listeners live as long as
/// the returned value.
fn install_page_handlers(dispatch: &Callback<Action>, set_dragging: &UseStateSetter<bool>) -> Vec<EventListener> {
    let document = gloo::utils::document();
    let window = gloo::utils::window();
    let depth = Rc::new(Cell::new(0_i32));
    let prevent = EventListenerOptions::enable_prevent_default();
    let mut listeners = Vec::new();

    let d = dispatch.clone();
    listeners.push(EventListener::new(&document, "paste", move |event| {
        // Pastes into a text field are that field's business.
        let in_field = event.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|el| {
            matches!(el.tag_name().as_str(), "TEXTAREA" | "INPUT")
                || el.closest("[contenteditable]").ok().flatten().is_some()
        });
        if in_field {
            return;
        }
        let Some(data) = event.dyn_ref::<web_sys::ClipboardEvent>().and_then(web_sys::ClipboardEvent::clipboard_data)
        else {
            return;
        };
        let files = browser::files_of(data.files());
        if files.is_empty() {
            if let Ok(text) = data.get_data("text") {
                d.emit(Action::GlobalPaste(text));
            }
        } else {
            browser::read_files(files, &d);
        }
    }));

    let (s, dep) = (set_dragging.clone(), depth.clone());
    listeners.push(EventListener::new(&document, "dragenter", move |event| {
        if carries_files(event) {
            dep.set(dep.get() + 1);
            s.set(true);
        }
    }));
    let (s, dep) = (set_dragging.clone(), depth.clone());
    listeners.push(EventListener::new(&document, "dragleave", move |_| {
        dep.set((dep.get() - 1).max(0));
        if dep.get() == 0 {
            s.set(false);
        }
    }));
    listeners.push(EventListener::new_with_options(&document, "dragover", prevent, move |event| {
        // Without this the browser would open the dropped file instead of handing it to the page.
        event.prevent_default();
    }));
    let (s, d) = (set_dragging.clone(), dispatch.clone());
    listeners.push(EventListener::new_with_options(&document, "drop", prevent, move |event| {
        event.prevent_default();
        depth.set(0);
        s.set(false);
        let files = event
            .dyn_ref::<web_sys::DragEvent>()
            .and_then(web_sys::DragEvent::data_transfer)
            .map(|t| browser::files_of(t.files()))
            .unwrap_or_default();
        browser::read_files(files, &d);
    }));

    let d = dispatch.clone();
    listeners.push(EventListener::new(&window, "hashchange", move |_| {
        if let Some(shared) = shared_from_fragment(&browser::location_hash()) {
            d.emit(match shared {
                Ok(s) => Action::LoadShared(s),
                Err(e) => Action::SharedInvalid(e.to_string()),
            });
        }
    }));
    listeners
}

fn carries_files(event: &web_sys::Event) -> bool {
    event
        .dyn_ref::<web_sys::DragEvent>()
        .and_then(web_sys::DragEvent::data_transfer)
        .is_some_and(|t| t.types().iter().any(|t| t.as_string().as_deref() == Some("Files")))
}
