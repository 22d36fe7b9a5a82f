//! Agreement with xmlsec1: every `OK`/`FAIL` signature verdict of the public fixture corpus
//! (`shared/fixtures/public/MANIFEST.tsv`, computed by `verify.sh` with `xmlsec1 --verify`) is recomputed by
//! sso-doctor's verifier with exactly the key xmlsec1 used, and must agree:
//! `OK` ⇔ every reference digest matches and the signature value verifies with that key.
//!
//! Also: documents xmlsec1 refuses to load because of a duplicated ID must give a `signature.duplicate-id` error
//! finding, and the c14n vectors of the corpus (ssoready's in/out pair, xmlsec's merlin exc-c14n signature) hold.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may unwrap (team rule): a panic is a failed test.

mod common;

use std::io::Read as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use sso_doctor::decode::{Input, RedirectSignature};
use sso_doctor::dsig::{
    canonicalize, signature_elements, verify_redirect, verify_signature, C14nAlgorithm, Canonicalization,
    DocumentSubset, KeySource, SignatureStatus,
};
use sso_doctor::finding::Severity;
use sso_doctor::profile::Profile;
use sso_doctor::saml::NS_DS;
use sso_doctor::time::EvaluationTime;
use sso_doctor::x509::Certificate;
use sso_doctor::xml::{parse, Document, Limits};

/// One verdict entry of the manifest: `<Element>#<ID>=OK|FAIL[key <source>](reason)`.
#[derive(Debug)]
struct Verdict {
    fixture: String,
    label: String,
    ok: bool,
    key: String,
    reason: String,
}

#[test]
fn signature_verdicts_agree_with_xmlsec1() {
    let dir = common::fixtures_dir();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut verdicts = Vec::new();
    let mut skipped = Vec::new();
    let mut encodings = std::collections::HashMap::new();
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        let path = cols[0].strip_prefix("public/").unwrap().to_owned();
        encodings.insert(path.clone(), cols[5].to_owned());
        for entry in cols[9].split(';').map(str::trim).filter(|e| !e.is_empty()) {
            if entry.starts_with("decrypted:") {
                skipped.push(format!(
                    "{path}: {entry} (signature inside an EncryptedAssertion; sso-doctor does not decrypt)"
                ));
                continue;
            }
            if let Some(v) = parse_verdict(&path, entry) {
                verdicts.push(v);
            }
        }
    }
    assert!(verdicts.len() >= 55, "only {} verdicts read from the manifest", verdicts.len());

    let mut agree = 0;
    let mut disagreements = Vec::new();
    for v in &verdicts {
        let encoding = &encodings[&v.fixture];
        let ours = if v.label == "query-string-signature" {
            redirect_verdict(&dir, v)
        } else {
            let xml = decode_fixture(&dir.join(&v.fixture), encoding);
            xml_verdict(&dir, v, &xml)
        };
        match ours {
            Ok(ok) if ok == v.ok => agree += 1,
            Ok(ok) => disagreements.push(format!(
                "{} {} key {}: xmlsec1 {} ({}), sso-doctor {}",
                v.fixture,
                v.label,
                v.key,
                if v.ok { "OK" } else { "FAIL" },
                v.reason,
                if ok { "OK" } else { "FAIL" }
            )),
            Err(e) => disagreements.push(format!("{} {}: could not run: {e}", v.fixture, v.label)),
        }
    }
    for s in &skipped {
        println!("skipped: {s}");
    }
    println!("{agree}/{} agree", verdicts.len());
    assert!(disagreements.is_empty(), "{agree}/{} agree; disagreements:\n{}", verdicts.len(), disagreements.join("\n"));
}

