//! `decode.base64-invalid`: a value meant as SAML (or a certificate) is not base64.

use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct Base64Invalid;

static DOC: RuleDoc = rule_doc! {
    id: "decode.base64-invalid",
    severity: Severity::Error,
    title: "A SAML value is not valid base64",
    what: "Reports each SAMLRequest/SAMLResponse value, HTML form field, whole pasted value or PEM certificate body \
           that is not valid base64 even after the usual repairs (line breaks removed, spaces turned back into `+`, \
           `=` padding fixed, the URL-safe alphabet accepted).",
    why: "Cognito base64-decodes the SAMLResponse before anything else; a value that does not decode is rejected \
          with `Invalid samlResponse or relayState from identity provider`. Entra never sends such a value, so the \
          copy is damaged: a character was added by an editor or chat tool (an ellipsis, a quote, an HTML entity left \
          encoded), part of the value is missing, or two values were pasted together.",
    example: "`SAMLResponse=PHNhbWxw…!…` gives `input 1 \"pasted\", parameter SAMLResponse: the value is not valid \
              base64: invalid character '!' at offset 50`.",
    fix: "Copy the value again straight from the source: in the browser's developer tools, Network tab, select the \
          POST to https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse, open Payload, choose \"view \
          source\" and copy the SAMLResponse value whole — or export the sign-in as a HAR file and paste that. Do not \
          copy the value out of a chat message or a formatted e-mail.",
    fix_summary:
        "Copy the value again from the browser's Network tab (or export a HAR file); the pasted copy is damaged.",
    references: &[
        "SAML 2.0 Bindings §3.5.4 (HTTP-POST: base64 encoding of the message)",
        "RFC 4648 §4 (base64 alphabet)",
    ],
};

impl Rule for Base64Invalid {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::Base64Invalid { source, detail } = problem {
                out.push(
                    Finding::new(&DOC, format!("{}: the value is not valid base64: {detail}", source.describe()))
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
    fn fires_on_a_stray_character() {
        let value = format!("SAMLResponse={}!{}", "PHNh".repeat(12), "YW1s".repeat(12));
        let f = findings_of("decode.base64-invalid", &[&value], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "input 1 \"input 1\", parameter SAMLResponse: the value is not valid base64: invalid character '!' at offset 48"
        );
    }

    #[test]
    fn quiet_on_valid_base64() {
        // base64 of `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`
        let value =
            "SAMLResponse=PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiLz4=";
        assert!(findings_of("decode.base64-invalid", &[value], &Profile::default(), 0).is_empty());
    }
}
