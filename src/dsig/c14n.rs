//! Canonical XML on the parsed tree: Exclusive XML Canonicalization 1.0, Canonical XML 1.0 and 1.1, each with and
//! without comments.
//!
//! Canonicalization works on the data model the parser kept (normalised attribute values and text, namespace
//! declarations where they were written, comments and processing instructions); it never re-serialises or re-parses
//! the text as received. The node-sets XML-DSig needs are all of one shape, a [`DocumentSubset`]: the whole document
//! or one element's subtree, minus at most one subtree (the `ds:Signature` removed by the enveloped-signature
//! transform), with or without comments.
//!
//! What each algorithm does with namespaces:
//! - Inclusive (C14N 1.0 and 1.1): every namespace in scope is rendered on the apex; below it a declaration is
//!   rendered only where it differs from what the nearest output ancestor rendered (superfluous declarations
//!   vanish). `xmlns=""` is rendered only to undo a default namespace an output ancestor rendered.
//! - Exclusive: a namespace is rendered only on the elements that *visibly use* it (the element's own prefix, or
//!   the default namespace for an unprefixed element, and the prefixes of its attributes), and only if the nearest
//!   output ancestor did not already render the same binding. Prefixes of the `InclusiveNamespaces PrefixList`
//!   (`#default` is the default namespace) follow the inclusive rule instead.
//!
//! Attributes of the `xml:` namespace on ancestors outside the subset are inherited by the apex in inclusive
//! canonicalization: all of them in C14N 1.0; `xml:lang`, `xml:space` and `xml:base` in C14N 1.1, where `xml:id`
//! is not inherited. C14N 1.1's `xml:base` fix-up (joining relative `xml:base` values of several omitted ancestors)
//! is simplified: the apex inherits the nearest ancestor's `xml:base` value as written when it has none of its own.
//! SAML documents do not use `xml:base`; the simplification only matters for relative values on two or more levels.
//! Exclusive canonicalization inherits nothing.

use crate::xml::{Document, Element, NodeId, NodeKind, XML_NAMESPACE};

/// A canonicalization algorithm, named by its URI in `CanonicalizationMethod` or `Transform`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum C14nAlgorithm {
    /// Canonical XML 1.0, comments omitted (`http://www.w3.org/TR/2001/REC-xml-c14n-20010315`).
    Inclusive10,
    /// Canonical XML 1.0 with comments.
    Inclusive10WithComments,
    /// Canonical XML 1.1, comments omitted (`http://www.w3.org/2006/12/xml-c14n11`).
    Inclusive11,
    /// Canonical XML 1.1 with comments.
    Inclusive11WithComments,
    /// Exclusive XML Canonicalization 1.0, comments omitted (`http://www.w3.org/2001/10/xml-exc-c14n#`); what
    /// Entra ID and most SAML signers use.
    Exclusive,
    /// Exclusive XML Canonicalization 1.0 with comments.
    ExclusiveWithComments,
}

impl C14nAlgorithm {
    /// Every algorithm.
    pub const ALL: [Self; 6] = [
        Self::Inclusive10,
        Self::Inclusive10WithComments,
        Self::Inclusive11,
        Self::Inclusive11WithComments,
        Self::Exclusive,
        Self::ExclusiveWithComments,
    ];

    /// The algorithm named by a URI (exact comparison), or `None`.
    pub fn from_uri(uri: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.uri() == uri)
    }

    /// The algorithm's URI.
    pub fn uri(self) -> &'static str {
        match self {
            Self::Inclusive10 => "http://www.w3.org/TR/2001/REC-xml-c14n-20010315",
            Self::Inclusive10WithComments => "http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments",
            Self::Inclusive11 => "http://www.w3.org/2006/12/xml-c14n11",
            Self::Inclusive11WithComments => "http://www.w3.org/2006/12/xml-c14n11#WithComments",
            Self::Exclusive => "http://www.w3.org/2001/10/xml-exc-c14n#",
            Self::ExclusiveWithComments => "http://www.w3.org/2001/10/xml-exc-c14n#WithComments",
        }
    }

    /// A short name for reports: `exc-c14n`, `c14n11#WithComments`, …
    pub fn name(self) -> &'static str {
        match self {
            Self::Inclusive10 => "c14n",
            Self::Inclusive10WithComments => "c14n#WithComments",
            Self::Inclusive11 => "c14n11",
            Self::Inclusive11WithComments => "c14n11#WithComments",
            Self::Exclusive => "exc-c14n",
            Self::ExclusiveWithComments => "exc-c14n#WithComments",
        }
    }

    /// Whether comments of the node-set are kept.
    pub fn with_comments(self) -> bool {
        matches!(self, Self::Inclusive10WithComments | Self::Inclusive11WithComments | Self::ExclusiveWithComments)
    }

    /// Whether this is Exclusive XML Canonicalization.
    pub fn is_exclusive(self) -> bool {
        matches!(self, Self::Exclusive | Self::ExclusiveWithComments)
    }

    fn is_c14n11(self) -> bool {
        matches!(self, Self::Inclusive11 | Self::Inclusive11WithComments)
    }
}