/// sso-doctor's own signed fixtures (`tests/fixtures/dsig`, made by `make.sh` with xmlsec1): every verdict recorded
/// in `verdicts.tsv` is recomputed.
#[test]
fn own_fixture_verdicts_agree_with_xmlsec1() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dsig");
    let table = std::fs::read_to_string(dir.join("verdicts.tsv")).unwrap();
    let mut total = 0;
    let mut disagreements = Vec::new();
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, n, key, verdict) = (cols[0], cols[1].parse::<usize>().unwrap(), cols[2], cols[3]);
        let doc = parse(&std::fs::read_to_string(dir.join("signed").join(file)).unwrap(), &Limits::default()).unwrap();
        let cert =
            Certificate::from_pem(&std::fs::read_to_string(dir.join("keys").join(format!("{key}.pem"))).unwrap())
                .unwrap();
        let check = verify_signature(&doc, signature_elements(&doc)[n - 1], &[&cert]);
        let ours =
            check.attempts.iter().any(|a| matches!(a.source, KeySource::Expected { .. }) && check.is_valid_with(a));
        if ours != (verdict == "OK") {
            disagreements
                .push(format!("{file} #{n} key {key}: xmlsec1 {verdict}, sso-doctor {ours}: {:?}", check.status()));
        }
        total += 1;
    }
    println!("{}/{total} own fixture verdicts agree", total - disagreements.len());
    assert!(total >= 20, "only {total} verdicts");
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn duplicate_id_documents_give_an_error_finding() {
    let dir = common::fixtures_dir();
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut checked = 0;
    for line in manifest.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if !cols[9].contains("duplicate ID attribute") {
            continue;
        }
        let path = cols[0].strip_prefix("public/").unwrap();
        let xml = decode_fixture(&dir.join(path), cols[5]);
        let report =
            sso_doctor::analyze(&[Input::text(path, xml)], &Profile::default(), EvaluationTime::at(1_700_000_000));
        let finding = report.findings.iter().find(|f| f.rule == "signature.duplicate-id");
        let finding = finding.unwrap_or_else(|| panic!("{path}: no signature.duplicate-id finding"));
        assert_eq!(finding.severity, Severity::Error, "{path}");
        let signatures = &report.messages[0].signatures;
        assert!(
            !signatures.is_empty()
                && signatures.iter().all(|s| s.status == SignatureStatus::DuplicateIds && !s.verified),
            "{path}: {signatures:?}"
        );
        checked += 1;
    }
    assert_eq!(checked, 3, "the corpus has three duplicate-ID documents");
}

#[test]
fn ssoready_exclusive_c14n_matches_libxml2_byte_for_byte() {
    let dir = common::fixtures_dir().join("ssoready/internal/saml/c14n/testdata/saml");
    let input = std::fs::read_to_string(dir.join("in.xml")).unwrap();
    let expected = std::fs::read_to_string(dir.join("out.xml")).unwrap();
    let exc = Canonicalization::new(C14nAlgorithm::Exclusive);
    let whole_without_comments = DocumentSubset { apex: None, excluded: None, comments: false };
    let doc = parse(&input, &Limits::default()).unwrap();
    assert_eq!(canonicalize(&doc, &whole_without_comments, &exc), expected);
    // Canonical XML is a fixed point: canonicalizing the output again changes nothing.
    let again = parse(&expected, &Limits::default()).unwrap();
    assert_eq!(canonicalize(&again, &whole_without_comments, &exc), expected);
}

#[test]
fn merlin_exclusive_c14n_vector_verifies_with_its_dsa_key_value() {
    let path = common::fixtures_dir().join("xmlsec/tests/merlin-exc-c14n-one/exc-signature.xml");
    let doc = parse(&std::fs::read_to_string(path).unwrap(), &Limits::default()).unwrap();
    let signatures = signature_elements(&doc);
    assert_eq!(signatures.len(), 1);
    let check = verify_signature(&doc, signatures[0], &[]);
    assert_eq!(check.references.len(), 4);
    assert!(check.references.iter().all(|r| r.digest_ok), "{:?}", check.references);
    let key_value = check.attempts.iter().find(|a| matches!(a.source, KeySource::KeyInfoKeyValue { .. })).unwrap();
    assert!(check.is_valid_with(key_value), "{check:?}");
    assert_eq!(key_value.key, "DSA 1024");
    // The reference target is the ds:Object inside the signature, not the enclosing element.
    assert!(check.references.iter().all(|r| !r.enveloped && r.target.as_ref().unwrap().local == "Object"));
}

