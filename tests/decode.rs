//! Input decoding end to end: every shared fixture is recognised as its manifest kind, the hand-made HAR captures of
//! a NumlyEngage sign-in decode to the right messages and error texts, and a message encoded through each binding
//! decodes back to the same XML.

// Helpers here are test code too: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write as _;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use sso_doctor::analysis::{build, Analysis};
use sso_doctor::decode::{Binding, DecodeProblem, DecodeStep, Input, Item};
use sso_doctor::profile::Profile;
use sso_doctor::time::EvaluationTime;

mod common;
use common::fixtures_dir;

/// This package's own fixtures (`tests/fixtures`).
fn own_fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

fn analyse(name: &str, bytes: Vec<u8>) -> Analysis {
    build(&[Input { name: name.to_owned(), bytes }], &Profile::default(), EvaluationTime::at(0))
}

fn kinds(a: &Analysis) -> Vec<&'static str> {
    a.messages.iter().map(sso_doctor::analysis::Message::kind).collect()
}

fn certificates(a: &Analysis) -> usize {
    a.decoded.items.iter().filter(|i| matches!(i, Item::Certificate { .. })).count()
}

fn texts(a: &Analysis) -> Vec<(&str, &str)> {
    a.decoded
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text { source, text } => Some((source.location.as_str(), text.as_str())),
            _ => None,
        })
        .collect()
}

mod manifest {
    use super::*;

    /// What the manifest's `kind` column requires of the decoded file; `Err` says what was found instead.
    fn check(kind: &str, a: &Analysis) -> Result<(), String> {
        let found = format!(
            "messages {:?}, {} certificate(s), problems {:?}",
            kinds(a),
            certificates(a),
            a.decoded.problems.iter().map(problem_name).collect::<Vec<_>>()
        );
        let ok = match kind {
            // samael's xpointer attack vector has a `<Response>` in no namespace: it is found and parsed, and the
            // typed model rightly does not call it a SAML Response.
            "response" => kinds(a) == ["Response"] || is_unqualified_response(a),
            "authn_request" => kinds(a) == ["AuthnRequest"],
            "logout" => kinds(a) == ["LogoutRequest"],
            "metadata" => kinds(a) == ["Metadata"],
            "certificate" => certificates(a) >= 1 && a.messages.is_empty(),
            "key" => {
                a.decoded.items.is_empty()
                    && matches!(a.decoded.problems.as_slice(), [DecodeProblem::PrivateKey { .. }])
            }
            // Canonicalization vectors are XML documents of any kind: they must parse.
            "c14n_vector" => a.messages.len() == 1 && a.messages.iter().all(|m| m.document.is_ok()),
            // python3-saml's settings JSON: not SAML; its embedded IdP certificate (`idp.x509cert`, bare base64
            // DER in a JSON string) is found, and its URLs become timeline entries.
            "other" => a.messages.is_empty() && certificates(a) == 1,
            _ => return Err(format!("unknown manifest kind {kind}")),
        };
        if ok {
            Ok(())
        } else {
            Err(found)
        }
    }

    fn is_unqualified_response(a: &Analysis) -> bool {
        matches!(
            a.messages.as_slice(),
            [m] if matches!(&m.saml, Some(sso_doctor::saml::SamlMessage::Other { name, namespace: None }) if name == "Response")
        )
    }

    fn problem_name(p: &DecodeProblem) -> String {
        format!("{p:?}").split([' ', '{']).next().unwrap_or("").to_owned()
    }

