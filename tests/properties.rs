//! Property tests over generated documents (a small seeded generator: deterministic, no extra dependency to build;
//! a failure prints the seed, and `PROPERTY_SEEDS=n` runs more cases):
//!
//! - decode(encode(x)) = x for every binding a SAML message travels in: base64 (POST value), deflate + base64 +
//!   URL encoding (Redirect), a form body, the HTML auto-post form, and double URL encoding;
//! - canonicalization is idempotent: c14n(parse(c14n(x))) = c14n(x), for every algorithm, over the shared fixtures
//!   and generated documents full of namespace declarations, prefixed attributes, comments, PIs, CDATA and
//!   character references.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::format_collect)]

mod common;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use sso_doctor::decode::{decode, Binding, Input, Item};
use sso_doctor::dsig::{canonicalize, C14nAlgorithm, Canonicalization, DocumentSubset};
use sso_doctor::xml::{self, Limits};

/// xorshift64*: deterministic and good enough to vary documents.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn seeds() -> u64 {
    std::env::var("PROPERTY_SEEDS").ok().and_then(|s| s.parse().ok()).unwrap_or(150)
}

/// Text that needs escaping in XML, with non-ASCII characters and whitespace of every kind.
fn raw_text(rng: &mut Rng) -> String {
    let pieces =
        ["jdoe", "@", "contoso", " ", "&", "<", ">", "\"", "'", "é", "€", "日本", "\t", "\n", "+", "/", "=", "%"];
    (0..rng.below(12)).map(|_| rng.pick(&pieces)).collect()
}

fn escape_text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;").replace('\t', "&#9;").replace('\n', "&#xA;")
}

const SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";

/// A SAML-shaped message: a protocol root with random assertion-namespace content.
fn saml_message(rng: &mut Rng) -> String {
    let root = rng.pick(&["Response", "AuthnRequest", "LogoutRequest", "LogoutResponse"]);
    let mut out = format!(
        r#"<samlp:{root} xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="_{:x}" Version="2.0" IssueInstant="2024-05-01T12:00:00Z""#,
        rng.next()
    );
    if rng.chance(50) {
        out.push_str(&format!(
            r#" Destination="https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse?a={}""#,
            escape_attr(&raw_text(rng))
        ));
    }
    out.push('>');
    out.push_str("<saml:Issuer>https://sts.windows.net/8d2f4b6e-1c3a-4e5f-9a7b-0c1d2e3f4a5b/</saml:Issuer>");
    for _ in 0..rng.below(6) {
        saml_element(rng, &mut out, 0);
    }
    out.push_str(&format!("</samlp:{root}>"));
    out
}

fn saml_element(rng: &mut Rng, out: &mut String, depth: usize) {
    let name = rng.pick(&["saml:Attribute", "saml:AttributeValue", "saml:NameID", "saml:Audience", "samlp:Extensions"]);
    out.push_str(&format!("<{name}"));
    for i in 0..rng.below(3) {
        out.push_str(&format!(" a{i}=\"{}\"", escape_attr(&raw_text(rng))));
    }
    if depth > 3 || rng.chance(30) {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for _ in 0..rng.below(4) {
        match rng.below(5) {
            0 => saml_element(rng, out, depth + 1),
            1 => out.push_str(&format!("<!--{}-->", raw_text(rng).replace('-', "_").replace('>', ")"))),
            _ => out.push_str(&escape_text(&raw_text(rng))),
        }
    }
    out.push_str(&format!("</{name}>"));
}

use common::{deflate, urlencode};

fn html_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// The one message decoding finds in `pasted`, with its binding.
fn decode_one(pasted: &str) -> Result<(String, Binding), String> {
    let d = decode(&[Input::text("pasted", pasted)]);
    let found: Vec<_> = d
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Message(m) => Some((m.xml.clone(), m.binding)),
            _ => None,
        })
        .collect();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        _ => Err(format!("{} messages, problems {:?}", found.len(), d.problems)),
    }
}

#[test]
fn every_binding_round_trips_generated_messages() {
    for seed in 0..seeds() {
        let mut rng = Rng::new(seed);
        let xml = saml_message(&mut rng);
        assert!(xml::parse(&xml, &Limits::default()).is_ok(), "seed {seed}: the generator made bad XML: {xml}");
        let post = STANDARD.encode(&xml);
        let redirect = urlencode(&STANDARD.encode(deflate(xml.as_bytes())));
        let cases = [
            ("base64 POST value", post.clone(), Binding::Raw),
            ("Redirect URL", format!("https://login.microsoftonline.com/t/saml2?SAMLRequest={redirect}&RelayState=x"), Binding::Redirect),
            ("form body", format!("SAMLResponse={}&RelayState=x", urlencode(&post)), Binding::Post),
            (
                "HTML form",
                format!(
                    "<html><body onload=\"document.forms[0].submit()\"><form method=\"POST\" action=\"https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse\"><input type=\"hidden\" name=\"SAMLResponse\" value=\"{}\"/></form></body></html>",
                    html_attr(&post)
                ),
                Binding::Post,
            ),
            ("double URL encoding", urlencode(&redirect), Binding::Redirect),
        ];
        for (how, pasted, binding) in cases {
            let (decoded, found_binding) =
                decode_one(&pasted).unwrap_or_else(|e| panic!("seed {seed}, {how}: {e}\n{xml}"));
            assert_eq!(decoded, xml, "seed {seed}, {how}: the XML differs");
            assert_eq!(found_binding, binding, "seed {seed}, {how}: binding");
        }
    }
}

