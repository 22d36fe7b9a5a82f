//! A small namespace-aware XML tree built with quick-xml.
//!
//! Everything downstream — the typed SAML model, canonicalization and signature checks — reads this tree. It keeps
//! what XML-DSig needs and a re-serializer would lose: namespace declarations exactly where they were written,
//! comments, processing instructions, and the byte span of every node in the text as received (for evidence and for
//! the "raw" view). Attribute values and text are stored *after* XML normalisation (line endings, attribute-value
//! normalisation, character and predefined entity references), which is the data model canonicalization works on.
//!
//! A DOCTYPE is never expanded: it is an error ([`XmlErrorKind::Doctype`]), so entity-expansion attacks cannot happen.

mod parse;

use std::ops::Range;

pub use parse::{parse, Limits};

/// The namespace URI of the `xml` prefix, bound in every document.
pub const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// Index of a node in a [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub(crate) usize);

impl NodeId {
    /// The node's position in document order (0 = first node).
    pub fn index(self) -> usize {
        self.0
    }
}

/// A parsed XML document: its text and its nodes in document order.
#[derive(Debug, Clone)]
pub struct Document {
    pub(crate) source: String,
    pub(crate) nodes: Vec<Node>,
    /// Top-level nodes (the document element plus comments/PIs before and after it).
    pub(crate) top_level: Vec<NodeId>,
    pub(crate) root: NodeId,
}

/// One node of the tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the node is.
    pub kind: NodeKind,
    /// The parent element; `None` for top-level nodes.
    pub parent: Option<NodeId>,
    /// Byte range of the node in [`Document::source`] (for elements: start tag to end tag inclusive).
    pub span: Range<usize>,
}

/// The kinds of node the tree keeps.
#[derive(Debug, Clone)]
pub enum NodeKind {
    /// An element.
    Element(Element),
    /// Character data (CDATA sections are merged in as text, as canonicalization requires).
    Text(String),
    /// A comment (its text without `<!--`/`-->`).
    Comment(String),
    /// A processing instruction.
    ProcessingInstruction {
        /// The PI target.
        target: String,
        /// The PI data (may be empty).
        data: String,
    },
}

/// An element with its namespace information.
#[derive(Debug, Clone)]
pub struct Element {
    /// The prefix as written (`samlp` in `samlp:Response`).
    pub prefix: Option<String>,
    /// The local name.
    pub local: String,
    /// The namespace URI the prefix (or the default namespace) resolves to.
    pub namespace: Option<String>,
    /// Attributes other than namespace declarations, in the order written.
    pub attributes: Vec<Attribute>,
    /// Namespace declarations written on this element (`xmlns`, `xmlns:p`), in the order written.
    pub namespace_decls: Vec<NamespaceDecl>,
    /// Child nodes in order.
    pub children: Vec<NodeId>,
    /// Byte range of the start tag.
    pub start_tag: Range<usize>,
}

/// An attribute (never a namespace declaration).
#[derive(Debug, Clone)]
pub struct Attribute {
    /// The prefix as written.
    pub prefix: Option<String>,
    /// The local name.
    pub local: String,
    /// The namespace URI for a prefixed attribute; unprefixed attributes are in no namespace.
    pub namespace: Option<String>,
    /// The normalised value.
    pub value: String,
}

/// A namespace declaration: `xmlns="uri"` (prefix `None`) or `xmlns:p="uri"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceDecl {
    /// The declared prefix; `None` for the default namespace.
    pub prefix: Option<String>,
    /// The namespace URI (empty for `xmlns=""`, which undeclares the default namespace).
    pub uri: String,
}

/// Why a text could not be parsed as XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    /// What went wrong.
    pub kind: XmlErrorKind,
    /// Byte offset in the text where it was noticed.
    pub offset: usize,
    /// 1-based line of `offset`.
    pub line: usize,
    /// 1-based column (in characters) of `offset`.
    pub column: usize,
}

