//! Signatures and certificates across a whole trace: which certificates were seen (signature `KeyInfo`s, metadata
//! `KeyDescriptor`s, pasted certificates), which of them are *expected*, and every message's signature checks.
//!
//! A certificate is expected when
//! - its SHA-1 or SHA-256 thumbprint is one of the profile's `certificate_thumbprints` (wherever it was seen), or
//! - it is a signing certificate (`KeyDescriptor` with `use="signing"` or no `use`) of a metadata document in the
//!   same trace (the App Federation Metadata NumlyEngage was given, or the SP metadata for signed requests), or
//! - it was pasted on its own: a user who adds a certificate file to the trace says "this is the certificate the
//!   service provider holds" — it plays the role of `xmlsec1 --pubkey-cert-pem`.

use serde::Serialize;

use super::redirect::verify_redirect;
use super::signature::{parse_signature, signature_elements};
use super::verify::{verify_document, MAX_SIGNATURES_PER_DOCUMENT};
use crate::analysis::Message;
use crate::decode::{Decoded, Item};
use crate::profile::Profile;
use crate::saml::{EntityDescriptor, KeyDescriptor, SamlMessage};
use crate::x509::Certificate;

/// A certificate seen somewhere in the trace (each distinct certificate once).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenCertificate {
    /// The certificate.
    pub certificate: Certificate,
    /// Everywhere it was seen.
    pub origins: Vec<CertificateOrigin>,
    /// Why it is expected (empty when it is not).
    pub expected_because: Vec<ExpectedBecause>,
}

impl SeenCertificate {
    /// Whether signatures are expected to verify with this certificate.
    pub fn is_expected(&self) -> bool {
        !self.expected_because.is_empty()
    }

    /// Whether the certificate signs messages in the trace (it was in a signature's `KeyInfo`, or it is a metadata
    /// signing certificate): what the `cert.*` validity rules look at.
    pub fn is_signing(&self) -> bool {
        self.origins.iter().any(|o| match o {
            CertificateOrigin::KeyInfo { .. } | CertificateOrigin::Pasted { .. } => true,
            CertificateOrigin::Metadata { key_use, .. } => key_use.as_deref() != Some("encryption"),
        })
    }
}

/// Where a certificate was seen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CertificateOrigin {
    /// In a signature's `KeyInfo`.
    KeyInfo {
        /// The message (index in the trace).
        message: usize,
        /// The `ds:Signature` element's path.
        signature: String,
    },
    /// In a metadata `KeyDescriptor`.
    Metadata {
        /// The metadata message (index in the trace).
        message: usize,
        /// The `entityID`.
        #[serde(skip_serializing_if = "Option::is_none")]
        entity_id: Option<String>,
        /// `IDPSSODescriptor` or `SPSSODescriptor`.
        role: String,
        /// The `use` attribute (`signing`, `encryption`, none).
        #[serde(skip_serializing_if = "Option::is_none")]
        key_use: Option<String>,
    },
    /// Pasted or uploaded on its own.
    Pasted {
        /// Where, in words.
        source: String,
    },
}

/// Why a certificate is expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExpectedBecause {
    /// Its thumbprint is in the profile's `certificate_thumbprints`.
    ProfileThumbprint,
    /// It is a signing certificate of a metadata document in the trace.
    MetadataSigningKey,
    /// It was pasted on its own.
    PastedCertificate,
}

/// Collects every certificate of the trace and decides which are expected.
pub fn collect_certificates(messages: &[Message], decoded: &Decoded, profile: &Profile) -> Vec<SeenCertificate> {
    let mut seen: Vec<SeenCertificate> = Vec::new();
    for m in messages {
        let Ok(doc) = &m.document else { continue };
        for s in signature_elements(doc).into_iter().take(MAX_SIGNATURES_PER_DOCUMENT) {
            for b64 in parse_signature(doc, s).key_info.certificates {
                if let Ok(cert) = Certificate::from_base64(&b64) {
                    add(&mut seen, cert, CertificateOrigin::KeyInfo { message: m.index, signature: doc.path(s) }, None);
                }
            }
        }
        let entities: Vec<&EntityDescriptor> = match &m.saml {
            Some(SamlMessage::EntityDescriptor(e)) => vec![e],
            Some(SamlMessage::EntitiesDescriptor(list)) => list.iter().collect(),
            _ => Vec::new(),
        };
        for e in entities {
            let roles: [(&str, Option<&Vec<KeyDescriptor>>); 2] = [
                ("IDPSSODescriptor", e.idp.as_ref().map(|r| &r.key_descriptors)),
                ("SPSSODescriptor", e.sp.as_ref().map(|r| &r.key_descriptors)),
            ];
            for (role, descriptors) in roles {
                for kd in descriptors.into_iter().flatten() {
                    let signing = kd.key_use.as_deref() != Some("encryption");
                    for b64 in &kd.certificates {
                        if let Ok(cert) = Certificate::from_base64(b64) {
                            let origin = CertificateOrigin::Metadata {
                                message: m.index,
                                entity_id: e.entity_id.clone(),
                                role: role.to_owned(),
                                key_use: kd.key_use.clone(),
                            };
                            add(&mut seen, cert, origin, signing.then_some(ExpectedBecause::MetadataSigningKey));
                        }
                    }
                }
            }
        }
    }
    for item in &decoded.items {
        if let Item::Certificate { source, der } = item {
            if let Ok(cert) = Certificate::from_der(der) {
                let origin = CertificateOrigin::Pasted { source: source.describe() };
                add(&mut seen, cert, origin, Some(ExpectedBecause::PastedCertificate));
            }
        }
    }
    let pinned = profile.thumbprints();
    for s in &mut seen {
        if pinned.iter().any(|t| s.certificate.matches_thumbprint(t)) {
            s.expected_because.insert(0, ExpectedBecause::ProfileThumbprint);
        }
    }
    seen
}

