//! `assertion.*`: the assertion inside Entra's Response (presence, Issuer, Audience, Recipient, validity window,
//! NameID).

mod audience_mismatch;
mod audience_missing;
mod encrypted;
mod expired;
mod issuer_mismatch;
mod missing;
mod nameid_missing;
mod not_yet_valid;
mod recipient_mismatch;

use super::Rule;
use crate::saml::Assertion;
use crate::time::Instant;
use crate::xml::NodeId;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[
    &missing::Missing,
    &encrypted::Encrypted,
    &issuer_mismatch::IssuerMismatch,
    &audience_missing::AudienceMissing,
    &audience_mismatch::AudienceMismatch,
    &recipient_mismatch::RecipientMismatch,
    &not_yet_valid::NotYetValid,
    &expired::Expired,
    &nameid_missing::NameIdMissing,
];

/// A validity window of an assertion: its `Conditions` or a `SubjectConfirmationData`.
pub(crate) struct Window<'a> {
    /// `Conditions` or `SubjectConfirmationData`.
    pub element: &'static str,
    /// The element.
    pub node: NodeId,
    /// `NotBefore`.
    pub not_before: Option<&'a Instant>,
    /// `NotOnOrAfter`.
    pub not_on_or_after: Option<&'a Instant>,
}

/// The validity windows of an assertion, Conditions first.
pub(crate) fn windows(assertion: &Assertion) -> Vec<Window<'_>> {
    let mut out = Vec::new();
    if let Some(c) = &assertion.conditions {
        out.push(Window {
            element: "Conditions",
            node: c.node,
            not_before: c.not_before.as_ref(),
            not_on_or_after: c.not_on_or_after.as_ref(),
        });
    }
    for data in assertion.subject.iter().flat_map(|s| s.confirmations.iter()).filter_map(|c| c.data.as_ref()) {
        out.push(Window {
            element: "SubjectConfirmationData",
            node: data.node,
            not_before: data.not_before.as_ref(),
            not_on_or_after: data.not_on_or_after.as_ref(),
        });
    }
    out
}

/// Whether an assertion comes with a Response that failed (its contents are not what the sign-in depends on).
/// The assertions the assertion rules check: every assertion except those inside a Response whose status is a
/// failure (`response.status-error` reports those; their contents are not meant to be used).
pub(crate) fn checked_assertions(
    analysis: &crate::analysis::Analysis,
) -> impl Iterator<Item = crate::trace::AssertionRef<'_>> {
    analysis.assertions().into_iter().filter(|a| !in_failed_response(a.response))
}

pub(crate) fn in_failed_response(response: Option<&crate::saml::Response>) -> bool {
    response.and_then(|r| r.status.as_ref()).is_some_and(|s| !s.is_success())
}
