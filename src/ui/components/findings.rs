//! The findings, errors first, grouped by severity; or the "No problems found" state.

use yew::prelude::*;

use crate::ui::components::finding_card::FindingCard;
use crate::ui::components::no_problems::NoProblems;
use crate::ui::state::ReportHandle;
use crate::ui::view::{by_severity, severity_heading};

/// Props of [`Findings`].
#[derive(Properties, PartialEq)]
pub struct FindingsProps {
    /// The report.
    pub report: ReportHandle,
    /// "Learn more" on a finding.
    pub on_learn_more: Callback<&'static str>,
}

/// The findings section.
#[function_component(Findings)]
pub fn findings(props: &FindingsProps) -> Html {
    let report = &props.report.0;
    if report.findings.is_empty() {
        return html! { <section id="findings" data-count="0"><NoProblems messages={report.messages.len()} /></section> };
    }
    html! {
        <section id="findings" data-count={report.findings.len().to_string()} aria-labelledby="findings-heading">
            <h2 id="findings-heading">{ "Findings" }</h2>
            { for by_severity(&report.findings, |f| f.severity).into_iter().map(|(severity, group)| html! {
                <section class={classes!("severity-group", severity.as_str())} aria-label={severity_heading(severity, group.len())}>
                    <h3 class="severity-heading">{ severity_heading(severity, group.len()) }</h3>
                    <ol class="finding-list">
                        { for group.into_iter().map(|f| html! {
                            <FindingCard finding={f.clone()} on_learn_more={props.on_learn_more.clone()} reported={report.is_reported_finding(f)} />
                        }) }
                    </ol>
                </section>
            }) }
        </section>
    }
}
