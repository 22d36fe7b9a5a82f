//! Reading claims from the signed subtree only.
//!
//! Rules that read values from an assertion (audience, recipient, NameID, claims) must read them from an element a
//! verified signature covers, or an attacker who wraps a signed assertion (XSW) decides what they read. The
//! semantics, chosen for a diagnostic tool:
//!
//! - An element is *covered* when a signature of the same document verified (no structural problem, no duplicate
//!   ID in the document, every reference digest matching, the signature value valid with some key tried) and the
//!   node-set one of its references digested contains the element. Content inside the `ds:Signature` left out by
//!   the enveloped-signature transform is not covered (XSW variants hide the original assertion there).
//! - Any key counts, the signature's own embedded `KeyInfo` key included: most pasted traces carry no expected
//!   certificate, and the values are still exactly what was signed. Whether the *signer* is trusted is a separate
//!   question answered by `cert.thumbprint-mismatch` (expected keys known, signature does not verify with them) and
//!   `signature.embedded-key-only` (no expected key to compare with); [`AssertionCoverage::trusted`] tells which.
//!
//! [`Message::verified_assertion`] (and [`Analysis::verified_assertion`]) return the first assertion of the typed
//! model (a direct child of the `Response`, or the bare `Assertion` document) that is covered. An assertion placed
//! anywhere else in the document is not in the typed model and is reported by `assertion.multiple`.

use super::verify::SignatureCheck;
use crate::analysis::{Analysis, Message};
use crate::saml::{Assertion, SamlMessage};
use crate::xml::NodeId;

/// Whether, and by what, an assertion of a message is covered.
#[derive(Debug, Clone, Copy)]
pub struct AssertionCoverage<'a> {
    /// The assertion.
    pub assertion: &'a Assertion,
    /// The first verified signature covering it, if any.
    pub signature: Option<&'a SignatureCheck>,
    /// Whether a covering signature verified with an expected certificate.
    pub trusted: bool,
}

impl Message {
    /// The verified signatures covering `node`, in document order.
    pub fn covering_signatures(&self, node: NodeId) -> Vec<&SignatureCheck> {
        let Ok(doc) = &self.document else { return Vec::new() };
        self.signatures.iter().filter(|s| s.covers(doc, node)).collect()
    }

    /// Whether `node` is covered by a verified signature (see the module docs).
    pub fn is_covered(&self, node: NodeId) -> bool {
        !self.covering_signatures(node).is_empty()
    }

    /// The assertions of the typed model with their coverage, in document order.
    pub fn assertion_coverage(&self) -> Vec<AssertionCoverage<'_>> {
        let assertions: Vec<&Assertion> = match &self.saml {
            Some(SamlMessage::Response(r)) => r.assertions.iter().collect(),
            Some(SamlMessage::Assertion(a)) => vec![a],
            _ => Vec::new(),
        };
        assertions
            .into_iter()
            .map(|assertion| {
                let covering = self.covering_signatures(assertion.node);
                AssertionCoverage {
                    assertion,
                    signature: covering.first().copied(),
                    trusted: covering.iter().any(|s| s.verified_with_expected()),
                }
            })
            .collect()
    }

    /// The first assertion whose content a verified signature covers (expected or embedded key); `None` when no
    /// assertion is covered. Read claims from this one only.
    pub fn verified_assertion(&self) -> Option<&Assertion> {
        self.assertion_coverage().into_iter().find(|c| c.signature.is_some()).map(|c| c.assertion)
    }
}

