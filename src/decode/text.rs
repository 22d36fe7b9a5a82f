//! Free text: a log excerpt, a support e-mail, a page source, a broken HAR. Everything recognisable is picked out
//! in the order it occurs: PEM blocks, SAML XML documents, HTML form fields, URLs and query strings with SAML
//! parameters, other URLs (for the timeline) and base64 blobs — also wrapped over several lines — that decode to
//! SAML XML, a certificate or a private key. Blobs that decode to anything else are ignored without a word: in free
//! text, most long tokens are not meant as SAML.
//!
//! Error texts (AADSTS codes, Cognito `error_description`s) are found by [`mentions_error`] and handed on whole
//! (or, when huge, as excerpts around each mention) by the caller.

use std::ops::Range;

use super::html;
use super::pem::{self, PemContent};
use super::url;
use super::{carried, query_messages, Carrier, DecodeProblem, Found, Item, Place, QueryCarrier};

/// Texts longer than this are cut to excerpts around each error mention before they become an [`Item::Text`].
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

/// Exact spellings searched for error texts. Exact (not case-folded) substrings keep the scan of a large HAR fast;
/// these cover how Entra (`AADSTS50011:`), Cognito (`error_description=Invalid+samlResponse…`, JSON
/// `"error_description"`) and people (`aadsts 50011`, `Invalid SAML response`) write them.
const ERROR_MARKERS: [&str; 6] =
    ["AADSTS", "aadsts", "rror_description", "RROR_DESCRIPTION", "nvalid saml", "nvalid SAML"];

/// Whether the text mentions an Entra AADSTS code or a Cognito SAML error.
pub(crate) fn mentions_error(text: &str) -> bool {
    ERROR_MARKERS.iter().any(|m| text.contains(m))
}

/// Byte offset of the first error mention.
pub(crate) fn first_error_mention(text: &str) -> Option<usize> {
    ERROR_MARKERS.iter().filter_map(|m| text.find(m)).min()
}

/// The text for an [`Item::Text`]: whole when short, else the surroundings (±2 KB) of each error mention (at most
/// 32), joined by `…` lines.
pub(crate) fn error_excerpt(text: &str) -> String {
    const CONTEXT: usize = 2048;
    if text.len() <= MAX_TEXT_BYTES {
        return text.to_owned();
    }
    let mut windows: Vec<Range<usize>> = Vec::new();
    for marker in ERROR_MARKERS {
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|rest| rest.find(marker)) {
            let at = from + found;
            windows.push(floor_boundary(text, at.saturating_sub(CONTEXT))..ceil_boundary(text, at + CONTEXT));
            from = at + marker.len();
            if windows.len() >= 32 * ERROR_MARKERS.len() {
                break;
            }
        }
    }
    windows.sort_by_key(|w| w.start);
    let mut merged: Vec<Range<usize>> = Vec::new();
    for w in windows {
        match merged.last_mut() {
            Some(last) if w.start <= last.end => last.end = last.end.max(w.end),
            _ => merged.push(w),
        }
    }
    merged.truncate(32);
    merged.iter().filter_map(|w| text.get(w.clone())).collect::<Vec<_>>().join("\n…\n")
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Maps byte offsets to 1-based line numbers.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|s| *s <= offset).max(1)
    }
}

