//! What the message cards show beyond the report's key fields: the claims and the XML tree.
//!
//! These read a message's decoded XML with the core's own parser and typed model, so the UI shows exactly what the
//! rules saw. They are pure (tested natively) and never fail: unparsable XML gives an empty view.

use crate::saml::{self, SamlMessage};
use crate::xml::{self, Document, NodeId, NodeKind};

/// Most nodes the XML tree view builds; the rest of the document is shown in the raw view only.
pub const MAX_TREE_NODES: usize = 3000;

/// The subject and claims of a Response or Assertion.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClaimsView {
    /// `NameID` value and format.
    pub name_id: Option<(String, Option<String>)>,
    /// The claims in document order.
    pub claims: Vec<Claim>,
}

/// One `saml:Attribute`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    /// `Name`.
    pub name: String,
    /// `FriendlyName`.
    pub friendly_name: Option<String>,
    /// The values.
    pub values: Vec<String>,
}

/// A node of the XML tree view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlNodeView {
    /// An element.
    Element(XmlElementView),
    /// Non-blank text (trimmed).
    Text(String),
    /// A comment.
    Comment(String),
    /// A processing instruction (`target data`).
    Instruction(String),
    /// Nodes left out because the document is too large for the tree view.
    Omitted(usize),
}

/// An element of the XML tree view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlElementView {
    /// The qualified name as written.
    pub name: String,
    /// Namespace declarations (`xmlns`, `xmlns:p`) and their URIs.
    pub namespaces: Vec<(String, String)>,
    /// Attributes (qualified name, value).
    pub attributes: Vec<(String, String)>,
    /// Child nodes (blank text dropped).
    pub children: Vec<XmlNodeView>,
}

/// The claims of a message's first assertion (`None` for messages without one).
pub fn claims(message_xml: &str) -> Option<ClaimsView> {
    let doc = xml::parse(message_xml, &xml::Limits::default()).ok()?;
    let assertion = match saml::parse(&doc) {
        SamlMessage::Response(r) => r.assertions.into_iter().next()?,
        SamlMessage::Assertion(a) => a,
        _ => return None,
    };
    Some(ClaimsView {
        name_id: assertion.subject.and_then(|s| s.name_id).map(|n| (n.value, n.format)),
        claims: assertion
            .attributes
            .into_iter()
            .map(|a| Claim { name: a.name, friendly_name: a.friendly_name, values: a.values })
            .collect(),
    })
}

/// The message as a tree for the pretty-printed view, or the parser's error.
pub fn xml_tree(message_xml: &str) -> Result<XmlNodeView, String> {
    let doc = xml::parse(message_xml, &xml::Limits::default()).map_err(|e| e.to_string())?;
    let mut budget = MAX_TREE_NODES;
    Ok(node_view(&doc, doc.root(), &mut budget))
}

fn node_view(doc: &Document, id: NodeId, budget: &mut usize) -> XmlNodeView {
    *budget = budget.saturating_sub(1);
    match &doc.node(id).kind {
        NodeKind::Element(e) => {
            let qualified = |prefix: &Option<String>, local: &str| match prefix {
                Some(p) => format!("{p}:{local}"),
                None => local.to_owned(),
            };
            let mut children = Vec::new();
            let mut kids = e.children.iter().filter(|c| !is_blank_text(doc, **c)).peekable();
            while let Some(child) = kids.next() {
                if *budget == 0 {
                    let rest = 1 + kids.count();
                    children.push(XmlNodeView::Omitted(rest));
                    break;
                }
                children.push(node_view(doc, *child, budget));
            }
            XmlNodeView::Element(XmlElementView {
                name: qualified(&e.prefix, &e.local),
                namespaces: e
                    .namespace_decls
                    .iter()
                    .map(|d| {
                        (d.prefix.as_ref().map_or_else(|| "xmlns".to_owned(), |p| format!("xmlns:{p}")), d.uri.clone())
                    })
                    .collect(),
                attributes: e.attributes.iter().map(|a| (qualified(&a.prefix, &a.local), a.value.clone())).collect(),
                children,
            })
        }
        NodeKind::Text(t) => XmlNodeView::Text(t.trim().to_owned()),
        NodeKind::Comment(c) => XmlNodeView::Comment(c.clone()),
        NodeKind::ProcessingInstruction { target, data } => XmlNodeView::Instruction(format!("{target} {data}")),
    }
}

fn is_blank_text(doc: &Document, id: NodeId) -> bool {
    matches!(&doc.node(id).kind, NodeKind::Text(t) if t.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    fn response(example: &str) -> &'static str {
        examples::find(example).unwrap().files.iter().find(|f| f.name == "response.xml").unwrap().text
    }

    #[test]
    fn claims_of_an_entra_response() {
        let view = claims(response("valid-sign-in")).unwrap();
        assert_eq!(view.name_id.as_ref().map(|n| n.0.as_str()), Some("jane.doe@acme.example"));
        let names: Vec<&str> = view.claims.iter().map(|c| c.name.as_str()).collect();
        assert!(names.contains(&"Email") && names.contains(&"Phone number"), "{names:?}");
        let missing = claims(response("missing-email-claim")).unwrap();
        assert!(missing.claims.iter().all(|c| c.name != "Email"));
        assert_eq!(claims(examples::find("valid-sign-in").unwrap().files[0].text), None, "an AuthnRequest has none");
        assert_eq!(claims("not xml"), None);
    }

    #[test]
    fn xml_tree_keeps_names_attributes_and_text_as_data() {
        let tree = xml_tree("<a xmlns:p=\"urn:p\" p:x=\"&lt;img src=x&gt;\">\n  <p:b>&lt;script&gt;</p:b><!--c--></a>")
            .unwrap();
        let XmlNodeView::Element(a) = tree else { panic!("root is not an element") };
        assert_eq!(a.name, "a");
        assert_eq!(a.namespaces, vec![("xmlns:p".to_owned(), "urn:p".to_owned())]);
        assert_eq!(a.attributes, vec![("p:x".to_owned(), "<img src=x>".to_owned())]);
        assert_eq!(a.children.len(), 2, "blank text is dropped: {:?}", a.children);
        let XmlNodeView::Element(b) = &a.children[0] else { panic!() };
        assert_eq!(b.children, vec![XmlNodeView::Text("<script>".to_owned())]);
        assert!(xml_tree("<a>").is_err());
    }

    #[test]
    fn xml_tree_caps_huge_documents() {
        let xml = format!("<a>{}</a>", "<b/>".repeat(MAX_TREE_NODES * 2));
        let XmlNodeView::Element(a) = xml_tree(&xml).unwrap() else { panic!() };
        assert!(a.children.len() <= MAX_TREE_NODES);
        assert!(matches!(a.children.last(), Some(XmlNodeView::Omitted(n)) if *n > MAX_TREE_NODES / 2));
    }
}
