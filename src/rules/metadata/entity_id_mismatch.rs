//! `metadata.entity-id-mismatch`: IdP metadata that is not Entra's, or not the expected tenant's.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::expected::{check_issuer, issuer, request_tenant_issuer, Expected};
use crate::rules::{Rule, RuleDoc};
use crate::saml::SamlMessage;

use super::idp_entities;

/// The rule.
pub struct EntityIdMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "metadata.entity-id-mismatch",
    severity: Severity::Error,
    title: "The IdP metadata is not the expected Entra tenant's",
    what: "When the trace holds IdP metadata but no Response with an Issuer, compares each IdP entityID with the \
           expected Entra issuer: https://sts.windows.net/<tenant-id>/ for the profile's tenant, else for the tenant \
           an AuthnRequest of the trace was sent to, else the pattern (lowercase GUID, trailing slash). With a \
           Response, metadata.issuer-mismatch and response.issuer-mismatch compare the same values.",
    why: "NumlyEngage's Cognito user pool trusts the IdP described by the metadata NumlyEngage support imported. \
          Metadata of another IdP (Okta, AD FS, Google) or of another Entra tenant (a test tenant, a second \
          directory) makes Cognito expect the wrong issuer and signing certificate, so every sign-in fails with \
          `Invalid SAML response`; the admin has usually copied the wrong App Federation Metadata URL.",
    example: "Metadata with entityID `http://www.okta.com/exk…` gives: `the IdP metadata is for \
              'http://www.okta.com/exk…', expected the pattern 'https://sts.windows.net/<tenant-id>/' \
              (NumlyEngage's pattern; not a Microsoft Entra ID issuer)`.",
    fix: "In Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates, in the \
          tenant your users sign in to, copy the App Federation Metadata Url and send it to NumlyEngage support; \
          its entityID is https://sts.windows.net/<your tenant id>/.",
    fix_summary: "Send NumlyEngage support the App Federation Metadata Url of the NumlyEngage app in your tenant \
                  (Entra → Single sign-on → SAML Certificates).",
    references: &[
        "SAML 2.0 Metadata §2.3.2 (entityID)",
        "https://learn.microsoft.com/en-us/entra/identity-platform/federation-metadata",
    ],
};

impl Rule for EntityIdMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        let has_issued_response = analysis.saml_messages().any(|(_, s)| match s {
            SamlMessage::Response(r) => r.issuer.is_some() || r.assertions.iter().any(|a| a.issuer.is_some()),
            SamlMessage::Assertion(a) => a.issuer.is_some(),
            _ => false,
        });
        if has_issued_response {
            return;
        }
        let expected = expected_entity_id(analysis);
        for (m, e) in idp_entities(analysis) {
            let Some(entity_id) = e.entity_id.as_deref() else { continue };
            let Some(mismatch) = check_issuer(entity_id.trim(), &expected) else { continue };
            out.push(
                Finding::new(&DOC, format!("the IdP metadata is for '{entity_id}', {}", mismatch.describe()))
                    .expected(mismatch.expected.value.clone())
                    .actual(entity_id.to_owned())
                    .subject(m.reference())
                    .at(m.path(e.node)),
            );
        }
    }
}

/// The profile's tenant, else the tenant an AuthnRequest of the trace went to, else the pattern.
fn expected_entity_id(analysis: &Analysis) -> Expected {
    let from_request = || analysis.authn_requests().find_map(|(_, r)| request_tenant_issuer(r));
    analysis.profile.tenant_id.is_none().then(from_request).flatten().unwrap_or_else(|| issuer(&analysis.profile))
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, IDP_METADATA, SIGNED_ASSERTION};
    use crate::profile::Profile;
    use crate::rules::samples::{profile, REQUEST, TENANT};
    use crate::rules::testing::findings_of;

    const RULE: &str = "metadata.entity-id-mismatch";
    const OKTA: &str = r#"<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.okta.com/exkppsa1qwuFV4D7z0h7"><IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></EntityDescriptor>"#;

    #[test]
    fn fires_on_metadata_of_another_idp() {
        let f = findings_of(RULE, &[OKTA], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("not a Microsoft Entra ID issuer"), "{}", f[0].message);
        assert_eq!(f[0].actual.as_deref(), Some("http://www.okta.com/exkppsa1qwuFV4D7z0h7"));
    }

    #[test]
    fn fires_on_metadata_of_another_tenant_than_the_profile_or_the_request() {
        // IDP_METADATA is tenant 11111111-…; the sample profile and AuthnRequest name TENANT.
        let f = findings_of(RULE, &[IDP_METADATA], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains(&format!("instead of {TENANT}")), "{}", f[0].message);
        let f = findings_of(RULE, &[REQUEST, IDP_METADATA], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("the tenant the AuthnRequest was sent to"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_entra_metadata_and_when_a_response_is_compared_instead() {
        assert!(findings_of(RULE, &[IDP_METADATA], &Profile::default(), AT).is_empty());
        let tenant = Profile { tenant_id: Some("11111111-2222-3333-4444-555555555555".into()), ..Profile::default() };
        assert!(findings_of(RULE, &[IDP_METADATA], &tenant, AT).is_empty());
        // With a Response, the issuer rules own the comparison.
        assert!(findings_of(RULE, &[SIGNED_ASSERTION, OKTA], &Profile::default(), AT).is_empty());
    }
}
