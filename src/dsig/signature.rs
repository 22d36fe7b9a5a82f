//! Reading a `ds:Signature` element into a model (XML-DSig §4). Reading never fails: what is missing is `None` or
//! empty, and [`verify`](super::verify) reports it.

use crate::saml::NS_DS;
use crate::xml::{Document, NodeId};

/// The namespace of Exclusive XML Canonicalization's `InclusiveNamespaces` element.
pub const NS_EXC_C14N: &str = "http://www.w3.org/2001/10/xml-exc-c14n#";

/// A `ds:Signature` as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlSignature {
    /// The `ds:Signature` element.
    pub node: NodeId,
    /// `ds:SignedInfo`.
    pub signed_info: Option<SignedInfo>,
    /// The `ds:SignatureValue` text with whitespace removed (still base64).
    pub signature_value: Option<String>,
    /// `ds:KeyInfo`.
    pub key_info: KeyInfo,
}

/// `ds:SignedInfo`: what is signed and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInfo {
    /// The element.
    pub node: NodeId,
    /// `CanonicalizationMethod`.
    pub canonicalization: Option<AlgorithmUse>,
    /// `SignatureMethod/@Algorithm`.
    pub signature_method: Option<String>,
    /// The `Reference`s, in order.
    pub references: Vec<Reference>,
}

/// An algorithm named by an `Algorithm` attribute, with the exclusive-c14n prefix list when one is given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlgorithmUse {
    /// The `Algorithm` URI (empty if the attribute is missing).
    pub uri: String,
    /// `InclusiveNamespaces/@PrefixList`, split on whitespace; `None` without an `InclusiveNamespaces` child.
    pub inclusive_prefixes: Option<Vec<String>>,
}

/// `ds:Reference`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The element.
    pub node: NodeId,
    /// `URI` (`None` when the attribute is absent, which SAML does not allow).
    pub uri: Option<String>,
    /// `Transforms/Transform`, in order.
    pub transforms: Vec<AlgorithmUse>,
    /// `DigestMethod/@Algorithm`.
    pub digest_method: Option<String>,
    /// `DigestValue` with whitespace removed (still base64).
    pub digest_value: Option<String>,
}

/// `ds:KeyInfo`: the keys a signature carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyInfo {
    /// Every `X509Data/X509Certificate`, whitespace removed (still base64), in order.
    pub certificates: Vec<String>,
    /// Every `KeyValue`, in order.
    pub key_values: Vec<KeyValue>,
}

/// A `ds:KeyValue`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyValue {
    /// `RSAKeyValue`: base64 `Modulus` and `Exponent`.
    Rsa {
        /// `Modulus`.
        modulus: String,
        /// `Exponent`.
        exponent: String,
    },
    /// `DSAKeyValue`: base64 `P`, `Q`, `G`, `Y`.
    Dsa {
        /// `P`.
        p: String,
        /// `Q`.
        q: String,
        /// `G`.
        g: String,
        /// `Y`.
        y: String,
    },
    /// Another kind of key value (`ECKeyValue`, …), by element name.
    Other(String),
}

/// Reads the `ds:Signature` element `node`.
pub fn parse_signature(doc: &Document, node: NodeId) -> XmlSignature {
    let signed_info = doc.child(node, NS_DS, "SignedInfo").map(|si| SignedInfo {
        node: si,
        canonicalization: doc.child(si, NS_DS, "CanonicalizationMethod").map(|c| algorithm_use(doc, c)),
        signature_method: doc
            .child(si, NS_DS, "SignatureMethod")
            .map(|m| doc.attr(m, "Algorithm").unwrap_or_default().to_owned()),
        references: doc.children_named(si, NS_DS, "Reference").map(|r| reference(doc, r)).collect(),
    });
    let signature_value = doc.child(node, NS_DS, "SignatureValue").map(|v| without_whitespace(&doc.text(v)));
    let key_info = doc.child(node, NS_DS, "KeyInfo").map(|k| key_info(doc, k)).unwrap_or_default();
    XmlSignature { node, signed_info, signature_value, key_info }
}

/// Every `ds:Signature` element of the document, in document order.
pub fn signature_elements(doc: &Document) -> Vec<NodeId> {
    doc.descendants_named(doc.root(), NS_DS, "Signature").collect()
}

fn algorithm_use(doc: &Document, node: NodeId) -> AlgorithmUse {
    AlgorithmUse {
        uri: doc.attr(node, "Algorithm").unwrap_or_default().to_owned(),
        inclusive_prefixes: doc
            .child(node, NS_EXC_C14N, "InclusiveNamespaces")
            .map(|i| doc.attr(i, "PrefixList").unwrap_or_default().split_whitespace().map(str::to_owned).collect()),
    }
}

fn reference(doc: &Document, node: NodeId) -> Reference {
    Reference {
        node,
        uri: doc.attr(node, "URI").map(str::to_owned),
        transforms: doc
            .child(node, NS_DS, "Transforms")
            .map(|t| doc.children_named(t, NS_DS, "Transform").map(|x| algorithm_use(doc, x)).collect())
            .unwrap_or_default(),
        digest_method: doc
            .child(node, NS_DS, "DigestMethod")
            .map(|m| doc.attr(m, "Algorithm").unwrap_or_default().to_owned()),
        digest_value: doc.child(node, NS_DS, "DigestValue").map(|v| without_whitespace(&doc.text(v))),
    }
}

fn key_info(doc: &Document, node: NodeId) -> KeyInfo {
    let certificates = doc
        .children_named(node, NS_DS, "X509Data")
        .flat_map(|x| doc.children_named(x, NS_DS, "X509Certificate").collect::<Vec<_>>())
        .map(|c| without_whitespace(&doc.text(c)))
        .collect();
    let key_values = doc
        .children_named(node, NS_DS, "KeyValue")
        .filter_map(|kv| doc.child_elements(kv).next())
        .map(|v| {
            let part =
                |name: &str| doc.child(v, NS_DS, name).map(|p| without_whitespace(&doc.text(p))).unwrap_or_default();
            match doc.element(v).map(|e| (e.namespace.as_deref() == Some(NS_DS), e.local.as_str())) {
                Some((true, "RSAKeyValue")) => KeyValue::Rsa { modulus: part("Modulus"), exponent: part("Exponent") },
                Some((true, "DSAKeyValue")) => KeyValue::Dsa { p: part("P"), q: part("Q"), g: part("G"), y: part("Y") },
                _ => KeyValue::Other(doc.qname(v)),
            }
        })
        .collect();
    KeyInfo { certificates, key_values }
}

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_ascii_whitespace()).collect()
}
