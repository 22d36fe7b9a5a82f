//! A synthetic HAR capture of a given size: a NumlyEngage sign-in (the entries of
//! `tests/fixtures/har/numly-signin-ok.har`: one Redirect AuthnRequest, one POST Response, seen twice each as a real
//! capture has them) in the middle of hundreds of unrelated entries, as "Save all as HAR with content" gives after a
//! page load: scripts with escaped quotes, base64 images, HTML pages, JSON API answers, fonts, many small requests.
//!
//! Deterministic for a given size and seed (a small xorshift generator), so every run measures the same bytes.

use base64::Engine as _;
use serde_json::{json, Value};

/// A 64-bit xorshift* generator: deterministic, good enough to vary sizes and content.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed (0 is replaced by a fixed non-zero value).
    pub fn new(seed: u64) -> Self {
        Rng(if seed == 0 { 0x9E37_79B9_7F4A_7C15 } else { seed })
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `lo..hi` (`lo` if the range is empty).
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        if hi <= lo {
            return lo;
        }
        lo + (self.next_u64() % (hi - lo) as u64) as usize
    }
}

/// Builds a HAR of about `target_bytes` bytes around the sign-in entries `sign_in` (a HAR JSON text).
pub fn generate(sign_in: &str, target_bytes: usize, seed: u64) -> Result<String, String> {
    let sign_in: Value = serde_json::from_str(sign_in).map_err(|e| format!("sign-in HAR: {e}"))?;
    let flow = sign_in["log"]["entries"].as_array().cloned().ok_or("sign-in HAR has no log.entries")?;
    let flow_size: usize = flow.iter().map(|e| e.to_string().len()).sum();
    let mut rng = Rng::new(seed);
    let mut filler = Vec::new();
    let mut size = flow_size;
    let mut i = 0usize;
    while size < target_bytes {
        let entry = filler_entry(&mut rng, i);
        size += entry.to_string().len() + 1;
        filler.push(entry);
        i += 1;
    }
    // The sign-in happens a third of the way through the capture.
    let at = filler.len() / 3;
    let mut entries = filler;
    let tail = entries.split_off(at);
    entries.extend(flow);
    entries.extend(tail);
    let har = json!({"log": {"version": "1.2", "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [], "entries": entries}});
    Ok(serde_json::to_string_pretty(&har).unwrap_or_default())
}

/// One unrelated entry; its kind and size drawn from a distribution that puts most bytes in a few large bodies.
fn filler_entry(rng: &mut Rng, i: usize) -> Value {
    let roll = rng.range(0, 100);
    let (url, mime, text, encoding) = match roll {
        // 4 %: a large script bundle (200 KB – 1.5 MB) with escaped quotes and newlines.
        0..=3 => {
            let len = rng.range(200_000, 1_500_000);
            (format!("https://cdn.numly.io/assets/app.{i:x}.js"), "application/javascript", script(rng, len), None)
        }
        // 4 %: an image (50 KB – 800 KB), base64.
        4..=7 => {
            let len = rng.range(50_000, 800_000);
            (format!("https://cdn.numly.io/img/{i}.png"), "image/png", base64_blob(rng, len), Some("base64"))
        }
        // 6 %: an HTML page (20 – 300 KB), with an unrelated form.
        8..=13 => {
            let len = rng.range(20_000, 300_000);
            (format!("https://contoso.numly.io/page/{i}"), "text/html; charset=utf-8", html(rng, len), None)
        }
        // 3 %: a web font (30 – 120 KB), base64.
        14..=16 => {
            let len = rng.range(30_000, 120_000);
            (format!("https://cdn.numly.io/fonts/{i}.woff2"), "font/woff2", base64_blob(rng, len), Some("base64"))
        }
        // 83 %: small JSON API answers and beacons (200 B – 8 KB).
        _ => {
            let len = rng.range(200, 8_000);
            (format!("https://api.numly.io/v2/items?page={i}&sort=name"), "application/json", json_body(rng, len), None)
        }
    };
    let mut content = json!({"size": text.len(), "mimeType": mime, "text": text});
    if let Some(e) = encoding {
        content["encoding"] = Value::from(e);
    }
    json!({
        "startedDateTime": "2024-05-01T12:00:01.250Z",
        "time": 12.5,
        "request": {"method": "GET", "url": url, "httpVersion": "http/2.0",
            "headers": [{"name": "accept", "value": "*/*"}, {"name": "user-agent", "value": "Mozilla/5.0 (X11; Linux x86_64)"},
                {"name": "referer", "value": "https://contoso.numly.io/"}],
            "queryString": [], "cookies": [{"name": "session", "value": format!("s{:016x}", rng.next_u64())}],
            "headersSize": -1, "bodySize": 0},
        "response": {"status": 200, "statusText": "OK", "httpVersion": "http/2.0",
            "headers": [{"name": "content-type", "value": mime}, {"name": "cache-control", "value": "max-age=3600"}],
            "cookies": [], "content": content, "redirectURL": "", "headersSize": -1, "bodySize": text.len()},
        "cache": {},
        "timings": {"blocked": 0.5, "dns": -1, "connect": -1, "send": 0.1, "wait": 10.0, "receive": 2.4, "ssl": -1}
    })
}

const WORDS: [&str; 16] = [
    "numly", "engage", "tenant", "render", "state", "value", "config", "button", "session", "request", "items",
    "layout", "theme", "locale", "user", "token",
];

fn word(rng: &mut Rng) -> &'static str {
    WORDS[rng.range(0, WORDS.len())]
}

fn script(rng: &mut Rng, len: usize) -> String {
    let mut s = String::with_capacity(len + 100);
    while s.len() < len {
        let (a, b) = (word(rng), word(rng));
        s.push_str(&format!("function {a}_{b}(e){{return e.{a}===\"{b}\"?'\\u00e9':e.replace(/\\\"/g,\"'\")}}\n"));
    }
    s
}

fn html(rng: &mut Rng, len: usize) -> String {
    let mut s = String::from("<!DOCTYPE html><html><head><title>NumlyEngage</title></head><body>\n");
    s.push_str("<form method=\"post\" action=\"/search\"><input type=\"text\" name=\"q\" value=\"\"/></form>\n");
    while s.len() < len {
        let (a, b) = (word(rng), word(rng));
        s.push_str(&format!("<div class=\"{a}\"><span>{b} &amp; {a}</span><a href=\"/{b}\">{a}</a></div>\n"));
    }
    s.push_str("</body></html>");
    s
}

fn json_body(rng: &mut Rng, len: usize) -> String {
    let mut s = String::from("{\"items\":[");
    while s.len() < len {
        let (a, b) = (word(rng), word(rng));
        s.push_str(&format!("{{\"id\":{},\"name\":\"{a} {b}\",\"tags\":[\"{b}\"]}},", rng.range(0, 1_000_000)));
    }
    s.push_str("{}]}");
    s
}

fn base64_blob(rng: &mut Rng, len: usize) -> String {
    let bytes: Vec<u8> = (0..len * 3 / 4).map(|_| (rng.next_u64() >> 56) as u8).collect();
    base64::engine::general_purpose::STANDARD.encode(bytes)
}
