//! Building a [`Document`] from text with quick-xml's event reader.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::{
    line_col, Attribute, Document, Element, NamespaceDecl, Node, NodeId, NodeKind, XmlError, XmlErrorKind,
    XML_NAMESPACE,
};

/// Resource limits for parsing; exceeding one is an error, never a hang or an out-of-memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest element nesting accepted.
    pub max_depth: usize,
    /// Most attributes (including namespace declarations) on one element.
    pub max_attributes: usize,
    /// Most nodes in one document.
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // Real SAML messages nest about 10 deep with a handful of attributes and a few hundred nodes.
        Limits { max_depth: 256, max_attributes: 256, max_nodes: 500_000 }
    }
}

/// Parses `text` (a leading UTF-8 BOM is ignored) into a [`Document`].
pub fn parse(text: &str, limits: &Limits) -> Result<Document, XmlError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    Builder::new(text, limits).run()
}

struct Builder<'a> {
    text: &'a str,
    limits: &'a Limits,
    nodes: Vec<Node>,
    top_level: Vec<NodeId>,
    /// Open elements.
    stack: Vec<NodeId>,
    /// Namespace bindings in scope: (prefix, uri); `scopes` marks where each open element's bindings begin.
    bindings: Vec<(Option<String>, String)>,
    scopes: Vec<usize>,
    root: Option<NodeId>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, limits: &'a Limits) -> Self {
        Builder {
            text,
            limits,
            nodes: Vec::new(),
            top_level: Vec::new(),
            stack: Vec::new(),
            bindings: vec![(Some("xml".to_owned()), XML_NAMESPACE.to_owned())],
            scopes: Vec::new(),
            root: None,
        }
    }

    fn error(&self, kind: XmlErrorKind, offset: usize) -> XmlError {
        let (line, column) = line_col(self.text, offset);
        XmlError { kind, offset, line, column }
    }

    fn run(mut self) -> Result<Document, XmlError> {
        let mut reader = Reader::from_str(self.text);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.check_comments = true;
        config.expand_empty_elements = false;
        loop {
            let start = reader.buffer_position() as usize;
            let event = match reader.read_event() {
                Ok(e) => e,
                Err(e) => {
                    let at = reader.error_position() as usize;
                    if let Some(open) = self.stack.last() {
                        if at >= self.text.trim_end().len().saturating_sub(1) || is_eof_error(&e) {
                            let name = self.qname_of(*open);
                            return Err(self.error(XmlErrorKind::Truncated { open_element: name }, at));
                        }
                    }
                    return Err(self.error(XmlErrorKind::Malformed(e.to_string()), at));
                }
            };
            let end = reader.buffer_position() as usize;
            match event {
                Event::Start(e) => self.open(&e, start..end, false)?,
                Event::Empty(e) => self.open(&e, start..end, true)?,
                Event::End(_) => self.close(end),
                Event::Text(t) => {
                    let s = normalize_line_endings(&t);
                    self.text_node(&s, start..end)?;
                }
                Event::CData(t) => {
                    let s = normalize_line_endings(&t);
                    self.text_node(&s, start..end)?;
                }
                Event::GeneralRef(r) => {
                    let name: &str = &r;
                    let resolved = resolve_reference(name)
                        .ok_or_else(|| self.error(XmlErrorKind::UndefinedEntity(name.to_owned()), start))?;
                    self.text_node(&resolved, start..end)?;
                }
                Event::Comment(c) => {
                    let s = normalize_line_endings(&c);
                    self.push(NodeKind::Comment(s), start..end)?;
                }
                Event::PI(pi) => {
                    let target = pi.target().to_owned();
                    let data = normalize_line_endings(pi.content().trim_start());
                    self.push(NodeKind::ProcessingInstruction { target, data }, start..end)?;
                }
                Event::Decl(_) => {}
                Event::DocType(_) => return Err(self.error(XmlErrorKind::Doctype, start)),
                Event::Eof => break,
            }
        }
        if let Some(open) = self.stack.last() {
            let name = self.qname_of(*open);
            return Err(self.error(XmlErrorKind::Truncated { open_element: name }, self.text.len()));
        }
        let root = self.root.ok_or_else(|| self.error(XmlErrorKind::Empty, 0))?;
        Ok(Document { source: self.text.to_owned(), nodes: self.nodes, top_level: self.top_level, root })
    }

    fn qname_of(&self, id: NodeId) -> String {
        match &self.nodes[id.0].kind {
            NodeKind::Element(e) => match &e.prefix {
                Some(p) => format!("{p}:{}", e.local),
                None => e.local.clone(),
            },
            _ => String::new(),
        }
    }

    fn push(&mut self, kind: NodeKind, span: std::ops::Range<usize>) -> Result<NodeId, XmlError> {
        if self.nodes.len() >= self.limits.max_nodes {
            return Err(self.error(XmlErrorKind::TooManyNodes { limit: self.limits.max_nodes }, span.start));
        }
        let id = NodeId(self.nodes.len());
        let parent = self.stack.last().copied();
        let is_element = matches!(kind, NodeKind::Element(_));
        if let Some(p) = parent {
            if let NodeKind::Element(e) = &mut self.nodes[p.0].kind {
                e.children.push(id);
            }
        } else {
            if is_element {
                if self.root.is_some() {
                    return Err(
                        self.error(XmlErrorKind::Malformed("more than one document element".into()), span.start)
                    );
                }
                self.root = Some(id);
            }
            self.top_level.push(id);
        }
        self.nodes.push(Node { kind, parent, span });
        Ok(id)
    }

    fn text_node(&mut self, s: &str, span: std::ops::Range<usize>) -> Result<(), XmlError> {
        let Some(parent) = self.stack.last().copied() else {
            // Outside the document element only whitespace is allowed (and is not part of the data model).
            if s.trim().is_empty() {
                return Ok(());
            }
            return Err(self.error(XmlErrorKind::Malformed("text outside the document element".into()), span.start));
        };
        // Merge with a preceding text node (text split by references or CDATA is one node in the data model).
        if let Some(NodeKind::Element(e)) = self.nodes.get(parent.0).map(|n| &n.kind) {
            if let Some(last) = e.children.last().copied() {
                if let NodeKind::Text(t) = &mut self.nodes[last.0].kind {
                    t.push_str(s);
                    self.nodes[last.0].span.end = span.end;
                    return Ok(());
                }
            }
        }
        self.push(NodeKind::Text(s.to_owned()), span)?;
        Ok(())
    }

    fn open(&mut self, e: &BytesStart<'_>, span: std::ops::Range<usize>, empty: bool) -> Result<(), XmlError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.error(XmlErrorKind::TooDeep { limit: self.limits.max_depth }, span.start));
        }
        let qname = e.name().into_inner().to_owned();
        if !is_xml_name(&qname) {
            return Err(self.error(XmlErrorKind::Malformed(format!("`{qname}` is not an XML name")), span.start));
        }
        let (prefix, local) = split_qname(&qname);
        // First pass: namespace declarations, so that prefixes on this element resolve.
        self.scopes.push(self.bindings.len());
        let mut decls = Vec::new();
        let mut raw_attrs = Vec::new();
        let mut attrs_iter = e.attributes();
        attrs_iter.with_checks(true);
        for (count, a) in attrs_iter.enumerate() {
            if count >= self.limits.max_attributes {
                self.scopes.pop();
                return Err(
                    self.error(XmlErrorKind::TooManyAttributes { limit: self.limits.max_attributes }, span.start)
                );
            }
            let a = match a {
                Ok(a) => a,
                Err(err) => {
                    self.scopes.pop();
                    return Err(self.error(XmlErrorKind::Malformed(err.to_string()), span.start));
                }
            };
            let key = a.key.into_inner().to_owned();
            if !is_xml_name(&key) {
                self.scopes.pop();
                return Err(self.error(XmlErrorKind::Malformed(format!("`{key}` is not an XML name")), span.start));
            }
            let value = match normalize_attribute(&a.value) {
                Ok(v) => v,
                Err(name) => {
                    self.scopes.pop();
                    return Err(self.error(XmlErrorKind::UndefinedEntity(name), span.start));
                }
            };
            if key == "xmlns" {
                decls.push(NamespaceDecl { prefix: None, uri: value });
            } else if let Some(p) = key.strip_prefix("xmlns:") {
                if value.is_empty() {
                    // Namespaces in XML 1.0 §3: a prefix cannot be undeclared; canonical XML would drop the
                    // declaration and leave the prefix unbound.
                    self.scopes.pop();
                    let message = format!("`{key}=\"\"`: a prefix cannot be bound to an empty namespace name");
                    return Err(self.error(XmlErrorKind::Malformed(message), span.start));
                }
                decls.push(NamespaceDecl { prefix: Some(p.to_owned()), uri: value });
            } else {
                raw_attrs.push((key, value));
            }
        }
        for d in &decls {
            self.bindings.push((d.prefix.clone(), d.uri.clone()));
        }
        let namespace = match self.resolve(prefix.as_deref(), true) {
            Ok(ns) => ns,
            Err(p) => {
                self.scopes.pop();
                return Err(self.error(XmlErrorKind::UnboundPrefix(p), span.start));
            }
        };
        let mut attributes = Vec::with_capacity(raw_attrs.len());
        for (key, value) in raw_attrs {
            let (aprefix, alocal) = split_qname(&key);
            let ans = match aprefix.as_deref() {
                None => None,
                Some(p) => match self.resolve(Some(p), false) {
                    Ok(ns) => ns,
                    Err(p) => {
                        self.scopes.pop();
                        return Err(self.error(XmlErrorKind::UnboundPrefix(p), span.start));
                    }
                },
            };
            attributes.push(Attribute { prefix: aprefix, local: alocal, namespace: ans, value });
        }
        let element = Element {
            prefix,
            local,
            namespace,
            attributes,
            namespace_decls: decls,
            children: Vec::new(),
            start_tag: span.clone(),
        };
        let id = self.push(NodeKind::Element(element), span.clone())?;
        self.stack.push(id);
        if empty {
            self.close(span.end);
        }
        Ok(())
    }

    fn close(&mut self, end: usize) {
        if let Some(id) = self.stack.pop() {
            self.nodes[id.0].span.end = end;
        }
        if let Some(mark) = self.scopes.pop() {
            self.bindings.truncate(mark);
        }
    }

    /// Resolves a prefix (or the default namespace for elements) to its URI. `Err(prefix)` if unbound.
    fn resolve(&self, prefix: Option<&str>, is_element: bool) -> Result<Option<String>, String> {
        match prefix {
            None if !is_element => Ok(None),
            None => Ok(self
                .bindings
                .iter()
                .rev()
                .find(|(p, _)| p.is_none())
                .and_then(|(_, u)| (!u.is_empty()).then(|| u.clone()))),
            Some(p) => self
                .bindings
                .iter()
                .rev()
                .find(|(bp, _)| bp.as_deref() == Some(p))
                .map(|(_, u)| Some(u.clone()))
                .ok_or_else(|| p.to_owned()),
        }
    }
}

