//! The one-line verdict above the findings: how many errors and warnings, or that nothing is wrong, and what was
//! analysed (messages, the example, the time).

use yew::prelude::*;

use crate::examples;
use crate::report::render::REPORTED_NOTE;
use crate::ui::state::{ProfileSource, ReportHandle};
use crate::ui::view::{format_utc, time_source_label};

/// Props of [`Verdict`].
#[derive(Properties, PartialEq)]
pub struct VerdictProps {
    /// The report.
    pub report: ReportHandle,
    /// Whose profile was used.
    pub source: ProfileSource,
    /// The example shown, if any.
    pub example: Option<&'static str>,
}

/// The verdict banner.
#[function_component(Verdict)]
pub fn verdict(props: &VerdictProps) -> Html {
    let r = &props.report.0;
    let s = r.summary;
    let (class, headline) = if s.errors > 0 {
        (
            "verdict errors",
            if s.errors == 1 {
                "1 problem that breaks sign-in".to_owned()
            } else {
                format!("{} problems that break sign-in", s.errors)
            },
        )
    } else if s.warnings > 0 {
        ("verdict warnings", format!("No blocking problem, {}", plural(s.warnings, "warning", "warnings")))
    } else {
        ("verdict clean", "No problems found".to_owned())
    };
    let example = props.example.and_then(examples::find);
    let reported = r.reported_signatures();
    html! {
        <div {class} id="verdict" data-errors={s.errors.to_string()} data-warnings={s.warnings.to_string()}>
            if let Some(e) = example {
                <p class="verdict-example">{ format!("Example: {}", e.title) }<span class="muted">{ format!(" — {}", e.summary) }</span></p>
            }
            <p class="verdict-headline">{ headline }</p>
            <p class="verdict-meta">
                { format!(
                    "{} analysed at {} ({}), clock skew {} s.",
                    plural(r.messages.len(), "message", "messages"),
                    format_utc(r.evaluated_at_unix),
                    time_source_label(&r.time_source),
                    r.clock_skew_seconds
                ) }
                if matches!(props.source, ProfileSource::Example(_)) {
                    { " Checked against the example tenant's profile." }
                }
            </p>
            if reported > 0 {
                <p class="verdict-reported" id="reported-note">
                    { format!("{REPORTED_NOTE} ({}).", plural(reported, "signature", "signatures")) }
                </p>
            }
        </div>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
