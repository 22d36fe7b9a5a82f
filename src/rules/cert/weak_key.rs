//! `cert.weak-key`: a signing certificate's RSA (or DSA) key is shorter than 2048 bits.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

use super::{describe, seen_at};

/// The rule.
pub struct WeakKey;

static DOC: RuleDoc = rule_doc! {
    id: "cert.weak-key",
    severity: Severity::Warning,
    title: "A signing certificate has an RSA key shorter than 2048 bits",
    what: "Reports each signing certificate of the trace whose RSA or DSA key is shorter than 2048 bits.",
    why: "RSA keys below 2048 bits are below every current recommendation (NIST SP 800-131A) and 1024-bit keys are \
          within reach of well-funded attackers. Entra ID creates 2048-bit certificates; a shorter key means an old \
          or imported certificate.",
    example: "A response signed with a 1024-bit key gives: `certificate CN=… (thumbprint 4F2A…) has a RSA 1024 key; \
              at least 2048 bits are expected`.",
    fix: "In Entra ID → Enterprise applications → the NumlyEngage app → Single sign-on → SAML Certificates, create a new \
          certificate (Entra makes 2048-bit RSA keys), make it Active and send the App Federation Metadata URL to \
          NumlyEngage support.",
    fix_summary: "Create a new 2048-bit SAML certificate in Entra and send the App Federation Metadata URL to \
                  NumlyEngage support.",
    references: &[
        "NIST SP 800-131A Rev. 2 §3 (RSA keys of at least 2048 bits)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on",
    ],
};

impl Rule for WeakKey {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for seen in analysis.certificates.iter().filter(|c| c.is_signing()) {
            let Some(key) = &seen.certificate.key else { continue };
            if !key.is_weak() {
                continue;
            }
            out.push(
                Finding::new(
                    &DOC,
                    format!("{} has a {} key; at least 2048 bits are expected", describe(seen), key.kind_name()),
                )
                .expected("RSA 2048 or longer")
                .actual(key.kind_name())
                .at(seen_at(seen)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, ECDSA_P256, SIGNED_ASSERTION, WEAK_KEY};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_a_1024_bit_key() {
        let f = findings_of("cert.weak-key", &[WEAK_KEY], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].actual.as_deref(), Some("RSA 1024"));
    }

    #[test]
    fn quiet_on_rsa_2048_and_p256() {
        for quiet in [SIGNED_ASSERTION, ECDSA_P256] {
            assert!(findings_of("cert.weak-key", &[quiet], &Profile::default(), AT).is_empty());
        }
    }
}