impl Analysis {
    /// The first assertion of `message` that a verified signature covers; see [`Message::verified_assertion`].
    pub fn verified_assertion<'a>(&self, message: &'a Message) -> Option<&'a Assertion> {
        message.verified_assertion()
    }

    /// The certificates signatures are expected to verify with.
    pub fn expected_certificates(&self) -> impl Iterator<Item = &super::trace::SeenCertificate> {
        self.certificates.iter().filter(|c| c.is_expected())
    }

    /// Whether the expected signer is known at all: the profile pins thumbprints or an expected certificate is in
    /// the trace.
    pub fn knows_expected_signer(&self) -> bool {
        !self.profile.thumbprints().is_empty() || self.expected_certificates().next().is_some()
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::build;
    use crate::decode::Input;
    use crate::dsig::fixtures::*;
    use crate::profile::Profile;
    use crate::time::EvaluationTime;

    fn analysis(texts: &[&str], profile: &Profile) -> crate::analysis::Analysis {
        let inputs: Vec<Input> = texts.iter().map(|t| Input::text("t", *t)).collect();
        build(&inputs, profile, EvaluationTime::at(AT))
    }

    #[test]
    fn the_signed_assertion_is_the_verified_one() {
        let a = analysis(&[SIGNED_ASSERTION], &Profile::default());
        let m = &a.messages[0];
        let verified = a.verified_assertion(m).unwrap();
        assert_eq!(verified.id.as_deref(), Some("_a7c3e9f0-1b2d-4e6f-8a9b-0c1d2e3f4a5b"));
        let coverage = m.assertion_coverage();
        assert!(coverage[0].signature.is_some() && !coverage[0].trusted);
        let pinned = analysis(&[SIGNED_ASSERTION], &profile_pinning(IDP_CERT));
        assert!(pinned.messages[0].assertion_coverage()[0].trusted);
    }

    #[test]
    fn a_response_signature_covers_its_assertion_but_not_its_own_signature() {
        let a = analysis(&[SIGNED_RESPONSE], &Profile::default());
        let m = &a.messages[0];
        assert!(m.verified_assertion().is_some());
        let doc = m.document.as_ref().unwrap();
        let signature = m.signatures[0].node;
        assert!(m.is_covered(doc.root()));
        assert!(!m.is_covered(signature));
    }

    #[test]
    fn wrapping_and_tampering_leave_nothing_to_read() {
        for xml in [UNSIGNED, TAMPERED_DIGEST, TAMPERED_SIGNATURE_VALUE, DUPLICATE_ID, UNSUPPORTED_DIGEST] {
            let a = analysis(&[xml], &Profile::default());
            assert!(a.verified_assertion(&a.messages[0]).is_none());
        }
        // The doubled-assertion shape: only the assertion the signature points at is covered, not the one it sits in.
        let a = analysis(&[WRAPPED_REFERENCE], &Profile::default());
        let coverage = a.messages[0].assertion_coverage();
        assert_eq!(coverage.len(), 2);
        assert!(coverage[0].signature.is_none());
        assert_eq!(
            a.verified_assertion(&a.messages[0]).and_then(|x| x.id.as_deref()),
            Some("_a7c3e9f0-1b2d-4e6f-8a9b-0c1d2e3f4a5b")
        );
    }

    #[test]
    fn expected_certificates_come_from_metadata_pins_and_pastes() {
        let a = analysis(&[SIGNED_ASSERTION, IDP_METADATA], &Profile::default());
        assert!(a.knows_expected_signer());
        let expected: Vec<_> = a.expected_certificates().collect();
        assert_eq!(expected.len(), 1);
        assert_eq!(expected[0].origins.len(), 2, "seen in KeyInfo and in metadata: {:?}", expected[0].origins);
        assert!(a.messages[0].signatures[0].verified_with_expected());
        let none = analysis(&[SIGNED_ASSERTION], &Profile::default());
        assert!(!none.knows_expected_signer());
        let pinned_elsewhere = analysis(&[SIGNED_ASSERTION], &profile_pinning(ROTATED_CERT));
        assert!(pinned_elsewhere.knows_expected_signer() && pinned_elsewhere.expected_certificates().next().is_none());
        // Signed metadata verifies with its own signing KeyDescriptor, which makes that certificate expected.
        let metadata = analysis(&[IDP_METADATA_SIGNED], &Profile::default());
        assert_eq!(metadata.messages[0].signatures[0].status(), crate::dsig::SignatureStatus::VerifiedExpected);
    }
}
