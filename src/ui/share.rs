//! Share links: the trace, profile and time choice, deflated and base64url-encoded into the URL *fragment*
//! (`#trace=…`). Browsers never send the fragment to a server, so the link carries the data only to whoever opens
//! it; by default the inputs are redacted first (see [`crate::ui::export`]).

use std::io::{Read as _, Write as _};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::decode::MAX_MESSAGE_BYTES;
use crate::profile::Profile;
use crate::ui::state::{SharedState, TimeChoice};

/// The fragment key of a shared trace.
pub const FRAGMENT_KEY: &str = "trace=";

/// Version of the link format.
const LINK_VERSION: u32 = 1;

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
    let link: Link = serde_json::from_slice(&json).map_err(|e| ShareError::Content(e.to_string()))?;
    if link.v != LINK_VERSION {
        return Err(ShareError::Content(format!("link version {} is not supported", link.v)));
    }
    Ok(SharedState {
        example: link.example,
        inputs: link.inputs.into_iter().map(|i| (i.name, i.text)).collect(),
        profile: link.profile,
        time: link.time,
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
