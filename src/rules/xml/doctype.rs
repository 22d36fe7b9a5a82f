//! `xml.doctype`: a message carries a DOCTYPE (and possibly entity declarations); it is reported, never expanded.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::xml::XmlErrorKind;

/// The rule.
pub struct Doctype;

static DOC: RuleDoc = rule_doc! {
    id: "xml.doctype",
    severity: Severity::Error,
    title: "The message contains a DOCTYPE declaration (not processed)",
    what: "Reports messages whose XML has a `<!DOCTYPE …>` declaration, with or without entity declarations. The \
           declaration is never processed: no entity is expanded and nothing external is fetched, and the rest of the \
           message is not analysed.",
    why: "SAML messages are defined by XML Schema, and no identity provider or service provider puts a DOCTYPE in \
          one. A DOCTYPE is how entity-expansion (\"billion laughs\") and external-entity (XXE) attacks are \
          delivered, so SAML libraries, Cognito among them, refuse such messages. Finding one means the message did \
          not come from Entra as issued: it was built or altered by someone — possibly an attack attempt — or a test \
          vector was pasted.",
    example: "`<!DOCTYPE r [<!ENTITY x \"…\">]><samlp:Response …>` gives `input 1 \"pasted\": the message contains a \
              DOCTYPE declaration (\"<!DOCTYPE r [<!ENTITY x \"…\">]>\"); it was not processed`.",
    fix:
        "Do not use this message. Capture the sign-in again from the browser (Network tab, or a HAR export) and paste \
          what Entra actually sent. If a DOCTYPE shows up in a real capture of traffic to \
          https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse, treat it as a security incident: keep \
          the capture and send it to NumlyEngage support.",
    fix_summary: "Do not use this message; capture what Entra really sent. A DOCTYPE in real traffic is a security \
                  incident to report.",
    references: &[
        "XML 1.0 (Fifth Edition) §2.8 (document type declaration) and §4 (entities)",
        "https://cheatsheetseries.owasp.org/cheatsheets/XML_External_Entity_Prevention_Cheat_Sheet.html",
        "W3C XML Signature Best Practices (Working Group Note), denial of service through XML processing",
    ],
};

impl Rule for Doctype {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for message in &analysis.messages {
            let Err(error) = &message.document else { continue };
            if error.kind != XmlErrorKind::Doctype {
                continue;
            }
            let source = message.decoded.source.describe();
            let declaration = declaration(&message.decoded.xml, error.offset);
            out.push(
                Finding::new(
                    &DOC,
                    format!("{source}: the message contains a DOCTYPE declaration (\"{declaration}\"); it was not processed"),
                )
                .actual(declaration)
                .expected("no DOCTYPE")
                .subject(message.reference())
                .at(format!("{source}, line {}, column {}", error.line, error.column)),
            );
        }
    }
}

/// The declaration as written, from `<!DOCTYPE` to its closing `>` (the internal subset included), at most 80
/// characters.
fn declaration(xml: &str, offset: usize) -> String {
    let from =
        xml.get(offset..).filter(|s| s.starts_with("<!")).or_else(|| xml.find("<!DOCTYPE").and_then(|i| xml.get(i..)));
    let Some(text) = from else { return "<!DOCTYPE".to_owned() };
    let end = match (text.find('['), text.find('>')) {
        (Some(open), Some(gt)) if open < gt => text.find("]>").map_or(gt + 1, |i| i + 2),
        (_, Some(gt)) => gt + 1,
        _ => text.len(),
    };
    let decl: String = text.get(..end).unwrap_or(text).chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if decl.chars().count() > 80 {
        format!("{}…", decl.chars().take(79).collect::<String>())
    } else {
        decl
    }
}

#[cfg(test)]
mod tests {
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_an_entity_declaration() {
        let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE samlp:Response [<!ENTITY lol \"lol\">]><samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">&lol;</samlp:Response>";
        let f = findings_of("xml.doctype", &[xml], &Profile::default(), 0);
        assert_eq!(f.len(), 1);
        assert_eq!(
            f[0].message,
            "input 1 \"input 1\": the message contains a DOCTYPE declaration (\"<!DOCTYPE samlp:Response [<!ENTITY lol \"lol\">]>\"); it was not processed"
        );
    }

    #[test]
    fn quiet_without_doctype() {
        let xml = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"/>";
        assert!(findings_of("xml.doctype", &[xml], &Profile::default(), 0).is_empty());
    }
}
