//! `decode.too-large`: an input or a message exceeds the size limits.

use super::size_in_words;
use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct TooLarge;

static DOC: RuleDoc = rule_doc! {
    id: "decode.too-large",
    severity: Severity::Error,
    title: "An input or a message is larger than sso-doctor accepts",
    what: "Reports inputs over 200 MB, and messages over 10 MB — as pasted, as decoded from base64, or after \
           inflating a Redirect-binding value. Such inputs and messages are not decoded.",
    why: "A real SAML message is a few kilobytes; a Response with many group claims perhaps 100 KB. A message over \
          10 MB is not SAML, or is a decompression bomb (a few kilobytes that inflate to gigabytes), so it is \
          refused to keep the browser tab responsive. An input over 200 MB is refused before it is read.",
    example: "A 10 KB SAMLRequest that inflates past 10 MB gives `input 1 \"pasted\", parameter SAMLRequest, \
              inflated: larger than the 10 MB limit; not decoded`.",
    fix: "Paste only the sign-in: for a HAR file, clear the Network tab, tick \"Preserve log\", sign in once, then \
          export. If one Response really is that large, Entra is sending too many group claims: in Entra, Enterprise \
          applications > NumlyEngage > Single sign-on > Attributes & Claims, limit the group claim to groups \
          assigned to the application.",
    fix_summary: "Capture only one sign-in attempt; if a single Response is that large, limit Entra's group claims.",
    references: &[
        "SAML 2.0 Bindings §3.4.4.1 (DEFLATE encoding of Redirect-binding messages)",
        "https://learn.microsoft.com/en-us/entra/identity/hybrid/connect/how-to-connect-fed-group-claims",
    ],
};

impl Rule for TooLarge {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::TooLarge { source, limit } = problem {
                let limit = size_in_words(*limit);
                out.push(
                    Finding::new(&DOC, format!("{}: larger than the {limit} limit; not decoded", source.describe()))
                        .expected(format!("at most {limit}"))
                        .at(source.describe()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::decode::MAX_MESSAGE_BYTES;
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_a_huge_message() {
        let xml = format!(
            "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">{}</samlp:Response>",
            " ".repeat(MAX_MESSAGE_BYTES)
        );
        let f = findings_of("decode.too-large", &[&xml], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "input 1 \"input 1\": larger than the 10 MB limit; not decoded");
    }

    #[test]
    fn quiet_on_a_normal_message() {
        let xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";
        assert!(findings_of("decode.too-large", &[xml], &Profile::default(), 0).is_empty());
    }
}
