//! The subject and claims of an assertion, as a table.

use yew::prelude::*;

use crate::ui::inspect::ClaimsView;

/// Props of [`ClaimsTable`].
#[derive(Properties, PartialEq)]
pub struct ClaimsTableProps {
    /// The claims.
    pub claims: ClaimsView,
}

/// The claims table.
#[function_component(ClaimsTable)]
pub fn claims_table(props: &ClaimsTableProps) -> Html {
    let c = &props.claims;
    html! {
        <details class="claims" open=true>
            <summary>{ format!("Subject and claims ({})", c.claims.len()) }</summary>
            <table class="claims-table">
                <thead><tr><th scope="col">{ "Claim" }</th><th scope="col">{ "Value" }</th></tr></thead>
                <tbody>
                    if let Some((value, format)) = &c.name_id {
                        <tr class="name-id">
                            <th scope="row">
                                { "NameID" }
                                if let Some(f) = format {
                                    <span class="claim-uri">{ f.rsplit(':').next().unwrap_or(f).to_owned() }</span>
                                }
                            </th>
                            <td>{ value }</td>
                        </tr>
                    }
                    { for c.claims.iter().map(|claim| {
                        let short = claim.name.rsplit('/').next().unwrap_or(&claim.name).to_owned();
                        html! {
                            <tr data-claim={claim.name.clone()}>
                                <th scope="row">
                                    { short.clone() }
                                    if short != claim.name {
                                        <span class="claim-uri">{ &claim.name }</span>
                                    }
                                </th>
                                <td>
                                    { for claim.values.iter().map(|v| html! { <div class="claim-value">{ v }</div> }) }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </details>
    }
}
