//! `signature.missing`: a Response with an assertion, or a bare Assertion, that carries no signature at all.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::saml::SamlMessage;

/// The rule.
pub struct Missing;

static DOC: RuleDoc = rule_doc! {
    id: "signature.missing",
    severity: Severity::Error,
    title: "Neither the Response nor its Assertion is signed",
    what: "Reports a samlp:Response that contains an Assertion when neither the Response nor any Assertion carries an \
           enveloped ds:Signature, and a bare Assertion without one. Responses that only carry an EncryptedAssertion \
           are not reported (the signature may be inside the ciphertext), nor are error Responses without an \
           assertion.",
    why: "Amazon Cognito accepts a SAML response only if it is signed by the certificate in the IdP metadata it was \
          given; an unsigned response is rejected (`Invalid SAML response`) because anyone could have written it. \
          Entra ID always signs, so an unsigned response means something between Entra and Cognito rebuilt it, or it \
          did not come from Entra at all.",
    example: "A Response whose Assertion has no ds:Signature gives: `samlp:Response ID=\"_5e1f…\" carries no \
              signature and neither does its Assertion ID=\"_a7c3…\"`.",
    fix: "Capture the response again straight from the browser (the POST to …amazoncognito.com/saml2/idpresponse) \
          rather than from a proxy or log that may have rewritten it. In Entra ID → Enterprise applications → the \
          NumlyEngage app → Single sign-on → SAML Certificates → Edit, keep Signing Option at \"Sign SAML assertion\" \
          (or \"Sign SAML response and assertion\").",
    fix_summary: "Capture the response straight from the browser; in Entra → Single sign-on → SAML Certificates keep \
                  Signing Option at \"Sign SAML assertion\".",
    references: &[
        "SAML 2.0 Profiles §4.1.3.5 (the assertion must be signed, or the response signed)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/certificate-signing-options",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp.html",
    ],
};

impl Rule for Missing {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (m, saml) in analysis.saml_messages() {
            match saml {
                SamlMessage::Response(r) => {
                    if r.signature.is_some()
                        || r.assertions.is_empty()
                        || r.assertions.iter().any(|a| a.signature.is_some())
                    {
                        continue;
                    }
                    let assertion = r.assertions.first().and_then(|a| a.id.as_deref()).unwrap_or("(no ID)");
                    out.push(
                        Finding::new(
                            &DOC,
                            format!(
                                "samlp:Response ID=\"{}\" carries no signature and neither does its Assertion \
                                 ID=\"{assertion}\"",
                                r.id.as_deref().unwrap_or("(no ID)")
                            ),
                        )
                        .subject(m.reference())
                        .at(m.path(r.node)),
                    );
                }
                SamlMessage::Assertion(a) if a.signature.is_none() => {
                    out.push(
                        Finding::new(
                            &DOC,
                            format!(
                                "saml:Assertion ID=\"{}\" carries no signature",
                                a.id.as_deref().unwrap_or("(no ID)")
                            ),
                        )
                        .subject(m.reference())
                        .at(m.path(a.node)),
                    );
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, SIGNED_ASSERTION, SIGNED_RESPONSE, UNSIGNED};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_an_unsigned_response() {
        let f = findings_of("signature.missing", &[UNSIGNED], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("_5e1f7a3c") && f[0].message.contains("_a7c3e9f0"), "{}", f[0].message);
    }

    #[test]
    fn quiet_when_the_assertion_or_the_response_is_signed() {
        for signed in [SIGNED_ASSERTION, SIGNED_RESPONSE] {
            assert!(findings_of("signature.missing", &[signed], &Profile::default(), AT).is_empty());
        }
    }
}
