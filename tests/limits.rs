//! Every resource limit of the core, exceeded: the result is a finding (or an error value), never a crash, a hang
//! or unbounded memory. And inputs shaped to expose quadratic behaviour finish: their sizes are chosen so that a
//! quadratic algorithm would take minutes; how the time actually scales (n vs 4n) is measured by `./xtask/bench`
//! and reported in BENCHMARKS.md (speed goals belong to benchmarks, not to timed unit tests).
#![allow(clippy::unwrap_used, clippy::format_collect)] // test inputs are built with format!

use std::io::Write as _;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use sso_doctor::analysis::MAX_MESSAGES;
use sso_doctor::decode::{Input, MAX_INPUT_BYTES, MAX_MESSAGE_BYTES};
use sso_doctor::profile::Profile;
use sso_doctor::report::Report;
use sso_doctor::time::EvaluationTime;
use sso_doctor::xml::{self, Limits, XmlErrorKind};

const SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";

fn analyze(inputs: &[Input]) -> Report {
    sso_doctor::analyze(inputs, &Profile::numly_default(), EvaluationTime::at(1_714_564_800))
}

fn analyze_text(name: &str, text: String) -> Report {
    analyze(&[Input { name: name.to_owned(), bytes: text.into_bytes() }])
}

/// The findings of a rule, as `message` strings.
fn findings(report: &Report, rule: &str) -> Vec<String> {
    report.findings.iter().filter(|f| f.rule == rule).map(|f| f.message.clone()).collect()
}

