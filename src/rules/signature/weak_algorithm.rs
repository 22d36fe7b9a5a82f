//! `signature.weak-algorithm`: SHA-1 (or DSA) in a signature.

use crate::analysis::Analysis;
use crate::crypto::{DigestAlgorithm, SignatureAlgorithm};
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

use super::{checks, describe};

/// The rule.
pub struct WeakAlgorithm;

static DOC: RuleDoc = rule_doc! {
    id: "signature.weak-algorithm",
    severity: Severity::Warning,
    title: "A signature uses SHA-1 (or DSA)",
    what: "Reports each XML signature whose SignatureMethod or any DigestMethod uses SHA-1 (rsa-sha1, ecdsa-sha1, \
           dsa-sha1, sha1), or DSA, and each HTTP-Redirect query signature whose SigAlg does.",
    why:
        "SHA-1 collisions are practical (SHAttered, 2017; chosen-prefix, 2020), so a SHA-1 signature no longer proves \
          much. Entra ID signs with SHA-256 by default; SHA-1 appears when someone switched the app's Signing \
          Algorithm, and some service providers reject it outright.",
    example: "A response signed with rsa-sha1 gives: `the signature on Assertion ID=\"_a7c3…\" uses weak \
              algorithms: rsa-sha1, sha1`.",
    fix:
        "In Entra ID → Enterprise applications → the NumlyEngage app → Single sign-on → SAML Certificates → Edit, set \
          Signing Algorithm to SHA-256 and save. Cognito accepts SHA-256 signatures; nothing needs to change on the \
          NumlyEngage side.",
    fix_summary: "In Entra → Single sign-on → SAML Certificates → Edit, set Signing Algorithm to SHA-256.",
    references: &[
        "RFC 6194 (Security Considerations for SHA-1)",
        "NIST SP 800-131A Rev. 2 (SHA-1 disallowed for digital signature generation)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/certificate-signing-options",
    ],
};

impl Rule for WeakAlgorithm {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (m, _, check) in checks(analysis) {
            let mut weak: Vec<&'static str> = Vec::new();
            if let Some(alg) = check.signature_method.as_deref().and_then(SignatureAlgorithm::from_uri) {
                if alg.is_weak() {
                    weak.push(alg.name());
                }
            }
            for r in &check.references {
                if let Some(d) = r.digest_algorithm.as_deref().and_then(DigestAlgorithm::from_uri) {
                    if d.is_weak() && !weak.contains(&d.name()) {
                        weak.push(d.name());
                    }
                }
            }
            if weak.is_empty() {
                continue;
            }
            out.push(
                Finding::new(&DOC, format!("{} uses weak algorithms: {}", describe(check), weak.join(", ")))
                    .expected("rsa-sha256, sha256")
                    .actual(weak.join(", "))
                    .subject(m.reference())
                    .at(check.path.clone()),
            );
        }
        for m in &analysis.messages {
            let Some(alg) = m.redirect_signature.as_ref().and_then(|r| r.algorithm) else { continue };
            if alg.is_weak() {
                out.push(
                    Finding::new(&DOC, format!("the Redirect-binding query signature uses {}", alg.name()))
                        .expected("rsa-sha256")
                        .actual(alg.name())
                        .subject(m.reference())
                        .at(m.decoded.source.describe()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, RSA_SHA1, SIGNED_ASSERTION};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_rsa_sha1() {
        let f = findings_of("signature.weak-algorithm", &[RSA_SHA1], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].actual.as_deref(), Some("rsa-sha1, sha1"));
    }

    #[test]
    fn quiet_on_rsa_sha256() {
        assert!(findings_of("signature.weak-algorithm", &[SIGNED_ASSERTION], &Profile::default(), AT).is_empty());
    }
}
