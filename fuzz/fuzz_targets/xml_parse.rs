//! The XML tree builder, then every accessor the SAML model and the rules use, on every element.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sso_doctor::xml::{parse, Limits};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    // Small limits so that the limit paths are reached too.
    let limits = Limits { max_depth: 64, max_attributes: 32, max_nodes: 5_000 };
    let Ok(doc) = parse(text, &limits) else { return };
    for id in doc.descendants(doc.root()).take(500) {
        let _ = doc.path(id);
        let _ = doc.in_scope_namespaces(id);
        let _ = doc.raw(id);
        let _ = doc.id_attr(id);
        let _ = doc.line_col(doc.node(id).span.start);
    }
    let _ = doc.text(doc.root());
    let _ = sso_doctor::saml::parse(&doc);
});
