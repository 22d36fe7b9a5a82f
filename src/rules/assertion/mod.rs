//! `assertion.*`: the assertion inside Entra's Response (presence, Issuer, Audience, Recipient, validity window,
//! NameID).

mod audience_mismatch;
mod audience_missing;
mod encrypted;
mod expired;
mod issuer_mismatch;
mod missing;
mod multiple;
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
    &multiple::Multiple,
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
/// The assertions the assertion and claims rules check: never those inside a Response whose status is a failure
/// (`response.status-error` reports those), and — the wrapping defence — when a message has an assertion covered by
/// a verified signature, only the covered ones: values are read from the signed subtree, never from an unsigned
/// assertion placed next to it. A message with no verified assertion is still checked (the `signature.*` rules say
/// it is unsigned or invalid), so a failing sign-in still gets its configuration diagnosed.
pub(crate) fn checked_assertions(
    analysis: &crate::analysis::Analysis,
) -> impl Iterator<Item = crate::trace::AssertionRef<'_>> {
    analysis.assertions().into_iter().filter(|a| {
        if in_failed_response(a.response) {
            return false;
        }
        let coverage = a.message.assertion_coverage();
        let any_verified = coverage.iter().any(|c| c.signature.is_some());
        !any_verified || a.message.is_covered(a.assertion.node)
    })
}

pub(crate) fn in_failed_response(response: Option<&crate::saml::Response>) -> bool {
    response.and_then(|r| r.status.as_ref()).is_some_and(|s| !s.is_success())
}

#[cfg(test)]
mod wrapping_tests {
    use super::checked_assertions;
    use crate::decode::Input;
    use crate::profile::Profile;
    use crate::time::EvaluationTime;

    const VALID: &str = include_str!("../../../tests/fixtures/entra/cases/valid/02-response.xml");

    /// An unsigned assertion with another user's NameID, planted before Entra's signed one (signature wrapping):
    /// the rules must read only the signed assertion.
    #[test]
    fn reads_only_the_signed_assertion_when_one_verified() {
        let start = VALID.find("<Assertion ").unwrap();
        let end = VALID.find("</Assertion>").map(|e| e + "</Assertion>".len()).unwrap();
        let signed = &VALID[start..end];
        let planted =
            signed.replacen(" ID=\"", " ID=\"planted-", 1).replace("jane.doe@acme.example", "mallory@evil.example");
        let (sig_start, sig_end) = (planted.find("<Signature ").unwrap(), planted.find("</Signature>").unwrap());
        let planted = format!("{}{}", &planted[..sig_start], &planted[sig_end + "</Signature>".len()..]);
        let wrapped = format!("{}{}{}", &VALID[..start], planted, &VALID[start..]);
        let profile = Profile::from_toml(include_str!("../../../tests/fixtures/entra/profile.toml")).unwrap();
        let analysis = crate::analysis::build(&[Input::text("r.xml", wrapped)], &profile, EvaluationTime::at(0));
        let ids: Vec<_> = checked_assertions(&analysis).map(|a| a.assertion.id.clone().unwrap_or_default()).collect();
        assert_eq!(ids.len(), 1, "{ids:?}");
        assert!(!ids[0].starts_with("planted-"), "{ids:?}");
        // Without a verified signature every assertion is still checked (the signature rules report why).
        let unsigned =
            crate::analysis::build(&[Input::text("r.xml", planted.clone())], &profile, EvaluationTime::at(0));
        assert_eq!(checked_assertions(&unsigned).count(), 1);
    }
}
