//! What the message cards show beyond the report's key fields: the claims and the XML tree (with the regions the
//! signatures cover, and the keyboard navigation of the tree widget).
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
    /// Whether a signature reference covers this element: `Some(true)` if its digest matches and the signature
    /// verifies, `Some(false)` if not.
    pub signed: Option<bool>,
    /// Whether that result is the one a share link's sender reported (a redacted copy cannot be re-verified).
    pub signed_reported: bool,
}

impl XmlElementView {
    /// Whether the element is shown on one line, its text inline (`<a>text</a>`, `<a/>`): no child items.
    pub fn is_inline(&self) -> bool {
        match self.children.as_slice() {
            [] => true,
            [XmlNodeView::Text(t)] => t.len() <= 120,
            _ => false,
        }
    }
}

/// A region a signature covers: the path of the referenced element (as the report gives it) and whether the
/// reference's digest matches and the signature verifies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRegion {
    /// The element path (`Document::path`).
    pub path: String,
    /// Digest matches and signature verifies.
    pub verified: bool,
    /// The result is the one a share link's sender reported.
    pub reported: bool,
}

/// One item of the XML tree widget, in display (pre-order) order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeItem {
    /// The nesting level, 1 for the root (`aria-level`).
    pub level: usize,
    /// The parent item.
    pub parent: Option<usize>,
    /// Whether it has child items (it can be expanded and collapsed).
    pub expandable: bool,
}

/// A key of the tree widget (WAI-ARIA tree view pattern).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TreeKey {
    /// ArrowUp: the previous visible item.
    Up,
    /// ArrowDown: the next visible item.
    Down,
    /// ArrowLeft: collapse an open item, else go to its parent.
    Left,
    /// ArrowRight: expand a closed item, else go to its first child.
    Right,
    /// Home: the first item.
    Home,
    /// End: the last visible item.
    End,
    /// Enter or Space: expand or collapse.
    Toggle,
}

impl TreeKey {
    /// The key for a `KeyboardEvent.key` value.
    pub fn of(key: &str) -> Option<Self> {
        Some(match key {
            "ArrowUp" => TreeKey::Up,
            "ArrowDown" => TreeKey::Down,
            "ArrowLeft" => TreeKey::Left,
            "ArrowRight" => TreeKey::Right,
            "Home" => TreeKey::Home,
            "End" => TreeKey::End,
            "Enter" | " " => TreeKey::Toggle,
            _ => return None,
        })
    }
}

/// The items of the tree widget for `root`, in the order the view renders them.
pub fn tree_items(root: &XmlNodeView) -> Vec<TreeItem> {
    fn walk(node: &XmlNodeView, level: usize, parent: Option<usize>, out: &mut Vec<TreeItem>) {
        let index = out.len();
        let children = match node {
            XmlNodeView::Element(e) if !e.is_inline() => e.children.as_slice(),
            _ => &[],
        };
        out.push(TreeItem { level, parent, expandable: !children.is_empty() });
        for child in children {
            walk(child, level + 1, Some(index), out);
        }
    }
    let mut out = Vec::new();
    walk(root, 1, None, &mut out);
    out
}

/// Which items are expanded when the view opens (by item index): the first four levels.
pub fn initially_expanded(items: &[TreeItem]) -> Vec<bool> {
    items.iter().map(|t| t.expandable && t.level <= 4).collect()
}

/// Where a key moves the focus from `focused`, and which item it expands or collapses (if any). `expanded` says, by
/// item index, which items are open.
pub fn tree_key(items: &[TreeItem], expanded: &[bool], focused: usize, key: TreeKey) -> (usize, Option<usize>) {
    let visible: Vec<usize> = (0..items.len()).filter(|&i| is_visible(items, expanded, i)).collect();
    let at = visible.iter().position(|&i| i == focused).unwrap_or(0);
    let Some(item) = items.get(focused) else { return (visible.first().copied().unwrap_or(0), None) };
    let open = item.expandable && is_open(expanded, focused);
    match key {
        TreeKey::Up => (visible.get(at.saturating_sub(1)).copied().unwrap_or(focused), None),
        TreeKey::Down => (visible.get(at + 1).copied().unwrap_or(focused), None),
        TreeKey::Home => (visible.first().copied().unwrap_or(focused), None),
        TreeKey::End => (visible.last().copied().unwrap_or(focused), None),
        TreeKey::Right if open => (focused + 1, None),
        TreeKey::Left if open => (focused, Some(focused)),
        TreeKey::Left => (item.parent.unwrap_or(focused), None),
        TreeKey::Right | TreeKey::Toggle if item.expandable => (focused, Some(focused)),
        TreeKey::Right | TreeKey::Toggle => (focused, None),
    }
}

/// Whether item `index` is open.
pub fn is_open(expanded: &[bool], index: usize) -> bool {
    expanded.get(index).copied().unwrap_or(false)
}

