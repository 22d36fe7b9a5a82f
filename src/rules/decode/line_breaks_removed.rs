//! `decode.line-breaks-removed`: a URL was broken over several lines; joined back.

use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct LineBreaksRemoved;

static DOC: RuleDoc = rule_doc! {
    id: "decode.line-breaks-removed",
    severity: Severity::Info,
    title: "A URL was broken over several lines (joined back)",
    what: "Reports pasted URLs and query strings that were split by line breaks, as e-mail clients and ticket systems \
           wrap long lines, and were joined back before decoding. (Line breaks inside a base64 value are legal and \
           not reported.)",
    why: "A wrapped URL no longer works when clicked and its SAMLRequest does not decode. Joining the lines restores \
          it in nearly every case; if the wrapping also inserted characters (a `>` quote marker, a `=` soft line \
          break from quoted-printable e-mail), the decoded message may still be damaged.",
    example: "A Redirect URL pasted over two lines gives `input 1 \"pasted\": the URL was broken over 2 lines; 1 line \
              break was removed`.",
    fix:
        "Nothing to fix in Entra or NumlyEngage. To share a URL intact, attach it as a text file or export a HAR file \
          of the sign-in instead of pasting it into an e-mail body.",
    fix_summary: "Nothing to fix; share long URLs as a text file or a HAR export rather than in an e-mail body.",
    references: &[
        "SAML 2.0 Bindings §3.4.4 (HTTP-Redirect: the message travels in the URL query string)",
        "RFC 3986 Appendix C (delimiting a URI in context: whitespace added to long URIs must be removed)",
    ],
};

impl Rule for LineBreaksRemoved {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::LineBreaksRemoved { source, count } = problem {
                let breaks =
                    if *count == 1 { "1 line break was".to_owned() } else { format!("{count} line breaks were") };
                out.push(
                    Finding::new(
                        &DOC,
                        format!("{}: the URL was broken over {} lines; {breaks} removed", source.describe(), count + 1),
                    )
                    .actual(format!("{} lines", count + 1))
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

    // A Redirect URL; its SAMLRequest is `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"
    // ID="_a1"/>` deflated, base64- and URL-encoded (Python: zlib raw DEFLATE, base64, urllib.parse.quote).
    const URL: &str = "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2?SAMLRequest=sylOzM0psHIsLcnIC0otLE0tLlGoyM3JK7YCS9gqlRblWeUnFmcWW%2BUl5qYWW5UkWwU7%2BvpYGekZWBUU5ZfkJ%2BfnKCl4utgqxScaKunbAQA%3D&RelayState=abc";

    #[test]
    fn fires_on_a_wrapped_url() {
        let (a, b) = URL.split_at(90);
        let f = findings_of("decode.line-breaks-removed", &[&format!("{a}\n{b}")], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "input 1 \"input 1\": the URL was broken over 2 lines; 1 line break was removed");
    }

    #[test]
    fn quiet_on_a_whole_url() {
        assert!(findings_of("decode.line-breaks-removed", &[URL], &Profile::default(), 0).is_empty());
    }
}
