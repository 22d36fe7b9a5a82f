//! HAR extraction. The first byte chooses how the rest is used: as a whole HAR file (seeded with real captures,
//! mutated), or as the text of a request body, a response body and a URL inside a valid HAR skeleton, so that the
//! per-entry scanners see arbitrary content without the JSON around it breaking first.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sso_doctor::decode::{decode, Input};

fn json_string(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((mode, rest)) = data.split_first() else { return };
    let bytes = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        let text = String::from_utf8_lossy(rest);
        let third = text.len() / 3;
        let cut = |i: usize| (0..=i.min(text.len())).rev().find(|&j| text.is_char_boundary(j)).unwrap_or(0);
        let (a, b, c) = (&text[..cut(third)], &text[cut(third)..cut(2 * third)], &text[cut(2 * third)..]);
        let url = json_string(&format!("https://login.microsoftonline.com/t/saml2?{a}"));
        format!(
            r#"{{"log":{{"version":"1.2","entries":[{{"startedDateTime":"2024-05-01T12:00:00Z","request":{{"method":"POST","url":{url},"postData":{{"mimeType":"application/x-www-form-urlencoded","text":{}}}}},"response":{{"status":{},"headers":[{{"name":"Location","value":{}}}],"content":{{"mimeType":"text/html","text":{}}}}}}}]}}}}"#,
            json_string(b),
            200 + u16::from(*mode) % 300,
            json_string(c),
            json_string(b)
        )
        .into_bytes()
    };
    let _ = decode(&[Input { name: "capture.har".into(), bytes }]);
});
