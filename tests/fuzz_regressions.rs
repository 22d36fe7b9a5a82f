//! Replays the fuzzing inputs kept in `tests/data/fuzz/` through every entry point the cargo-fuzz targets
//! exercise (fuzz/fuzz_targets/*), as an ordinary test: a crash found by fuzzing stays fixed, and CI needs no
//! nightly features or fuzzing tools to check it. See docs/fuzzing.md.
//!
//! `tests/data/fuzz/<target>/` holds, per target, the corpus libFuzzer minimised (`fuzz/cmin.sh`: `-merge=1`, then
//! the smallest files within a byte budget) after the runs recorded in docs/fuzzing.md; `tests/data/fuzz/crashes/`
//! holds crash reproducers, named after the problem.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use sso_doctor::decode::{decode, Input};
use sso_doctor::dsig::{
    canonicalize, signature_elements, verify_signature, C14nAlgorithm, Canonicalization, DocumentSubset,
};
use sso_doctor::profile::Profile;
use sso_doctor::report::redact::redact;
use sso_doctor::report::render::{self, RenderOptions};
use sso_doctor::time::EvaluationTime;
use sso_doctor::x509::Certificate;
use sso_doctor::xml::{self, Limits};

/// What fuzz/fuzz_targets/share.rs does with one input (the same file).
#[path = "fuzz_paths/share.rs"]
mod share_paths;
use share_paths::share_paths;