/// A canonicalization method: the algorithm plus, for exclusive canonicalization, the `InclusiveNamespaces
/// PrefixList` (prefixes treated the inclusive way; `#default` stands for the default namespace).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonicalization {
    /// The algorithm.
    pub algorithm: C14nAlgorithm,
    /// The prefix list (ignored by the inclusive algorithms).
    pub inclusive_prefixes: Vec<String>,
}

impl Canonicalization {
    /// A method without prefix list.
    pub fn new(algorithm: C14nAlgorithm) -> Self {
        Canonicalization { algorithm, inclusive_prefixes: Vec::new() }
    }
}

/// The part of a document to canonicalize.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentSubset {
    /// The element whose subtree is canonicalized; `None` for the whole document (including comments and
    /// processing instructions outside the document element).
    pub apex: Option<NodeId>,
    /// A subtree left out, as the enveloped-signature transform leaves out the `ds:Signature` element.
    pub excluded: Option<NodeId>,
    /// Whether comments belong to the node-set. Same-document references `URI=""` and `URI="#id"` drop them;
    /// `#xpointer(/)` and `#xpointer(id('…'))` keep them. Comments are output only if the algorithm keeps them too.
    pub comments: bool,
}

impl DocumentSubset {
    /// The whole document, with comments.
    pub fn document() -> Self {
        DocumentSubset { apex: None, excluded: None, comments: true }
    }

    /// The subtree of `element`, with comments.
    pub fn element(element: NodeId) -> Self {
        DocumentSubset { apex: Some(element), excluded: None, comments: true }
    }

    /// Whether `node` (any kind) belongs to the node-set.
    pub fn contains(&self, doc: &Document, node: NodeId) -> bool {
        if node.index() >= doc.len() {
            return false;
        }
        if let Some(apex) = self.apex {
            if !doc.is_ancestor_or_self(apex, node) {
                return false;
            }
        }
        if let Some(excluded) = self.excluded {
            if doc.is_ancestor_or_self(excluded, node) {
                return false;
            }
        }
        self.comments || !matches!(doc.node(node).kind, NodeKind::Comment(_))
    }
}

/// Canonicalizes a subset of a document. The result is the exact octets (UTF-8) that are digested or signed.
pub fn canonicalize(doc: &Document, subset: &DocumentSubset, method: &Canonicalization) -> String {
    let mut writer = Writer {
        doc,
        algorithm: method.algorithm,
        inclusive_prefixes: &method.inclusive_prefixes,
        excluded: subset.excluded,
        comments: subset.comments && method.algorithm.with_comments(),
        out: String::new(),
        scope: Vec::new(),
        rendered: Vec::new(),
    };
    match subset.apex {
        Some(apex) => {
            if doc.element(apex).is_none() || subset.excluded.is_some_and(|x| doc.is_ancestor_or_self(x, apex)) {
                return String::new();
            }
            // Namespaces declared on the apex's ancestors are in scope even though the ancestors are not output.
            for ancestor in doc.ancestors(apex).collect::<Vec<_>>().into_iter().rev() {
                if let Some(e) = doc.element(ancestor) {
                    writer.scope.extend(e.namespace_decls.iter().map(|d| (d.prefix.clone(), d.uri.clone())));
                }
            }
            writer.element(apex, true);
        }
        None => writer.document(),
    }
    writer.out
}

