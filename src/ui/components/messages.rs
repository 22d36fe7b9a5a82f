//! The SAML messages of the trace, in order.

use yew::prelude::*;

use crate::ui::components::message_card::MessageCard;
use crate::ui::state::ReportHandle;

/// Props of [`Messages`].
#[derive(Properties, PartialEq)]
pub struct MessagesProps {
    /// The report.
    pub report: ReportHandle,
}

/// The message list.
#[function_component(Messages)]
pub fn messages(props: &MessagesProps) -> Html {
    let r = &props.report.0;
    html! {
        <section id="messages" aria-labelledby="messages-heading" data-count={r.messages.len().to_string()}>
            <h2 id="messages-heading">{ format!("Messages ({})", r.messages.len()) }</h2>
            if r.messages.is_empty() {
                <p class="muted">{ "No SAML message was found in the trace." }</p>
            }
            { for r.messages.iter().map(|m| html! {
                <MessageCard key={m.index} report={props.report.clone()} index={m.index} />
            }) }
        </section>
    }
}
