//! `decode.plus-as-space`: `+` signs in a base64 value had become spaces; repaired.

use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct PlusAsSpace;

static DOC: RuleDoc = rule_doc! {
    id: "decode.plus-as-space",
    severity: Severity::Warning,
    title: "Plus signs in a base64 value had become spaces (repaired)",
    what: "Reports base64 values in which spaces were found and turned back into `+` before decoding.",
    why: "Base64 uses `+` as a digit. When a value is URL-decoded as a form (where `+` means a space), or pasted \
          through a tool that does so, every `+` becomes a space. The repaired value decoded here, but a service \
          given the damaged value rejects it: if the damage happened on the way to Cognito (a proxy or browser \
          extension re-encoding the POST), sign-in fails with `Invalid samlResponse or relayState from identity \
          provider`.",
    example: "`PHNhbWxwOlJlc3Bv bnNl…` gives `input 1 \"pasted\": 3 spaces in the base64 value were turned back into \
              '+' (the value went through form decoding or a copy that lost them)`.",
    fix: "If you copied the value from a decoded view, the sign-in itself is not affected: copy the raw (URL-encoded) \
          value next time, or export a HAR file. If a HAR capture shows the spaces in what the browser actually sent \
          to https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse, something between Entra and Cognito \
          re-encodes the form: disable the proxy or browser extension that rewrites it, or send the HAR file to \
          NumlyEngage support.",
    fix_summary: "Copy the raw value next time; if the browser itself sent the spaces, something between Entra and \
                  Cognito re-encodes the form.",
    references: &[
        "SAML 2.0 Bindings §3.5.4 (HTTP-POST: base64 encoding of the message)",
        "WHATWG URL Standard, application/x-www-form-urlencoded parsing (`+` is read as a space)",
    ],
};

impl Rule for PlusAsSpace {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::PlusAsSpace { source, count } = problem {
                let spaces = if *count == 1 { "1 space".to_owned() } else { format!("{count} spaces") };
                let were = if *count == 1 { "was" } else { "were" };
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "{}: {spaces} in the base64 value {were} turned back into '+' (the value went through form \
                             decoding or a copy that lost them)",
                            source.describe()
                        ),
                    )
                    .actual(format!("{count} spaces"))
                    .expected("no spaces in base64")
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

    // base64 of `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="a>?>?>?>?>?"/>`: two '+'.
    const VALUE: &str = "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWxwPSJ1cm46b2FzaXM6bmFtZXM6dGM6U0FNTDoyLjA6cHJvdG9jb2wiIElEPSJhPj8+Pz4/Pj8+PyIvPg==";

    #[test]
    fn fires_when_pluses_became_spaces() {
        assert_eq!(VALUE.matches('+').count(), 2, "the sample must hold '+' signs");
        let damaged = VALUE.replace('+', " ");
        let f = findings_of("decode.plus-as-space", &[&damaged], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.starts_with("input 1 \"input 1\": 2 spaces in the base64 value were turned back"),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn quiet_on_intact_value() {
        assert!(findings_of("decode.plus-as-space", &[VALUE], &Profile::default(), 0).is_empty());
    }
}