/// Verifies the `ds:Signature`s of every message (the first [`MAX_SIGNATURES_PER_DOCUMENT`] of each document) and
/// each Redirect-binding query signature with the expected certificates, storing the checks in the messages.
pub fn verify_messages(messages: &mut [Message], certificates: &[SeenCertificate]) {
    let expected: Vec<&Certificate> = certificates.iter().filter(|c| c.is_expected()).map(|c| &c.certificate).collect();
    for m in messages {
        if let Ok(doc) = &m.document {
            m.signatures = verify_document(doc, &expected);
        }
        m.redirect_signature = m.decoded.redirect_signature.as_ref().map(|r| verify_redirect(r, &expected));
    }
}

fn add(seen: &mut Vec<SeenCertificate>, cert: Certificate, origin: CertificateOrigin, why: Option<ExpectedBecause>) {
    if let Some(entry) = seen.iter_mut().find(|s| s.certificate.der == cert.der) {
        if !entry.origins.contains(&origin) {
            entry.origins.push(origin);
        }
        if let Some(why) = why {
            if !entry.expected_because.contains(&why) {
                entry.expected_because.push(why);
            }
        }
    } else {
        seen.push(SeenCertificate {
            certificate: cert,
            origins: vec![origin],
            expected_because: why.into_iter().collect(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::build;
    use crate::decode::{Input, RedirectSignature, Source};
    use crate::dsig::fixtures::{AT, IDP_CERT, REDIRECT_URL, SP_CERT};
    use crate::time::EvaluationTime;

    const AUTHN_REQUEST: &str = include_str!("../../tests/fixtures/dsig/templates/authn-request.xml");

    /// The analysis of the fixture's AuthnRequest as if it came through the Redirect binding with `cert` pasted next
    /// to it.
    fn redirect_analysis(cert_pem: &str, signed_octets: Option<&str>) -> crate::analysis::Analysis {
        let mut analysis = build(&[Input::text("request", AUTHN_REQUEST)], &Profile::default(), EvaluationTime::at(AT));
        let query = REDIRECT_URL.trim().split_once('?').map(|(_, q)| q).unwrap_or_default();
        let (signed, signature) = query.split_once("&Signature=").unwrap_or_default();
        analysis.messages[0].decoded.redirect_signature = Some(RedirectSignature {
            sig_alg: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256".to_owned(),
            signature: signature.replace("%2B", "+").replace("%2F", "/").replace("%3D", "="),
            signed_octets: signed_octets.unwrap_or(signed).to_owned(),
        });
        let der = Certificate::from_pem(cert_pem).unwrap().der;
        analysis.decoded.items.push(Item::Certificate { source: Source::default(), der });
        analysis.certificates = collect_certificates(&analysis.messages, &analysis.decoded, &analysis.profile);
        verify_messages(&mut analysis.messages, &analysis.certificates);
        analysis
    }

    #[test]
    fn a_pasted_certificate_is_expected_and_verifies_the_redirect_signature() {
        let analysis = redirect_analysis(SP_CERT, None);
        assert_eq!(analysis.certificates.len(), 1);
        assert_eq!(analysis.certificates[0].expected_because, vec![ExpectedBecause::PastedCertificate]);
        let check = analysis.messages[0].redirect_signature.as_ref().unwrap();
        assert!(check.is_verified(), "{check:?}");
        let findings = crate::rules::run_all(&analysis);
        assert!(findings.iter().all(|f| !f.rule.starts_with("signature.")), "{findings:?}");
    }

    #[test]
    fn the_wrong_certificate_or_changed_octets_give_signature_invalid() {
        for analysis in [redirect_analysis(IDP_CERT, None), redirect_analysis(SP_CERT, Some("SAMLRequest=x&SigAlg=y"))]
        {
            assert!(!analysis.messages[0].redirect_signature.as_ref().unwrap().is_verified());
            let findings = crate::rules::run_all(&analysis);
            let invalid: Vec<_> = findings.iter().filter(|f| f.rule == "signature.invalid").collect();
            assert_eq!(invalid.len(), 1, "{findings:?}");
            assert!(invalid[0].message.contains("Redirect-binding query signature (SigAlg"), "{}", invalid[0].message);
        }
    }

    #[test]
    fn pinned_thumbprints_make_any_seen_certificate_expected() {
        let pinned = crate::dsig::fixtures::profile_pinning(IDP_CERT);
        let analysis =
            build(&[Input::text("r", crate::dsig::fixtures::SIGNED_ASSERTION)], &pinned, EvaluationTime::at(AT));
        assert_eq!(analysis.certificates.len(), 1);
        assert_eq!(analysis.certificates[0].expected_because, vec![ExpectedBecause::ProfileThumbprint]);
        assert!(matches!(analysis.certificates[0].origins[0], CertificateOrigin::KeyInfo { message: 0, .. }));
    }
}
