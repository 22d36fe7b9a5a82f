//! `assertion.encrypted`: the assertion is encrypted, so its contents cannot be checked here.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct Encrypted;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.encrypted",
    severity: Severity::Info,
    title: "Assertion is encrypted: its contents cannot be checked without the SP key",
    what: "Reports each saml:EncryptedAssertion. sso-doctor never holds Cognito's private key, so the Audience, \
           Recipient, validity window, NameID and claims inside cannot be checked.",
    why: "Nothing is wrong by itself, but the diagnosis is partial. Cognito decrypts assertions only when the user \
          pool's SAML provider has encrypted assertions turned on and Entra encrypts with Cognito's encryption \
          certificate; otherwise Cognito cannot read it and the sign-in fails.",
    example: "A Response with `<saml:EncryptedAssertion>` gives: `Response '_4e8d…' carries an encrypted assertion; \
              its contents cannot be checked without Cognito's private key`.",
    fix: "To diagnose, temporarily turn off Entra → Enterprise applications → NumlyEngage → Single sign-on → Token \
          encryption, reproduce, and paste the new Response. If the sign-in fails only with encryption on, ask \
          NumlyEngage support whether encrypted assertions are enabled on their side and upload the encryption \
          certificate they provide under Token encryption.",
    fix_summary: "To check the contents, turn Entra → Single sign-on → Token encryption off while diagnosing; keep it \
                  on only if NumlyEngage support enabled encrypted assertions.",
    references: &[
        "SAML Core §2.3.4 (EncryptedAssertion)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/howto-saml-token-encryption",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-SAML-signing-encryption.html",
    ],
};

impl Rule for Encrypted {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (message, response) in analysis.responses() {
            let id = response.id.as_deref().unwrap_or("(no ID)");
            for node in &response.encrypted_assertions {
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "Response '{id}' carries an encrypted assertion; its contents cannot be checked without \
                             Cognito's private key"
                        ),
                    )
                    .subject(message.reference())
                    .at(message.path(*node)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "assertion.encrypted";

    #[test]
    fn fires_on_an_encrypted_assertion() {
        let start = RESPONSE.find("<Assertion ").unwrap();
        let end = RESPONSE.find("</samlp:Response>").unwrap();
        let response = format!(
            "{}<saml:EncryptedAssertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"><xenc:EncryptedData \
             xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\"/></saml:EncryptedAssertion>{}",
            &RESPONSE[..start],
            &RESPONSE[end..]
        );
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/saml:EncryptedAssertion"));
        // Nothing else claims the assertion is missing, and the claim rules stay quiet.
        assert!(findings_of("assertion.missing", &[REQUEST, &response], &profile(), AT).is_empty());
        assert!(findings_of("claims.email-missing", &[REQUEST, &response], &profile(), AT).is_empty());
    }

    #[test]
    fn quiet_on_a_plain_assertion() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
    }
}
