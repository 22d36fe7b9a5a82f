//! A certificate of the trace: subject, validity at the evaluation time (with a bar), whether signatures are
//! expected to verify with it, where it was seen, and its thumbprints to copy.

use yew::prelude::*;

use crate::time::{parse_datetime, TimeSource};
use crate::ui::components::copy_button::CopyButton;
use crate::ui::report_view::{CertificateEntryView, CertificateOriginView};
use crate::ui::view::{format_utc, validity};

/// Props of [`CertificateCard`].
#[derive(Properties, PartialEq)]
pub struct CertificateCardProps {
    /// The certificate.
    pub certificate: CertificateEntryView,
    /// The evaluation time.
    pub at: i64,
    /// Where the evaluation time came from.
    pub source: TimeSource,
}

/// The certificate card.
#[function_component(CertificateCard)]
pub fn certificate_card(props: &CertificateCardProps) -> Html {
    let c = &props.certificate;
    let (not_before, not_after) =
        (parse_datetime(&c.not_before).unwrap_or(0), parse_datetime(&c.not_after).unwrap_or(0));
    let (words, used) = validity(not_before, not_after, props.at, &props.source);
    let state = if props.at > not_after {
        "expired"
    } else if props.at < not_before {
        "not-yet-valid"
    } else {
        "valid"
    };
    let expected = if c.expected_because.is_empty() {
        "Not expected: no profile thumbprint, metadata or pasted certificate names it".to_owned()
    } else {
        let why: Vec<&str> = c
            .expected_because
            .iter()
            .map(|w| match w.as_str() {
                "profile-thumbprint" => "its thumbprint is in the profile",
                "metadata-signing-key" => "it is a signing key of the metadata",
                "pasted-certificate" => "it was given on its own",
                other => other,
            })
            .collect();
        format!("Expected: {}", why.join("; "))
    };
    let origins: Vec<String> = c
        .origins
        .iter()
        .map(|o| match o {
            CertificateOriginView::KeyInfo { message } => format!("signature KeyInfo of message {}", message + 1),
            CertificateOriginView::Metadata { message, key_use } => format!(
                "metadata (message {}){}",
                message + 1,
                key_use.as_ref().map(|u| format!(", use {u}")).unwrap_or_default()
            ),
            CertificateOriginView::Pasted { source } => source.clone(),
            CertificateOriginView::Other => "elsewhere".to_owned(),
        })
        .collect();
    html! {
        <section class="certificate" data-validity={state} data-thumbprint={c.thumbprint_sha1.clone()}
            data-expected={(!c.expected_because.is_empty()).to_string()}>
            <h3>{ &c.subject }</h3>
            <p class={classes!("expected-line", if c.expected_because.is_empty() { "bad" } else { "ok" })}>{ expected }</p>
            <div class={classes!("validity", state)}>
                <meter min="0" max="100" low="0" high="90" optimum="0" value={used.to_string()}
                    aria-label="Share of the validity period used at the evaluation time"></meter>
                <span class="validity-words">{ words }</span>
            </div>
            <dl class="fields">
                <div class="field-row"><dt>{ "Valid" }</dt><dd>
                    { format!("{} → {}", format_utc(not_before), format_utc(not_after)) }
                </dd></div>
                if c.issuer != c.subject && !c.issuer.is_empty() {
                    <div class="field-row"><dt>{ "Issuer" }</dt><dd>{ &c.issuer }</dd></div>
                }
                <div class="field-row"><dt>{ "Key" }</dt><dd>{ format!("{}, signed with {}", c.key, c.signature_algorithm) }</dd></div>
                <div class="field-row"><dt>{ "Seen in" }</dt><dd>{ origins.join("; ") }</dd></div>
                <div class="field-row thumbprint"><dt>{ "SHA-1 thumbprint" }</dt><dd>
                    <code>{ &c.thumbprint_sha1 }</code>
                    <CopyButton value={AttrValue::from(c.thumbprint_sha1.clone())} what="SHA-1 thumbprint" />
                </dd></div>
                <div class="field-row thumbprint"><dt>{ "SHA-256 thumbprint" }</dt><dd>
                    <code class="long">{ &c.thumbprint_sha256 }</code>
                    <CopyButton value={AttrValue::from(c.thumbprint_sha256.clone())} what="SHA-256 thumbprint" />
                </dd></div>
            </dl>
        </section>
    }
}