/// A document made to stress canonicalization: namespace declarations redeclared and undeclared at every level,
/// prefixed attributes, comments and PIs inside and around the root, CDATA, character references.
fn c14n_document(rng: &mut Rng) -> String {
    let mut out = String::new();
    if rng.chance(30) {
        out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    }
    if rng.chance(30) {
        out.push_str("<!-- before -->\n<?pi before?>\n");
    }
    let mut scope: Vec<String> = Vec::new();
    c14n_element(rng, &mut out, 0, &mut scope);
    if rng.chance(30) {
        out.push_str("\n<!-- after --><?pi after?>");
    }
    out
}

fn c14n_element(rng: &mut Rng, out: &mut String, depth: usize, scope: &mut Vec<String>) {
    let prefixes = ["a", "b", "ds", "saml"];
    let mut declared = Vec::new();
    let mut decls = String::new();
    for p in prefixes {
        if rng.chance(if depth == 0 { 60 } else { 20 }) {
            decls.push_str(&format!(" xmlns:{p}=\"urn:{p}:{}\"", rng.below(2)));
            declared.push(p.to_owned());
        }
    }
    match rng.below(6) {
        0 => decls.push_str(&format!(" xmlns=\"urn:default:{}\"", rng.below(2))),
        1 if depth > 0 => decls.push_str(" xmlns=\"\""),
        _ => {}
    }
    let mark = scope.len();
    scope.extend(declared);
    let prefix = if !scope.is_empty() && rng.chance(60) { Some(scope[rng.below(scope.len())].clone()) } else { None };
    let name = match &prefix {
        Some(p) => format!("{p}:e{}", rng.below(3)),
        None => format!("e{}", rng.below(3)),
    };
    out.push_str(&format!("<{name}{decls}"));
    let mut used = Vec::new();
    for i in 0..rng.below(4) {
        let attr_prefix =
            if !scope.is_empty() && rng.chance(40) { Some(scope[rng.below(scope.len())].clone()) } else { None };
        let attr = match &attr_prefix {
            Some(p) => format!("{p}:at{i}"),
            None => format!("at{i}"),
        };
        // Two prefixes may be bound to the same URI: keep attribute names unique by local name.
        if used.contains(&format!("at{i}")) {
            continue;
        }
        used.push(format!("at{i}"));
        let value = match rng.below(4) {
            0 => "&#xD;&#x9;&#xA; spaced  ".to_owned(),
            1 => escape_attr(&raw_text(rng)),
            _ => format!("v{}", rng.below(10)),
        };
        out.push_str(&format!(" {attr}=\"{value}\""));
    }
    if depth > 4 || rng.chance(25) {
        out.push_str("/>");
    } else {
        out.push('>');
        for _ in 0..rng.below(5) {
            match rng.below(7) {
                0 | 1 => c14n_element(rng, out, depth + 1, scope),
                2 => out.push_str(&format!("<!--{}-->", raw_text(rng).replace('-', "_"))),
                3 => out.push_str("<?target data ?>"),
                4 => out.push_str(&format!("<![CDATA[{}]]>", raw_text(rng).replace("]]>", ""))),
                5 => out.push_str("&#13;&#x20;&lt;&gt;&amp;&quot;&apos;\r\n"),
                _ => out.push_str(&escape_text(&raw_text(rng))),
            }
        }
        out.push_str(&format!("</{name}>"));
    }
    scope.truncate(mark);
}

fn assert_idempotent(label: &str, text: &str) {
    let Ok(doc) = xml::parse(text, &Limits::default()) else { return };
    for algorithm in C14nAlgorithm::ALL {
        let method = Canonicalization::new(algorithm);
        let once = canonicalize(&doc, &DocumentSubset::document(), &method);
        let reparsed = xml::parse(&once, &Limits::default())
            .unwrap_or_else(|e| panic!("{label}, {algorithm:?}: canonical XML does not parse: {e}\n{once}"));
        let twice = canonicalize(&reparsed, &DocumentSubset::document(), &method);
        assert_eq!(once, twice, "{label}, {algorithm:?}: not idempotent\ninput: {text}");
    }
}

#[test]
fn canonicalization_is_idempotent_on_generated_documents() {
    for seed in 0..seeds() * 2 {
        let mut rng = Rng::new(seed);
        let text = c14n_document(&mut rng);
        assert!(xml::parse(&text, &Limits::default()).is_ok(), "seed {seed}: the generator made bad XML:\n{text}");
        assert_idempotent(&format!("seed {seed}"), &text);
    }
}

#[test]
fn canonicalization_is_idempotent_on_the_fixtures() {
    let dir = common::fixtures_dir();
    let mut checked = 0;
    let mut stack = vec![dir];
    while let Some(path) = stack.pop() {
        if path.is_dir() {
            stack.extend(std::fs::read_dir(&path).unwrap().map(|e| e.unwrap().path()));
            continue;
        }
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let xml = if text.trim_start().starts_with('<') || text.trim_start().starts_with('\u{feff}') {
            text
        } else if let Ok(decoded) = STANDARD.decode(text.split_whitespace().collect::<String>()) {
            String::from_utf8_lossy(&decoded).into_owned()
        } else {
            continue;
        };
        if xml::parse(&xml, &Limits::default()).is_ok() {
            assert_idempotent(&path.display().to_string(), &xml);
            checked += 1;
        }
    }
    assert!(checked >= 40, "only {checked} fixture documents parsed");
}
