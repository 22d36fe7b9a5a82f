//! `decode.truncated`: a message's XML ends before its document element closes.

use crate::analysis::{Analysis, Message};
use crate::decode::DecodeProblem;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::xml::XmlErrorKind;

/// The rule.
pub struct Truncated;

static DOC: RuleDoc = rule_doc! {
    id: "decode.truncated",
    severity: Severity::Error,
    title: "The SAML XML is cut short",
    what: "Reports messages whose decoded XML ends before the document element (or an element inside it) is closed, \
           or in the middle of a tag. A Redirect-binding value cut short is inflated as far as it goes, so that the \
           cut shows here too.",
    why: "A cut message cannot be read or verified, and nothing after the cut is checked. Copies get cut when the \
          browser's developer tools shorten a long value for display, when terminals, chat tools or ticket systems \
          limit the line length, and when a Redirect URL is longer than a proxy or a log line accepts.",
    example: "A SAMLResponse copied from a shortened display gives `input 1 \"pasted\": the XML ends before \
              <saml:Assertion> is closed, after 4096 bytes (it ends with \"…<saml:AttributeValue>jdoe@contoso.c\"); \
              the copy looks cut short`.",
    fix: "Copy the value again whole: in the browser's Network tab open the request's Payload, choose \"view source\" \
          (or right-click the value and \"Copy value\"), not the shortened display; better, export a HAR file of the \
          sign-in. If the HAR file itself holds a cut value, something on the way shortened it: send the HAR file to \
          NumlyEngage support.",
    fix_summary: "Copy the whole value again (Network tab, Payload, view source) or export a HAR file.",
    references: &[
        "SAML 2.0 Bindings §3.4.4 (HTTP-Redirect) and §3.5.4 (HTTP-POST)",
        "XML 1.0 (Fifth Edition) §2.1 (a well-formed document: one root element, properly closed)",
    ],
};

/// How much of the end of the text to quote.
const TAIL_CHARS: usize = 40;

impl Rule for Truncated {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for message in &analysis.messages {
            let Some(cut) = cut_short(message) else { continue };
            let xml = &message.decoded.xml;
            let tail = tail(xml);
            let source = message.decoded.source.describe();
            let (what, expected) = match &cut {
                Cut::OpenElement(name) => (format!("before <{name}> is closed"), format!("</{name}>")),
                Cut::InsideMarkup(markup) => (format!("inside the markup \"{markup}\""), "a complete tag".to_owned()),
            };
            out.push(
                Finding::new(
                    &DOC,
                    format!(
                        "{source}: the XML ends {what}, after {} bytes (it ends with \"{tail}\"); the copy looks cut \
                         short",
                        xml.len()
                    ),
                )
                .actual(tail)
                .expected(expected)
                .subject(message.reference())
                .at(source),
            );
        }
        // Decoding itself may also notice a cut (not used by the decoders today; kept for other producers).
        for problem in &analysis.decoded.problems {
            if let DecodeProblem::Truncated { source, open_element } = problem {
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "{}: the XML ends before <{open_element}> is closed; the copy looks cut short",
                            source.describe()
                        ),
                    )
                    .expected(format!("</{open_element}>"))
                    .at(source.describe()),
                );
            }
        }
    }
}

/// Where a message's text stops short.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cut {
    /// Between tags, with this element (the innermost) still open.
    OpenElement(String),
    /// In the middle of a tag, comment or other markup: its start (up to 40 characters).
    InsideMarkup(String),
}

/// Whether the message's XML failed to parse because the text stops short. The parser reports a text cut between
/// tags as truncated; a text cut inside a tag (`…<saml:Attr`) it reports as malformed at that tag, and that is
/// recognised here by the rest of the text holding no `>`. `xml.malformed` leaves these to this rule.
pub(crate) fn cut_short(message: &Message) -> Option<Cut> {
    let Err(error) = &message.document else { return None };
    match &error.kind {
        XmlErrorKind::Truncated { open_element } => Some(Cut::OpenElement(open_element.clone())),
        XmlErrorKind::Malformed(_) => {
            let rest = message.decoded.xml.get(error.offset..)?;
            (rest.starts_with('<') && !rest.contains('>')).then(|| Cut::InsideMarkup(rest.chars().take(40).collect()))
        }
        _ => None,
    }
}

/// The last characters of the text, with an ellipsis when cut, line breaks shown as spaces.
fn tail(text: &str) -> String {
    let count = text.chars().count();
    let tail: String =
        text.chars().skip(count.saturating_sub(TAIL_CHARS)).map(|c| if c.is_control() { ' ' } else { c }).collect();
    if count > TAIL_CHARS {
        format!("…{tail}")
    } else {
        tail
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    const RESPONSE: &str = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_r\"><saml:Assertion xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\"><saml:Subject><saml:NameID>jdoe@contoso.com</saml:NameID></saml:Subject></saml:Assertion></samlp:Response>";

    #[test]
    fn fires_on_a_cut_copy() {
        let cut = &RESPONSE[..RESPONSE.find("</saml:NameID>").unwrap()];
        let f = findings_of("decode.truncated", &[cut], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert!(
            f[0].message.starts_with("input 1 \"input 1\": the XML ends before <saml:NameID> is closed, after"),
            "{}",
            f[0].message
        );
        assert!(f[0].message.contains("jdoe@contoso.com\")"), "{}", f[0].message);
        assert_eq!(f[0].subject.as_ref().map(|s| s.index), Some(0));
    }

    #[test]
    fn fires_on_a_redirect_url_cut_short() {
        use std::io::Write as _;

        use base64::Engine as _;
        let mut deflater = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        deflater.write_all(RESPONSE.as_bytes()).unwrap();
        let value = base64::engine::general_purpose::STANDARD.encode(deflater.finish().unwrap());
        let url = format!("https://login.microsoftonline.com/t/saml2?SAMLResponse={}", &value[..value.len() * 2 / 3]);
        let f = findings_of("decode.truncated", &[&url], &Profile::default(), 0);
        assert_eq!(f.len(), 1, "{:?}", crate::rules::testing::findings(&[&url], &Profile::default(), 0));
        assert!(f[0].message.starts_with("input 1 \"input 1\", query SAMLResponse: the XML ends "), "{}", f[0].message);
        assert!(f[0].message.ends_with("the copy looks cut short"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_a_whole_message() {
        assert!(findings_of("decode.truncated", &[RESPONSE], &Profile::default(), 0).is_empty());
    }
}
