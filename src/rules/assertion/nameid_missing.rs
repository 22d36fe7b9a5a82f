//! `assertion.nameid-missing`: the assertion does not say who the user is.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct NameIdMissing;

static DOC: RuleDoc = rule_doc! {
    id: "assertion.nameid-missing",
    severity: Severity::Error,
    title: "Assertion has no NameID",
    what: "Reports an assertion without Subject, without NameID, or with an empty NameID.",
    why: "Cognito uses the NameID as the federated user's identity (the username of the SAML user in the pool); \
          without it Cognito cannot create or match the user and the sign-in fails.",
    example: "`<Subject><SubjectConfirmation …/></Subject>` gives: `Assertion '_b7a6…' has no NameID`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims, open \
          Unique User Identifier (Name ID) and set Source attribute to user.userprincipalname (or user.mail, if every \
          user has one). A user whose source attribute is empty gets no NameID.",
    fix_summary: "Set Entra → Attributes & Claims → Unique User Identifier (Name ID) to a source attribute every user \
                  has (user.userprincipalname).",
    references: &["SAML Core §2.4 (Subject) and §2.2.3 (NameID)"],
};

impl Rule for NameIdMissing {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in super::checked_assertions(analysis) {
            let id = a.assertion.id.as_deref().unwrap_or("(no ID)");
            let (message, node) = match &a.assertion.subject {
                None => (format!("Assertion '{id}' has no Subject, so no NameID"), a.assertion.node),
                Some(s) => match &s.name_id {
                    None => (format!("Assertion '{id}' has no NameID"), s.node),
                    Some(n) if n.value.is_empty() => (format!("Assertion '{id}' has an empty NameID"), n.node),
                    Some(_) => continue,
                },
            };
            out.push(
                Finding::new(&DOC, message)
                    .expected("a NameID (Entra: the Unique User Identifier claim)")
                    .actual("none")
                    .subject(a.message.reference())
                    .at(a.message.path(node)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "assertion.nameid-missing";
    const NAME_ID: &str =
        r#"<NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">jane.doe@acme.example</NameID>"#;

    #[test]
    fn fires_without_name_id_or_with_an_empty_one() {
        let f = findings_of(RULE, &[REQUEST, &RESPONSE.replace(NAME_ID, "")], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.ends_with("has no NameID"), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/Assertion/Subject"));
        let f = findings_of(
            RULE,
            &[REQUEST, &RESPONSE.replace("jane.doe@acme.example</NameID>", "</NameID>")],
            &profile(),
            AT,
        );
        assert!(f[0].message.ends_with("has an empty NameID"), "{}", f[0].message);
    }

    #[test]
    fn quiet_with_a_name_id() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
    }
}
