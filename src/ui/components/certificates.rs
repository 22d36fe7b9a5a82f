//! Every certificate of the trace (signature KeyInfo, metadata, pasted PEM), from the report's inventory.

use yew::prelude::*;

use crate::ui::components::certificate_card::CertificateCard;
use crate::ui::state::ReportHandle;

/// Props of [`Certificates`].
#[derive(Properties, PartialEq)]
pub struct CertificatesProps {
    /// The report.
    pub report: ReportHandle,
}

/// The certificates section (nothing when the trace has none).
#[function_component(Certificates)]
pub fn certificates(props: &CertificatesProps) -> Html {
    let r = &props.report.0;
    if r.certificates.is_empty() {
        return html! {};
    }
    html! {
        <section id="certificates" aria-labelledby="certificates-heading">
            <h2 id="certificates-heading">{ format!("Certificates ({})", r.certificates.len()) }</h2>
            { for r.certificates.iter().map(|c| html! {
                <CertificateCard certificate={c.clone()} at={r.evaluated_at_unix} source={r.time_source.clone()} />
            }) }
        </section>
    }
}
