//! `signature.duplicate-id`: an ID value occurs on more than one element, so a `#ID` reference is ambiguous.

use crate::analysis::Analysis;
use crate::dsig::duplicate_ids;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};

/// The rule.
pub struct DuplicateId;

static DOC: RuleDoc = rule_doc! {
    id: "signature.duplicate-id",
    severity: Severity::Error,
    title: "Two elements share the same ID (signature wrapping)",
    what: "Reports each document in which an `ID` (or `Id`/`id`) value occurs on more than one element. Every \
           signature of such a document is treated as unverifiable, as xmlsec1 does: it refuses to load the document.",
    why: "A signature names what it signs by ID. With two elements carrying that ID, the verifier may check one while \
          the application reads the other: the classic XML signature-wrapping (XSW) attack, where a forged assertion \
          is given the ID of a genuinely signed one. IDs must be unique (xs:ID); a real Entra response never repeats \
          one, and Cognito rejects it.",
    example: "A response with the signed assertion plus an appended copy with the same ID gives: `ID \
              \"_a7c3…\" occurs on 2 elements: /samlp:Response/Assertion[1], /samlp:Response/Assertion[2]`.",
    fix: "Do not trust this response: it was altered after Entra signed it. Capture the sign-in again from the \
          browser; if the duplicate persists, find the proxy, gateway or browser extension that rewrites the POST to \
          …amazoncognito.com/saml2/idpresponse, and report it to your security team.",
    fix_summary:
        "Treat the response as forged: capture it again from the browser and find what rewrites it on the way.",
    references: &[
        "XML Schema Part 2 §3.3.8 (ID values are unique within a document)",
        "Somorovsky et al., On Breaking SAML: Be Whoever You Want to Be (USENIX Security 2012)",
        "https://www.aleksey.com/xmlsec/faq.html",
    ],
};

impl Rule for DuplicateId {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for m in &analysis.messages {
            let Ok(doc) = &m.document else { continue };
            for id in duplicate_ids(doc) {
                let elements = doc.elements_with_id(&id);
                let paths: Vec<String> = elements.iter().map(|n| doc.path(*n)).collect();
                let signed = if m.signatures.is_empty() {
                    String::new()
                } else {
                    "; no signature of this document can be trusted".to_owned()
                };
                out.push(
                    Finding::new(
                        &DOC,
                        format!("ID \"{id}\" occurs on {} elements: {}{signed}", elements.len(), paths.join(", ")),
                    )
                    .actual(id.clone())
                    .subject(m.reference())
                    .at(paths.first().cloned().unwrap_or_default()),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, DUPLICATE_ID, SIGNED_BOTH};
    use crate::finding::Severity;
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_an_appended_copy_of_the_signed_assertion() {
        let f = findings_of("signature.duplicate-id", &[DUPLICATE_ID], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Error);
        assert!(f[0].message.contains("occurs on 2 elements"), "{}", f[0].message);
        assert_eq!(f[0].actual.as_deref(), Some("_a7c3e9f0-1b2d-4e6f-8a9b-0c1d2e3f4a5b"));
    }

    #[test]
    fn quiet_when_ids_are_unique() {
        assert!(findings_of("signature.duplicate-id", &[SIGNED_BOTH], &Profile::default(), AT).is_empty());
    }
}
