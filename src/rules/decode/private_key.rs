//! `decode.private-key`: a private key was pasted.

use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct PrivateKey;

static DOC: RuleDoc = rule_doc! {
    id: "decode.private-key",
    severity: Severity::Warning,
    title: "A private key was pasted",
    what: "Reports PEM blocks labelled `… PRIVATE KEY` and base64 or binary DER shaped like a private key (PKCS#1 \
           RSA, PKCS#8, SEC1 EC). The key is recognised and its bytes are dropped at once: it is not decoded, shown, \
           kept or sent anywhere.",
    why: "Diagnosing SAML never needs a private key: Entra signs with its own key, and a verifier needs only the \
          certificate. Anyone who reads a private key in a ticket, a chat or a shared trace can sign SAML responses \
          as your identity provider, or decrypt assertions encrypted for it.",
    example: "Pasting `-----BEGIN RSA PRIVATE KEY-----…` gives `input 1 \"pasted\", line 1, PEM RSA PRIVATE KEY: a \
              private key (RSA PRIVATE KEY) was pasted; it was not kept — if it is a real key, treat it as exposed \
              and never send it to anyone`.",
    fix: "If it is a real key, treat it as exposed and replace it. For Entra's SAML signing certificate: Enterprise \
          applications > NumlyEngage > Single sign-on > SAML Certificates, create a new certificate, make it active, \
          send the App Federation Metadata URL to NumlyEngage support so Cognito trusts the new one, then delete the \
          old certificate. Never send a private key to anyone, NumlyEngage support included; paste the certificate \
          (`-----BEGIN CERTIFICATE-----`) instead.",
    fix_summary: "If it is a real key, rotate it now; never send a private key to anyone — paste the certificate \
                  instead.",
    references: &[
        "RFC 7468 §10 and §11 (PEM labels PRIVATE KEY and ENCRYPTED PRIVATE KEY)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/tutorial-manage-certificates-for-federated-single-sign-on",
    ],
};

impl Rule for PrivateKey {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::PrivateKey { source, label } = problem {
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "{}: a private key ({label}) was pasted; it was not kept — if it is a real key, treat it \
                             as exposed and never send it to anyone",
                            source.describe()
                        ),
                    )
                    .actual(label.clone())
                    .at(source.describe()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_a_pem_key() {
        // Not a usable key: the body is a placeholder. The label alone decides.
        let pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n";
        let f = findings_of("decode.private-key", &[pem], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .starts_with("input 1 \"input 1\", line 1, PEM PRIVATE KEY: a private key (PRIVATE KEY) was pasted"),
            "{}",
            f[0].message
        );
        assert!(!f[0].message.contains("MIIEvQ"), "no key material in the finding");
    }

    #[test]
    fn quiet_on_a_certificate_request_or_public_key() {
        let pem = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----\n";
        assert!(findings_of("decode.private-key", &[pem], &Profile::default(), 0).is_empty());
    }
}
