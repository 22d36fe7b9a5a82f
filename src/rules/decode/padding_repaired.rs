//! `decode.padding-repaired`: a base64 value lacked its `=` padding; repaired.

use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct PaddingRepaired;

static DOC: RuleDoc = rule_doc! {
    id: "decode.padding-repaired",
    severity: Severity::Info,
    title: "Missing or wrong '=' padding at the end of a base64 value (repaired)",
    what: "Reports base64 values whose `=` padding was missing or of the wrong length and was fixed before decoding.",
    why: "Usually harmless: the trailing `=` signs are often lost when a value is selected by double-click, or cut \
          by a tool that treats `=` as a separator. The decoded message is complete. Strict decoders do reject \
          unpadded base64, so if the value was sent that way, the receiver may have refused it.",
    example: "`PHNhbWxwOlJlc3BvbnNlLz4` gives `input 1 \"pasted\": the base64 value lacks its '=' padding (or has \
              too much); it was repaired`.",
    fix: "Nothing to fix in Entra or NumlyEngage. When copying a SAML value, copy it whole, up to and including the \
          trailing `=` signs.",
    fix_summary: "Nothing to fix; copy SAML values whole, including the trailing '=' signs.",
    references: &["RFC 4648 §3.2 (padding of encoded data)", "SAML 2.0 Bindings §3.5.4 (HTTP-POST: base64 encoding)"],
};

impl Rule for PaddingRepaired {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::PaddingRepaired { source } = problem {
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "{}: the base64 value lacks its '=' padding (or has too much); it was repaired",
                            source.describe()
                        ),
                    )
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

    // base64 of `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"/>`, padded with one '='.
    const VALUE: &str = "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiLz4=";

    #[test]
    fn fires_without_padding() {
        let f = findings_of("decode.padding-repaired", &[VALUE.trim_end_matches('=')], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("lacks its '=' padding"), "{}", f[0].message);
    }

    #[test]
    fn quiet_with_padding() {
        assert!(findings_of("decode.padding-repaired", &[VALUE], &Profile::default(), 0).is_empty());
    }
}
