//! Canonicalization against libxml2: every vector of `tests/fixtures/dsig/c14n/vectors.tsv` must match the output of
//! libxml2's canonicalizer (made by `make_vectors.sh`) byte for byte.

use std::path::PathBuf;

use sso_doctor::dsig::{canonicalize, C14nAlgorithm, Canonicalization, DocumentSubset};
use sso_doctor::saml::NS_DS;
use sso_doctor::xml::{parse, Limits};

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dsig/c14n")
}

#[test]
fn every_vector_matches_libxml2() {
    let dir = vectors_dir();
    let table = std::fs::read_to_string(dir.join("vectors.tsv")).unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, input, algorithm, comments, apex, exclude) = (cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]);
        let prefixes: Vec<String> =
            cols.get(6).map(|p| p.split_whitespace().map(str::to_owned).collect()).unwrap_or_default();
        let text = std::fs::read_to_string(dir.join(input)).unwrap();
        let doc = parse(&text, &Limits::default()).unwrap();
        let with_comments = comments == "1";
        let algorithm = match (algorithm, with_comments) {
            ("c14n", false) => C14nAlgorithm::Inclusive10,
            ("c14n", true) => C14nAlgorithm::Inclusive10WithComments,
            ("c14n11", false) => C14nAlgorithm::Inclusive11,
            ("c14n11", true) => C14nAlgorithm::Inclusive11WithComments,
            ("exc", false) => C14nAlgorithm::Exclusive,
            ("exc", true) => C14nAlgorithm::ExclusiveWithComments,
            other => panic!("{name}: bad algorithm {other:?}"),
        };
        let apex = (apex != "-").then(|| {
            doc.descendants(doc.root())
                .find(|n| doc.element(*n).is_some_and(|e| e.local == apex))
                .unwrap_or_else(|| panic!("{name}: no element {apex}"))
        });
        let excluded = (exclude == "1").then(|| doc.descendants_named(doc.root(), NS_DS, "Signature").next().unwrap());
        let subset = DocumentSubset { apex, excluded, comments: true };
        let method = Canonicalization { algorithm, inclusive_prefixes: prefixes };
        let ours = canonicalize(&doc, &subset, &method);
        let expected = std::fs::read_to_string(dir.join("expected").join(format!("{name}.out"))).unwrap();
        if ours != expected {
            failures.push(format!("--- {name}\nexpected:\n{expected}\nours:\n{ours}\n"));
        }
        checked += 1;
    }
    assert!(checked >= 40, "only {checked} vectors");
    assert!(failures.is_empty(), "{} of {checked} vectors differ:\n{}", failures.len(), failures.join("\n"));
}