fn parse_verdict(fixture: &str, entry: &str) -> Option<Verdict> {
    let (label, rest) = entry.split_once('=')?;
    let (ok, rest) = if let Some(r) = rest.strip_prefix("OK") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("FAIL") {
        (false, r)
    } else {
        return None; // NA: nothing to verify
    };
    let rest = rest.strip_prefix("[key ")?;
    // The key source may itself contain brackets-free parentheses, e.g. `embedded-KeyInfo-cert(base64-wrapped-PEM)`.
    let close = rest.find(']')?;
    let key = rest[..close].to_owned();
    let reason = rest[close + 1..].trim_start_matches('(').trim_end_matches(')').to_owned();
    Some(Verdict { fixture: fixture.to_owned(), label: label.to_owned(), ok, key, reason })
}

fn decode_fixture(path: &Path, encoding: &str) -> String {
    let bytes = std::fs::read(path).unwrap();
    match encoding {
        "xml" => String::from_utf8(bytes).unwrap(),
        "base64" | "deflate_base64" => {
            let compact: Vec<u8> = bytes.into_iter().filter(|b| !b.is_ascii_whitespace()).collect();
            let raw = base64::engine::general_purpose::STANDARD.decode(compact).unwrap();
            if encoding == "base64" {
                String::from_utf8(raw).unwrap()
            } else {
                let mut out = String::new();
                flate2::read::DeflateDecoder::new(raw.as_slice()).read_to_string(&mut out).unwrap();
                out
            }
        }
        other => panic!("{}: encoding {other} is not a document", path.display()),
    }
}

/// The folder of the suite a fixture belongs to (`node-saml`, `ruby-saml`, …).
fn suite_dir(dir: &Path, fixture: &str) -> PathBuf {
    dir.join(fixture.split('/').next().unwrap())
}

/// Finds the file called `name` in the fixture's suite, preferring the fixture's own folder.
fn find_in_suite(dir: &Path, fixture: &str, name: &str) -> PathBuf {
    let beside = dir.join(fixture).parent().unwrap().join(name);
    if beside.is_file() {
        return beside;
    }
    let mut found = Vec::new();
    let mut stack = vec![suite_dir(dir, fixture)];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.file_name().is_some_and(|f| f == name) {
                found.push(p);
            }
        }
    }
    assert_eq!(found.len(), 1, "{fixture}: key file {name} found {} times", found.len());
    found.remove(0)
}

/// Every `X509Certificate` of a metadata file outside its own `ds:Signature`, as xmlsec1 was given them.
fn metadata_certificates(path: &Path) -> Vec<Certificate> {
    let doc = parse(&std::fs::read_to_string(path).unwrap(), &Limits::default()).unwrap();
    let signatures = signature_elements(&doc);
    doc.descendants_named(doc.root(), NS_DS, "X509Certificate")
        .filter(|c| !signatures.iter().any(|s| doc.is_ancestor_or_self(*s, *c)))
        .filter_map(|c| Certificate::from_base64(&doc.text(c)).ok())
        .collect()
}

fn expected_certificates(dir: &Path, v: &Verdict) -> Result<Vec<Certificate>, String> {
    if let Some(name) = v.key.strip_prefix("file:") {
        let text = std::fs::read_to_string(find_in_suite(dir, &v.fixture, name)).map_err(|e| e.to_string())?;
        return Certificate::from_pem(&text).map(|c| vec![c]).map_err(|e| e.to_string());
    }
    if let Some(name) = v.key.strip_prefix("metadata:") {
        let certs = metadata_certificates(&find_in_suite(dir, &v.fixture, name));
        return if certs.is_empty() { Err(format!("no certificate in {name}")) } else { Ok(certs) };
    }
    if let Some(spec) = v.key.strip_prefix("json:") {
        let (name, pointer) = spec.split_once('#').ok_or("json key without #")?;
        let text = std::fs::read_to_string(find_in_suite(dir, &v.fixture, name)).map_err(|e| e.to_string())?;
        let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let value = pointer.split('.').fold(&json, |j, k| &j[k]);
        let b64 = value.as_str().ok_or("json key is not a string")?;
        return Certificate::from_base64(b64).map(|c| vec![c]).map_err(|e| e.to_string());
    }
    Err(format!("not an expected-certificate key: {}", v.key))
}