struct Writer<'a> {
    doc: &'a Document,
    algorithm: C14nAlgorithm,
    inclusive_prefixes: &'a [String],
    excluded: Option<NodeId>,
    comments: bool,
    out: String,
    /// Namespace declarations in scope (as written on the element and its ancestors), nearest last.
    scope: Vec<(Option<String>, String)>,
    /// Namespace declarations rendered by output ancestors, nearest last.
    rendered: Vec<(Option<String>, String)>,
}

impl Writer<'_> {
    fn document(&mut self) {
        let doc = self.doc;
        let root = doc.root();
        let mut after_root = false;
        for &node in doc.top_level() {
            if node == root {
                if self.excluded.is_none_or(|x| x != root) {
                    self.element(root, false);
                }
                after_root = true;
                continue;
            }
            let is_output = match doc.node(node).kind {
                NodeKind::Comment(_) => self.comments,
                NodeKind::ProcessingInstruction { .. } => true,
                _ => false,
            };
            if !is_output || self.excluded == Some(node) {
                continue;
            }
            if after_root {
                self.out.push('\n');
            }
            self.leaf(node);
            if !after_root {
                self.out.push('\n');
            }
        }
    }

    /// Writes a comment, processing instruction or text node.
    fn leaf(&mut self, node: NodeId) {
        match &self.doc.node(node).kind {
            NodeKind::Text(t) => escape_text(t, &mut self.out),
            NodeKind::Comment(c) => {
                if self.comments {
                    self.out.push_str("<!--");
                    self.out.push_str(c);
                    self.out.push_str("-->");
                }
            }
            NodeKind::ProcessingInstruction { target, data } => {
                self.out.push_str("<?");
                self.out.push_str(target);
                if !data.is_empty() {
                    self.out.push(' ');
                    self.out.push_str(data);
                }
                self.out.push_str("?>");
            }
            NodeKind::Element(_) => {}
        }
    }

    fn element(&mut self, id: NodeId, is_apex: bool) {
        let doc = self.doc;
        let Some(e) = doc.element(id) else { return };
        let scope_mark = self.scope.len();
        let rendered_mark = self.rendered.len();
        self.scope.extend(e.namespace_decls.iter().map(|d| (d.prefix.clone(), d.uri.clone())));

        let mut namespaces = self.namespaces_to_render(e);
        namespaces.sort_by(|a, b| a.0.cmp(&b.0));
        let mut attributes: Vec<(&str, &str, String, &str)> = e
            .attributes
            .iter()
            .map(|a| {
                (
                    a.namespace.as_deref().unwrap_or(""),
                    a.local.as_str(),
                    qualified(a.prefix.as_deref(), &a.local),
                    a.value.as_str(),
                )
            })
            .collect();
        let inherited =
            if is_apex && !self.algorithm.is_exclusive() { self.inherited_xml_attributes(id, e) } else { Vec::new() };
        attributes.extend(
            inherited
                .iter()
                .map(|(local, value)| (XML_NAMESPACE, local.as_str(), format!("xml:{local}"), value.as_str())),
        );
        attributes.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));

        let name = qualified(e.prefix.as_deref(), &e.local);
        self.out.push('<');
        self.out.push_str(&name);
        for (prefix, uri) in &namespaces {
            match prefix {
                Some(p) => {
                    self.out.push_str(" xmlns:");
                    self.out.push_str(p);
                }
                None => self.out.push_str(" xmlns"),
            }
            self.out.push_str("=\"");
            escape_attribute(uri, &mut self.out);
            self.out.push('"');
        }
        for (_, _, qname, value) in &attributes {
            self.out.push(' ');
            self.out.push_str(qname);
            self.out.push_str("=\"");
            escape_attribute(value, &mut self.out);
            self.out.push('"');
        }
        self.out.push('>');
        self.rendered.extend(namespaces);

        for &child in &e.children {
            if self.excluded == Some(child) {
                continue;
            }
            if doc.element(child).is_some() {
                self.element(child, false);
            } else {
                self.leaf(child);
            }
        }

        self.out.push_str("</");
        self.out.push_str(&name);
        self.out.push('>');
        self.rendered.truncate(rendered_mark);
        self.scope.truncate(scope_mark);
    }

    /// The namespace declarations to render on `e` (whose own declarations are already in `scope`).
    fn namespaces_to_render(&self, e: &Element) -> Vec<(Option<String>, String)> {
        let candidates: Vec<Option<String>> = if self.algorithm.is_exclusive() {
            let mut prefixes: Vec<Option<String>> = vec![e.prefix.clone()];
            for a in &e.attributes {
                if a.prefix.is_some() {
                    prefixes.push(a.prefix.clone());
                }
            }
            for p in self.inclusive_prefixes {
                let prefix = if p == "#default" { None } else { Some(p.clone()) };
                // A listed prefix that is not in scope has no namespace node to render (the default namespace
                // is always "in scope", possibly as the empty one, and may need `xmlns=""`).
                if prefix.is_none() || self.lookup_scope(prefix.as_deref()).is_some() {
                    prefixes.push(prefix);
                }
            }
            prefixes
        } else {
            let mut prefixes: Vec<Option<String>> = vec![None];
            for (p, _) in &self.scope {
                if p.is_some() {
                    prefixes.push(p.clone());
                }
            }
            prefixes
        };
        let mut out: Vec<(Option<String>, String)> = Vec::new();
        for prefix in candidates {
            if prefix.as_deref() == Some("xml") || out.iter().any(|(p, _)| *p == prefix) {
                continue;
            }
            let uri = self.lookup_scope(prefix.as_deref()).unwrap_or("");
            let rendered = self.lookup_rendered(prefix.as_deref()).unwrap_or("");
            if uri != rendered {
                out.push((prefix, uri.to_owned()));
            }
        }
        out
    }

    fn lookup_scope(&self, prefix: Option<&str>) -> Option<&str> {
        self.scope.iter().rev().find(|(p, _)| p.as_deref() == prefix).map(|(_, u)| u.as_str())
    }

    fn lookup_rendered(&self, prefix: Option<&str>) -> Option<&str> {
        self.rendered.iter().rev().find(|(p, _)| p.as_deref() == prefix).map(|(_, u)| u.as_str())
    }

    /// `xml:*` attributes the apex inherits from ancestors outside the subset (inclusive canonicalization only),
    /// as (local name, value), nearest ancestor first.
    fn inherited_xml_attributes(&self, apex: NodeId, e: &Element) -> Vec<(String, String)> {
        let mut found: Vec<(String, String)> = Vec::new();
        for ancestor in self.doc.ancestors(apex) {
            let Some(a) = self.doc.element(ancestor) else { continue };
            for attr in &a.attributes {
                if attr.namespace.as_deref() != Some(XML_NAMESPACE) {
                    continue;
                }
                let inheritable =
                    !self.algorithm.is_c14n11() || matches!(attr.local.as_str(), "lang" | "space" | "base");
                let own =
                    e.attributes.iter().any(|x| x.namespace.as_deref() == Some(XML_NAMESPACE) && x.local == attr.local);
                if inheritable && !own && !found.iter().any(|(l, _)| *l == attr.local) {
                    found.push((attr.local.clone(), attr.value.clone()));
                }
            }
        }
        found
    }
}

