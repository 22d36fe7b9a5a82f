//! A certificate: subject, issuer, validity at the evaluation time (with a bar), key and thumbprints to copy.

use yew::prelude::*;

use crate::time::TimeSource;
use crate::ui::components::copy_button::CopyButton;
use crate::ui::inspect::CertificateView;
use crate::ui::view::{format_utc, validity};

/// Props of [`CertificateCard`].
#[derive(Properties, PartialEq)]
pub struct CertificateCardProps {
    /// The certificate.
    pub certificate: CertificateView,
    /// The evaluation time.
    pub at: i64,
    /// Where the evaluation time came from.
    pub source: TimeSource,
}

/// The certificate card.
#[function_component(CertificateCard)]
pub fn certificate_card(props: &CertificateCardProps) -> Html {
    let c = &props.certificate;
    let facts = match &c.certificate {
        Ok(f) => f,
        Err(e) => {
            return html! {
                <section class="certificate unreadable">
                    <h4>{ "Certificate" }</h4>
                    <p class="muted">{ &c.location }</p>
                    <p class="parse-error">{ format!("Unreadable: {e}") }</p>
                </section>
            }
        }
    };
    let s = &facts.summary;
    let (words, used) = validity(facts.not_before, facts.not_after, props.at, &props.source);
    let state = if props.at > facts.not_after {
        "expired"
    } else if props.at < facts.not_before {
        "not-yet-valid"
    } else {
        "valid"
    };
    html! {
        <section class="certificate" data-validity={state} data-thumbprint={s.thumbprint_sha1.clone()}>
            <h4>{ "Certificate" }</h4>
            <p class="muted">{ &c.location }</p>
            <dl class="fields">
                <div class="field-row"><dt>{ "Subject" }</dt><dd>{ &s.subject }</dd></div>
                if s.issuer != s.subject {
                    <div class="field-row"><dt>{ "Issuer" }</dt><dd>{ &s.issuer }</dd></div>
                }
                <div class="field-row"><dt>{ "Valid" }</dt><dd>
                    { format!("{} → {}", format_utc(facts.not_before), format_utc(facts.not_after)) }
                </dd></div>
                <div class="field-row"><dt>{ "Key" }</dt><dd>{ format!("{}, signed with {}", s.key, s.signature_algorithm) }</dd></div>
                <div class="field-row thumbprint"><dt>{ "SHA-1 thumbprint" }</dt><dd>
                    <code>{ &s.thumbprint_sha1 }</code>
                    <CopyButton value={AttrValue::from(s.thumbprint_sha1.clone())} what="SHA-1 thumbprint" />
                </dd></div>
                <div class="field-row thumbprint"><dt>{ "SHA-256 thumbprint" }</dt><dd>
                    <code class="long">{ &s.thumbprint_sha256 }</code>
                    <CopyButton value={AttrValue::from(s.thumbprint_sha256.clone())} what="SHA-256 thumbprint" />
                </dd></div>
            </dl>
            <div class={classes!("validity", state)}>
                <meter min="0" max="100" low="0" high="90" optimum="0" value={used.to_string()}
                    aria-label="Share of the validity period used at the evaluation time"></meter>
                <span class="validity-words">{ words }</span>
            </div>
        </section>
    }
}