fn is_eof_error(e: &quick_xml::Error) -> bool {
    matches!(e, quick_xml::Error::Syntax(_)) && e.to_string().to_ascii_lowercase().contains("unclosed")
}

/// XML 1.0 §2.3 `Name`, checked on its ASCII characters (the parser splits tags at whitespace only, so `<d<//>`
/// would otherwise give an element named `d</`, which no serialisation can give back). Non-ASCII characters are
/// accepted as they are.
fn is_xml_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    let first_ok = bytes.next().is_some_and(|b| !b.is_ascii() || b.is_ascii_alphabetic() || b == b'_' || b == b':');
    first_ok && bytes.all(|b| !b.is_ascii() || b.is_ascii_alphanumeric() || matches!(b, b'_' | b':' | b'.' | b'-'))
}

fn split_qname(q: &str) -> (Option<String>, String) {
    match q.split_once(':') {
        Some((p, l)) => (Some(p.to_owned()), l.to_owned()),
        None => (None, q.to_owned()),
    }
}

/// XML 1.0 §2.11: `\r\n` and lone `\r` become `\n`.
fn normalize_line_endings(s: &str) -> String {
    if !s.contains('\r') {
        return s.to_owned();
    }
    s.replace("\r\n", "\n").replace('\r', "\n")
}

