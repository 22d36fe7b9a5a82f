//! Share links: the trace, profile and time choice, deflated and base64url-encoded into the URL *fragment*
//! (`#trace=…`). Browsers never send the fragment to a server, so the link carries the data only to whoever opens
//! it; by default the inputs are redacted first (see [`crate::ui::export`]).
//!
//! Version 2 (version 1 links are still read): a redacted link says so (`redacted`) and carries what the sender's
//! analysis found about each signature of the redacted inputs (`signatures`, see [`crate::dsig::reported`]), because
//! the redacted copy itself can no longer be verified. The receiver shows those results labelled as the sender's.

use std::io::{Read as _, Write as _};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::decode::MAX_MESSAGE_BYTES;
use crate::dsig::reported::{ReportedMessage, MAX_REPORTED_MESSAGES};
use crate::profile::Profile;
use crate::ui::state::{SharedState, TimeChoice};

/// The fragment key of a shared trace.
pub const FRAGMENT_KEY: &str = "trace=";

/// Version of the link format written (2: redacted links carry the sender's signature results).
const LINK_VERSION: u32 = 2;
/// The oldest version still read (1: inputs, profile and time only).
const OLDEST_LINK_VERSION: u32 = 1;

/// The JSON carried by a link.
#[derive(Debug, Serialize, Deserialize)]
struct Link {
    v: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    example: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    inputs: Vec<LinkInput>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    profile: Option<Profile>,
    time: TimeChoice,
    /// (v2) The inputs are redacted copies.
    #[serde(default, skip_serializing_if = "is_false")]
    redacted: bool,
    /// (v2) What the sender's analysis found about the signatures of the redacted inputs.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    signatures: Vec<ReportedMessage>,
}

#[allow(clippy::trivially_copy_pass_by_ref)] // serde's skip_serializing_if passes a reference
fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Debug, Serialize, Deserialize)]
struct LinkInput {
    name: String,
    text: String,
}

/// Why a link could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is not `trace=<base64url>`.
    NotAShareLink,
    /// The base64url text is damaged (often a link cut short by a chat app).
    Base64(String),
    /// The compressed data is damaged or larger than the 10 MB limit.
    Inflate(String),
    /// The content is not a trace of a known link version.
    Content(String),
}

impl std::fmt::Display for ShareError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ShareError::NotAShareLink => f.write_str("the link has no '#trace=' part"),
            ShareError::Base64(e) => write!(f, "the link is damaged or cut short ({e})"),
            ShareError::Inflate(e) => write!(f, "the link's data does not decompress ({e})"),
            ShareError::Content(e) => write!(f, "the link's data is not a trace ({e})"),
        }
    }
}

/// Encodes a shared state as a fragment (without the leading `#`).
pub fn encode(state: &SharedState) -> String {
    let link = Link {
        v: LINK_VERSION,
        example: state.example.clone(),
        inputs: state.inputs.iter().map(|(name, text)| LinkInput { name: name.clone(), text: text.clone() }).collect(),
        profile: state.profile.clone(),
        time: state.time,
        redacted: state.redacted,
        signatures: state.reported.clone(),
    };
    let json = serde_json::to_vec(&link).unwrap_or_default();
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(&json);
    let compressed = encoder.finish().unwrap_or_default();
    format!("{FRAGMENT_KEY}{}", URL_SAFE_NO_PAD.encode(compressed))
}

