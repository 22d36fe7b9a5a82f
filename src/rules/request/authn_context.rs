//! `request.authn-context`: the AuthnRequest demands an authentication method Entra may not be able to satisfy.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct AuthnContext;

static DOC: RuleDoc = rule_doc! {
    id: "request.authn-context",
    severity: Severity::Warning,
    title: "AuthnRequest demands an exact authentication method (AADSTS75011 risk)",
    what: "Reports a RequestedAuthnContext that compares exactly (the default) with a specific method such as \
           PasswordProtectedTransport or X509, without ForceAuthn=\"true\", and any AuthnContextDeclRef. It is an \
           error when the trace also shows AADSTS75011.",
    why: "Entra reuses the user's existing session, whose method may be multi-factor, Windows Hello, FIDO2, a \
          certificate or federation (urn:federation:authentication:windows). When that method is not the one \
          requested exactly, Entra stops with AADSTS75011 (the authentication method does not match the requested \
          AuthnContextClassRef). Password-only users sign in fine, so the failure looks random.",
    example: "`<samlp:RequestedAuthnContext Comparison=\"exact\"><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:\
              ac:classes:PasswordProtectedTransport</…>` gives: `AuthnRequest demands exactly \
              'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport'; users signed in with MFA, \
              passwordless or a certificate get AADSTS75011`.",
    fix: "RequestedAuthnContext is set by the service provider, not in Entra: ask NumlyEngage support to remove it \
          from the AuthnRequest (Cognito sends none by default) or to add ForceAuthn=\"true\" so Entra performs a \
          fresh authentication. Until then, affected users can sign in from a private browser window (no existing \
          Entra session).",
    fix_summary: "Ask NumlyEngage support to drop RequestedAuthnContext from the AuthnRequest (or send \
                  ForceAuthn=\"true\"); meanwhile affected users can sign in from a private window.",
    references: &[
        "SAML Core §3.3.2.2.1 (RequestedAuthnContext) and SAML Authn Context",
        "https://learn.microsoft.com/en-us/troubleshoot/entra/entra-id/app-integration/error-code-aadsts75011-auth-method-mismatch",
    ],
};

const UNSPECIFIED: &str = "urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified";

impl Rule for AuthnContext {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        let seen_75011 = analysis.sign_in_errors().iter().any(|e| e.explanation.key() == "AADSTS75011");
        for (message, request) in analysis.authn_requests() {
            let Some(context) = &request.requested_authn_context else { continue };
            let comparison = context.comparison.as_deref().unwrap_or("exact").trim();
            let specific: Vec<&str> =
                context.class_refs.iter().map(String::as_str).filter(|c| c.trim() != UNSPECIFIED).collect();
            let message_text = if let Some(decl) = context.decl_refs.first() {
                format!("AuthnRequest asks for AuthnContextDeclRef '{decl}', which Entra does not support")
            } else if comparison == "exact" && !specific.is_empty() && request.force_authn != Some(true) {
                format!(
                    "AuthnRequest demands exactly '{}'; users signed in with MFA, passwordless or a certificate get \
                     AADSTS75011",
                    specific.join("', '")
                )
            } else {
                continue;
            };
            let mut finding = Finding::new(&DOC, message_text)
                .actual(context.class_refs.iter().chain(&context.decl_refs).cloned().collect::<Vec<_>>().join(" "))
                .expected("no RequestedAuthnContext (or ForceAuthn=\"true\")")
                .subject(message.reference())
                .at(message.path(context.node));
            if seen_75011 {
                finding = finding.regraded(Severity::Error, "and this trace shows AADSTS75011");
            }
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::finding::Severity;
    use crate::rules::samples::{profile, AT, REQUEST};
    use crate::rules::testing::findings_of;

    const RULE: &str = "request.authn-context";
    const CONTEXT: &str = r#"<saml2p:RequestedAuthnContext Comparison="exact"><saml2:AuthnContextClassRef xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml2:AuthnContextClassRef></saml2p:RequestedAuthnContext></saml2p:AuthnRequest>"#;

    #[test]
    fn fires_on_exact_password_protected_transport() {
        let request = REQUEST.replace("</saml2p:AuthnRequest>", CONTEXT);
        let f = findings_of(RULE, &[&request], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Warning);
        assert!(f[0].message.contains("PasswordProtectedTransport"), "{}", f[0].message);
        assert_eq!(f[0].location.as_deref(), Some("/saml2p:AuthnRequest/saml2p:RequestedAuthnContext"));
    }

    #[test]
    fn is_an_error_when_the_trace_shows_aadsts75011() {
        use crate::decode::Binding;
        use crate::trace::testing::{message, source, text};
        let request = REQUEST.replace("</saml2p:AuthnRequest>", CONTEXT);
        let items = vec![
            message(source(0, None), &request, Binding::Raw),
            text(
                1,
                "AADSTS75011: Authentication method 'X509, MultiFactor' by which the user authenticated with the \
                     service doesn't match requested authentication method 'Password, ProtectedTransport'.",
            ),
        ];
        let f = crate::trace::testing::findings_of(RULE, items, &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.ends_with("(and this trace shows AADSTS75011)"));
    }

    #[test]
    fn quiet_without_context_with_force_authn_or_minimum() {
        assert!(findings_of(RULE, &[REQUEST], &profile(), AT).is_empty());
        let forced =
            REQUEST.replace("</saml2p:AuthnRequest>", CONTEXT).replace("ForceAuthn=\"false\"", "ForceAuthn=\"true\"");
        assert!(findings_of(RULE, &[&forced], &profile(), AT).is_empty());
        let minimum = REQUEST.replace("</saml2p:AuthnRequest>", &CONTEXT.replace("exact", "minimum"));
        assert!(findings_of(RULE, &[&minimum], &profile(), AT).is_empty());
    }
}
