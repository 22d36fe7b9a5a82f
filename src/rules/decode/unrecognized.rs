//! `decode.unrecognized`: an input holds nothing sso-doctor recognises.

use crate::analysis::Analysis;
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct Unrecognized;

static DOC: RuleDoc = rule_doc! {
    id: "decode.unrecognized",
    severity: Severity::Warning,
    title: "Input not recognised as SAML, a URL, a HAR capture, a certificate or an error text",
    what:
        "Reports each input in which no SAML message, URL, HAR entry, certificate, private key or sign-in error text \
           was found.",
    why: "Nothing can be diagnosed from it. Usually the wrong part of a ticket was pasted (a screenshot description, \
          a cookie, a JWT from an OIDC app) or the value was cut before the SAML parameter.",
    example: "Pasting `hello world` gives: `input 1 \"pasted\": nothing recognisable (starts with \"hello world\")`.",
    fix: "Paste the SAMLResponse (from the browser's network tab: the POST to \
          https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse), the whole Redirect URL to \
          login.microsoftonline.com carrying SAMLRequest=, a HAR export of the failed sign-in, or the error text \
          Entra or NumlyEngage showed.",
    fix_summary: "Paste the SAMLResponse, the SAMLRequest URL, a HAR export of the sign-in, or the exact error text.",
    references: &[
        "SAML 2.0 Bindings §3.4 (HTTP-Redirect) and §3.5 (HTTP-POST)",
        "https://learn.microsoft.com/en-us/entra/identity/enterprise-apps/debug-saml-sso-issues",
    ],
};

impl Rule for Unrecognized {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::Unrecognized { source, preview } = problem {
                let message = if preview.is_empty() {
                    format!("{}: the input is empty", source.describe())
                } else {
                    format!("{}: nothing recognisable (starts with \"{preview}\")", source.describe())
                };
                out.push(Finding::new(&DOC, message).actual(preview.clone()).at(source.describe()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_plain_words() {
        let f = findings_of("decode.unrecognized", &["hello world"], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].message, "input 1 \"input 1\": nothing recognisable (starts with \"hello world\")");
    }

    #[test]
    fn fires_on_a_jwt() {
        let jwt = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqZG9lQGNvbnRvc28uY29tIiwiYXVkIjoibnVtbHkifQ.c2lnbmF0dXJlLW5vdC1yZWFsbHk";
        let f = findings_of("decode.unrecognized", &[jwt], &Profile::default(), 0);
        assert_eq!(f.len(), 1, "{f:?}");
    }

    #[test]
    fn fires_on_empty_input() {
        let f = findings_of("decode.unrecognized", &["  \n"], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.ends_with("the input is empty"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_xml() {
        let f = findings_of(
            "decode.unrecognized",
            &["<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>"],
            &Profile::default(),
            0,
        );
        assert!(f.is_empty());
    }
}