fn is_visible(items: &[TreeItem], expanded: &[bool], index: usize) -> bool {
    let mut parent = items.get(index).and_then(|t| t.parent);
    while let Some(p) = parent {
        if !is_open(expanded, p) {
            return false;
        }
        parent = items.get(p).and_then(|t| t.parent);
    }
    true
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

/// The message as a tree for the pretty-printed view, or the parser's error; elements at a path of `signed` are
/// marked.
pub fn xml_tree(message_xml: &str, signed: &[SignedRegion]) -> Result<XmlNodeView, String> {
    let doc = xml::parse(message_xml, &xml::Limits::default()).map_err(|e| e.to_string())?;
    let mut budget = MAX_TREE_NODES;
    Ok(node_view(&doc, doc.root(), &mut budget, signed))
}

fn node_view(doc: &Document, id: NodeId, budget: &mut usize, signed: &[SignedRegion]) -> XmlNodeView {
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
                children.push(node_view(doc, *child, budget, signed));
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
                signed: if signed.is_empty() {
                    None
                } else {
                    let path = doc.path(id);
                    let regions = signed.iter().filter(|r| r.path == path);
                    regions.fold(None, |acc: Option<bool>, r| Some(acc.unwrap_or(true) && r.verified))
                },
                signed_reported: {
                    let path = doc.path(id);
                    signed.iter().any(|r| r.reported && r.path == path)
                },
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
        let tree =
            xml_tree("<a xmlns:p=\"urn:p\" p:x=\"&lt;img src=x&gt;\">\n  <p:b>&lt;script&gt;</p:b><!--c--></a>", &[])
                .unwrap();
        let XmlNodeView::Element(a) = tree else { panic!("root is not an element") };
        assert_eq!(a.name, "a");
        assert_eq!(a.namespaces, vec![("xmlns:p".to_owned(), "urn:p".to_owned())]);
        assert_eq!(a.attributes, vec![("p:x".to_owned(), "<img src=x>".to_owned())]);
        assert_eq!(a.children.len(), 2, "blank text is dropped: {:?}", a.children);
        let XmlNodeView::Element(b) = &a.children[0] else { panic!() };
        assert_eq!(b.children, vec![XmlNodeView::Text("<script>".to_owned())]);
        assert!(xml_tree("<a>", &[]).is_err());
    }

    #[test]
    fn signed_regions_are_marked_by_path() {
        let xml = "<r><a ID=\"x\"><b/></a><a/></r>";
        let signed = [SignedRegion { path: "/r/a[1]".to_owned(), verified: true, reported: false }];
        let XmlNodeView::Element(r) = xml_tree(xml, &signed).unwrap() else { panic!() };
        let marks: Vec<Option<bool>> = r
            .children
            .iter()
            .map(|c| match c {
                XmlNodeView::Element(e) => e.signed,
                _ => panic!(),
            })
            .collect();
        assert_eq!((r.signed, marks), (None, vec![Some(true), None]));
        let failed = [SignedRegion { path: "/r".to_owned(), verified: false, reported: false }];
        let XmlNodeView::Element(r) = xml_tree(xml, &failed).unwrap() else { panic!() };
        assert_eq!(r.signed, Some(false));
    }

    #[test]
    fn tree_keys_follow_the_aria_tree_pattern() {
        // 0 r ─ 1 a ─ 2 b (inline text)
        //     │     └ 3 c ─ 4 d
        //     └ 5 e
        let tree = xml_tree("<r><a><b>t</b><c><d/></c></a><e/></r>", &[]).unwrap();
        let items = tree_items(&tree);
        let levels: Vec<usize> = items.iter().map(|t| t.level).collect();
        assert_eq!(levels, vec![1, 2, 3, 3, 4, 2]);
        let expandable: Vec<usize> = (0..items.len()).filter(|&i| items[i].expandable).collect();
        assert_eq!(expandable, vec![0, 1, 3]);
        assert_eq!(items[4].parent, Some(3));
        let all = initially_expanded(&items);
        assert_eq!(all, vec![true, true, false, true, false, false]);
        let key = |expanded: &[bool], focused, key| tree_key(&items, expanded, focused, key);
        assert_eq!(key(&all, 0, TreeKey::Down), (1, None));
        assert_eq!(key(&all, 4, TreeKey::Down), (5, None));
        assert_eq!(key(&all, 5, TreeKey::Down), (5, None), "the last item stays");
        assert_eq!(key(&all, 5, TreeKey::Up), (4, None));
        assert_eq!(key(&all, 0, TreeKey::Up), (0, None));
        assert_eq!(key(&all, 4, TreeKey::Home), (0, None));
        assert_eq!(key(&all, 0, TreeKey::End), (5, None));
        // Left collapses an open item, then goes to the parent; Right expands, then goes to the first child.
        assert_eq!(key(&all, 1, TreeKey::Left), (1, Some(1)));
        let collapsed = vec![true, false, false, true, false, false];
        assert_eq!(key(&collapsed, 1, TreeKey::Down), (5, None), "the children of a closed item are skipped");
        assert_eq!(key(&collapsed, 5, TreeKey::Up), (1, None));
        assert_eq!(key(&collapsed, 1, TreeKey::Left), (0, None));
        assert_eq!(key(&collapsed, 1, TreeKey::End), (5, None));
        assert_eq!(key(&collapsed, 1, TreeKey::Right), (1, Some(1)));
        assert_eq!(key(&all, 1, TreeKey::Right), (2, None));
        assert_eq!(key(&all, 2, TreeKey::Right), (2, None), "a leaf does nothing");
        assert_eq!(key(&all, 2, TreeKey::Left), (1, None));
        assert_eq!(key(&all, 3, TreeKey::Toggle), (3, Some(3)));
        assert_eq!(key(&all, 2, TreeKey::Toggle), (2, None));
        assert_eq!(TreeKey::of(" "), Some(TreeKey::Toggle));
        assert_eq!(TreeKey::of("Enter"), Some(TreeKey::Toggle));
        assert_eq!(TreeKey::of("ArrowLeft"), Some(TreeKey::Left));
        assert_eq!(TreeKey::of("a"), None);
    }

    #[test]
    fn xml_tree_caps_huge_documents() {
        let xml = format!("<a>{}</a>", "<b/>".repeat(MAX_TREE_NODES * 2));
        let XmlNodeView::Element(a) = xml_tree(&xml, &[]).unwrap() else { panic!() };
        assert!(a.children.len() <= MAX_TREE_NODES);
        assert!(matches!(a.children.last(), Some(XmlNodeView::Omitted(n)) if *n > MAX_TREE_NODES / 2));
    }
}
