//! One message: kind, where it came from and how it was decoded, its key fields with times relative to the
//! evaluation time, its claims, its certificates and its XML.

use yew::prelude::*;

use crate::ui::components::claims_table::ClaimsTable;
use crate::ui::components::signature_panel::SignaturePanel;
use crate::ui::components::xml_view::XmlView;
use crate::ui::inspect;
use crate::ui::state::ReportHandle;
use crate::ui::view::{relative_time, TIME_FIELDS};

/// Props of [`MessageCard`].
#[derive(Properties, PartialEq)]
pub struct MessageCardProps {
    /// The report.
    pub report: ReportHandle,
    /// The message's index in the report.
    pub index: usize,
}

/// A message card.
#[function_component(MessageCard)]
pub fn message_card(props: &MessageCardProps) -> Html {
    let claims = use_memo((props.report.clone(), props.index), |(r, i)| {
        r.0.messages.get(*i).and_then(|m| inspect::claims(&m.xml))
    });
    let report = &props.report.0;
    let Some(m) = report.messages.get(props.index) else {
        return html! {};
    };
    let (at, source) = (report.evaluated_at_unix, &report.time_source);
    let binding = match m.binding.as_str() {
        "redirect" => "HTTP-Redirect",
        "post" => "HTTP-POST",
        "raw" => "pasted XML",
        other => other,
    };
    let steps: Vec<&str> = m
        .steps
        .iter()
        .map(|s| match s.as_str() {
            "url-decode" => "URL-decoded",
            "base64" => "base64-decoded",
            "inflate" => "inflated",
            "strip-bom" => "BOM removed",
            other => other,
        })
        .collect();
    let number = m.index + 1;
    html! {
        <article class="message" id={format!("message-{number}")} data-kind={m.kind.clone()} aria-labelledby={format!("message-{number}-title")}>
            <header class="message-head">
                <h3 id={format!("message-{number}-title")}>{ format!("{number}. {}", m.kind) }</h3>
                <span class="chip small">{ binding }</span>
                if !steps.is_empty() {
                    <span class="muted steps">{ steps.join(" → ") }</span>
                }
            </header>
            <p class="message-source muted">{ m.source.describe() }</p>
            if let Some(e) = &m.parse_error {
                <p class="parse-error" role="note">{ format!("Not parsed: {e}") }</p>
            }
            if !m.fields.is_empty() {
                <dl class="fields">
                    { for m.fields.iter().map(|(k, v)| {
                        let relative = TIME_FIELDS.contains(&k.as_str()).then(|| relative_time(k, v, at, source)).flatten();
                        html! {
                            <div class="field-row" data-field={k.clone()}>
                                <dt>{ k }</dt>
                                <dd>
                                    <span class="value">{ v }</span>
                                    if let Some(r) = relative {
                                        <span class={classes!("relative", r.starts_with("expired").then_some("bad"), r.starts_with("not yet").then_some("bad"))}>{ r }</span>
                                    }
                                </dd>
                            </div>
                        }
                    }) }
                </dl>
            }
            if !m.signatures.is_empty() || report.has_signature_checks() {
                <SignaturePanel signatures={m.signatures.clone()} />
            }
            if let Some(c) = (*claims).clone() {
                <ClaimsTable claims={c} />
            }
            <XmlView xml={AttrValue::from(m.xml.clone())} signed={signed_regions(&m.signatures)} />
        </article>
    }
}

/// The elements the message's signature references cover, and whether each is verified (digest and signature).
fn signed_regions(signatures: &[crate::ui::report_view::SignatureView]) -> Vec<crate::ui::inspect::SignedRegion> {
    signatures
        .iter()
        .flat_map(|s| {
            s.references.iter().filter_map(move |r| {
                let target = r.target.as_ref().filter(|t| !t.path.is_empty())?;
                Some(crate::ui::inspect::SignedRegion {
                    path: target.path.clone(),
                    verified: s.verified && r.digest_ok,
                    reported: s.is_reported(),
                })
            })
        })
        .collect()
}
