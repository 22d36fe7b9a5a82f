//! `response.status-error`: Entra answered with a SAML error status instead of an assertion.

use crate::analysis::Analysis;
use crate::explain::{explain_text, Explanation};
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct StatusError;

static DOC: RuleDoc = rule_doc! {
    id: "response.status-error",
    severity: Severity::Error,
    title: "Response status is not Success",
    what: "Reports a Response whose top-level StatusCode is not urn:oasis:names:tc:SAML:2.0:status:Success, with the \
           second-level code and the StatusMessage; an AADSTS code in the StatusMessage or StatusDetail is explained \
           (meaning, likely cause, the Entra setting that fixes it).",
    why:
        "Entra could not or would not sign the user in and says why in the status; the Response carries no assertion, \
          so Cognito rejects the sign-in and NumlyEngage shows a generic error.",
    example: "Status `Requester` / `RequestDenied` with StatusMessage `AADSTS50105: Your administrator has configured \
              the application NumlyEngage to block users unless they are specifically granted ('assigned') access…` \
              gives: `Entra answered Requester / RequestDenied: AADSTS50105: …`.",
    fix: "Follow the fix for the AADSTS code shown (for AADSTS50105: Entra admin center → Enterprise applications → \
          NumlyEngage → Users and groups → Add user/group). Without a code: Requester means the request was refused \
          (check the Basic SAML Configuration values), Responder means Entra failed (retry, then look the attempt up \
          in Entra → Sign-in logs).",
    fix_summary: "Fix what the StatusMessage names (look the AADSTS code up), then retry from the Sign on URL.",
    references: &[
        "SAML Core §3.2.2.2 (StatusCode)",
        "https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes",
    ],
};

impl Rule for StatusError {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (message, response) in analysis.responses() {
            let Some(status) = response.status.as_ref().filter(|s| !s.is_success()) else { continue };
            let code = status.code.as_deref().unwrap_or("(no StatusCode)");
            let mut codes = super::short_status(code).to_owned();
            if let Some(sub) = &status.sub_code {
                codes.push_str(" / ");
                codes.push_str(super::short_status(sub));
            }
            let texts: Vec<&str> =
                [status.message.as_deref(), status.detail.as_deref()].into_iter().flatten().collect();
            let explanations: Vec<Explanation> = texts.iter().flat_map(|t| explain_text(t)).collect();
            let said = status
                .message
                .as_deref()
                .or(status.detail.as_deref())
                .map(|t| format!(": {}", first_line(t)))
                .unwrap_or_default();
            let mut finding = Finding::new(&DOC, format!("Entra answered {codes}{said}"))
                .expected("urn:oasis:names:tc:SAML:2.0:status:Success")
                .actual(code)
                .subject(message.reference())
                .at(message.path(status.node));
            if let Some(fix) = explanations.iter().find_map(fix_of) {
                finding = finding.fix(fix);
            } else if let Some(Explanation::Aadsts { mention, .. }) = explanations.first() {
                finding = finding.fix(format!(
                    "sso-doctor does not know AADSTS{code}; look it up at {} and in Entra → Monitoring & health → \
                     Sign-in logs.",
                    crate::explain::error_lookup_url(mention.code),
                    code = mention.code
                ));
            } else if code.ends_with(":Responder") {
                finding = finding.fix(
                    "Entra failed on its side: retry from the NumlyEngage Sign on URL, then look the attempt up in \
                     Entra admin center → Monitoring & health → Sign-in logs.",
                );
            }
            out.push(finding);
        }
    }
}

fn fix_of(e: &Explanation) -> Option<String> {
    match e {
        Explanation::Aadsts { mention, entry: Some(entry) } => {
            Some(format!("AADSTS{} ({}): {}", mention.code, entry.title, entry.fix))
        }
        Explanation::Cognito(m) => m.entry.map(|entry| entry.fix.to_owned()),
        Explanation::Aadsts { entry: None, .. } => None,
    }
}

fn first_line(text: &str) -> &str {
    text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use crate::rules::samples::{profile, AT, REQUEST, RESPONSE};
    use crate::rules::testing::findings_of;

    const RULE: &str = "response.status-error";

    fn failed(message: &str) -> String {
        let start = RESPONSE.find("<samlp:Status>").unwrap();
        let end = RESPONSE.find("</samlp:Response>").unwrap();
        format!(
            "{}<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Requester\"><samlp:StatusCode \
             Value=\"urn:oasis:names:tc:SAML:2.0:status:RequestDenied\"/></samlp:StatusCode><samlp:StatusMessage>{message}\
             </samlp:StatusMessage></samlp:Status>{}",
            &RESPONSE[..start],
            &RESPONSE[end..]
        )
    }

    #[test]
    fn fires_and_explains_aadsts50105() {
        let response = failed("AADSTS50105: Your administrator has configured the application NumlyEngage ('x') to \
                               block users unless they are specifically granted ('assigned') access to the application.");
        let f = findings_of(RULE, &[REQUEST, &response], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.starts_with("Entra answered Requester / RequestDenied: AADSTS50105"), "{}", f[0].message);
        assert!(f[0].fix.contains("Users and groups"), "{}", f[0].fix);
        assert_eq!(f[0].location.as_deref(), Some("/samlp:Response/samlp:Status"));
    }

    #[test]
    fn unknown_codes_point_to_the_lookup_page() {
        let f = findings_of(RULE, &[REQUEST, &failed("AADSTS9999991: Something new.")], &profile(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].fix.contains("https://login.microsoftonline.com/error?code=9999991"), "{}", f[0].fix);
    }

    #[test]
    fn quiet_on_success() {
        assert!(findings_of(RULE, &[REQUEST, RESPONSE], &profile(), AT).is_empty());
    }
}
