//! `decode.inflate-failed`: a value is base64 but neither XML nor a DEFLATE stream of XML.

use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct InflateFailed;

static DOC: RuleDoc = rule_doc! {
    id: "decode.inflate-failed",
    severity: Severity::Error,
    title: "A Redirect-binding value does not inflate to XML",
    what: "Reports SAML values that are valid base64 but whose bytes are neither XML (HTTP-POST binding) nor a \
           DEFLATE stream that inflates to XML (HTTP-Redirect binding).",
    why: "In the HTTP-Redirect binding the message is DEFLATE-compressed, then base64- and URL-encoded. When \
          inflating fails, the value was damaged (cut short, characters lost in copying) or is not a SAML message at \
          all (an encrypted blob, a state token). Entra rejects such a SAMLRequest and the sign-in never starts.",
    example:
        "`SAMLRequest=//////////8=` gives `input 1 \"pasted\", parameter SAMLRequest: the value is base64 but does \
              not inflate: corrupt deflate stream`.",
    fix: "Copy the whole Redirect URL again (the request to https://login.microsoftonline.com/<tenant-id>/saml2 in \
          the browser's Network tab), or export a HAR file of the sign-in. If the HAR file shows the same damaged \
          value, Cognito built it: send the HAR file to NumlyEngage support.",
    fix_summary: "Copy the whole Redirect URL again or export a HAR file; if the capture shows the same value, send \
                  it to NumlyEngage support.",
    references: &["SAML 2.0 Bindings §3.4.4.1 (DEFLATE encoding)", "RFC 1951 (DEFLATE compressed data format)"],
};

impl Rule for InflateFailed {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::InflateFailed { source, detail } = problem {
                out.push(
                    Finding::new(
                        &DOC,
                        format!("{}: the value is base64 but does not inflate: {detail}", source.describe()),
                    )
                    .actual(detail.clone())
                    .at(source.describe()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_bytes_that_are_not_deflate() {
        let f = findings_of("decode.inflate-failed", &["SAMLRequest=//////////8%3D"], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message
                .starts_with("input 1 \"input 1\", parameter SAMLRequest: the value is base64 but does not inflate:"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn quiet_on_a_deflated_request() {
        // `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a1"/>`, deflated.
        let q = "SAMLRequest=sylOzM0psHIsLcnIC0otLE0tLlGoyM3JK7YCS9gqlRblWeUnFmcWW%2BUl5qYWW5UkWwU7%2BvpYGekZWBUU5ZfkJ%2BfnKCl4utgqxScaKunbAQA%3D";
        assert!(findings_of("decode.inflate-failed", &[q], &Profile::default(), 0).is_empty());
    }
}
