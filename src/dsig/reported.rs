//! Signature results *reported* by someone else: what the sender of a redacted share link found when their app
//! verified the original trace.
//!
//! Redaction replaces personal values inside signed XML, so the redacted copy's reference digests can no longer
//! match: the copy cannot be re-verified by anyone. A redacted share link therefore carries, next to the redacted
//! inputs, what the sender's analysis found about each signature ([`ReportedMessage`]), and the receiver's analysis
//! ([`crate::analysis::analyze_reported`]) uses it — only there: [`crate::analyze`], the CLI and every other input path
//! never read a reported result, so a pasted trace with a changed digest still fails.
//!
//! What a report can and cannot change:
//! - Only the *reference digest* results of a signature of a redacted input are taken from the report, and only for
//!   references whose digest does not match in the copy (a digest mismatch is the one thing redaction causes).
//!   Everything else is still computed here: reference resolution, transforms, what is signed, the algorithms and the
//!   check of `SignatureValue` over `SignedInfo` with every key. `SignedInfo` (which holds each `DigestValue`) is not
//!   personal data and survives redaction, so the copy still proves which key signed which digests; the report only
//!   says that the content digested to those values before redaction.
//! - The result is used only when it then gives exactly the status the sender reported; otherwise the copy's own
//!   result stands and the mismatch is recorded ([`ReportedUse::Refused`]).
//! - Every signature whose result came from a report says so ([`SignatureCheck::reported`], the `reported` field of
//!   the JSON report), and the web app labels it: "verified before redaction by whoever shared this link; the
//!   redacted copy cannot be re-verified". A crafted link can thus make the receiver's view say what the link says,
//!   labelled as the link's claim, never as the app's own verification.

use serde::{Deserialize, Serialize};

use super::verify::{ReferenceProblem, SignatureCheck, SignatureStatus};
use crate::analysis::Message;

/// Most reported messages read from one link (the analysis keeps at most [`crate::analysis::MAX_MESSAGES`]).
pub const MAX_REPORTED_MESSAGES: usize = crate::analysis::MAX_MESSAGES;

/// What the sender's analysis found about the signatures of one message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedMessage {
    /// The input the message is in, 0-based, in the trace as shared.
    pub input: usize,
    /// Its position among the messages found in that input, 0-based.
    pub nth: usize,
    /// Its kind (`Response`, …), to check the report is about this message.
    pub kind: String,
    /// Its `ID`, likewise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// One entry per `ds:Signature`, in document order.
    pub signatures: Vec<ReportedSignature>,
}

/// What the sender's analysis found about one `ds:Signature`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedSignature {
    /// The signature element's path (checked against the copy's).
    pub path: String,
    /// The overall result the sender got.
    pub status: SignatureStatus,
    /// One entry per `Reference`, in order.
    pub references: Vec<ReportedReference>,
}

/// What the sender's analysis found about one `Reference`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportedReference {
    /// The `URI` attribute (checked against the copy's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Whether the digest matched.
    pub digest_ok: bool,
    /// The digest the sender computed, when it did not match `DigestValue` (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub computed_digest: Option<String>,
}

/// How a reported result was used for a signature of a redacted copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "use", rename_all = "kebab-case")]
pub enum ReportedUse {
    /// The reference digests are the sender's; the rest was checked here. `own_status` is what the redacted copy
    /// gives on its own (a digest mismatch, since its content changed).
    Applied {
        /// The copy's own result.
        own_status: SignatureStatus,
    },
    /// The report does not fit this copy; the copy's own result is shown.
    Refused {
        /// The status the sender reported.
        reported_status: SignatureStatus,
        /// Why the report was not used, in words.
        reason: String,
    },
}