/// Runs the verifier on the signature the verdict names, with exactly the verdict's key.
fn xml_verdict(dir: &Path, v: &Verdict, xml: &str) -> Result<bool, String> {
    let doc = parse(xml, &Limits::default()).map_err(|e| e.to_string())?;
    let signature = find_signature(&doc, &v.label)?;
    if v.key.starts_with("embedded-KeyInfo-cert") {
        let check = verify_signature(&doc, signature, &[]);
        return Ok(check
            .attempts
            .iter()
            .any(|a| matches!(a.source, KeySource::KeyInfoCertificate { .. }) && check.is_valid_with(a)));
    }
    if v.key.starts_with("KeyValue-in-signature") {
        let check = verify_signature(&doc, signature, &[]);
        return Ok(check
            .attempts
            .iter()
            .any(|a| matches!(a.source, KeySource::KeyInfoKeyValue { .. }) && check.is_valid_with(a)));
    }
    let certs = expected_certificates(dir, v)?;
    let refs: Vec<&Certificate> = certs.iter().collect();
    let check = verify_signature(&doc, signature, &refs);
    Ok(check.attempts.iter().any(|a| matches!(a.source, KeySource::Expected { .. }) && check.is_valid_with(a)))
}

/// The signature whose enclosing element is `<local name>#<ID>` (`-` for no ID), the first in document order.
fn find_signature(doc: &Document, label: &str) -> Result<sso_doctor::xml::NodeId, String> {
    let (local, id) = label.split_once('#').ok_or("label without #")?;
    signature_elements(doc)
        .into_iter()
        .find(|s| {
            doc.parent(*s).is_some_and(|p| {
                doc.element(p).is_some_and(|e| e.local == local) && doc.id_attr(p).unwrap_or("-") == id
            })
        })
        .ok_or_else(|| format!("no signature on {label}"))
}

fn redirect_verdict(dir: &Path, v: &Verdict) -> Result<bool, String> {
    let query = std::fs::read_to_string(dir.join(&v.fixture)).map_err(|e| e.to_string())?;
    let pairs: Vec<(&str, &str)> = query.trim().split('&').filter_map(|p| p.split_once('=')).collect();
    let raw = |name: &str| pairs.iter().find(|(k, _)| *k == name).map(|(_, v)| *v);
    let message =
        raw("SAMLRequest").map(|v| ("SAMLRequest", v)).or_else(|| raw("SAMLResponse").map(|v| ("SAMLResponse", v)));
    let (param, value) = message.ok_or("no SAML parameter")?;
    let mut signed = format!("{param}={value}");
    if let Some(relay) = raw("RelayState") {
        signed.push_str(&format!("&RelayState={relay}"));
    }
    let sig_alg = raw("SigAlg").ok_or("no SigAlg")?;
    signed.push_str(&format!("&SigAlg={sig_alg}"));
    let signature = RedirectSignature {
        sig_alg: percent_decode(sig_alg),
        signature: percent_decode(raw("Signature").ok_or("no Signature")?),
        signed_octets: signed,
    };
    let certs = expected_certificates(dir, v)?;
    let refs: Vec<&Certificate> = certs.iter().collect();
    let check = verify_redirect(&signature, &refs);
    assert_eq!(
        check.algorithm.map(sso_doctor::crypto::SignatureAlgorithm::name),
        Some("rsa-sha1"),
        "crewjam's fixture is signed with rsa-sha1"
    );
    Ok(check.is_verified())
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}
