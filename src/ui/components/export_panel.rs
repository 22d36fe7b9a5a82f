//! Share and export: Markdown and JSON (download or copy) and a share link, redacted by default.

use yew::prelude::*;

/// What to export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// Download the Markdown report.
    DownloadMarkdown,
    /// Download the JSON report.
    DownloadJson,
    /// Copy the Markdown report.
    CopyMarkdown,
    /// Copy the JSON report.
    CopyJson,
    /// Make (and copy) a share link.
    ShareLink,
}

/// Props of [`ExportPanel`].
#[derive(Properties, PartialEq)]
pub struct ExportPanelProps {
    /// Whether personal data is redacted.
    pub redact: bool,
    /// Whether there is a report to export.
    pub has_report: bool,
    /// The share link made for the current trace.
    pub share_link: Option<String>,
    /// The redaction toggle changed.
    pub on_redact: Callback<bool>,
    /// An export was asked for.
    pub on_export: Callback<ExportKind>,
}

/// The export section.
#[function_component(ExportPanel)]
pub fn export_panel(props: &ExportPanelProps) -> Html {
    let onchange = {
        let on_redact = props.on_redact.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            on_redact.emit(input.checked());
        })
    };
    let button = |id: &'static str, label: &'static str, kind: ExportKind, primary: bool| {
        let onclick = props.on_export.reform(move |_: MouseEvent| kind);
        html! {
            <button type="button" {id} class={classes!("button", "small", (!primary).then_some("secondary"))}
                disabled={!props.has_report} {onclick}>{ label }</button>
        }
    };
    html! {
        <section class="panel export-panel" aria-labelledby="export-heading">
            <h2 id="export-heading" class="panel-title">{ "Share and export" }</h2>
            <label class="checkbox" for="redact">
                <input type="checkbox" id="redact" checked={props.redact} {onchange} aria-describedby="redact-hint" />
                { "Redact personal data" }
            </label>
            <p class="hint" id="redact-hint">
                { "Replaces names, e-mail addresses, phone numbers and object ids by placeholders in exports and \
                   links. A redacted copy no longer matches its signature, so a redacted link also carries this \
                   page's signature results: whoever opens it sees them marked as verified before redaction by you." }
            </p>
            <div class="button-row">
                { button("export-md", "Download Markdown", ExportKind::DownloadMarkdown, true) }
                { button("export-json", "Download JSON", ExportKind::DownloadJson, false) }
                { button("copy-md", "Copy Markdown", ExportKind::CopyMarkdown, false) }
                { button("copy-json", "Copy JSON", ExportKind::CopyJson, false) }
                { button("share", "Copy share link", ExportKind::ShareLink, false) }
            </div>
            if let Some(link) = &props.share_link {
                <label for="share-url" class="field-label">{ "Share link (the data is in the part after #, which browsers never send to a server)" }</label>
                <input id="share-url" type="text" readonly=true value={link.clone()} />
            }
        </section>
    }
}
