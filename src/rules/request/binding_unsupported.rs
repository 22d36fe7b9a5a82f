//! `request.binding-unsupported`: the AuthnRequest asks for a Response binding Entra does not use.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::expected::BINDING_HTTP_POST;
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct BindingUnsupported;

static DOC: RuleDoc = rule_doc! {
    id: "request.binding-unsupported",
    severity: Severity::Error,
    title: "AuthnRequest ProtocolBinding is not HTTP-POST",
    what: "Reports an AuthnRequest whose ProtocolBinding asks for a Response binding other than \
           urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST (an absent ProtocolBinding is fine).",
    why:
        "Entra returns SAML Responses only with the HTTP-POST binding; it does not support HTTP-Redirect, Artifact or \
          PAOS for Responses, and Cognito's /saml2/idpresponse only accepts a POSTed SAMLResponse.",
    example: "ProtocolBinding `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect` gives: `AuthnRequest asks for the \
              Response over 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', but Entra only posts Responses \
              (HTTP-POST)`.",
    fix:
        "This is set on the service-provider side, not in Entra: send NumlyEngage support the AuthnRequest shown here \
          and ask for ProtocolBinding urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST (Cognito's default).",
    fix_summary: "Ask NumlyEngage support to send AuthnRequests with ProtocolBinding HTTP-POST (Cognito's default).",
    references: &[
        "SAML Core §3.4.1 (ProtocolBinding); SAML Bindings §3.5 (HTTP-POST)",
        "https://learn.microsoft.com/en-us/entra/identity-platform/single-sign-on-saml-protocol",
    ],
};

impl Rule for BindingUnsupported {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (message, request) in analysis.authn_requests() {
            let Some(binding) = request.protocol_binding.as_deref() else { continue };
            if binding.trim() == BINDING_HTTP_POST {
                continue;
            }
            out.push(
                Finding::new(
                    &DOC,
                    format!("AuthnRequest asks for the Response over '{binding}', but Entra only posts Responses (HTTP-POST)"),
                )
                .expected(BINDING_HTTP_POST)
                .actual(binding)
                .subject(message.reference())
                .at(format!("{}/@ProtocolBinding", message.path(request.node))),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{profile, AT, REQUEST};
    use crate::rules::testing::findings_of;

    const RULE: &str = "request.binding-unsupported";

    #[test]
    fn fires_on_artifact() {
        let request = REQUEST.replace("bindings:HTTP-POST", "bindings:HTTP-Artifact");
        let f = findings_of(RULE, &[&request], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("HTTP-Artifact"));
        assert_eq!(f[0].location.as_deref(), Some("/saml2p:AuthnRequest/@ProtocolBinding"));
    }

    #[test]
    fn quiet_on_post_and_on_no_binding() {
        assert!(findings_of(RULE, &[REQUEST], &profile(), AT).is_empty());
        let none = REQUEST.replace(r#" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST""#, "");
        assert!(!none.contains("ProtocolBinding"));
        assert!(findings_of(RULE, &[&none], &profile(), AT).is_empty());
    }
}