/// The kinds of XML failure; each maps to a finding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum XmlErrorKind {
    /// Not well-formed: the parser's message.
    Malformed(String),
    /// The text ends before the document element closes (a copy cut short).
    Truncated {
        /// The innermost element still open at the end.
        open_element: String,
    },
    /// A DOCTYPE (and with it possible entity declarations) is present; it is not processed.
    Doctype,
    /// An element nests deeper than [`Limits::max_depth`].
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// An element has more attributes than [`Limits::max_attributes`].
    TooManyAttributes {
        /// The limit.
        limit: usize,
    },
    /// The document has more nodes than [`Limits::max_nodes`].
    TooManyNodes {
        /// The limit.
        limit: usize,
    },
    /// A prefix is used without being declared.
    UnboundPrefix(String),
    /// An entity reference other than the five predefined ones and character references.
    UndefinedEntity(String),
    /// There is no document element.
    Empty,
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            XmlErrorKind::Malformed(m) => write!(f, "malformed XML: {m}")?,
            XmlErrorKind::Truncated { open_element } => {
                write!(f, "the XML ends before <{open_element}> is closed (the text looks cut short)")?;
            }
            XmlErrorKind::Doctype => {
                write!(f, "the XML contains a DOCTYPE declaration, which SAML forbids; it was not processed")?;
            }
            XmlErrorKind::TooDeep { limit } => write!(f, "elements nest deeper than {limit} levels")?,
            XmlErrorKind::TooManyAttributes { limit } => write!(f, "an element has more than {limit} attributes")?,
            XmlErrorKind::TooManyNodes { limit } => write!(f, "the document has more than {limit} nodes")?,
            XmlErrorKind::UnboundPrefix(p) => write!(f, "namespace prefix '{p}' is used but never declared")?,
            XmlErrorKind::UndefinedEntity(e) => write!(f, "undefined entity '&{e};'")?,
            XmlErrorKind::Empty => write!(f, "no XML element found")?,
        }
        write!(f, " (line {}, column {})", self.line, self.column)
    }
}

impl std::error::Error for XmlError {}

impl Document {
    /// The text the tree was parsed from (BOM removed).
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The document element.
    pub fn root(&self) -> NodeId {
        self.root
    }