/// Scans free text; returns what it found tagged with byte offsets, in text order.
pub(crate) fn scan(place: &Place, text: &str) -> Vec<(usize, Found)> {
    let lines = LineIndex::new(text);
    let mut found: Vec<(usize, Found)> = Vec::new();
    let mut masked = text.to_owned();

    for block in pem::blocks(text) {
        let at = block.range.start;
        let source = place.at(format!("line {}, PEM {}", lines.line(at), block.label));
        match block.content {
            PemContent::Certificate(der) => found.push((at, Found::Item(Item::Certificate { source, der }))),
            PemContent::PrivateKey => {
                found.push((at, Found::Problem(DecodeProblem::PrivateKey { source, label: block.label.clone() })));
            }
            PemContent::Invalid(detail) => {
                found.push((at, Found::Problem(DecodeProblem::Base64Invalid { source, detail })));
            }
            PemContent::Other => {}
        }
        mask(&mut masked, block.range);
    }

    for range in xml_documents(&masked) {
        let Some(xml) = masked.get(range.clone()) else { continue };
        if super::payload::looks_like_saml(xml) {
            let source = place.at(format!("line {}", lines.line(range.start)));
            let carrier = Carrier::new(source).expected();
            found.extend(carried(xml, carrier).into_iter().map(|f| (range.start, f)));
        }
        mask(&mut masked, range);
    }

    if has_input_tag(&masked) {
        for form in html::forms(&masked) {
            let relay_state = form.value("RelayState").map(str::to_owned);
            for field in form.fields.iter().filter(|f| html::is_saml_name(&f.name)) {
                let at = field.range.start;
                let source = place.at(format!("line {}, HTML form {}", lines.line(at), field.name));
                let mut carrier = Carrier::new(source).expected().parameter(&field.name);
                carrier.relay_state.clone_from(&relay_state);
                carrier.url.clone_from(&form.action);
                found.extend(carried(&field.value, carrier).into_iter().map(|f| (at, f)));
            }
            for field in &form.fields {
                mask(&mut masked, field.range.clone());
            }
        }
    }

    scan_tokens(place, &masked, &lines, &mut found);
    found.sort_by_key(|(at, _)| *at);
    found
}

/// Blanks a range out (keeping line breaks, so line numbers stay right).
fn mask(text: &mut String, range: Range<usize>) {
    let Some(part) = text.get(range.clone()) else { return };
    let blank: String =
        part.chars().map(|c| if c == '\n' { "\n".to_owned() } else { " ".repeat(c.len_utf8()) }).collect();
    text.replace_range(range, &blank);
}

fn has_input_tag(text: &str) -> bool {
    text.contains("<input") || text.contains("<INPUT") || text.contains("<Input")
}

/// SAML document elements looked for in free text.
const XML_ROOTS: [&str; 7] = [
    "AuthnRequest",
    "Response",
    "LogoutRequest",
    "LogoutResponse",
    "EntityDescriptor",
    "EntitiesDescriptor",
    "Assertion",
];

/// Byte ranges of SAML-looking XML documents in free text (from an XML declaration right before, if any, to the
/// matching end tag, or to the end of the text when the end tag is missing).
fn xml_documents(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find('<')) {
        let lt = from + found;
        from = lt + 1;
        let name_len = bytes.get(lt + 1..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.')).count()
        });
        let Some(qname) = text.get(lt + 1..lt + 1 + name_len) else { continue };
        let local = qname.rsplit(':').next().unwrap_or(qname);
        let after = bytes.get(lt + 1 + name_len);
        if !XML_ROOTS.contains(&local) || !after.is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/')) {
            continue;
        }
        let head = text.get(..lt).unwrap_or("").trim_end();
        let start = if head.ends_with("?>") { head.rfind("<?xml").unwrap_or(lt) } else { lt };
        let end = element_end(text, lt, qname);
        out.push(start..end);
        from = end.max(from);
    }
    out
}