/// A Response whose body is `inner` (so the document is SAML-shaped and gets analysed like one).
fn response(inner: &str) -> String {
    format!(
        r#"<samlp:Response xmlns:samlp="{SAMLP}" ID="_r" Version="2.0" IssueInstant="2024-05-01T12:00:00Z">{inner}</samlp:Response>"#
    )
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = DeflateEncoder::new(Vec::new(), Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn a_har_over_the_input_limit_is_refused_before_it_is_read() {
    let mut bytes = br#"{"log":{"version":"1.2","entries":["#.to_vec();
    bytes.resize(MAX_INPUT_BYTES + 1, b' ');
    let report = analyze(&[Input { name: "huge.har".into(), bytes }]);
    assert_eq!(findings(&report, "decode.too-large").len(), 1, "{:?}", report.findings);
    assert!(report.messages.is_empty());
}

#[test]
fn a_raw_xml_message_over_the_message_limit_is_a_finding() {
    let text = response(&format!("<samlp:Extensions>{}</samlp:Extensions>", "x".repeat(MAX_MESSAGE_BYTES)));
    let report = analyze_text("big.xml", text);
    assert_eq!(findings(&report, "decode.too-large").len(), 1, "{:?}", report.findings);
    assert!(report.messages.is_empty());
}

#[test]
fn a_base64_message_over_the_message_limit_is_a_finding() {
    let xml = response(&format!("<samlp:Extensions>{}</samlp:Extensions>", "y".repeat(MAX_MESSAGE_BYTES)));
    let report = analyze_text("pasted", STANDARD.encode(xml));
    assert_eq!(findings(&report, "decode.too-large").len(), 1, "{:?}", report.findings);
    assert!(report.messages.is_empty());
}

#[test]
fn a_deflate_bomb_stops_at_the_inflate_limit() {
    // 40 MB of XML-looking text deflates to about 40 KB; inflating stops at 10 MB.
    let mut bomb = b"<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">".to_vec();
    bomb.resize(4 * MAX_MESSAGE_BYTES, b'a');
    let compressed = deflate(&bomb);
    assert!(compressed.len() < MAX_MESSAGE_BYTES / 100);
    let value = STANDARD.encode(&compressed).replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
    let url = format!("https://login.microsoftonline.com/t/saml2?SAMLRequest={value}&RelayState=r");
    let report = analyze_text("pasted", url);
    let too_large = findings(&report, "decode.too-large");
    assert_eq!(too_large.len(), 1, "{:?}", report.findings);
    assert!(report.messages.is_empty());
}

#[test]
fn nesting_deeper_than_the_depth_limit_is_a_malformed_xml_finding() {
    let depth = Limits::default().max_depth + 1;
    let text = response(&format!("{}{}", "<x>".repeat(depth), "</x>".repeat(depth)));
    let report = analyze_text("deep.xml", text);
    let malformed = findings(&report, "xml.malformed");
    assert_eq!(malformed.len(), 1, "{:?}", report.findings);
    assert!(malformed[0].contains("nest deeper than 256"), "{}", malformed[0]);
}

#[test]
fn twenty_megabytes_of_nesting_stop_at_a_limit_not_at_the_end() {
    // Chains 200 deep (under the depth limit), repeated to 20 MB: parsing stops with an error at the node limit.
    let chain = format!("{}t{}", "<d>".repeat(200), "</d>".repeat(200));
    let text = format!("<r>{}</r>", chain.repeat(20 * 1024 * 1024 / chain.len()));
    let err = xml::parse(&text, &Limits::default()).unwrap_err();
    assert!(matches!(err.kind, XmlErrorKind::TooManyNodes { limit: 500_000 }), "{err}");
    // And 20 MB of plain nesting stops at the depth limit.
    let deep = "<d>".repeat(20 * 1024 * 1024 / 3);
    let err = xml::parse(&deep, &Limits::default()).unwrap_err();
    assert!(matches!(err.kind, XmlErrorKind::TooDeep { limit: 256 }), "{err}");
}

#[test]
fn more_attributes_than_the_limit_is_a_malformed_xml_finding() {
    let attributes: String = (0..=Limits::default().max_attributes).map(|i| format!(" a{i}=\"v\"")).collect();
    let report = analyze_text("attrs.xml", response(&format!("<samlp:Extensions{attributes}/>")));
    let malformed = findings(&report, "xml.malformed");
    assert_eq!(malformed.len(), 1, "{:?}", report.findings);
    assert!(malformed[0].contains("more than 256 attributes"), "{}", malformed[0]);
}

#[test]
fn ten_thousand_namespace_declarations_on_one_element_hit_the_attribute_limit() {
    let decls: String = (0..10_000).map(|i| format!(" xmlns:p{i}=\"urn:ns:{i}\"")).collect();
    let report = analyze_text("ns.xml", response(&format!("<samlp:Extensions{decls}/>")));
    assert_eq!(findings(&report, "xml.malformed").len(), 1, "{:?}", report.findings);
}

#[test]
fn more_nodes_than_the_limit_is_a_malformed_xml_finding() {
    let report = analyze_text("nodes.xml", response(&"<e/>".repeat(Limits::default().max_nodes + 1)));
    let malformed = findings(&report, "xml.malformed");
    assert_eq!(malformed.len(), 1, "{:?}", report.findings);
    assert!(malformed[0].contains("more than 500000 nodes"), "{}", malformed[0]);
}

#[test]
fn messages_beyond_the_per_trace_limit_are_reported_once_and_dropped() {
    let inputs: Vec<Input> =
        (0..MAX_MESSAGES + 5).map(|i| Input::text(format!("m{i}.xml"), response(&format!("<!-- {i} -->")))).collect();
    let report = analyze(&inputs);
    assert_eq!(report.messages.len(), MAX_MESSAGES);
    assert_eq!(findings(&report, "decode.too-many-messages").len(), 1, "{:?}", report.findings);
}

// Pathological shapes within the limits: each completes and is analysed as a message. Quadratic work on any of
// these sizes would take minutes (10^10 steps and more).

#[test]
fn a_hundred_thousand_sibling_elements_are_analysed() {
    let report = analyze_text("siblings.xml", response(&"<x:Ext xmlns:x=\"urn:e\">e</x:Ext>".repeat(100_000)));
    assert_eq!(report.messages.len(), 1);
    assert_eq!(report.messages[0].kind, "Response");
    assert!(findings(&report, "xml.malformed").is_empty());
}

#[test]
fn a_five_megabyte_attribute_value_is_analysed() {
    let report = analyze_text("attr.xml", response(&format!("<samlp:Extensions a=\"{}\"/>", "v".repeat(5 << 20))));
    assert_eq!(report.messages.len(), 1);
    assert_eq!(report.messages[0].kind, "Response");
}

#[test]
fn ten_thousand_namespace_declarations_across_elements_are_analysed() {
    let inner: String = (0..10_000).map(|i| format!("<p{i}:e xmlns:p{i}=\"urn:ns:{i}\"/>")).collect();
    let report = analyze_text("ns.xml", response(&inner));
    assert_eq!(report.messages.len(), 1);
    assert_eq!(report.messages[0].kind, "Response");
}

#[test]
fn a_million_entity_references_in_text_and_attributes_are_resolved() {
    let amps = "&amp;".repeat(1_000_000);
    let doc = xml::parse(&format!("<r a=\"{amps}\">{amps}</r>"), &Limits::default()).unwrap();
    assert_eq!(doc.text(doc.root()).len(), 1_000_000);
    assert_eq!(doc.attr(doc.root(), "a").map(str::len), Some(1_000_000));
    let report = analyze_text("amp.xml", response(&format!("<samlp:Extensions>{amps}</samlp:Extensions>")));
    assert_eq!(report.messages.len(), 1);
}

#[test]
fn a_fifty_megabyte_har_with_one_huge_body_is_scanned() {
    // One entry whose response body is 50 MB of text with escapes: scanned without quadratic re-scans.
    let body = "x\\\"y ".repeat(10 << 20);
    let har = format!(
        r#"{{"log":{{"version":"1.2","entries":[{{"startedDateTime":"2024-05-01T12:00:00Z","request":{{"method":"GET","url":"https://cdn.example/app.js"}},"response":{{"status":200,"content":{{"mimeType":"application/javascript","text":"{body}"}}}}}}]}}}}"#
    );
    let report = analyze_text("capture.har", har);
    assert!(report.messages.is_empty());
    assert!(findings(&report, "decode.har-invalid").is_empty(), "{:?}", report.findings);
}
