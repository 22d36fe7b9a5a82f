//! `flow.aadsts-error`: the inputs show a Microsoft Entra `AADSTS` error.

use crate::analysis::Analysis;
use crate::explain::{error_lookup_url, ErrorSource, Explanation};
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct AadstsError;

static DOC: RuleDoc = rule_doc! {
    id: "flow.aadsts-error",
    severity: Severity::Error,
    title: "Entra reported an AADSTS error",
    what: "Finds every AADSTS code in the inputs (error pages and pasted texts, URLs of the capture, redirects) and \
           explains it from sso-doctor's table of Entra errors: meaning, likely cause for NumlyEngage, and the fix. \
           Unknown codes are reported too, with Microsoft's lookup page. Codes in a failed Response's status are left \
           to response.status-error. When the trace later holds a successful Response, the error was an interruption \
           the user got past, and the finding is only informational.",
    why: "Entra stopped the sign-in and showed this error instead of sending a Response to Cognito; the code names \
          what Entra could not accept.",
    example:
        "The text `AADSTS50011: The redirect URI 'https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse' \
              specified in the request does not match…` gives: `Entra error AADSTS50011 (InvalidReplyTo): \
              \"AADSTS50011: The redirect URI …\"` with the Reply URL fix.",
    fix: "Follow the fix shown for the code. It usually names a field of Entra → Enterprise applications → \
          NumlyEngage → Single sign-on (Basic SAML Configuration, Attributes & Claims, SAML Certificates) or the \
          Users and groups page.",
    fix_summary: "Follow the fix for this AADSTS code (see the explanation); look unknown codes up at \
                  https://login.microsoftonline.com/error.",
    references: &[
        "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes",
        "https://login.microsoftonline.com/error",
    ],
};

impl Rule for AadstsError {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        let owned_by_status = analysis.status_error_keys();
        let recovered = analysis.has_successful_response();
        for found in analysis.sign_in_errors() {
            let Explanation::Aadsts { mention, entry } = &found.explanation else { continue };
            let key = found.explanation.key();
            if found.explanation.source() != ErrorSource::Aadsts || owned_by_status.contains(&key) {
                continue;
            }
            let title = entry.map_or_else(|| " (not in sso-doctor's table)".into(), |e| format!(" ({})", e.title));
            let mut finding =
                Finding::new(&DOC, format!("Entra error {key}{title}: \"{}\"", found.explanation.quote()))
                    .actual(key.clone())
                    .at(found.source.describe());
            finding = match entry {
                Some(e) => finding.fix(e.fix),
                None => finding.fix(format!(
                    "sso-doctor does not know {key}; look it up at {} and find the attempt in Entra admin center → \
                     Monitoring & health → Sign-in logs.",
                    error_lookup_url(mention.code)
                )),
            };
            if recovered {
                finding = finding.regraded(Severity::Info, "the sign-in went on to a successful Response afterwards");
            }
            out.push(finding);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::decode::Binding;
    use crate::finding::Severity;
    use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
    use crate::trace::testing::{findings_of, message, source, text};

    const RULE: &str = "flow.aadsts-error";
    const AADSTS50011: &str = "AADSTS50011: The redirect URI 'https://acme.auth.eu-west-1.amazoncognito.com/saml2/\
                               idpresponse' specified in the request does not match the redirect URIs configured for \
                               the application.";

    #[test]
    fn fires_on_a_known_code_with_its_fix() {
        let items = vec![message(source(0, None), REQUEST, Binding::Raw), text(1, AADSTS50011)];
        let f = findings_of(RULE, items, &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.starts_with("Entra error AADSTS50011 ("), "{}", f[0].message);
        assert!(f[0].fix.contains("Reply URL"), "{}", f[0].fix);
        assert_eq!(f[0].location.as_deref(), Some("input 2 \"input 2\""));
        assert_eq!(f[0].severity, Severity::Error);
    }

    #[test]
    fn reports_unknown_codes_and_downgrades_after_success() {
        let f = findings_of(RULE, vec![text(0, "Sorry: AADSTS9999991: Something new.")], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("not in sso-doctor's table") && f[0].fix.contains("error?code=9999991"));
        let items = vec![
            text(0, "AADSTS50058: A silent sign-in request was sent but no user is signed in."),
            message(source(1, None), REQUEST, Binding::Raw),
            message(source(2, None), RESPONSE, Binding::Post),
        ];
        let f = findings_of(RULE, items, &profile(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Info);
    }

    #[test]
    fn quiet_without_codes() {
        let items = vec![message(source(0, None), REQUEST, Binding::Raw), text(1, "Something went wrong.")];
        assert!(findings_of(RULE, items, &profile(), AT).is_empty());
    }

    #[test]
    fn fires_on_a_pasted_error_page() {
        let f = crate::rules::testing::findings_of(RULE, &[AADSTS50011], &profile(), AT);
        assert_eq!(f.len(), 1);
    }
}