/// Resolves `amp`, `#60`, `#x3C` … to their text; `None` for anything else.
fn resolve_reference(name: &str) -> Option<String> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "apos" => '\'',
        "quot" => '"',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse::<u32>().ok()?,
            };
            let c = char::from_u32(code)?;
            if c == '\0' {
                return None;
            }
            c
        }
    };
    Some(c.to_string())
}

/// XML 1.0 §3.3.3 attribute-value normalisation for CDATA attributes: line endings, then literal whitespace
/// characters become spaces; references are resolved afterwards (so `&#9;` stays a tab). `Err(name)` for an
/// undefined entity.
fn normalize_attribute(raw: &str) -> Result<String, String> {
    let raw = normalize_line_endings(raw);
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw.as_str();
    // A byte search: the four characters are ASCII (a `char` set pattern costs a comparison loop per character).
    while let Some(pos) = rest.bytes().position(|b| matches!(b, b'&' | b'\t' | b'\n' | b'\r')) {
        out.push_str(&rest[..pos]);
        let tail = &rest[pos..];
        if tail.starts_with('&') {
            let Some(semi) = tail.find(';') else {
                return Err(tail.chars().take(16).collect());
            };
            let name = &tail[1..semi];
            out.push_str(&resolve_reference(name).ok_or_else(|| name.to_owned())?);
            rest = &tail[semi + 1..];
        } else {
            out.push(' ');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    Ok(out)
}