    #[test]
    fn every_shared_fixture_is_detected_as_its_manifest_kind() {
        let dir = fixtures_dir();
        let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv"))
            .unwrap_or_else(|e| panic!("cannot read {}/MANIFEST.tsv: {e}", dir.display()));
        let mut lines = manifest.lines();
        let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (path_col, kind_col, encoding_col) = (col("path"), col("kind"), col("encoding"));
        let mut failures = Vec::new();
        let mut checked = 0;
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let fields: Vec<&str> = line.split('\t').collect();
            let (path, kind, encoding) = (fields[path_col], fields[kind_col], fields[encoding_col]);
            let file = dir.join(path.strip_prefix("public/").unwrap());
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let a = analyse(path, bytes);
            if let Err(found) = check(kind, &a) {
                failures.push(format!("{path} (kind {kind}, encoding {encoding}): {found}"));
            }
            checked += 1;
        }
        assert_eq!(checked, 80, "the manifest lists 80 files");
        assert!(
            failures.is_empty(),
            "{} of {checked} fixtures not detected as their kind:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    #[test]
    fn encodings_map_to_bindings() {
        // The manifest's `encoding` column, checked on one file of each.
        let dir = fixtures_dir();
        let cases = [
            ("dex/connector/saml/testdata/okta-resp.xml", Binding::Raw, &[][..]),
            ("gosaml2/providertests/testdata/adfs_response.b64", Binding::Raw, &[DecodeStep::Base64][..]),
            (
                "ruby-saml/test/logout_requests/slo_request_deflated.xml.base64",
                Binding::Redirect,
                &[DecodeStep::Base64, DecodeStep::Inflate][..],
            ),
            (
                "crewjam-saml/testdata/TestSPCanProduceSignedRequestRedirectBinding/rsa-sha256_queryString",
                Binding::Redirect,
                &[DecodeStep::UrlDecode, DecodeStep::Base64, DecodeStep::Inflate][..],
            ),
        ];
        for (path, binding, steps) in cases {
            let a = analyse(path, std::fs::read(dir.join(path)).unwrap());
            let m = &a.messages[0].decoded;
            assert_eq!((m.binding, m.steps.as_slice()), (binding, steps), "{path}");
        }
    }

    #[test]
    fn crewjam_redirect_query_keeps_its_signature_parameters() {
        let path = "crewjam-saml/testdata/TestSPCanProduceSignedRequestRedirectBinding/rsa-sha256_queryString";
        let raw = std::fs::read_to_string(fixtures_dir().join(path)).unwrap();
        let a = analyse(path, raw.clone().into_bytes());
        let m = &a.messages[0].decoded;
        assert_eq!(m.relay_state.as_deref(), Some("relayState"));
        let sig = m.redirect_signature.as_ref().unwrap();
        assert_eq!(sig.sig_alg, "http://www.w3.org/2000/09/xmldsig#rsa-sha1");
        // The signed octets are the query up to (not including) `&Signature=`, as the parameters are in spec order.
        let signed = raw.trim().split("&Signature=").next().unwrap();
        assert_eq!(sig.signed_octets, signed);
        assert!(sig
            .signature
            .starts_with("WqMc7vKRJVNXwNHJmTemdfw5OML2XkLntYw/zwKoLMfavV/Yy6fBP0GeGYlJVMweZBvbpjwoe+gpRkUCHKDUgixCG7"));
    }
}

mod har {
    use super::*;

    const RELAY_STATE: &str = "H4sIAAAAAAAAADWOwQqCQBRF_2X2";
    const COGNITO_ACS: &str = "https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse";