/// The end of the element whose start tag begins at `lt` (end of text if it never closes). Linear in the text:
/// each of the two searches (next start tag, next end tag of this name) only ever moves forward.
fn element_end(text: &str, lt: usize, qname: &str) -> usize {
    let tag_close = |at: usize| text.get(at..).and_then(|r| r.find('>')).map_or(text.len(), |i| at + i + 1);
    let self_closing = |end: usize| text.get(..end).is_some_and(|t| t.ends_with("/>"));
    let tag_end = tag_close(lt);
    if self_closing(tag_end) {
        return tag_end;
    }
    let open = format!("<{qname}");
    let close = format!("</{qname}");
    let find_from = |from: usize, pattern: &str| text.get(from..).and_then(|r| r.find(pattern)).map(|i| from + i);
    let is_start_tag = |at: usize| {
        text.as_bytes().get(at + open.len()).is_some_and(|b| b.is_ascii_whitespace() || matches!(b, b'>' | b'/'))
    };
    let mut depth = 1usize;
    let mut pos = tag_end;
    let mut next_open = find_from(pos, &open);
    let mut next_close = find_from(pos, &close);
    loop {
        while let Some(o) = next_open.filter(|o| *o < pos || !is_start_tag(*o)) {
            next_open = find_from(pos.max(o + 1), &open);
        }
        while let Some(c) = next_close.filter(|c| *c < pos) {
            next_close = find_from(pos.max(c + 1), &close);
        }
        let Some(c) = next_close else { return text.len() };
        match next_open {
            Some(o) if o < c => {
                let end = tag_close(o);
                if !self_closing(end) {
                    depth += 1;
                }
                pos = end;
            }
            _ => {
                let end = tag_close(c);
                depth -= 1;
                if depth == 0 {
                    return end;
                }
                pos = end;
            }
        }
    }
}

/// Shortest token tried as a base64 blob in free text (the smallest SAML message is longer).
const MIN_BLOB_LEN: usize = 100;

fn scan_tokens(place: &Place, text: &str, lines: &LineIndex, found: &mut Vec<(usize, Found)>) {
    // Lines made only of base64 characters are joined into one blob (base64 wrapped at 64 or 76 columns).
    let mut group: Vec<(usize, &str)> = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.len() >= 16 && trimmed.chars().all(super::base64::is_alphabet) {
            let lead = line.len() - line.trim_start().len();
            group.push((start + lead, trimmed));
            continue;
        }
        flush_group(place, lines, &mut group, found);
        for (at, token) in tokens(line) {
            scan_token(place, lines, start + at, token, found);
        }
    }
    flush_group(place, lines, &mut group, found);
}

fn flush_group(place: &Place, lines: &LineIndex, group: &mut Vec<(usize, &str)>, found: &mut Vec<(usize, Found)>) {
    if group.len() > 1 {
        let joined: String = group.iter().map(|(_, l)| *l).collect();
        let at = group.first().map_or(0, |(at, _)| *at);
        let result = quiet_blob(place, lines, at, &joined);
        if !result.is_empty() {
            found.extend(result);
            group.clear();
            return;
        }
    }
    for (at, token) in group.drain(..) {
        scan_token(place, lines, at, token, found);
    }
}

/// Tokens of a line with their byte offsets: split at whitespace and at quotes and brackets, which never occur
/// in base64 and end URLs in logs, JSON and HTML.
fn tokens(line: &str) -> impl Iterator<Item = (usize, &str)> {
    line.split(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '{' | '}' | '[' | ']'))
        .scan(0usize, |pos, piece| {
            let at = *pos;
            *pos += piece.len() + 1;
            Some((at, piece))
        })
        .filter(|(_, piece)| !piece.is_empty())
}

fn scan_token(place: &Place, lines: &LineIndex, at: usize, token: &str, found: &mut Vec<(usize, Found)>) {
    let token = token.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | ';' | '\\')).trim_end_matches(['.', ':']);
    if token.len() < 8 {
        return;
    }
    let unescaped = unescape(token);
    let token = unescaped.as_str();
    let prefix = format!("line {}, ", lines.line(at));
    if url::mentions_saml_parameter(token) {
        if let Some(q) = url::find_saml_query(token) {
            if let Some(u) = &q.url {
                found.push((at, Found::Item(request_item(place.at(format!("line {}", lines.line(at))), u))));
            }
            let carrier = QueryCarrier {
                place,
                prefix: &prefix,
                label: if q.url.is_some() { "query" } else { "parameter" },
                url: q.url.clone(),
                outer_decodes: q.outer_decodes,
                signature: true,
            };
            found.extend(query_messages(&q.query, &carrier).into_iter().map(|f| (at, f)));
            return;
        }
    }
    if let Some(http) = token.find("https://").or_else(|| token.find("http://")) {
        let u = token.get(http..).unwrap_or(token);
        found.push((at, Found::Item(request_item(place.at(format!("line {}", lines.line(at))), u))));
        return;
    }
    if token.len() >= MIN_BLOB_LEN && token.chars().all(|c| super::base64::is_alphabet(c) || c == '%') {
        found.extend(quiet_blob(place, lines, at, token));
    }
}