impl SignatureStatus {
    /// The status named by its JSON spelling ([`SignatureStatus::as_str`]).
    pub fn from_name(name: &str) -> Option<Self> {
        [
            Self::Unsupported,
            Self::DuplicateIds,
            Self::Malformed,
            Self::ReferenceUnresolved,
            Self::DigestMismatch,
            Self::NoKey,
            Self::Invalid,
            Self::VerifiedEmbeddedOnly,
            Self::VerifiedExpected,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
    }
}

/// Uses the reported results for the signatures of the messages they are about (see the module documentation).
/// A report is about the `nth` message found in input `input` and must name its kind and ID; its signatures are
/// matched by position and path, their references by position and `URI`.
pub fn apply(messages: &mut [Message], reported: &[ReportedMessage]) {
    let mut seen_in_input: Vec<(usize, usize)> = Vec::new();
    for m in messages {
        let input = m.decoded.source.input;
        let nth = if let Some((_, n)) = seen_in_input.iter_mut().find(|(i, _)| *i == input) {
            *n += 1;
            *n - 1
        } else {
            seen_in_input.push((input, 1));
            0
        };
        let Some(report) = reported.iter().take(MAX_REPORTED_MESSAGES).find(|r| r.input == input && r.nth == nth)
        else {
            continue;
        };
        let (kind, id) = (m.kind(), m.id().map(str::to_owned));
        for (i, check) in m.signatures.iter_mut().enumerate() {
            let Some(signature) = report.signatures.get(i) else { continue };
            check.reported = if report.kind != kind || report.id != id {
                refused(check.status(), signature.status, "the link's record is about another message")
            } else if signature.path != check.path {
                refused(check.status(), signature.status, "the link's record is about another signature")
            } else {
                use_report(check, signature)
            };
        }
    }
}

/// The check with the reported digest results, or why not.
fn use_report(check: &mut SignatureCheck, signature: &ReportedSignature) -> Option<ReportedUse> {
    let own_status = check.status();
    let mut candidate = check.clone();
    let mut changed = false;
    for (j, r) in candidate.references.iter_mut().enumerate() {
        let Some(ReferenceProblem::DigestMismatch { expected, .. }) = &r.problem else { continue };
        let Some(reported) = signature.references.get(j).filter(|x| x.uri == r.uri) else {
            return refused(own_status, signature.status, "the link's record lists other references");
        };
        if reported.digest_ok {
            r.digest_ok = true;
            r.problem = None;
        } else if let Some(computed) = &reported.computed_digest {
            r.problem = Some(ReferenceProblem::DigestMismatch { expected: expected.clone(), actual: computed.clone() });
        }
        changed = true;
    }
    if candidate.status() != signature.status {
        return refused(own_status, signature.status, "the link's result does not fit this copy");
    }
    if !changed {
        // Nothing redaction could have changed: the copy's own result is the sender's and needs no report.
        return None;
    }
    *check = candidate;
    Some(ReportedUse::Applied { own_status })
}

fn refused(own: SignatureStatus, reported: SignatureStatus, reason: &str) -> Option<ReportedUse> {
    (own != reported).then(|| ReportedUse::Refused { reported_status: reported, reason: reason.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{analyze_reported, build};
    use crate::decode::Input;
    use crate::dsig::fixtures::{
        profile_pinning, AT, IDP_CERT, SIGNED_ASSERTION, TAMPERED_DIGEST, TAMPERED_SIGNATURE_VALUE,
    };
    use crate::report::redact::Redactor;
    use crate::report::Report;
    use crate::time::EvaluationTime;

    /// What an analysis found about every signature, as a sender's link would carry it.
    fn report_of(xml: &str, profile: &crate::profile::Profile) -> Vec<ReportedMessage> {
        let analysis = build(&[Input::text("r.xml", xml)], profile, EvaluationTime::at(AT));
        analysis
            .messages
            .iter()
            .map(|m| ReportedMessage {
                input: 0,
                nth: 0,
                kind: m.kind().to_owned(),
                id: m.id().map(str::to_owned),
                signatures: m.signatures.iter().map(reported_signature).collect(),
            })
            .collect()
    }

    fn reported_signature(check: &SignatureCheck) -> ReportedSignature {
        ReportedSignature {
            path: check.path.clone(),
            status: check.status(),
            references: check
                .references
                .iter()
                .map(|r| ReportedReference {
                    uri: r.uri.clone(),
                    digest_ok: r.digest_ok,
                    computed_digest: match &r.problem {
                        Some(ReferenceProblem::DigestMismatch { actual, .. }) => Some(actual.clone()),
                        _ => None,
                    },
                })
                .collect(),
        }
    }

    fn redacted(xml: &str) -> String {
        let mut redactor = Redactor::new();
        redactor.collect_xml(xml);
        redactor.collect_text(xml);
        let out = redactor.redact_text(xml);
        assert_ne!(out, xml, "the fixture has personal data to redact");
        out
    }

    fn analyse(xml: &str, profile: &crate::profile::Profile, reported: Option<&[ReportedMessage]>) -> Report {
        let inputs = [Input::text("r.xml", xml)];
        match reported {
            Some(r) => analyze_reported(&inputs, profile, EvaluationTime::at(AT), r, &mut |_| {}),
            None => crate::analyze(&inputs, profile, EvaluationTime::at(AT)),
        }
    }

    fn rules(report: &Report) -> Vec<&'static str> {
        report.findings.iter().map(|f| f.rule).collect()
    }

    #[test]
    fn a_redacted_copy_with_the_senders_results_gets_the_senders_verdict_labelled() {
        let profile = profile_pinning(IDP_CERT);
        let original = analyse(SIGNED_ASSERTION, &profile, None);
        let copy = redacted(SIGNED_ASSERTION);
        // On its own, the copy cannot verify: its content changed.
        let own = analyse(&copy, &profile, None);
        assert!(rules(&own).contains(&"signature.digest-mismatch"), "{:?}", rules(&own));
        assert_eq!(own.messages[0].signatures[0].reported, None, "no report, nothing reported");

        let report = report_of(SIGNED_ASSERTION, &profile);
        let shared = analyse(&copy, &profile, Some(&report));
        assert_eq!(rules(&shared), rules(&original));
        let signature = &shared.messages[0].signatures[0];
        assert_eq!(signature.status, SignatureStatus::VerifiedExpected);
        assert_eq!(signature.reported, Some(ReportedUse::Applied { own_status: SignatureStatus::DigestMismatch }));
        let json = shared.to_json();
        assert!(
            json.contains("\"use\": \"applied\"") && json.contains("\"own_status\": \"digest-mismatch\""),
            "{json}"
        );
        // The key that signed SignedInfo is still checked here: the attempts are this copy's own.
        assert!(signature.keys.iter().any(|k| k.expected && k.verified));
    }

    #[test]
    fn the_plain_analysis_never_reads_a_report_and_an_empty_report_changes_nothing() {
        let profile = profile_pinning(IDP_CERT);
        let plain = analyse(TAMPERED_DIGEST, &profile, None);
        assert!(rules(&plain).contains(&"signature.digest-mismatch"));
        assert_eq!(analyse(TAMPERED_DIGEST, &profile, Some(&[])).to_json(), plain.to_json());
    }

    #[test]
    fn a_crafted_report_cannot_make_a_bad_signature_value_valid() {
        // The SignatureValue was edited: no report of digests can make it verify, and the claim is refused.
        let profile = profile_pinning(IDP_CERT);
        let mut report = report_of(SIGNED_ASSERTION, &profile);
        report[0].id = analyse(TAMPERED_SIGNATURE_VALUE, &profile, None).messages[0].id.clone();
        let shared = analyse(TAMPERED_SIGNATURE_VALUE, &profile, Some(&report));
        let signature = &shared.messages[0].signatures[0];
        assert_eq!(signature.status, SignatureStatus::Invalid);
        assert!(
            matches!(
                &signature.reported,
                Some(ReportedUse::Refused { reported_status: SignatureStatus::VerifiedExpected, .. })
            ),
            "{:?}",
            signature.reported
        );
        assert!(rules(&shared).contains(&"signature.invalid"), "{:?}", rules(&shared));
    }

    #[test]
    fn a_crafted_digest_claim_is_shown_as_the_links_claim() {
        // The NameID was edited after signing and a link claims the digest matched: the view says what the link
        // says, and every signature it touched is marked as reported, never as verified here.
        let profile = profile_pinning(IDP_CERT);
        let mut report = report_of(SIGNED_ASSERTION, &profile);
        report[0].id = analyse(TAMPERED_DIGEST, &profile, None).messages[0].id.clone();
        let shared = analyse(TAMPERED_DIGEST, &profile, Some(&report));
        let signature = &shared.messages[0].signatures[0];
        assert_eq!(signature.status, SignatureStatus::VerifiedExpected);
        assert_eq!(signature.reported, Some(ReportedUse::Applied { own_status: SignatureStatus::DigestMismatch }));
    }

    #[test]
    fn a_report_about_another_message_signature_or_reference_is_refused() {
        let profile = profile_pinning(IDP_CERT);
        let copy = redacted(SIGNED_ASSERTION);
        let good = report_of(SIGNED_ASSERTION, &profile);
        let mut other_id = good.clone();
        other_id[0].id = Some("_another".to_owned());
        let mut other_kind = good.clone();
        other_kind[0].kind = "LogoutResponse".to_owned();
        let mut other_path = good.clone();
        other_path[0].signatures[0].path.push_str("/x");
        let mut other_uri = good.clone();
        other_uri[0].signatures[0].references[0].uri = Some("#_another".to_owned());
        let mut other_input = good.clone();
        other_input[0].input = 1;
        for report in [other_id, other_kind, other_path, other_uri] {
            let shared = analyse(&copy, &profile, Some(&report));
            let signature = &shared.messages[0].signatures[0];
            assert_eq!(signature.status, SignatureStatus::DigestMismatch, "{report:?}");
            assert!(matches!(signature.reported, Some(ReportedUse::Refused { .. })), "{report:?}");
            assert!(rules(&shared).contains(&"signature.digest-mismatch"));
        }
        let shared = analyse(&copy, &profile, Some(&other_input));
        assert_eq!(shared.messages[0].signatures[0].reported, None, "a report for no message of the trace is unused");
        assert_eq!(shared.messages[0].signatures[0].status, SignatureStatus::DigestMismatch);
    }

    #[test]
    fn a_copy_that_still_verifies_keeps_its_own_result_and_a_sender_mismatch_keeps_the_senders_digest() {
        let profile = profile_pinning(IDP_CERT);
        // Nothing redacted in this copy: it verifies here, and nothing is taken from the report.
        let report = report_of(SIGNED_ASSERTION, &profile);
        let shared = analyse(SIGNED_ASSERTION, &profile, Some(&report));
        assert_eq!(shared.messages[0].signatures[0].reported, None);
        assert_eq!(shared.messages[0].signatures[0].status, SignatureStatus::VerifiedExpected);
        // The sender's trace was already tampered with: the copy shows the sender's mismatch, with the digest the
        // sender computed, so the message is the sender's.
        let sender = analyse(TAMPERED_DIGEST, &profile, None);
        let report = report_of(TAMPERED_DIGEST, &profile);
        let copy = redacted(TAMPERED_DIGEST);
        let shared = analyse(&copy, &profile, Some(&report));
        let message = |r: &Report| {
            r.findings.iter().find(|f| f.rule == "signature.digest-mismatch").map(|f| f.message.clone()).unwrap()
        };
        let mut redactor = Redactor::new();
        redactor.collect_xml(TAMPERED_DIGEST);
        redactor.collect_text(TAMPERED_DIGEST);
        assert_eq!(message(&shared), redactor.redact_text(&message(&sender)));
        assert_eq!(
            shared.messages[0].signatures[0].reported,
            Some(ReportedUse::Applied { own_status: SignatureStatus::DigestMismatch })
        );
    }

    #[test]
    fn status_names_round_trip() {
        for s in [SignatureStatus::Unsupported, SignatureStatus::DigestMismatch, SignatureStatus::VerifiedExpected] {
            assert_eq!(SignatureStatus::from_name(s.as_str()), Some(s));
        }
        assert_eq!(SignatureStatus::from_name("verified"), None);
    }
}
