//! `flow.cognito-error`: the inputs show an Amazon Cognito sign-in error.

use crate::analysis::Analysis;
use crate::explain::Explanation;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct CognitoError;

static DOC: RuleDoc = rule_doc! {
    id: "flow.cognito-error",
    severity: Severity::Error,
    title: "Cognito rejected the sign-in",
    what: "Finds Amazon Cognito's error messages in the inputs: the error_description of the redirect back to \
           NumlyEngage (…?error_description=…&error=invalid_request), an error page, or a pasted text, and explains \
           each from sso-doctor's table of Cognito SAML errors.",
    why: "Cognito received Entra's Response but refused it; the description says which check failed (signature, \
          audience, a required attribute, the user's existence …).",
    example: "`https://acme.numly.io/?error_description=Invalid+user+attributes%3A+email%3A+The+attribute+is+required\
              &error=invalid_request` gives: `Cognito error: \"Invalid user attributes: email: The attribute is \
              required\"` with the Email claim fix.",
    fix: "Follow the fix shown for the error: usually a claim on Entra's Attributes & Claims page, the certificate \
          (send NumlyEngage support the App Federation Metadata Url after a rotation), or a user who must first be \
          created in NumlyEngage.",
    fix_summary: "Follow the fix for this Cognito error (see the explanation); otherwise send NumlyEngage support the \
                  error text and the time of the attempt.",
    references: &[
        "https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-saml-idp.html",
        "https://repost.aws/knowledge-center/cognito-invalid-saml-response-errors",
    ],
};

impl Rule for CognitoError {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for found in analysis.sign_in_errors() {
            let Explanation::Cognito(m) = &found.explanation else { continue };
            let mut finding = Finding::new(&DOC, format!("Cognito error: \"{}\"", m.quote))
                .actual(m.quote.clone())
                .at(found.source.describe());
            if let Some(entry) = m.entry {
                finding = finding.fix(entry.fix);
            }
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{profile, AT};
    use crate::trace::testing::{findings_of, request, source, text};

    const RULE: &str = "flow.cognito-error";
    const REDIRECT: &str = "https://acme.numly.io/?error_description=Invalid+user+attributes%3A+email%3A+The+attribute\
                            +is+required%0A+&error=invalid_request";

    #[test]
    fn fires_on_the_error_redirect() {
        let f = findings_of(RULE, vec![request(source(0, None), REDIRECT)], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("email: The attribute is required"), "{}", f[0].message);
        assert!(f[0].fix.to_lowercase().contains("email"), "{}", f[0].fix);
    }

    #[test]
    fn quiet_without_cognito_errors() {
        let items = vec![request(source(0, None), "https://acme.numly.io/home"), text(1, "all good")];
        assert!(findings_of(RULE, items, &profile(), AT).is_empty());
    }

    #[test]
    fn fires_on_a_pasted_redirect() {
        let f = crate::rules::testing::findings_of(RULE, &[REDIRECT], &profile(), AT);
        assert_eq!(f.len(), 1);
    }
}
