//! `response.issuer-mismatch`: the Response comes from another issuer than the expected Entra tenant.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::expected::{check_issuer, response_issuer};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct IssuerMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "response.issuer-mismatch",
    severity: Severity::Error,
    title: "Response Issuer is not the expected Entra tenant",
    what: "Compares the Response's Issuer exactly with https://sts.windows.net/<tenant-id>/ for the profile's tenant; \
           without one, with the entityID of Entra metadata in the trace, else with the tenant the AuthnRequest was \
           sent to, else with the pattern (lowercase GUID, trailing slash). When the assertion has the same Issuer, \
           this one finding covers both.",
    why: "Cognito accepts Responses only from the issuer in the metadata NumlyEngage imported (the entityID, trailing \
          slash included). Another tenant's issuer means the user signed in to another directory, or NumlyEngage \
          imported another tenant's metadata; Cognito answers 'Invalid SAML response'.",
    example: "Issuer `https://sts.windows.net/11111111-2222-3333-4444-555555555555/` with tenant_id \
              `3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c` gives: `Response Issuer is \
              'https://sts.windows.net/11111111-…/', expected 'https://sts.windows.net/3f2a9c1e-…/' (the profile's \
              tenant_id; tenant 11111111-… instead of 3f2a9c1e-…)`.",
    fix: "Make sure the NumlyEngage enterprise application lives in your production tenant and that NumlyEngage \
          support has that tenant's App Federation Metadata Url (Entra admin center → Enterprise applications → \
          NumlyEngage → Single sign-on → SAML Certificates). If users pick another account at sign-in, have them \
          sign in with their work account of that tenant.",
    fix_summary: "Send NumlyEngage support the App Federation Metadata Url of the tenant that holds the NumlyEngage \
                  application (Entra → Single sign-on → SAML Certificates).",
    references: &[
        "SAML Core §3.2.2 (Issuer) and §8.3.6",
        "https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol",
    ],
};

impl Rule for IssuerMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (message, response) in analysis.responses() {
            let Some(issuer) = &response.issuer else { continue };
            let request = analysis.request_for(response).map(|(_, r)| r);
            let Some(mut m) = check_issuer(&issuer.value, &response_issuer(analysis, request)) else { continue };
            let same = response.assertions.iter().any(|a| a.issuer.as_ref().is_some_and(|i| i.value == issuer.value));
            if same {
                m.add_detail("the Assertion's Issuer is the same");
            }
            out.push(
                Finding::new(&DOC, format!("Response Issuer is '{}', {}", issuer.value, m.describe()))
                    .expected(m.expected.value.clone())
                    .actual(issuer.value.clone())
                    .subject(message.reference())
                    .at(message.path(issuer.node)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::samples::{profile, AT, ISSUER, REQUEST, RESPONSE, TENANT};
    use crate::rules::testing::findings_of;

    const RULE: &str = "response.issuer-mismatch";
    const OTHER: &str = "11111111-2222-3333-4444-555555555555";

    #[test]
    fn fires_on_another_tenant_once_for_response_and_assertion() {
        let response = RESPONSE.replace(TENANT, OTHER);
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains(&format!("tenant {OTHER} instead of {TENANT}")), "{}", f[0].message);
        assert!(f[0].message.contains("Assertion's Issuer is the same"));
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/Issuer"));
        // The assertion rule does not repeat it.
        assert!(findings_of("assertion.issuer-mismatch", &[REQUEST, &response], &profile(), AT).is_empty());
    }

    #[test]
    fn without_profile_compares_with_the_tenant_the_request_went_to() {
        let response = RESPONSE.replace(TENANT, OTHER);
        let f = findings_of(RULE, &[REQUEST, &response], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("the tenant the AuthnRequest was sent to"), "{}", f[0].message);
    }

    #[test]
    fn without_profile_compares_with_the_metadata_entity_id() {
        let metadata = format!(
            r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://sts.windows.net/{OTHER}/"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>"#
        );
        let f = findings_of(RULE, &[&metadata, RESPONSE], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("the entityID of the Entra metadata in this trace"), "{}", f[0].message);
        assert!(findings_of(RULE, &[&metadata, &RESPONSE.replace(TENANT, OTHER)], &Profile::default(), AT).is_empty());
    }

    #[test]
    fn metadata_of_another_idp_next_to_its_own_response_still_fires() {
        let okta = "http://www.okta.com/exkppsa1qwuFV4D7z0h7";
        let metadata = format!(
            r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{okta}"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>"#
        );
        let response = RESPONSE.replace(ISSUER, okta);
        let f = findings_of(RULE, &[&metadata, &response], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("not a Microsoft Entra ID issuer"), "{}", f[0].message);
        // With the AuthnRequest, the tenant it was sent to is expected instead.
        let f = findings_of(RULE, &[&metadata, REQUEST, &response], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("the tenant the AuthnRequest was sent to"), "{}", f[0].message);
    }

    #[test]
    fn fires_on_a_missing_trailing_slash() {
        let response = RESPONSE.replace(ISSUER, ISSUER.trim_end_matches('/'));
        let f = findings_of(RULE, &[&response], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("trailing slash is missing"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_the_tenant_issuer() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[RESPONSE], &Profile::default(), AT).is_empty());
    }
}
