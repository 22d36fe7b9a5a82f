//! Canonicalization: every algorithm on the whole document and on a few element subtrees (with the enveloped
//! signature left out when there is one). Whole-document canonical XML must be a fixed point: parsing it and
//! canonicalizing again gives the same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sso_doctor::dsig::{canonicalize, C14nAlgorithm, Canonicalization, DocumentSubset};
use sso_doctor::xml::{parse, Limits};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let limits = Limits { max_depth: 64, max_attributes: 32, max_nodes: 5_000 };
    let Ok(doc) = parse(text, &limits) else { return };
    for algorithm in C14nAlgorithm::ALL {
        let method = Canonicalization::new(algorithm);
        let whole = canonicalize(&doc, &DocumentSubset::document(), &method);
        let again = parse(&whole, &Limits::default())
            .unwrap_or_else(|e| panic!("canonical XML does not parse ({algorithm:?}): {e}\n{whole}"));
        let twice = canonicalize(&again, &DocumentSubset::document(), &method);
        assert_eq!(whole, twice, "{algorithm:?} is not idempotent");
        for element in doc.descendants(doc.root()).filter(|n| doc.element(*n).is_some()).take(8) {
            let mut subset = DocumentSubset::element(element);
            subset.excluded = doc.descendants(element).skip(1).find(|n| {
                doc.is(*n, "http://www.w3.org/2000/09/xmldsig#", "Signature")
            });
            let _ = canonicalize(&doc, &subset, &method);
        }
    }
    let mut with_prefixes = Canonicalization::new(C14nAlgorithm::Exclusive);
    with_prefixes.inclusive_prefixes = vec!["#default".into(), "saml".into(), "xs".into()];
    let _ = canonicalize(&doc, &DocumentSubset::element(doc.root()), &with_prefixes);
});
