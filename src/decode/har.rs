//! HAR 1.2 captures (the browser's network log, "Save all as HAR").
//!
//! Only the fields the diagnosis needs are deserialised, borrowing from the input where JSON escaping allows
//! (every other field, including the timings and cookies, is skipped by the parser without being built). Bodies
//! are looked at only when a cheap substring test says they can matter: `SAMLRe` for a form, an error marker for
//! an error text; base64 bodies only when their MIME type is textual.
//!
//! Per entry, in entry order: an [`Item::Request`] (method, URL, status, `Location`), then the SAML messages of the
//! request (URL query; else the `queryString` array; `postData.text`, else `postData.params`), then those of the
//! response (`Location` header, HTML auto-post form in the body), then error texts (request URL, `Location`,
//! textual body mentioning an AADSTS code or `error_description`).
//!
//! The same message is usually seen twice in a capture: in the `Location` header of a 302 and in the URL of the
//! request that follows it, or in Entra's auto-post page and in the POST to Cognito that follows. It is reported
//! once, at the request that delivered it; a response-side copy is kept only when no request in the capture
//! carried it (the capture stopped before the browser followed). Identical error texts are reported once too.

use std::borrow::Cow;
use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use serde::Deserialize;
use serde_json::value::RawValue;

use super::text::{self, mentions_error};
use super::{
    carried, html, query_messages, url, Carrier, DecodeProblem, Decoder, Found, HarEntryRef, Item, Place, QueryCarrier,
};

/// Decodes a HAR capture; if it is not valid HAR, reports `HarInvalid` and scans it as free text (a truncated
/// capture still holds URLs and form values worth finding). `on_entry(entries scanned, entries)` is called once the
/// capture is parsed and after each entry.
pub(super) fn decode(d: &mut Decoder, place: &Place, json: &str, on_entry: &mut dyn FnMut(usize, usize)) {
    match serde_json::from_str::<Har<'_>>(json) {
        Ok(har) => decode_entries(d, place, &har.log.entries, on_entry),
        Err(e) => {
            d.push(Found::Problem(DecodeProblem::HarInvalid { source: place.at(""), detail: e.to_string() }));
            d.extend(text::scan(place, json).into_iter().map(|(_, f)| f));
            if let Some(at) = text::first_error_mention(json) {
                let line = text::LineIndex::new(json).line(at);
                d.push(Found::Item(Item::Text {
                    source: place.at(format!("line {line}")),
                    text: text::error_excerpt(json),
                }));
            }
        }
    }
}

/// A JSON string, borrowed when it has no escapes (serde's `borrow` works on a field, not inside `Option`/`Vec`).
#[derive(Debug, Deserialize)]
#[serde(transparent)]
struct Str<'a>(#[serde(borrow)] Cow<'a, str>);

impl Str<'_> {
    fn as_str(&self) -> &str {
        &self.0
    }
}

#[derive(Debug, Deserialize)]
struct Har<'a> {
    #[serde(borrow)]
    log: Log<'a>,
}

#[derive(Debug, Deserialize)]
struct Log<'a> {
    #[serde(borrow)]
    entries: Vec<Entry<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    #[serde(borrow, default)]
    started_date_time: Option<Str<'a>>,
    #[serde(borrow)]
    request: Request<'a>,
    #[serde(borrow, default)]
    response: Option<Response<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Request<'a> {
    #[serde(borrow)]
    method: Str<'a>,
    #[serde(borrow)]
    url: Str<'a>,
    #[serde(borrow, default)]
    query_string: Option<Vec<NameValue<'a>>>,
    #[serde(borrow, default)]
    post_data: Option<PostData<'a>>,
}

#[derive(Debug, Deserialize)]
struct NameValue<'a> {
    #[serde(borrow)]
    name: Str<'a>,
    #[serde(borrow, default)]
    value: Option<Str<'a>>,
}

#[derive(Debug, Deserialize)]
struct PostData<'a> {
    #[serde(borrow, default)]
    params: Option<Vec<NameValue<'a>>>,
    #[serde(borrow, default)]
    text: Option<Str<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Response<'a> {
    #[serde(default)]
    status: Option<serde_json::Number>,
    #[serde(borrow, default)]
    headers: Option<Vec<NameValue<'a>>>,
    #[serde(borrow, default)]
    content: Option<Content<'a>>,
    #[serde(borrow, default, rename = "redirectURL")]
    redirect_url: Option<Str<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Content<'a> {
    #[serde(borrow, default)]
    mime_type: Option<Str<'a>>,
    /// The body still JSON-escaped, as it is in the file: most bodies (scripts, images, JSON) never matter, and
    /// unescaping them all would copy most of the capture once more (the memory and time of a large HAR).
    #[serde(borrow, default)]
    text: Option<&'a RawValue>,
    #[serde(borrow, default)]
    encoding: Option<Str<'a>>,
}

