//! `assertion.issuer-mismatch`: the assertion's Issuer is not the expected Entra tenant.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::expected::{check_issuer, response_issuer};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct IssuerMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.issuer-mismatch",
    severity: Severity::Error,
    title: "Assertion Issuer is missing or not the expected Entra tenant",
    what: "Compares the assertion's Issuer exactly with the expected Entra issuer (the profile's tenant, the entityID \
           of Entra metadata in the trace, the tenant the AuthnRequest went to, or the pattern \
           https://sts.windows.net/<tenant-id>/). An Issuer equal to the Response's is left to \
           response.issuer-mismatch, so one wrong value is reported once.",
    why: "Cognito checks the assertion's Issuer against the entityID of the IdP metadata NumlyEngage imported and \
          rejects anything else, including a missing trailing slash or a different letter case.",
    example: "Assertion Issuer `https://sts.windows.net/3f2a9c1e-…` (no trailing slash) gives: `Assertion Issuer is \
              'https://sts.windows.net/3f2a9c1e-…', expected 'https://sts.windows.net/3f2a9c1e-…/' (the profile's \
              tenant_id; the trailing slash is missing)`.",
    fix: "Entra always issues https://sts.windows.net/<tenant-id>/: an assertion with another Issuer was made by \
          another tenant or another system. Make sure users sign in to the tenant that holds the NumlyEngage \
          application, and that NumlyEngage support has that tenant's App Federation Metadata Url (Entra → \
          Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates).",
    fix_summary: "Sign in through the tenant that holds the NumlyEngage application, and send NumlyEngage support its \
                  App Federation Metadata Url.",
    references: &["SAML Core §2.3.3 (Assertion Issuer is required) and §8.3.6"],
};

impl Rule for IssuerMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in analysis.assertions() {
            let request = a.response.and_then(|r| analysis.request_for(r)).map(|(_, r)| r);
            let expected = response_issuer(analysis, request);
            let Some(issuer) = &a.assertion.issuer else {
                out.push(
                    Finding::new(&DOC, "Assertion has no Issuer")
                        .expected(expected.value)
                        .subject(a.message.reference())
                        .at(a.message.path(a.assertion.node)),
                );
                continue;
            };
            let response_issuer = a.response.and_then(|r| r.issuer.as_ref()).map(|i| i.value.as_str());
            if response_issuer == Some(issuer.value.as_str()) {
                continue;
            }
            if let Some(m) = check_issuer(&issuer.value, &expected) {
                out.push(
                    Finding::new(&DOC, format!("Assertion Issuer is '{}', {}", issuer.value, m.describe()))
                        .expected(m.expected.value.clone())
                        .actual(issuer.value.clone())
                        .subject(a.message.reference())
                        .at(a.message.path(issuer.node)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::samples::{profile, AT, ISSUER, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "assertion.issuer-mismatch";

    #[test]
    fn fires_when_only_the_assertion_issuer_is_wrong() {
        let response = RESPONSE.replace(
            &format!("<Issuer>{ISSUER}</Issuer>"),
            &format!("<Issuer>{}</Issuer>", ISSUER.trim_end_matches('/')),
        );
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("trailing slash is missing"), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/Assertion/Issuer"));
        assert!(findings_of("response.issuer-mismatch", &[REQUEST, &response], &profile(), AT).is_empty());
    }

    #[test]
    fn fires_on_a_missing_issuer() {
        let response = RESPONSE.replace(&format!("<Issuer>{ISSUER}</Issuer>"), "");
        let f = findings_of(RULE, &[&response], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "Assertion has no Issuer");
    }

    #[test]
    fn quiet_on_the_tenant_issuer() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
    }
}
