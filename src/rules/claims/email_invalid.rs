//! `claims.email-invalid`: the e-mail claim does not hold an e-mail address.

use super::{checked_assertions, first_value, required_claims, ClaimKind, ClaimState};
use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct EmailInvalid;

static DOC: RuleDoc = rule_doc! {
    id: "claims.email-invalid",
    severity: Severity::Error,
    title: "Email claim does not hold an e-mail address",
    what: "Checks that the required e-mail claim's value looks like an address (one @, a local part, a domain with a \
           dot, no spaces). A guest's user principal name (…#EXT#@….onmicrosoft.com) is reported as a warning: it is \
           syntactically an address but no one's mailbox.",
    why: "Cognito rejects a malformed email attribute, and NumlyEngage finds users by their e-mail address; a display \
          name, an object id or a guest UPN in the Email claim means the user is not found (users must exist in \
          NumlyEngage before they can sign in).",
    example: "`<Attribute Name=\"Email\"><AttributeValue>0a1b2c3d-4e5f-…</AttributeValue></Attribute>` gives: `claim \
              'Email' is '0a1b2c3d-4e5f-…', not an e-mail address`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims, open \
          the Email claim and set Source attribute to user.mail (not user.objectid, user.displayname or, for guests, \
          user.userprincipalname).",
    fix_summary: "Entra → Attributes & Claims → Email: set Source attribute to user.mail.",
    references: &[
        "RFC 5322 §3.4.1 (addr-spec)",
        "https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization",
    ],
};

impl Rule for EmailInvalid {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for a in checked_assertions(analysis) {
            for claim in required_claims(analysis, &a).into_iter().filter(|c| c.kind == ClaimKind::Email) {
                let ClaimState::Present(attribute) = claim.state else { continue };
                let Some(value) = first_value(attribute) else { continue };
                let finding = if !looks_like_address(value) {
                    Finding::new(&DOC, format!("claim '{}' is '{value}', not an e-mail address", claim.name))
                } else if value.contains("#EXT#") {
                    Finding::new(
                        &DOC,
                        format!(
                            "claim '{}' is '{value}', a guest's user principal name rather than their e-mail address",
                            claim.name
                        ),
                    )
                    .severity(Severity::Warning)
                } else {
                    continue;
                };
                out.push(
                    finding
                        .expected("the user's e-mail address (user.mail)")
                        .actual(value)
                        .subject(a.message.reference())
                        .at(a.message.path(attribute.node)),
                );
            }
        }
    }
}

/// One `@`, a non-empty local part, a dotted domain, and no spaces or angle brackets.
fn looks_like_address(value: &str) -> bool {
    let Some((local, domain)) = value.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(|c| c.is_whitespace() || matches!(c, '<' | '>' | ',' | ';'))
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "claims.email-invalid";
    const EMAIL: &str = r#"<Attribute Name="Email"><AttributeValue>jane.doe@acme.example</AttributeValue></Attribute>"#;

    fn with_email(value: &str) -> String {
        RESPONSE
            .replace(EMAIL, &format!(r#"<Attribute Name="Email"><AttributeValue>{value}</AttributeValue></Attribute>"#))
    }

    #[test]
    fn fires_on_an_object_id_and_warns_on_a_guest_upn() {
        let f = findings_of(RULE, &[REQUEST, &with_email("0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d")], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("not an e-mail address"));
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/Assertion/AttributeStatement/Attribute[1]"));
        let guest = "jane.doe_acme.example#EXT#@contoso.onmicrosoft.com";
        let f = findings_of(RULE, &[REQUEST, &with_email(guest)], &profile(), AT);
        assert_eq!(f[0].severity, Severity::Warning);
    }

    #[test]
    fn quiet_on_an_address() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[REQUEST, &with_email("o'brien+sso@mail.acme.example")], &profile(), AT).is_empty());
    }
}
