//! `assertion.audience-missing`: the assertion is not restricted to an audience.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct AudienceMissing;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.audience-missing",
    severity: Severity::Error,
    title: "Assertion has no Audience",
    what: "Reports an assertion without Conditions, without an AudienceRestriction, or whose AudienceRestriction \
           holds no Audience value.",
    why: "Cognito requires the assertion to name its user pool (urn:amazon:cognito:sp:<user pool id>) as Audience; \
          without it, anyone's assertion could be replayed to NumlyEngage, so Cognito rejects it. Entra always \
          writes the application's Identifier here, so its absence means the Response was built or altered elsewhere.",
    example: "An assertion with `<Conditions NotBefore=… NotOnOrAfter=…/>` and no AudienceRestriction gives: \
              `Assertion '_b7a6…' has no Audience (Conditions without AudienceRestriction)`.",
    fix:
        "Check Entra → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration → Identifier \
          (Entity ID) is set to urn:amazon:cognito:sp:<user pool id>, and capture a Response produced by Entra itself \
          (nothing may rewrite it on the way).",
    fix_summary:
        "Set Entra → Basic SAML Configuration → Identifier (Entity ID) to urn:amazon:cognito:sp:<user pool id> \
                  and capture a Response straight from Entra.",
    references: &["SAML Core §2.5.1.4 (AudienceRestriction); SAML Profiles §4.1.4.2"],
};

impl Rule for AudienceMissing {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in super::checked_assertions(analysis) {
            let id = a.assertion.id.as_deref().unwrap_or("(no ID)");
            let (why, node) = match &a.assertion.conditions {
                None => ("no Conditions", a.assertion.node),
                Some(c) if c.audience_restrictions.is_empty() => ("Conditions without AudienceRestriction", c.node),
                Some(c) if c.audience_restrictions.iter().any(|r| r.iter().all(|v| v.trim().is_empty())) => {
                    ("an AudienceRestriction without Audience", c.node)
                }
                Some(_) => continue,
            };
            out.push(
                Finding::new(&DOC, format!("Assertion '{id}' has no Audience ({why})"))
                    .expected(crate::rules::expected::identifier(&analysis.profile).value)
                    .actual("none")
                    .subject(a.message.reference())
                    .at(a.message.path(node)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{profile, AT, IDENTIFIER, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "assertion.audience-missing";

    #[test]
    fn fires_without_audience_restriction() {
        let response = RESPONSE
            .replace(&format!("<AudienceRestriction><Audience>{IDENTIFIER}</Audience></AudienceRestriction>"), "");
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("Conditions without AudienceRestriction"), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/Assertion/Conditions"));
        assert!(findings_of("assertion.audience-mismatch", &[REQUEST, &response], &profile(), AT).is_empty());
    }

    #[test]
    fn quiet_with_an_audience() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
    }
}
