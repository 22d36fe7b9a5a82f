//! `decode.too-many-messages`: more SAML messages than analysed in one trace.

use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct TooManyMessages;

static DOC: RuleDoc = rule_doc! {
    id: "decode.too-many-messages",
    severity: Severity::Warning,
    title: "More SAML messages than sso-doctor analyses in one trace",
    what: "Reports traces with more than 200 SAML messages; the first 200 are analysed and the rest are ignored.",
    why: "One sign-in has two messages (the AuthnRequest and the Response). Hundreds mean the capture spans many \
          sign-ins, or a sign-in loop (NumlyEngage sends the user back to Entra again and again), and findings about \
          the later messages are missing.",
    example: "A HAR file recorded during a sign-in loop gives `input 1 \"loop.har\", HAR entry 402 (POST \
              https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse), POST body SAMLResponse: more than \
              200 SAML messages; this one and the rest were not analysed`.",
    fix: "Record only one sign-in attempt: clear the browser's Network tab, start recording, sign in once, stop and \
          export. If the capture shows the same request and response repeating, the loop itself is the problem: \
          send the HAR file to NumlyEngage support.",
    fix_summary: "Capture one sign-in attempt only; if the capture shows a loop, send it to NumlyEngage support.",
    references: &[
        "SAML 2.0 Profiles §4.1 (Web Browser SSO: one AuthnRequest, one Response)",
        "https://learn.microsoft.com/en-us/azure/azure-portal/capture-browser-trace",
    ],
};

impl Rule for TooManyMessages {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::TooManyMessages { source, limit } = problem {
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "{}: more than {limit} SAML messages; this one and the rest were not analysed",
                            source.describe()
                        ),
                    )
                    .expected(format!("at most {limit} messages"))
                    .at(source.describe()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::analysis::MAX_MESSAGES;
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    // base64 of `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`.
    const LINE: &str =
        "SAMLResponse=PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiLz4%3D";

    #[test]
    fn fires_past_the_limit() {
        let log = vec![LINE; MAX_MESSAGES + 1].join("\n");
        let f = findings_of("decode.too-many-messages", &[&log], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            format!("input 1 \"input 1\", line {}, parameter SAMLResponse: more than {MAX_MESSAGES} SAML messages; this one and the rest were not analysed", MAX_MESSAGES + 1)
        );
    }

    #[test]
    fn quiet_at_the_limit() {
        let log = vec![LINE; MAX_MESSAGES].join("\n");
        assert!(findings_of("decode.too-many-messages", &[&log], &Profile::default(), 0).is_empty());
    }
}