fn qualified(prefix: Option<&str>, local: &str) -> String {
    match prefix {
        Some(p) => format!("{p}:{local}"),
        None => local.to_owned(),
    }
}

/// Text node escaping: `&`, `<`, `>` and carriage return.
fn escape_text(text: &str, out: &mut String) {
    escape_runs(text, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'\r' => Some("&#xD;"),
        _ => None,
    });
}

/// Attribute value escaping: `&`, `<`, `"`, tab, line feed and carriage return.
fn escape_attribute(value: &str, out: &mut String) {
    escape_runs(value, out, |b| match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'"' => Some("&quot;"),
        b'\t' => Some("&#x9;"),
        b'\n' => Some("&#xA;"),
        b'\r' => Some("&#xD;"),
        _ => None,
    });
}

/// Copies `text` to `out` in runs, replacing the (ASCII) bytes `replacement` names: one `push_str` per run
/// instead of one `push` per character (canonicalization was a tenth of a verification, most of it here).
fn escape_runs(text: &str, out: &mut String, replacement: impl Fn(u8) -> Option<&'static str>) {
    let mut run_start = 0;
    for (i, b) in text.bytes().enumerate() {
        if let Some(escaped) = replacement(b) {
            // The replaced bytes are ASCII, so `run_start` and `i` are character boundaries.
            out.push_str(text.get(run_start..i).unwrap_or_default());
            out.push_str(escaped);
            run_start = i + 1;
        }
    }
    out.push_str(text.get(run_start..).unwrap_or_default());
}
