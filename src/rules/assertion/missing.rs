//! `assertion.missing`: a successful Response without an assertion.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct Missing;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.missing",
    severity: Severity::Error,
    title: "Response reports Success but carries no assertion",
    what: "Reports a Response whose status is Success (or absent) with neither a saml:Assertion nor a \
           saml:EncryptedAssertion.",
    why: "Without an assertion there is no user to sign in: Cognito rejects the Response. Entra never sends this on \
          its own; the Response was usually cut when it was copied, or changed by a proxy.",
    example:
        "`<samlp:Response …><samlp:Status><samlp:StatusCode Value=\"…:Success\"/></samlp:Status></samlp:Response>` \
              gives: `Response '_4e8d…' has status Success but no Assertion`.",
    fix: "Capture the Response again from the browser's network tab (the POST to …/saml2/idpresponse, form field \
          SAMLResponse), copying the whole value. If the Response really arrives without an assertion, check that \
          nothing between the browser and Cognito (proxy, browser extension) rewrites the POST.",
    fix_summary: "Copy the whole SAMLResponse again from the POST to …/saml2/idpresponse; nothing may rewrite it on \
                  the way.",
    references: &["SAML Profiles §4.1.4.2 (a successful Response contains at least one assertion)"],
};

impl Rule for Missing {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (message, response) in analysis.responses() {
            let failed = response.status.as_ref().is_some_and(|s| !s.is_success());
            if failed || !response.assertions.is_empty() || !response.encrypted_assertions.is_empty() {
                continue;
            }
            let id = response.id.as_deref().unwrap_or("(no ID)");
            let status = if response.status.is_some() { "status Success" } else { "no Status" };
            out.push(
                Finding::new(&DOC, format!("Response '{id}' has {status} but no Assertion"))
                    .expected("one saml:Assertion")
                    .actual("none")
                    .subject(message.reference())
                    .at(message.path(response.node)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "assertion.missing";

    #[test]
    fn fires_on_success_without_assertion() {
        let start = RESPONSE.find("<Assertion ").unwrap();
        let end = RESPONSE.find("</samlp:Response>").unwrap();
        let response = format!("{}{}", &RESPONSE[..start], &RESPONSE[end..]);
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("status Success but no Assertion"), "{}", f[0].message);
    }

    #[test]
    fn quiet_with_an_assertion() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
    }
}