/// Decodes a fragment (with or without the leading `#`).
pub fn decode(fragment: &str) -> Result<SharedState, ShareError> {
    let data = fragment.trim_start_matches('#').strip_prefix(FRAGMENT_KEY).ok_or(ShareError::NotAShareLink)?;
    let compressed =
        URL_SAFE_NO_PAD.decode(data.trim_end_matches('=')).map_err(|e| ShareError::Base64(e.to_string()))?;
    let mut json = Vec::new();
    flate2::read::DeflateDecoder::new(compressed.as_slice())
        .take(MAX_MESSAGE_BYTES as u64 + 1)
        .read_to_end(&mut json)
        .map_err(|e| ShareError::Inflate(e.to_string()))?;
    if json.len() > MAX_MESSAGE_BYTES {
        return Err(ShareError::Inflate(format!("more than {MAX_MESSAGE_BYTES} bytes")));
    }
    // As text, like every other JSON the app reads: one copy of the deserializers in the wasm, not two.
    let json = String::from_utf8(json).map_err(|e| ShareError::Content(e.to_string()))?;
    let link: Link = serde_json::from_str(&json).map_err(|e| ShareError::Content(e.to_string()))?;
    if !(OLDEST_LINK_VERSION..=LINK_VERSION).contains(&link.v) {
        return Err(ShareError::Content(format!("link version {} is not supported", link.v)));
    }
    if link.v < 2 && (link.redacted || !link.signatures.is_empty()) {
        return Err(ShareError::Content("a version 1 link cannot carry signature results".to_owned()));
    }
    if !link.signatures.is_empty() && (!link.redacted || link.example.is_some()) {
        return Err(ShareError::Content("signature results come only with redacted inputs".to_owned()));
    }
    if link.signatures.len() > MAX_REPORTED_MESSAGES {
        return Err(ShareError::Content(format!(
            "signature results for {} messages, more than the {MAX_REPORTED_MESSAGES} analysed",
            link.signatures.len()
        )));
    }
    if let Some(r) = link.signatures.iter().find(|r| r.input >= link.inputs.len()) {
        return Err(ShareError::Content(format!("signature results for input {}, which the link lacks", r.input + 1)));
    }
    Ok(SharedState {
        example: link.example,
        inputs: link.inputs.into_iter().map(|i| (i.name, i.text)).collect(),
        profile: link.profile,
        time: link.time,
        redacted: link.redacted,
        reported: link.signatures,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SharedState {
        SharedState {
            example: None,
            inputs: vec![("response.xml".into(), "<samlp:Response ID=\"_1\">é</samlp:Response>".into())],
            profile: Some(Profile { clock_skew_seconds: Some(60), ..Profile::default() }),
            time: TimeChoice::At(1_700_000_000),
            redacted: false,
            reported: Vec::new(),
        }
    }

    #[test]
    fn round_trips_and_is_url_safe() {
        let fragment = encode(&sample());
        assert!(fragment.starts_with(FRAGMENT_KEY));
        assert!(fragment[FRAGMENT_KEY.len()..].chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(decode(&fragment).unwrap(), sample());
        assert_eq!(decode(&format!("#{fragment}")).unwrap(), sample());
    }

    fn redacted_sample() -> SharedState {
        use crate::dsig::{ReportedReference, ReportedSignature, SignatureStatus};
        SharedState {
            redacted: true,
            reported: vec![ReportedMessage {
                input: 0,
                nth: 0,
                kind: "Response".into(),
                id: Some("_1".into()),
                signatures: vec![ReportedSignature {
                    path: "/samlp:Response/saml:Assertion/ds:Signature".into(),
                    status: SignatureStatus::VerifiedExpected,
                    references: vec![ReportedReference {
                        uri: Some("#_a".into()),
                        digest_ok: true,
                        computed_digest: None,
                    }],
                }],
            }],
            ..sample()
        }
    }

    /// A link as the given JSON would make it.
    fn link_of(json: &str) -> String {
        let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(json.as_bytes()).unwrap();
        format!("#{FRAGMENT_KEY}{}", URL_SAFE_NO_PAD.encode(encoder.finish().unwrap()))
    }

    /// The JSON a link carries.
    fn json_of(fragment: &str) -> serde_json::Value {
        let compressed = URL_SAFE_NO_PAD.decode(&fragment[FRAGMENT_KEY.len()..]).unwrap();
        let mut json = String::new();
        flate2::read::DeflateDecoder::new(compressed.as_slice()).read_to_string(&mut json).unwrap();
        serde_json::from_str(&json).unwrap()
    }

    #[test]
    fn a_redacted_link_round_trips_as_version_2_with_the_senders_signature_results() {
        let fragment = encode(&redacted_sample());
        assert_eq!(decode(&fragment).unwrap(), redacted_sample());
        let json = json_of(&fragment);
        assert_eq!(json["v"], 2);
        assert_eq!(json["redacted"], true);
        assert_eq!(json["signatures"][0]["signatures"][0]["status"], "verified-expected");
        // An unredacted link carries neither.
        let plain = json_of(&encode(&sample()));
        assert_eq!(plain["v"], 2);
        assert!(plain.get("redacted").is_none() && plain.get("signatures").is_none(), "{plain}");
    }

    #[test]
    fn version_1_links_are_still_read() {
        let v1 = r#"{"v":1,"inputs":[{"name":"response.xml","text":"<r/>"}],"profile":{"tenant_id":"x"},"time":"now"}"#;
        let state = decode(&link_of(v1)).unwrap();
        assert_eq!(state.inputs, vec![("response.xml".to_owned(), "<r/>".to_owned())]);
        assert_eq!(state.profile.and_then(|p| p.tenant_id), Some("x".to_owned()));
        assert_eq!(state.time, TimeChoice::Now);
        assert!(!state.redacted && state.reported.is_empty());
        let example = decode(&link_of(r#"{"v":1,"example":"expired-certificate","time":"capture"}"#)).unwrap();
        assert_eq!(example.example.as_deref(), Some("expired-certificate"));
    }

    #[test]
    fn crafted_links_are_errors_not_panics() {
        let signatures = r#"[{"input":0,"nth":0,"kind":"Response","signatures":[{"path":"/p","status":"verified-expected","references":[{"digest_ok":true}]}]}]"#;
        let input = r#"[{"name":"r","text":"<r/>"}]"#;
        for (json, why) in [
            (r#"{"v":3,"time":"now"}"#.to_owned(), "a future version"),
            (r#"{"v":0,"time":"now"}"#.to_owned(), "version 0"),
            (
                format!(r#"{{"v":1,"inputs":{input},"redacted":true,"signatures":{signatures},"time":"now"}}"#),
                "v1 with results",
            ),
            (
                format!(r#"{{"v":2,"inputs":{input},"signatures":{signatures},"time":"now"}}"#),
                "results without redaction",
            ),
            (
                format!(
                    r#"{{"v":2,"example":"valid-sign-in","inputs":{input},"redacted":true,"signatures":{signatures},"time":"now"}}"#
                ),
                "results for an example",
            ),
            (
                format!(r#"{{"v":2,"redacted":true,"signatures":{signatures},"time":"now"}}"#),
                "results for an input the link lacks",
            ),
            (
                format!(r#"{{"v":2,"inputs":{input},"redacted":true,"signatures":[{{"input":0}}],"time":"now"}}"#),
                "an incomplete result",
            ),
            (
                format!(
                    r#"{{"v":2,"inputs":{input},"redacted":true,"signatures":{},"time":"now"}}"#,
                    signatures.replace("verified-expected", "verified-by-me")
                ),
                "an unknown status",
            ),
            (r#"{"v":"2","time":"now"}"#.to_owned(), "a version that is no number"),
            ("[1,2,3]".to_owned(), "no object"),
        ] {
            assert!(matches!(decode(&link_of(&json)), Err(ShareError::Content(_))), "{why}: {json}");
        }
        let many: Vec<String> = (0..=MAX_REPORTED_MESSAGES)
            .map(|nth| format!(r#"{{"input":0,"nth":{nth},"kind":"Response","signatures":[]}}"#))
            .collect();
        let json =
            format!(r#"{{"v":2,"inputs":{input},"redacted":true,"signatures":[{}],"time":"now"}}"#, many.join(","));
        assert!(matches!(decode(&link_of(&json)), Err(ShareError::Content(_))), "too many results");
        // Every cut and every flipped character of a real redacted link is an error or a state, never a panic.
        let fragment = encode(&redacted_sample());
        for end in 0..fragment.len() {
            let _ = decode(&fragment[..end]);
        }
        for i in FRAGMENT_KEY.len()..fragment.len() {
            let mut bytes = fragment.clone().into_bytes();
            bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
            let _ = decode(&String::from_utf8(bytes).unwrap());
        }
    }

    #[test]
    fn compresses_a_real_response() {
        let text = crate::examples::find("valid-sign-in").unwrap().files[1].text;
        let state = SharedState { inputs: vec![("r".into(), text.into())], ..sample() };
        let fragment = encode(&state);
        assert!(fragment.len() < text.len(), "{} >= {}", fragment.len(), text.len());
    }

    #[test]
    fn damaged_links_are_errors_not_panics() {
        assert_eq!(decode("#other=1"), Err(ShareError::NotAShareLink));
        assert!(matches!(decode("#trace=@@@"), Err(ShareError::Base64(_))));
        assert!(matches!(decode("#trace=AAAA"), Err(ShareError::Inflate(_) | ShareError::Content(_))));
        let fragment = encode(&sample());
        let cut = &fragment[..fragment.len() / 2];
        assert!(decode(cut).is_err());
    }

    #[test]
    fn refuses_a_deflate_bomb() {
        let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&vec![b' '; MAX_MESSAGE_BYTES + 10]).unwrap();
        let fragment = format!("trace={}", URL_SAFE_NO_PAD.encode(encoder.finish().unwrap()));
        assert!(matches!(decode(&fragment), Err(ShareError::Inflate(_))));
    }
}