    /// Top-level nodes in order (the document element and any comments or PIs around it).
    pub fn top_level(&self) -> &[NodeId] {
        &self.top_level
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the document has no nodes (never true for a parsed document).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node with this id.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0]
    }

    /// The element with this id, if the node is an element.
    pub fn element(&self, id: NodeId) -> Option<&Element> {
        match &self.nodes.get(id.0)?.kind {
            NodeKind::Element(e) => Some(e),
            _ => None,
        }
    }

    /// The parent element.
    pub fn parent(&self, id: NodeId) -> Option<NodeId> {
        self.nodes.get(id.0)?.parent
    }

    /// Child nodes of an element (empty for other nodes).
    pub fn children(&self, id: NodeId) -> &[NodeId] {
        self.element(id).map_or(&[], |e| e.children.as_slice())
    }

    /// Child elements of an element, in order.
    pub fn child_elements(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        self.children(id).iter().copied().filter(|c| self.element(*c).is_some())
    }

    /// Child elements with this namespace and local name.
    pub fn children_named<'a>(&'a self, id: NodeId, ns: &'a str, local: &'a str) -> impl Iterator<Item = NodeId> + 'a {
        self.child_elements(id).filter(move |c| self.is(*c, ns, local))
    }

    /// The first child element with this namespace and local name.
    pub fn child(&self, id: NodeId, ns: &str, local: &str) -> Option<NodeId> {
        self.children_named(id, ns, local).next()
    }

    /// Whether the node is an element with this namespace and local name.
    pub fn is(&self, id: NodeId, ns: &str, local: &str) -> bool {
        self.element(id).is_some_and(|e| e.local == local && e.namespace.as_deref() == Some(ns))
    }

    /// The value of an unprefixed attribute (SAML's attributes are unprefixed).
    pub fn attr(&self, id: NodeId, local: &str) -> Option<&str> {
        self.element(id)?
            .attributes
            .iter()
            .find(|a| a.namespace.is_none() && a.local == local)
            .map(|a| a.value.as_str())
    }

    /// All text inside the node (descendant text concatenated; comments excluded).
    pub fn text(&self, id: NodeId) -> String {
        let mut out = String::new();
        self.collect_text(id, &mut out);
        out
    }

    /// The text of the node with surrounding whitespace removed.
    pub fn trimmed_text(&self, id: NodeId) -> String {
        self.text(id).trim().to_owned()
    }

    fn collect_text(&self, id: NodeId, out: &mut String) {
        match &self.node(id).kind {
            NodeKind::Text(t) => out.push_str(t),
            NodeKind::Element(e) => {
                for c in &e.children {
                    self.collect_text(*c, out);
                }
            }
            _ => {}
        }
    }

    /// The element and all its descendants in document order (nodes of every kind).
    pub fn descendants(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        // Nodes are stored in document order and a subtree is contiguous: it ends where the next node outside it
        // starts, which we find by walking the ancestors' next siblings. Simpler and just as fast: scan while the
        // node's ancestor chain contains `id`.
        let start = id.0;
        let end = self.subtree_end(id);
        (start..end).map(NodeId)
    }

    /// Descendant elements (including `id` itself) with this namespace and local name, in document order.
    pub fn descendants_named<'a>(
        &'a self,
        id: NodeId,
        ns: &'a str,
        local: &'a str,
    ) -> impl Iterator<Item = NodeId> + 'a {
        self.descendants(id).filter(move |n| self.is(*n, ns, local))
    }

    /// One past the last node index of the subtree rooted at `id`.
    pub(crate) fn subtree_end(&self, id: NodeId) -> usize {
        let mut cur = id;
        loop {
            if let Some(e) = self.element(cur) {
                if let Some(last) = e.children.last() {
                    cur = *last;
                    continue;
                }
            }
            return cur.0 + 1;
        }
    }

    /// Whether `ancestor` is `node` or one of its ancestors.
    pub fn is_ancestor_or_self(&self, ancestor: NodeId, node: NodeId) -> bool {
        ancestor.0 <= node.0 && node.0 < self.subtree_end(ancestor)
    }

    /// Ancestors of a node from its parent up to the document element.
    pub fn ancestors(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(self.parent(id), move |p| self.parent(*p))
    }

    /// Every element in the document whose `ID` attribute (SAML's identifier) equals `id_value`.
    pub fn elements_with_id(&self, id_value: &str) -> Vec<NodeId> {
        (0..self.nodes.len()).map(NodeId).filter(|n| self.id_attr(*n) == Some(id_value)).collect()
    }

    /// The element's identifier attribute: `ID` (SAML), `Id` or `id` (XML-DSig, xenc).
    pub fn id_attr(&self, id: NodeId) -> Option<&str> {
        let e = self.element(id)?;
        ["ID", "Id", "id"]
            .iter()
            .find_map(|name| e.attributes.iter().find(|a| a.namespace.is_none() && a.local == *name))
            .map(|a| a.value.as_str())
    }

    /// The qualified name as written (`samlp:Response`).
    pub fn qname(&self, id: NodeId) -> String {
        match self.element(id) {
            Some(Element { prefix: Some(p), local, .. }) => format!("{p}:{local}"),
            Some(e) => e.local.clone(),
            None => String::new(),
        }
    }

    /// A readable path to an element, e.g. `/samlp:Response/saml:Assertion[2]/saml:Subject`.
    pub fn path(&self, id: NodeId) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut cur = Some(id);
        while let Some(n) = cur {
            let name = self.qname(n);
            let part = match self.parent(n) {
                Some(p) => {
                    let same: Vec<NodeId> = self
                        .child_elements(p)
                        .filter(|c| {
                            let (a, b) = (self.element(*c), self.element(n));
                            matches!((a, b), (Some(a), Some(b)) if a.local == b.local && a.namespace == b.namespace)
                        })
                        .collect();
                    if same.len() > 1 {
                        let pos = same.iter().position(|c| *c == n).unwrap_or(0) + 1;
                        format!("{name}[{pos}]")
                    } else {
                        name
                    }
                }
                None => name,
            };
            parts.push(part);
            cur = self.parent(n);
        }
        parts.reverse();
        format!("/{}", parts.join("/"))
    }

    /// The namespace declarations in scope at an element: the nearest declaration of each prefix on the element or
    /// its ancestors, sorted by prefix (default namespace first). An `xmlns=""` undeclaration is included with an
    /// empty URI.
    pub fn in_scope_namespaces(&self, id: NodeId) -> Vec<NamespaceDecl> {
        let mut seen: Vec<NamespaceDecl> = Vec::new();
        let chain = std::iter::once(id).chain(self.ancestors(id));
        for n in chain {
            if let Some(e) = self.element(n) {
                for d in &e.namespace_decls {
                    if !seen.iter().any(|s| s.prefix == d.prefix) {
                        seen.push(d.clone());
                    }
                }
            }
        }
        seen.sort_by(|a, b| a.prefix.cmp(&b.prefix));
        seen
    }

    /// 1-based line and column of a byte offset in the source.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.source, offset)
    }

    /// The source text of a node exactly as received.
    pub fn raw(&self, id: NodeId) -> &str {
        self.source.get(self.node(id).span.clone()).unwrap_or("")
    }
}