    fn load(name: &str) -> Analysis {
        let path = own_fixture(&format!("har/{name}"));
        analyse(name, std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
    }

    fn own_xml(name: &str) -> String {
        std::fs::read_to_string(own_fixture(&format!("har/{name}"))).unwrap().trim().to_owned()
    }

    fn requests(a: &Analysis) -> Vec<(String, u16)> {
        a.decoded
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Request { method, status, .. } => Some((method.clone(), *status)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn har_fixtures_successful_sign_in() {
        let a = load("numly-signin-ok.har");
        assert!(a.decoded.problems.is_empty(), "{:?}", a.decoded.problems);
        let expected: Vec<(String, u16)> =
            [("GET", 302), ("GET", 302), ("GET", 200), ("POST", 200), ("POST", 302), ("GET", 200)]
                .iter()
                .map(|(m, s)| ((*m).to_owned(), *s))
                .collect();
        assert_eq!(requests(&a), expected);
        // The AuthnRequest is in entry 2's Location header and entry 3's URL; the Response in entry 4's auto-post page
        // and entry 5's POST body. Each is reported once, where the browser delivered it.
        assert_eq!(kinds(&a), ["AuthnRequest", "Response"]);
        let request = &a.messages[0].decoded;
        assert_eq!(request.xml, own_xml("authn_request.xml"));
        assert_eq!((request.binding, request.source.location.as_str()), (Binding::Redirect, "query SAMLRequest"));
        assert_eq!(request.relay_state.as_deref(), Some(RELAY_STATE));
        let entry = request.source.har_entry.as_ref().unwrap();
        assert_eq!((entry.index, entry.method.as_str(), entry.status), (2, "GET", 200));
        assert_eq!(entry.started, sso_doctor::time::parse_datetime("2024-05-01T12:00:01Z"));
        assert!(request.url.as_deref().unwrap().starts_with("https://login.microsoftonline.com/"));

        let response = &a.messages[1].decoded;
        assert_eq!(response.xml, own_xml("response.xml"));
        assert_eq!((response.binding, response.source.location.as_str()), (Binding::Post, "POST body SAMLResponse"));
        assert_eq!((response.url.as_deref(), response.relay_state.as_deref()), (Some(COGNITO_ACS), Some(RELAY_STATE)));
        assert_eq!(response.source.har_entry.as_ref().map(|h| h.index), Some(4));
        assert!(texts(&a).is_empty(), "{:?}", texts(&a));
    }

    #[test]
    fn har_fixtures_entra_error_page() {
        let a = load("numly-signin-aadsts50105.har");
        assert!(a.decoded.problems.is_empty(), "{:?}", a.decoded.problems);
        assert_eq!(kinds(&a), ["AuthnRequest"]);
        let t = texts(&a);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].0, "response body");
        let explained = sso_doctor::explain::explain_text(t[0].1);
        assert!(explained.iter().any(|e| e.key() == "AADSTS50105"), "{explained:?}");
        let text_item = a.decoded.items.iter().find(|i| matches!(i, Item::Text { .. })).unwrap();
        assert_eq!(text_item.source().har_entry.as_ref().map(|h| (h.index, h.status)), Some((3, 200)));
    }

    #[test]
    fn har_fixtures_firefox_capture_with_cognito_error() {
        let a = load("numly-signin-cognito-error.firefox.har");
        assert!(a.decoded.problems.is_empty(), "{:?}", a.decoded.problems);
        assert_eq!(requests(&a).len(), 3);
        assert_eq!(kinds(&a), ["AuthnRequest", "Response"]);
        // The browser never followed the redirect in this capture: the AuthnRequest is only in a Location header.
        let request = &a.messages[0].decoded;
        assert_eq!(
            (request.source.location.as_str(), request.binding),
            ("Location header SAMLRequest", Binding::Redirect)
        );
        assert_eq!(request.source.har_entry.as_ref().map(|h| h.index), Some(0));
        // The base64 auto-post body (entry 2) and the POST params (entry 3) carry the same Response: reported once.
        let response = &a.messages[1].decoded;
        assert_eq!(response.xml, own_xml("response.xml"));
        assert_eq!(
            (response.source.location.as_str(), response.relay_state.as_deref()),
            ("POST body SAMLResponse", Some("garbled-relay-state"))
        );
        let t = texts(&a);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(t[0].0, "Location header");
        let explained = sso_doctor::explain::explain_text(t[0].1);
        assert!(explained.iter().any(|e| e.source() == sso_doctor::explain::ErrorSource::Cognito), "{explained:?}");
    }

    #[test]
    fn har_capture_time_comes_from_the_first_entry() {
        let bytes = std::fs::read(own_fixture("har/numly-signin-ok.har")).unwrap();
        let time =
            EvaluationTime { mode: sso_doctor::time::TimeMode::Capture { issue_instant_fallback: false }, now: 0 };
        let a = build(&[Input { name: "ok.har".into(), bytes }], &Profile::default(), time);
        assert_eq!(a.at, sso_doctor::time::parse_datetime("2024-05-01T12:00:00Z").unwrap());
        assert_eq!(a.time_source, sso_doctor::time::TimeSource::HarEntry);
    }

    #[test]
    fn a_cut_har_is_reported_and_still_scanned() {
        let full = std::fs::read_to_string(own_fixture("har/numly-signin-ok.har")).unwrap();
        let cut = &full[..full.find("\"POST\"").unwrap()];
        let a = analyse("cut.har", cut.as_bytes().to_vec());
        assert!(
            matches!(a.decoded.problems.first(), Some(DecodeProblem::HarInvalid { .. })),
            "{:?}",
            a.decoded.problems
        );
        assert!(kinds(&a).contains(&"AuthnRequest"), "{:?}", kinds(&a));
    }
}

mod bindings {
    //! Encode a message the way each binding does, decode it, and get the same XML back.

