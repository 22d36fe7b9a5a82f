//! `assertion.multiple`: a Response carries more than one assertion, or one in an unexpected place.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::saml::{SamlMessage, NS_SAML};

/// The rule.
pub struct Multiple;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.multiple",
    severity: Severity::Error,
    title: "More than one assertion, or an assertion outside its place",
    what: "Reports each Response that holds more than one saml:Assertion or saml:EncryptedAssertion anywhere in the \
           document, or an Assertion that is not a direct child of the Response (inside another element, such as a \
           nested Response, an Extensions element or a ds:Object). The message tells which assertion a verified \
           signature covers, if any.",
    why: "Entra ID sends exactly one assertion, directly under the Response. Extra or displaced assertions are the \
          shape of signature-wrapping (XSW) attacks: the signature covers one assertion while the service provider \
          may read another. Cognito rejects responses with more than one assertion.",
    example: "A Response with an unsigned assertion before the signed one gives: `the Response holds 2 assertions \
              (/samlp:Response/Assertion[1] ID=\"_unsigned-assertion\", not covered by a verified signature; \
              /samlp:Response/Assertion[2] ID=\"_a7c3…\", covered)`.",
    fix: "Do not trust this response: Entra never produces it. Capture the sign-in again straight from the browser; \
          if the extra assertion is still there, find the proxy or extension that rewrites the SAML POST and involve \
          your security team.",
    fix_summary: "Treat the response as tampered with: capture it again from the browser and find what rewrites it.",
    references: &[
        "SAML 2.0 Profiles §4.1.4.2 (Response usage)",
        "Somorovsky et al., On Breaking SAML: Be Whoever You Want to Be (USENIX Security 2012)",
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp.html",
    ],
};

impl Rule for Multiple {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (m, s) in analysis.saml_messages() {
            let SamlMessage::Response(r) = s else { continue };
            let Ok(doc) = &m.document else { continue };
            let assertions: Vec<_> = doc
                .descendants(doc.root())
                .filter(|n| doc.is(*n, NS_SAML, "Assertion") || doc.is(*n, NS_SAML, "EncryptedAssertion"))
                .collect();
            let displaced: Vec<_> = assertions.iter().filter(|a| doc.parent(**a) != Some(r.node)).collect();
            if assertions.len() <= 1 && displaced.is_empty() {
                continue;
            }
            let described: Vec<String> = assertions
                .iter()
                .map(|a| {
                    let id = doc.id_attr(*a).map(|id| format!(" ID=\"{id}\"")).unwrap_or_default();
                    let coverage = if m.is_covered(*a) {
                        "covered by a verified signature"
                    } else {
                        "not covered by a verified signature"
                    };
                    format!("{}{id}, {coverage}", doc.path(*a))
                })
                .collect();
            let what = if assertions.len() > 1 {
                format!("the Response holds {} assertions", assertions.len())
            } else {
                "the Response's assertion is not a direct child of the Response".to_owned()
            };
            out.push(
                Finding::new(&DOC, format!("{what} ({})", described.join("; ")))
                    .expected("one Assertion, directly under the Response")
                    .actual(assertions.len().to_string())
                    .subject(m.reference())
                    .at(displaced.first().map_or_else(|| m.path(r.node), |a| doc.path(**a))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, DUPLICATE_ID, SIGNED_BOTH, WRAPPED_REFERENCE};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_two_assertions_and_says_which_is_signed() {
        let f = findings_of("assertion.multiple", &[WRAPPED_REFERENCE], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        let msg = &f[0].message;
        assert!(msg.contains("holds 2 assertions"), "{msg}");
        assert!(msg.contains("ID=\"_unsigned-assertion\", not covered"), "{msg}");
        assert!(msg.contains("ID=\"_a7c3e9f0-1b2d-4e6f-8a9b-0c1d2e3f4a5b\", covered"), "{msg}");
        let f = findings_of("assertion.multiple", &[DUPLICATE_ID], &Profile::default(), AT);
        assert!(f[0].message.contains("2 assertions") && !f[0].message.contains(", covered"), "{}", f[0].message);
    }

    #[test]
    fn fires_on_an_assertion_nested_in_another_response() {
        let start = SIGNED_BOTH.find("<samlp:Response").unwrap();
        let inner = &SIGNED_BOTH[start..];
        let wrapped = format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_outer\">{}</samlp:Response>",
            inner.trim_end()
        );
        let f = findings_of("assertion.multiple", &[&wrapped], &Profile::default(), AT);
        assert_eq!(f.len(), 1, "{f:?}");
        assert!(f[0].message.contains("not a direct child"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_one_assertion() {
        assert!(findings_of("assertion.multiple", &[SIGNED_BOTH], &Profile::default(), AT).is_empty());
    }
}
