//! `xml.malformed`: a message's text is not well-formed, namespace-well-formed XML.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::xml::XmlErrorKind;

/// The rule.
pub struct Malformed;

static DOC: RuleDoc = rule_doc! {
    id: "xml.malformed",
    severity: Severity::Error,
    title: "The decoded message is not well-formed XML",
    what: "Reports messages whose decoded text is not well-formed, namespace-well-formed XML: mismatched or \
           unclosed tags in the middle, an undeclared namespace prefix, an undefined entity, text outside the \
           document element, no element at all, or more nesting, attributes or nodes than the parser accepts. \
           (A text cut short — between tags or inside one — is reported by decode.truncated, a DOCTYPE by \
           xml.doctype.)",
    why: "Neither Cognito nor Entra can read such a message: Cognito answers `Invalid samlResponse or relayState \
          from identity provider`. Entra never sends malformed XML, so the message was changed after it was issued: \
          edited by hand, reformatted by a tool that broke it, or damaged in copying — and none of its content can \
          be checked here.",
    example: "`<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><Issuer></samlp:Response>` gives \
              ``input 1 \"pasted\": malformed XML: ill-formed document: expected `</Issuer>`, but \
              `</samlp:Response>` was found (line 1, column 76)``.",
    fix:
        "Paste the original value instead (the base64 SAMLResponse from the browser's Network tab, or a HAR export of \
          the sign-in) rather than an edited or reformatted XML. If the original value is malformed too, send the HAR \
          file to NumlyEngage support.",
    fix_summary: "Paste the original base64 value or a HAR export rather than edited XML.",
    references: &[
        "XML 1.0 (Fifth Edition) §2.1 (well-formed XML documents)",
        "Namespaces in XML 1.0 (Third Edition) §7 (conformance: every prefix must be declared)",
    ],
};

impl Rule for Malformed {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for message in &analysis.messages {
            let Err(error) = &message.document else { continue };
            if error.kind == XmlErrorKind::Doctype || crate::rules::decode::cut_short(message).is_some() {
                continue;
            }
            let source = message.decoded.source.describe();
            let near = near(&message.decoded.xml, error.offset);
            out.push(
                Finding::new(&DOC, format!("{source}: {error}"))
                    .actual(near)
                    .subject(message.reference())
                    .at(format!("{source}, line {}, column {}", error.line, error.column)),
            );
        }
    }
}

/// Up to 40 characters of the text from `offset` (the place the parser stopped), for the evidence.
fn near(text: &str, offset: usize) -> String {
    let mut start = offset.min(text.len());
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    text.get(start..).unwrap_or("").chars().take(40).map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_mismatched_tags() {
        let xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><Issuer></samlp:Response>";
        let f = findings_of("xml.malformed", &[xml], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.starts_with("input 1 \"input 1\": malformed XML:"), "{}", f[0].message);
        assert!(f[0].message.contains("(line 1, column"), "{}", f[0].message);
        assert_eq!(f[0].subject.as_ref().map(|s| s.kind.as_str()), Some("Unparsed"));
    }

    #[test]
    fn fires_on_an_undeclared_prefix() {
        let f = findings_of("xml.malformed", &["<samlp:Response ID=\"x\"/>"], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("namespace prefix 'samlp' is used but never declared"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_well_formed_and_on_cut_or_doctype() {
        let ok = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><Issuer/></samlp:Response>";
        let cut = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><Issuer>";
        let doctype = "<!DOCTYPE r [<!ENTITY a \"b\">]><r>&a;</r>";
        assert!(findings_of("xml.malformed", &[ok, cut, doctype], &Profile::default(), 0).is_empty());
    }
}