fn fuzz_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else { continue };
        for e in entries {
            let path = e.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_none_or(|x| x != "md") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// What fuzz/fuzz_targets/xml_parse.rs, c14n.rs and verify.rs do with one input.
fn xml_paths(text: &str, expected: &Certificate) {
    let small = Limits { max_depth: 64, max_attributes: 32, max_nodes: 5_000 };
    for limits in [small, Limits::default()] {
        let Ok(doc) = xml::parse(text, &limits) else { continue };
        for id in doc.descendants(doc.root()).take(500) {
            let _ = (doc.path(id), doc.in_scope_namespaces(id), doc.raw(id), doc.id_attr(id));
        }
        let _ = sso_doctor::saml::parse(&doc);
        for algorithm in C14nAlgorithm::ALL {
            let method = Canonicalization::new(algorithm);
            let whole = canonicalize(&doc, &DocumentSubset::document(), &method);
            let again = xml::parse(&whole, &Limits::default()).expect("canonical XML parses");
            assert_eq!(whole, canonicalize(&again, &DocumentSubset::document(), &method), "{algorithm:?} idempotent");
        }
        for signature in signature_elements(&doc).into_iter().take(4) {
            let check = verify_signature(&doc, signature, &[expected]);
            let _ = (check.status(), check.is_verified(), check.covers(&doc, doc.root()));
        }
    }
}

/// What fuzz/fuzz_targets/x509.rs does with one input.
fn certificate_paths(bytes: &[u8]) {
    let touch = |c: &Certificate| {
        let _ = (c.summary(), c.thumbprint_sha1_entra(), c.self_signed(), c.validity_at(1_714_564_800));
    };
    if let Ok(c) = Certificate::from_der(bytes) {
        touch(&c);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        if let Ok(c) = Certificate::from_base64(text) {
            touch(&c);
        }
        for c in Certificate::parse_pem_all(text).into_iter().flatten() {
            touch(&c);
        }
    }
}

#[test]
fn every_kept_fuzz_input_goes_through_every_entry_point() {
    let expected = Certificate::from_pem(include_str!("../fuzz/seeds/entra-signing.pem")).unwrap();
    let inputs = files(&fuzz_dir());
    assert!(!inputs.is_empty(), "no inputs in {}", fuzz_dir().display());
    for path in &inputs {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let decoded = decode(&[Input { name: name.clone(), bytes: bytes.clone() }]);
        for item in &decoded.items {
            let _ = item.source().describe();
        }
        let report = sso_doctor::analyze(
            &[Input { name: "capture.har".into(), bytes: bytes.clone() }],
            &Profile::numly_default(),
            EvaluationTime::at(1_714_564_800),
        );
        let _ = report.to_json();
        let options = RenderOptions { include_xml: true, ..RenderOptions::default() };
        let _ = (render::text(&report, &options), render::markdown(&report, &options));
        let _ = (render::messages_text(&report, &options), redact(&report).to_json());
        if let Ok(text) = std::str::from_utf8(&bytes) {
            xml_paths(text, &expected);
        }
        certificate_paths(&bytes);
        share_paths(&bytes);
    }
    println!("replayed {} inputs", inputs.len());
}

/// Found by the c14n target (run 3): quick-xml splits a tag at whitespace only, so `<d<//>` parsed as an empty
/// element named `d</`, whose canonical form `<d</></d</>` does not parse — canonical XML was not a fixed point.
/// Names are now checked against XML's `Name` production, so the document is malformed, as libxml2 says.
#[test]
fn element_and_attribute_names_with_markup_characters_are_malformed() {
    let reproducer = std::fs::read_to_string(fuzz_dir().join("crashes/c14n-element-name-with-lt")).unwrap();
    assert_eq!(reproducer, "<d<//>");
    for text in [reproducer.as_str(), "<d</>", "<a b<=\"1\"/>", "<a&b/>", "<1a/>", "<a 'b='1'/>"] {
        match xml::parse(text, &Limits::default()) {
            Err(e) => assert!(matches!(e.kind, xml::XmlErrorKind::Malformed(_)), "{text}: {e}"),
            Ok(doc) => panic!(
                "{text} parsed: {}",
                canonicalize(&doc, &DocumentSubset::document(), &Canonicalization::new(C14nAlgorithm::Inclusive10))
            ),
        }
    }
    for text in ["<a/>", "<_a:b-c.d x:y=\"1\" xmlns:x=\"u\" xmlns:_a=\"v\"/>", "<été/>"] {
        let doc = xml::parse(text, &Limits::default()).unwrap();
        let canonical =
            canonicalize(&doc, &DocumentSubset::document(), &Canonicalization::new(C14nAlgorithm::Inclusive10));
        assert!(xml::parse(&canonical, &Limits::default()).is_ok(), "{text} → {canonical}");
    }
}

/// Found by replaying the xml_parse target's corpus (run 3) through the c14n checks: `xmlns:p=""` (undeclaring a
/// prefix, which Namespaces in XML 1.0 does not allow) was accepted, canonicalization dropped the declaration, and
/// the canonical form used an unbound prefix, so it did not parse. Such a declaration is now malformed.
#[test]
fn a_prefix_bound_to_the_empty_namespace_is_malformed() {
    for name in ["c14n-prefix-undeclared-inner", "c14n-prefix-undeclared-empty-local"] {
        let text = std::fs::read_to_string(fuzz_dir().join("crashes").join(name)).unwrap();
        assert!(text.contains("=\"\""), "{name}: {text}");
        match xml::parse(&text, &Limits::default()) {
            Err(e) => assert!(matches!(e.kind, xml::XmlErrorKind::Malformed(_)), "{name}: {e}"),
            Ok(_) => panic!("{name} parsed: {text}"),
        }
    }
    // The default namespace may still be undeclared (xmlns=""), and canonical XML keeps that a fixed point.
    let text = "<a xmlns=\"u\"><b xmlns=\"\"/></a>";
    let method = Canonicalization::new(C14nAlgorithm::Inclusive10);
    let canonical = canonicalize(&xml::parse(text, &Limits::default()).unwrap(), &DocumentSubset::document(), &method);
    let again = xml::parse(&canonical, &Limits::default()).unwrap();
    assert_eq!(canonical, canonicalize(&again, &DocumentSubset::document(), &method));
}
