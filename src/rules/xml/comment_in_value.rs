//! `xml.comment-in-value`: a comment inside a SAML value such as NameID (CVE-2017-11427 / CVE-2018-0489 class).

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::saml::{NS_SAML, NS_SAMLP};
use crate::xml::NodeKind;

/// The rule.
pub struct CommentInValue;

static DOC: RuleDoc = rule_doc! {
    id: "xml.comment-in-value",
    severity: Severity::Error,
    title: "A comment splits a SAML value (NameID, attribute value, issuer)",
    what: "Reports each element of the SAML assertion or protocol namespace whose text is interrupted by an XML \
           comment, e.g. `<NameID>admin@example.com<!---->.evil.example</NameID>`, with the full value and the part \
           before the comment.",
    why: "Exclusive canonicalization drops comments, so inserting one after signing leaves the signature valid, while \
          software that reads only the first text node sees a different value (`admin@example.com` instead of \
          `admin@example.com.evil.example`): the 2018 SAML comment-injection vulnerabilities (CVE-2017-11427, \
          CVE-2018-0489, and others). Entra ID never puts comments in values.",
    example:
        "`NameID` holding `jane@example.com<!---->.evil.example` gives: `saml:NameID contains a comment: the value \
              is \"jane@example.com.evil.example\" but a parser reading only the first text node sees \
              \"jane@example.com\"`.",
    fix: "Treat the response as tampered with: capture it again from the browser and find what inserts comments into \
          the SAML POST. On the account side, check that no user was given an address that extends another (such as \
          jane@example.com.evil.example).",
    fix_summary: "Treat the response as tampered with and find what inserted the comment.",
    references: &[
        "https://duo.com/blog/duo-finds-saml-vulnerabilities-affecting-multiple-implementations",
        "CVE-2017-11427, CVE-2018-0489",
        "Exclusive XML Canonicalization 1.0 §1 (comments are removed without WithComments)",
    ],
};

impl Rule for CommentInValue {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for m in &analysis.messages {
            let Ok(doc) = &m.document else { continue };
            for node in doc.descendants(doc.root()) {
                let Some(e) = doc.element(node) else { continue };
                if !matches!(e.namespace.as_deref(), Some(NS_SAML | NS_SAMLP)) {
                    continue;
                }
                let mut texts = e.children.iter().filter_map(|c| match &doc.node(*c).kind {
                    NodeKind::Text(t) if !t.trim().is_empty() => Some(t.as_str()),
                    _ => None,
                });
                let has_comment = e.children.iter().any(|c| matches!(doc.node(*c).kind, NodeKind::Comment(_)));
                let Some(first) = texts.next() else { continue };
                if !has_comment {
                    continue;
                }
                let value = doc.trimmed_text(node);
                out.push(
                    Finding::new(
                        &DOC,
                        format!(
                            "{} contains a comment: the value is \"{value}\" but a parser reading only the first text \
                             node sees \"{}\"",
                            doc.qname(node),
                            first.trim()
                        ),
                    )
                    .actual(doc.raw(node).to_owned())
                    .subject(m.reference())
                    .at(doc.path(node)),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, COMMENT_IN_NAMEID, SIGNED_ASSERTION};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_a_comment_in_name_id_and_attribute_value() {
        let f = findings_of("xml.comment-in-value", &[COMMENT_IN_NAMEID], &Profile::default(), AT);
        assert_eq!(f.len(), 2, "{f:?}");
        assert!(f[0].message.starts_with("NameID contains a comment"), "{}", f[0].message);
        assert!(f[0].message.contains("sees \"jane@example.com\""), "{}", f[0].message);
        assert!(f[1].location.as_deref().unwrap_or("").ends_with("AttributeValue"), "{:?}", f[1].location);
    }

    #[test]
    fn quiet_without_comments() {
        assert!(findings_of("xml.comment-in-value", &[SIGNED_ASSERTION], &Profile::default(), AT).is_empty());
    }
}