/// 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
    const SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";

    fn doc(s: &str) -> Document {
        parse(s, &Limits::default()).unwrap()
    }

    #[test]
    fn resolves_namespaces_and_paths() {
        let d = doc(
            r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="r1"><Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="a1"><Issuer>x</Issuer></Assertion><Assertion xmlns="urn:oasis:names:tc:SAML:2.0:assertion" ID="a2"/></samlp:Response>"#,
        );
        let root = d.root();
        assert!(d.is(root, SAMLP, "Response"));
        let assertions: Vec<_> = d.children_named(root, SAML, "Assertion").collect();
        assert_eq!(assertions.len(), 2);
        assert_eq!(d.attr(assertions[1], "ID"), Some("a2"));
        let issuer = d.child(assertions[0], SAML, "Issuer").unwrap();
        assert_eq!(d.text(issuer), "x");
        assert_eq!(d.path(issuer), "/samlp:Response/Assertion[1]/Issuer");
        assert_eq!(d.elements_with_id("a1"), vec![assertions[0]]);
        assert!(d.is_ancestor_or_self(root, issuer));
        assert!(!d.is_ancestor_or_self(assertions[1], issuer));
    }

    #[test]
    fn normalises_text_and_attributes() {
        let d = doc("<a b=\"x\ty&#9;&amp;\r\nz\">1\r\n2&lt;&#x41;<![CDATA[<c>]]></a>");
        let e = d.element(d.root()).unwrap();
        assert_eq!(e.attributes[0].value, "x y\t& z");
        assert_eq!(d.text(d.root()), "1\n2<A<c>");
    }

    #[test]
    fn keeps_comments_and_spans() {
        let src = "<?xml version=\"1.0\"?>\n<!--top--><a><!-- in --><b/></a>";
        let d = doc(src);
        assert_eq!(d.top_level().len(), 2);
        let a = d.root();
        assert_eq!(d.raw(a), "<a><!-- in --><b/></a>");
        assert!(matches!(d.node(d.children(a)[0]).kind, NodeKind::Comment(ref c) if c == " in "));
        assert_eq!(d.line_col(d.node(a).span.start), (2, 11));
    }

    #[test]
    fn in_scope_namespaces_nearest_wins() {
        let d = doc(r#"<a xmlns="u1" xmlns:p="u2"><b xmlns="u3"><c/></b></a>"#);
        let c = d.descendants(d.root()).find(|n| d.element(*n).is_some_and(|e| e.local == "c")).unwrap();
        let ns = d.in_scope_namespaces(c);
        assert_eq!(ns.len(), 2);
        assert_eq!(ns[0], NamespaceDecl { prefix: None, uri: "u3".into() });
        assert_eq!(ns[1].uri, "u2");
    }

    #[test]
    fn reports_errors_with_kinds() {
        let err = |s: &str| parse(s, &Limits::default()).unwrap_err().kind;
        assert!(matches!(err("<a><b></b>"), XmlErrorKind::Truncated { ref open_element } if open_element == "a"));
        assert!(matches!(err("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>"), XmlErrorKind::Doctype));
        assert!(matches!(err("<a>&foo;</a>"), XmlErrorKind::UndefinedEntity(ref e) if e == "foo"));
        assert!(matches!(err("<p:a/>"), XmlErrorKind::UnboundPrefix(ref p) if p == "p"));
        assert!(matches!(err("<a></b>"), XmlErrorKind::Malformed(_)));
        assert!(matches!(err(""), XmlErrorKind::Empty));
        assert!(matches!(err("<a x='1' x='2'/>"), XmlErrorKind::Malformed(_)));
        let deep = "<a>".repeat(100) + &"</a>".repeat(100);
        let limits = Limits { max_depth: 50, ..Limits::default() };
        assert!(matches!(parse(&deep, &limits).unwrap_err().kind, XmlErrorKind::TooDeep { limit: 50 }));
    }

    #[test]
    fn strips_bom() {
        let d = doc("\u{feff}<a/>");
        assert_eq!(d.source(), "<a/>");
    }
}
