//! `metadata.issuer-mismatch`: the IdP metadata describes another entity than the one that issued the Response.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::saml::SamlMessage;

use super::idp_entities;

/// The rule.
pub struct IssuerMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "metadata.issuer-mismatch",
    severity: Severity::Error,
    title: "The IdP metadata is for another entity than the Response's issuer",
    what: "When the trace holds both IdP metadata and a Response, reports each Response whose Issuer (or, without \
           one, its Assertion's Issuer) equals the entityID of none of the IdP metadata documents.",
    why: "Cognito matches a response to its IdP configuration by the issuer, which must equal the entityID of the \
          metadata NumlyEngage uploaded. For Entra ID both are `https://sts.windows.net/<tenant-id>/`: a metadata \
          document of another tenant (a test tenant, a second directory) or of another IdP cannot validate this \
          response, and Cognito answers `Invalid SAML response` or does not find the provider.",
    example: "A response issued by https://sts.windows.net/1111…/ next to metadata of https://sts.windows.net/9999…/ \
              gives: `the Response is issued by https://sts.windows.net/1111…/ but the IdP metadata in the trace is \
              for https://sts.windows.net/9999…/`.",
    fix: "Open Entra ID → Enterprise applications → the NumlyEngage app → Single sign-on in the tenant users sign in \
          to, copy its App Federation Metadata URL and send it to NumlyEngage support; the tenant ID in that URL must \
          be the one in the response's Issuer.",
    fix_summary: "Send NumlyEngage support the App Federation Metadata URL of the tenant that issues the responses.",
    references: &[
        "SAML 2.0 Metadata §2.3.2 (entityID)",
        "SAML 2.0 Core §2.2.5 (Issuer)",
        "https://learn.microsoft.com/en-us/entra/identity-platform/federation-metadata",
    ],
};

impl Rule for IssuerMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        let entity_ids: Vec<&str> =
            idp_entities(analysis).filter_map(|(_, e)| e.entity_id.as_deref()).map(str::trim).collect();
        if entity_ids.is_empty() {
            return;
        }
        for (m, s) in analysis.saml_messages() {
            let SamlMessage::Response(r) = s else { continue };
            let issuer = r.issuer.as_ref().or_else(|| r.assertions.first().and_then(|a| a.issuer.as_ref()));
            let Some(issuer) = issuer else { continue };
            if entity_ids.contains(&issuer.value.trim()) {
                continue;
            }
            out.push(
                Finding::new(
                    &DOC,
                    format!(
                        "the Response is issued by {} but the IdP metadata in the trace is for {}",
                        issuer.value,
                        entity_ids.join(", ")
                    ),
                )
                .expected(entity_ids.join(", "))
                .actual(issuer.value.clone())
                .subject(m.reference())
                .at(m.path(issuer.node)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, IDP_METADATA, METADATA_OTHER_ENTITY, SIGNED_ASSERTION};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_metadata_of_another_tenant() {
        let f = findings_of(
            "metadata.issuer-mismatch",
            &[SIGNED_ASSERTION, METADATA_OTHER_ENTITY],
            &Profile::default(),
            AT,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].actual.as_deref(), Some("https://sts.windows.net/11111111-2222-3333-4444-555555555555/"));
        assert_eq!(f[0].expected.as_deref(), Some("https://sts.windows.net/99999999-8888-7777-6666-555555555555/"));
    }

    #[test]
    fn quiet_when_the_entity_id_matches_or_there_is_no_metadata() {
        assert!(findings_of("metadata.issuer-mismatch", &[SIGNED_ASSERTION, IDP_METADATA], &Profile::default(), AT)
            .is_empty());
        assert!(findings_of("metadata.issuer-mismatch", &[SIGNED_ASSERTION], &Profile::default(), AT).is_empty());
    }
}
