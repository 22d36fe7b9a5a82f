//! `request.destination-mismatch`: the AuthnRequest is not addressed to the tenant's Entra SAML endpoint.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::expected::{idp_endpoint_problem, UrlParts};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct DestinationMismatch;

static DOC: RuleDoc = rule_doc! {
    id: "request.destination-mismatch",
    severity: Severity::Error,
    title: "AuthnRequest Destination is not the tenant's Entra SAML endpoint",
    what: "Checks that the AuthnRequest's Destination (and the URL it was sent to, when the trace shows it) is \
           https://login.microsoftonline.com/<tenant-id>/saml2, with the profile's tenant when it sets one.",
    why: "Cognito sends users to the SAML sign-in URL from the Entra metadata NumlyEngage imported. Another tenant's \
          URL signs users in to the wrong directory (where NumlyEngage is not registered); the Microsoft Entra \
          Identifier (https://sts.windows.net/…) or a v2.0/common URL is not a SAML endpoint at all.",
    example: "Destination `https://sts.windows.net/3f2a9c1e-…/` gives: `AuthnRequest Destination is \
              'https://sts.windows.net/3f2a9c1e-…/', expected https://login.microsoftonline.com/<tenant-id>/saml2 \
              (this is the Microsoft Entra Identifier (issuer), not the Login URL…)`.",
    fix: "Cognito's IdP settings come from the metadata NumlyEngage imported. In Entra admin center → Enterprise \
          applications → NumlyEngage → Single sign-on → SAML Certificates, copy the App Federation Metadata Url of the \
          tenant that holds the NumlyEngage application and send it to NumlyEngage support so they re-import it.",
    fix_summary:
        "Send NumlyEngage support the App Federation Metadata Url (Entra → Single sign-on → SAML Certificates) \
                  of the right tenant so Cognito sends users to https://login.microsoftonline.com/<tenant-id>/saml2.",
    references: &[
        "SAML Core §3.2.1 (Destination)",
        "https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol",
    ],
};

impl Rule for DestinationMismatch {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        let tenant = analysis.profile.tenant_id.as_deref();
        let expected = analysis
            .profile
            .expected_idp_endpoint()
            .unwrap_or_else(|| "https://login.microsoftonline.com/<tenant-id>/saml2".to_owned());
        for (message, request) in analysis.authn_requests() {
            // The URL the request was actually sent to (Redirect binding), without its query.
            let sent_to = message.decoded.url.as_deref().and_then(|u| {
                let p = UrlParts::parse(u)?;
                Some(format!("{}://{}{}", p.scheme, p.host, p.path))
            });
            let path = message.path(request.node);
            let finding = if let Some(problem) =
                request.destination.as_deref().and_then(|d| idp_endpoint_problem(d, tenant).map(|p| (d, p)))
            {
                let (destination, problem) = problem;
                Finding::new(
                    &DOC,
                    format!("AuthnRequest Destination is '{destination}', expected '{expected}' ({problem})"),
                )
                .actual(destination)
                .at(format!("{path}/@Destination"))
            } else if let Some((url, problem)) =
                sent_to.as_deref().and_then(|u| idp_endpoint_problem(u, tenant).map(|p| (u, p)))
            {
                Finding::new(&DOC, format!("AuthnRequest was sent to '{url}', expected '{expected}' ({problem})"))
                    .actual(url)
                    .at(message.decoded.source.describe())
            } else {
                continue;
            };
            out.push(finding.expected(expected.clone()).subject(message.reference()));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::samples::{profile, AT, REQUEST, TENANT};
    use crate::rules::testing::findings_of;

    const RULE: &str = "request.destination-mismatch";

    #[test]
    fn fires_on_another_tenant() {
        let request = REQUEST.replace(
            &format!("microsoftonline.com/{TENANT}/saml2"),
            "microsoftonline.com/11111111-2222-3333-4444-555555555555/saml2",
        );
        let f = findings_of(RULE, &[&request], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains(&format!("tenant 11111111-2222-3333-4444-555555555555 instead of {TENANT}")));
        assert_eq!(f[0].location.as_deref(), Some("/saml2p:AuthnRequest/@Destination"));
    }

    #[test]
    fn fires_on_the_entra_identifier_used_as_login_url() {
        let request = REQUEST.replace(
            &format!("https://login.microsoftonline.com/{TENANT}/saml2"),
            &format!("https://sts.windows.net/{TENANT}/"),
        );
        let f = findings_of(RULE, &[&request], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("not the Login URL"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_the_tenant_endpoint() {
        assert!(findings_of(RULE, &[REQUEST], &profile(), AT).is_empty());
        assert!(findings_of(RULE, &[REQUEST], &Profile::default(), AT).is_empty());
    }
}
