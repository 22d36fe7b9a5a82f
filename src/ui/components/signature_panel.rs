//! A message's XML signatures: what is signed, whether the digests and the signature value verify, with which
//! key, and the algorithms used.

use yew::prelude::*;

use crate::report::render::REPORTED_NOTE;
use crate::ui::report_view::SignatureView;

/// Props of [`SignaturePanel`].
#[derive(Properties, PartialEq)]
pub struct SignaturePanelProps {
    /// The signatures of one message.
    pub signatures: Vec<SignatureView>,
}

/// The signature panel.
#[function_component(SignaturePanel)]
pub fn signature_panel(props: &SignaturePanelProps) -> Html {
    if props.signatures.is_empty() {
        return html! { <p class="signature none muted" data-status="none">{ "This message carries no XML signature." }</p> };
    }
    html! {
        <>
            { for props.signatures.iter().map(|s| {
                let good = s.verified && s.trusted;
                let what = s.signed_element.as_ref().map_or_else(
                    || "an unknown element".to_owned(),
                    |e| format!("{}{}", e.name, e.id.as_ref().map(|i| format!(" {i}")).unwrap_or_default()),
                );
                let reported = s.is_reported();
                html! {
                    <section class={classes!("signature", if good { "good" } else if s.verified { "partial" } else { "bad" }, reported.then_some("reported"))}
                        data-status={s.status.clone()} data-reported={reported_kind(s)}>
                        <h4>
                            { format!("Signature over {what}: ") }
                            <span class="signature-status">{ status_words(&s.status) }</span>
                            if reported { <span class="reported-badge">{ " (reported by the share link)" }</span> }
                        </h4>
                        { reported_note(s) }
                        <dl class="fields">
                            <div class="field-row"><dt>{ "Algorithm" }</dt><dd>{ short(s.signature_algorithm.as_deref()) }</dd></div>
                            <div class="field-row"><dt>{ "Canonicalization" }</dt><dd>{ short(s.canonicalization.as_deref()) }</dd></div>
                            { for s.references.iter().map(|r| html! {
                                <div class="field-row">
                                    <dt>{ format!("Reference {}", r.uri.as_deref().unwrap_or("(none)")) }</dt>
                                    <dd>
                                        <span class={if r.digest_ok { "ok" } else { "bad" }}>
                                            { if r.digest_ok { "digest matches" } else { "digest does not match" } }
                                        </span>
                                        if reported { <span class="muted">{ " before redaction, as the link reports" }</span> }
                                        { format!(" ({})", short(r.digest_algorithm.as_deref())) }
                                        if let Some(p) = &r.problem { <span class="bad">{ format!(" — {p}") }</span> }
                                    </dd>
                                </div>
                            }) }
                            { for s.keys.iter().map(|k| html! {
                                <div class="field-row">
                                    <dt>{ format!("Key: {}", k.source) }</dt>
                                    <dd>
                                        <span class={if k.verified { "ok" } else { "bad" }}>
                                            { if k.verified { "verifies" } else { "does not verify" } }
                                        </span>
                                        { format!(" ({}{})", k.key, k.thumbprint_sha1.as_ref().map(|t| format!(", SHA-1 {t}")).unwrap_or_default()) }
                                        if k.expected { <span class="muted">{ " — an expected certificate" }</span> }
                                        if let Some(e) = &k.error { <span class="muted">{ format!(" — {e}") }</span> }
                                    </dd>
                                </div>
                            }) }
                        </dl>
                        if !s.problems.is_empty() {
                            <ul class="signature-problems">{ for s.problems.iter().map(|p| html! { <li>{ p }</li> }) }</ul>
                        }
                    </section>
                }
            }) }
        </>
    }
}

/// `applied`, `refused` or nothing: whether the result shown came from the share link.
fn reported_kind(s: &SignatureView) -> Option<String> {
    s.reported.as_ref().map(|r| r.used.clone())
}

/// What the share link's sender reported about this signature, in words.
fn reported_note(s: &SignatureView) -> Html {
    let Some(r) = &s.reported else { return html! {} };
    let text = match r.used.as_str() {
        "applied" => format!(
            "{REPORTED_NOTE}. On its own, this redacted copy gives: {}.",
            status_words(r.own_status.as_deref().unwrap_or_default())
        ),
        "refused" => format!(
            "The share link reports \"{}\" for this signature, but {}: shown as this copy verifies here.",
            status_words(r.reported_status.as_deref().unwrap_or_default()),
            r.reason.as_deref().unwrap_or("it does not fit this copy")
        ),
        _ => return html! {},
    };
    html! { <p class="reported-note">{ text }</p> }
}

fn status_words(status: &str) -> String {
    match status {
        "verified-expected" => "valid, with an expected certificate".to_owned(),
        "verified-embedded-only" => "valid only with its own KeyInfo certificate (not one you expect)".to_owned(),
        "digest-mismatch" => "the signed content was changed after signing".to_owned(),
        "invalid" => "the signature value does not verify".to_owned(),
        "no-key" => "no key to check it with".to_owned(),
        "reference-unresolved" => "its reference does not point at one element".to_owned(),
        "malformed" => "malformed".to_owned(),
        "duplicate-ids" => "the document has duplicate IDs".to_owned(),
        "unsupported" => "uses an algorithm sso-doctor cannot check".to_owned(),
        other => other.replace('-', " "),
    }
}

/// An algorithm URI by its fragment or last segment (`rsa-sha256`, `xml-exc-c14n`).
fn short(uri: Option<&str>) -> String {
    uri.map_or_else(
        || "—".to_owned(),
        |u| {
            let u = u.trim_end_matches(['#', '/']);
            u.rsplit(['#', '/']).next().unwrap_or(u).to_owned()
        },
    )
}