impl Entry<'_> {
    fn reference(&self, index: usize) -> HarEntryRef {
        let status = self
            .response
            .as_ref()
            .and_then(|r| r.status.as_ref())
            .and_then(serde_json::Number::as_u64)
            .and_then(|s| u16::try_from(s).ok())
            .unwrap_or(0);
        HarEntryRef {
            index,
            method: self.request.method.as_str().to_owned(),
            url: self.request.url.as_str().to_owned(),
            status,
            started: self.started_date_time.as_ref().and_then(|t| crate::time::parse_datetime(t.as_str())),
        }
    }

    /// The `Location` header, else `redirectURL` (non-empty).
    fn location(&self) -> Option<&str> {
        let response = self.response.as_ref()?;
        let header = response
            .headers
            .iter()
            .flatten()
            .find(|h| h.name.as_str().eq_ignore_ascii_case("location"))
            .and_then(|h| h.value.as_ref())
            .map(Str::as_str);
        header.or(response.redirect_url.as_ref().map(Str::as_str)).filter(|l| !l.trim().is_empty())
    }
}

fn decode_entries(d: &mut Decoder, place: &Place, entries: &[Entry<'_>], on_entry: &mut dyn FnMut(usize, usize)) {
    on_entry(0, entries.len());
    // Pass 1: what each request delivered, so that response-side copies of the same message can be recognised.
    let places: Vec<Place> =
        entries.iter().enumerate().map(|(i, e)| Place { har_entry: Some(e.reference(i)), ..place.clone() }).collect();
    let request_side: Vec<Vec<Found>> = entries.iter().zip(&places).map(|(e, p)| request_messages(e, p)).collect();
    let delivered: HashSet<u64> = request_side.iter().flatten().filter_map(message_key).collect();
    let mut texts_seen: HashSet<u64> = HashSet::new();

    // Pass 2: everything, in entry order.
    for (scanned, ((entry, place), requested)) in entries.iter().zip(&places).zip(request_side).enumerate() {
        let status = place.har_entry.as_ref().map_or(0, |h| h.status);
        let location = entry.location();
        d.push(Found::Item(Item::Request {
            source: place.at("request"),
            method: entry.request.method.as_str().to_owned(),
            url: entry.request.url.as_str().to_owned(),
            status,
            redirect_to: location.map(str::to_owned),
        }));
        d.extend(requested);
        let url = entry.request.url.as_str();
        if mentions_error(url) {
            push_text(d, &mut texts_seen, place.at("request URL"), url);
        }
        if let Some(location) = location {
            if url::mentions_saml_parameter(location) {
                if let Some(q) = url::find_saml_query(location) {
                    let ctx = QueryCarrier {
                        place,
                        prefix: "",
                        label: "Location header",
                        url: q.url.clone(),
                        outer_decodes: q.outer_decodes,
                        signature: true,
                    };
                    d.extend(undelivered(query_messages(&q.query, &ctx), &delivered));
                }
            }
            if mentions_error(location) {
                push_text(d, &mut texts_seen, place.at("Location header"), location);
            }
        }
        if let Some(body) = entry.response.as_ref().and_then(|r| r.content.as_ref()).and_then(textual_body) {
            if body.contains("SAMLRe") {
                d.extend(undelivered(body_forms(place, &body), &delivered));
            }
            if mentions_error(&body) {
                push_text(d, &mut texts_seen, place.at("response body"), &body);
            }
        }
        on_entry(scanned + 1, entries.len());
    }
}

/// The SAML messages a request carries: in its URL (else its `queryString` array) and in its body (`postData.text`,
/// else `postData.params`).
fn request_messages(entry: &Entry<'_>, place: &Place) -> Vec<Found> {
    let mut out = Vec::new();
    let url = entry.request.url.as_str();
    let from_url = url::mentions_saml_parameter(url).then(|| url::find_saml_query(url)).flatten();
    if let Some(q) = from_url {
        let ctx = QueryCarrier {
            place,
            prefix: "",
            label: "query",
            url: Some(url.to_owned()),
            outer_decodes: q.outer_decodes,
            signature: true,
        };
        out.extend(query_messages(&q.query, &ctx));
    } else if let Some(pairs) = &entry.request.query_string {
        // Some tools decode these values; the signed octets cannot be rebuilt from decoded values, so no signature.
        out.extend(pair_messages(pairs, place, "query", url));
    }
    let Some(post) = &entry.request.post_data else { return out };
    let from_text = post.text.as_ref().map(Str::as_str).filter(|t| url::mentions_saml_parameter(t));
    if let Some(body) = from_text {
        if let Some(q) = url::find_saml_query(body) {
            let ctx = QueryCarrier {
                place,
                prefix: "",
                label: "POST body",
                url: Some(url.to_owned()),
                outer_decodes: q.outer_decodes,
                signature: false,
            };
            out.extend(query_messages(&q.query, &ctx));
        }
    } else if let Some(params) = &post.params {
        out.extend(pair_messages(params, place, "POST body", url));
    }
    out
}

/// Messages from a HAR `name`/`value` array (values may be encoded or not; decoding copes with both).
fn pair_messages(pairs: &[NameValue<'_>], place: &Place, label: &str, url: &str) -> Vec<Found> {
    let value =
        |name: &str| pairs.iter().find(|p| p.name.as_str() == name).and_then(|p| p.value.as_ref()).map(Str::as_str);
    let relay_state = value("RelayState").map(|r| url::percent_decode(r).into_owned());
    let mut out = Vec::new();
    for pair in pairs.iter().filter(|p| url::SAML_PARAMETERS.contains(&p.name.as_str())) {
        let name = pair.name.as_str();
        let mut carrier = Carrier::new(place.at(format!("{label} {name}"))).expected().parameter(name);
        carrier.relay_state.clone_from(&relay_state);
        carrier.url = Some(url.to_owned());
        out.extend(carried(pair.value.as_ref().map_or("", Str::as_str), carrier));
    }
    out
}

/// The SAML fields of the HTML forms in a response body.
fn body_forms(place: &Place, body: &str) -> Vec<Found> {
    let mut out = Vec::new();
    for form in html::forms(body) {
        let relay_state = form.value("RelayState").map(str::to_owned);
        for field in form.fields.iter().filter(|f| html::is_saml_name(&f.name)) {
            let mut carrier = Carrier::new(place.at(format!("response body, HTML form {}", field.name)))
                .expected()
                .parameter(&field.name);
            carrier.relay_state.clone_from(&relay_state);
            carrier.url.clone_from(&form.action);
            out.extend(carried(&field.value, carrier));
        }
    }
    out
}

/// MIME types whose bodies may hold a SAML form or an error text. Scripts and style sheets are left out: Entra's
/// sign-in scripts carry tables of AADSTS codes that are not errors of this sign-in.
fn is_textual(mime: &str) -> bool {
    let mime = mime.trim().to_ascii_lowercase();
    mime.is_empty()
        || mime.starts_with("text/html")
        || mime.starts_with("text/plain")
        || mime.starts_with("application/json")
        || mime.starts_with("application/xhtml")
        || mime.starts_with("application/xml")
        || mime.starts_with("text/xml")
        || mime.starts_with("application/x-www-form-urlencoded")
}

/// Largest base64-encoded body decoded to look inside (bigger bodies are media, not sign-in pages).
const MAX_BASE64_BODY: usize = 16 * 1024 * 1024;

/// The body as text, if it is textual and may matter (decoded when `encoding` is `base64`).
fn textual_body<'b>(content: &'b Content<'_>) -> Option<Cow<'b, str>> {
    if !is_textual(content.mime_type.as_ref().map_or("", Str::as_str)) {
        return None;
    }
    let raw = content.text?.get();
    if content.encoding.as_ref().is_some_and(|e| e.as_str().eq_ignore_ascii_case("base64")) {
        if raw.len() > MAX_BASE64_BODY {
            return None;
        }
        let body = unescape(raw)?;
        let bytes = super::base64::decode(&body).ok()?.bytes;
        return Some(Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()));
    }
    // The markers are letters, digits, `_` and spaces, which JSON writers never escape: test the raw text, and
    // unescape only a body that may matter.
    let may_matter = raw.contains("SAMLRe") || mentions_error(raw);
    if may_matter {
        unescape(raw)
    } else {
        None
    }
}

/// The string a raw JSON string value holds (borrowed when it has no escapes); `None` if it is not a string.
fn unescape(raw: &str) -> Option<Cow<'_, str>> {
    serde_json::from_str::<Str<'_>>(raw).ok().map(|s| s.0)
}

fn push_text(d: &mut Decoder, seen: &mut HashSet<u64>, source: super::Source, text: &str) {
    if seen.insert(hash(text)) {
        d.push(Found::Item(Item::Text { source, text: text::error_excerpt(text) }));
    }
}

fn message_key(found: &Found) -> Option<u64> {
    match found {
        Found::Item(Item::Message(m)) => Some(hash(&m.xml)),
        _ => None,
    }
}

/// Drops messages (and the problems met decoding them) already delivered by a request.
fn undelivered(found: Vec<Found>, delivered: &HashSet<u64>) -> Vec<Found> {
    let duplicate = found.iter().filter_map(message_key).any(|k| delivered.contains(&k));
    if duplicate {
        found
            .into_iter()
            .filter(|f| message_key(f).is_none_or(|k| !delivered.contains(&k)))
            .filter(|f| matches!(f, Found::Item(_)))
            .collect()
    } else {
        found
    }
}

fn hash(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}