    use super::*;

    fn b64(data: &[u8]) -> String {
        STANDARD.encode(data)
    }

    fn deflate(data: &[u8]) -> Vec<u8> {
        common::deflate_with(data, Compression::best())
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    use common::urlencode;

    /// HTML attribute escaping as a server template would do it (`+` as a numeric reference, like some pages).
    fn html_escape(s: &str) -> String {
        s.replace('&', "&amp;").replace('"', "&quot;").replace('+', "&#43;").replace('/', "&#x2F;")
    }

    fn wrap76(s: &str) -> String {
        s.as_bytes().chunks(76).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("\r\n")
    }

    fn messages() -> Vec<String> {
        let mut out = vec![
            std::fs::read_to_string(own_fixture("har/authn_request.xml")).unwrap().trim().to_owned(),
            std::fs::read_to_string(own_fixture("har/response.xml")).unwrap().trim().to_owned(),
            r#"<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_l" Version="2.0" IssueInstant="2024-05-01T12:00:00Z"><saml:NameID>jdoe@contoso.com</saml:NameID></samlp:LogoutRequest>"#.to_owned(),
            "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_lr\" Version=\"2.0\" IssueInstant=\"2024-05-01T12:00:00Z\">\n  <samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>\n</samlp:LogoutResponse>".to_owned(),
        ];
        // Real documents from the shared fixtures: non-ASCII text, comments, long signed responses.
        for path in ["samael/test_vectors/response_signed.xml", "ruby-saml/test/responses/adfs_response_sha256.xml"] {
            out.push(std::fs::read_to_string(fixtures_dir().join(path)).unwrap().trim().to_owned());
        }
        out
    }

    fn decode_one(pasted: &str) -> sso_doctor::decode::DecodedMessage {
        let d = sso_doctor::decode::decode(&[Input::text("pasted", pasted)]);
        let found: Vec<_> = d
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Message(m) => Some(m.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(found.len(), 1, "{pasted:.120}: {d:?}");
        assert!(d.problems.is_empty(), "{pasted:.120}: {:?}", d.problems);
        found.into_iter().next().unwrap()
    }

    #[test]
    fn every_binding_round_trips() {
        for xml in messages() {
            let bytes = xml.as_bytes();
            let redirect_value = urlencode(&b64(&deflate(bytes)));
            let post_value = b64(bytes);
            let encodings: Vec<(&str, String, Binding)> = vec![
                ("base64", post_value.clone(), Binding::Raw),
                ("base64 wrapped at 76", wrap76(&post_value), Binding::Raw),
                ("deflate+base64", b64(&deflate(bytes)), Binding::Redirect),
                ("zlib+base64", b64(&zlib(bytes)), Binding::Redirect),
                ("deflate+base64+urlencode", redirect_value.clone(), Binding::Redirect),
                ("double urlencode", urlencode(&redirect_value), Binding::Redirect),
                ("urlencoded XML", urlencode(&xml), Binding::Raw),
                (
                    "Redirect URL",
                    format!("https://login.microsoftonline.com/t/saml2?SAMLRequest={redirect_value}&RelayState=r%2Bs"),
                    Binding::Redirect,
                ),
                (
                    "URL inside another URL",
                    format!(
                        "https://contoso.numly.io/go?to={}",
                        urlencode(&format!("https://idp.example/sso?SAMLRequest={redirect_value}"))
                    ),
                    Binding::Redirect,
                ),
                ("query string", format!("SAMLRequest={redirect_value}&SigAlg=a&Signature=b"), Binding::Redirect),
                ("form body", format!("SAMLResponse={}&RelayState=r%2Bs", urlencode(&post_value)), Binding::Post),
                (
                    "HTML form",
                    format!(
                        "<!DOCTYPE html><html><body><form method='post' action='{COGNITO}'><input value=\"{}\" type=hidden name='SAMLResponse'/><input type=\"hidden\" name=\"RelayState\" value=\"r+s\"/></form></body></html>",
                        html_escape(&post_value),
                        COGNITO = "https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"
                    ),
                    Binding::Post,
                ),
                ("raw XML with BOM and declaration", format!("\u{feff}<?xml version=\"1.0\"?>\n{xml}"), Binding::Raw),
            ];
            for (how, pasted, binding) in encodings {
                let m = decode_one(&pasted);
                let expected =
                    if how.starts_with("raw XML") { format!("<?xml version=\"1.0\"?>\n{xml}") } else { xml.clone() };
                assert_eq!(m.xml, expected, "{how}: XML differs");
                assert_eq!(m.binding, binding, "{how}: binding");
                if how.contains("form") || how.contains("URL") && !how.contains("inside") {
                    assert_eq!(m.relay_state.as_deref(), Some("r+s"), "{how}: RelayState");
                }
            }
        }
    }
}

mod speed {
    use super::*;

    /// A capture of about `mb` MB: the sign-in of `numly-signin-ok.har` among many script, JSON, HTML and image
    /// entries, large and small, as a real "Save all as HAR with content" gives.
    fn big_har(mb: usize) -> String {
        let sign_in = std::fs::read_to_string(own_fixture("har/numly-signin-ok.har")).unwrap();
        let sign_in: serde_json::Value = serde_json::from_str(&sign_in).unwrap();
        let mut entries = sign_in["log"]["entries"].as_array().unwrap().clone();
        let script = "function f(a){return a.replace(/\\\"/g,'\"')+\"\\n\";}\n".repeat(20_000); // ~1 MB, escapes
        let image = STANDARD.encode(vec![0x89u8; 700_000]);
        let page =
            format!("<html><body>{}</body></html>", "<div class=\"row\">SAML-free filler text</div>\n".repeat(20_000));
        let json = format!("{{\"items\":[{}]}}", "{\"id\":1,\"name\":\"x\"},".repeat(100));
        let icon = STANDARD.encode(vec![0x47u8; 1500]);
        let mut size = 0usize;
        let mut i = 0usize;
        while size < mb * 1024 * 1024 {
            let (mime, text, encoding) = match i % 23 {
                0 => ("application/javascript", script.clone(), None),
                1 => ("image/png", image.clone(), Some("base64")),
                2 => ("text/html", page.clone(), None),
                n if n % 2 == 0 => ("application/json", json.clone(), None),
                _ => ("image/gif", icon.clone(), Some("base64")),
            };
            let mut content = serde_json::json!({"size": text.len(), "mimeType": mime, "text": text});
            if let Some(e) = encoding {
                content["encoding"] = serde_json::Value::from(e);
            }
            let entry = serde_json::json!({"startedDateTime": "2024-05-01T12:00:00.600Z", "time": 12.5,
                "request": {"method": "GET", "url": format!("https://cdn.example/asset/{i}?v=1"), "httpVersion": "http/2.0",
                    "headers": [{"name": "accept", "value": "*/*"}], "queryString": [{"name": "v", "value": "1"}], "cookies": []},
                "response": {"status": 200, "headers": [{"name": "content-type", "value": mime}], "content": content,
                    "redirectURL": ""},
                "timings": {"send": 0.1, "wait": 10.0, "receive": 2.4}});
            size += serde_json::to_string(&entry).unwrap().len();
            entries.insert(1, entry);
            i += 1;
        }
        serde_json::json!({"log": {"version": "1.2", "entries": entries}}).to_string()
    }

    /// `cargo test --release --test decode -- --ignored --nocapture speed` prints the time to decode a 100 MB HAR.
    #[test]
    #[ignore = "timing; run in release mode"]
    #[allow(clippy::disallowed_methods)] // a benchmark measures wall time; the core itself never reads the clock.
    fn decodes_a_100_mb_har() {
        let har = big_har(100);
        let input = [Input { name: "big.har".into(), bytes: har.into_bytes() }];
        let started = std::time::Instant::now();
        let decoded = sso_doctor::decode::decode(&input);
        let elapsed = started.elapsed();
        let messages = decoded.items.iter().filter(|i| matches!(i, Item::Message(_))).count();
        println!(
            "decoded {} MB HAR ({} items) in {:.3} s",
            input[0].bytes.len() / 1_048_576,
            decoded.items.len(),
            elapsed.as_secs_f64()
        );
        assert_eq!(messages, 2);
        assert!(decoded.problems.is_empty(), "{:?}", decoded.problems);
    }
}