/// A base64 blob in free text: kept only if it decodes to SAML XML, a certificate or a private key.
fn quiet_blob(place: &Place, lines: &LineIndex, at: usize, blob: &str) -> Vec<(usize, Found)> {
    let source = place.at(format!("line {}", lines.line(at)));
    carried(blob, Carrier::new(source)).into_iter().map(|f| (at, f)).collect()
}

/// Undoes JSON string escapes and `&amp;` that wrap URLs in page sources and HAR files.
fn unescape(token: &str) -> String {
    if !token.contains('\\') && !token.contains("&amp;") {
        return token.to_owned();
    }
    token
        .replace("\\/", "/")
        .replace("\\u0026", "&")
        .replace("\\u003d", "=")
        .replace("\\u003D", "=")
        .replace("\\u002b", "+")
        .replace("\\u002B", "+")
        .replace("&amp;", "&")
}

/// A pasted URL as a timeline entry.
pub(crate) fn request_item(source: super::Source, url: &str) -> Item {
    Item::Request { source, method: "GET".to_owned(), url: url.to_owned(), status: 0, redirect_to: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_xml_documents_with_nesting_and_cuts() {
        let text = "log: <?xml version=\"1.0\"?>\n<samlp:Response xmlns:samlp=\"x\"><samlp:Response/></samlp:Response> tail <Assertion a='1'/> and <saml:Assertion>cut";
        let docs = xml_documents(text);
        assert_eq!(docs.len(), 3);
        assert_eq!(
            &text[docs[0].clone()],
            "<?xml version=\"1.0\"?>\n<samlp:Response xmlns:samlp=\"x\"><samlp:Response/></samlp:Response>"
        );
        assert_eq!(&text[docs[1].clone()], "<Assertion a='1'/>");
        assert_eq!(&text[docs[2].clone()], "<saml:Assertion>cut");
        assert!(xml_documents("<ResponseHeader> <Responses>").is_empty());
        // Many unclosed start tags, or many end tags: still linear (this would take minutes if quadratic).
        let opens = "<Response>".repeat(200_000);
        assert_eq!(xml_documents(&opens), vec![0..opens.len()]);
        let closes = format!("<Response>{}", "</Response>".repeat(200_000));
        assert_eq!(xml_documents(&closes).first(), Some(&(0..21)));
    }

    #[test]
    fn excerpts_long_texts_around_errors() {
        let filler = "x".repeat(MAX_TEXT_BYTES);
        let text =
            format!("{filler}AADSTS50011: The redirect URI{filler}error_description=Invalid+samlResponse{filler}");
        let excerpt = error_excerpt(&text);
        assert!(excerpt.len() < 10_000, "{}", excerpt.len());
        assert!(excerpt.contains("AADSTS50011: The redirect URI") && excerpt.contains("error_description=Invalid"));
        assert!(excerpt.contains('…'));
        assert_eq!(error_excerpt("short AADSTS50011"), "short AADSTS50011");
        // Multi-byte characters around the window edges do not split.
        let wide = format!("{}AADSTS1{}", "é".repeat(40_000), "ü".repeat(40_000));
        assert!(error_excerpt(&wide).contains("AADSTS1"));
    }

    #[test]
    fn line_numbers() {
        let idx = LineIndex::new("a\nbb\n\nc");
        assert_eq!([idx.line(0), idx.line(2), idx.line(5), idx.line(6), idx.line(99)], [1, 2, 3, 4, 4]);
    }

    #[test]
    fn markers() {
        assert!(mentions_error("Message: AADSTS700016"));
        assert!(mentions_error("?error_description=Invalid+samlResponse"));
        assert!(mentions_error("Invalid SAML response received: signature"));
        assert!(!mentions_error("all good"));
        assert_eq!(first_error_mention("ok\nfoo aadsts 50011"), Some(7));
    }
}
