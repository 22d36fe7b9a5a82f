//! URLs, query strings and `application/x-www-form-urlencoded` bodies that carry SAML parameters.
//!
//! Values are kept exactly as they appear (still percent-encoded) next to their decoded form, because the
//! HTTP-Redirect signature covers the encoded octets (SAML Bindings §3.4.4.1): a verifier must not re-encode.
//!
//! A literal `+` inside a value is kept as `+` rather than read as a space (form decoding): SAML values are
//! base64, where `+` is a digit and a space is impossible, so reading `+` as a space would only damage them.

use std::borrow::Cow;

use super::RedirectSignature;

/// The SAML message parameters (SAML Bindings §3.4.4 and §3.5.4).
pub(crate) const SAML_PARAMETERS: [&str; 2] = ["SAMLRequest", "SAMLResponse"];

/// One `name=value` pair of a query string or form body, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawPair<'a> {
    /// The name as written.
    pub raw_name: &'a str,
    /// The value as written (still percent-encoded); `None` for a bare `name` without `=`.
    pub raw_value: Option<&'a str>,
    /// The percent-decoded name.
    pub name: String,
}

/// A query string (or form body) split into its pairs.
#[derive(Debug, Clone)]
pub(crate) struct Query<'a> {
    /// The pairs in order.
    pub pairs: Vec<RawPair<'a>>,
}

impl<'a> Query<'a> {
    /// Splits `raw` at `&` into pairs (empty pieces are skipped).
    pub fn parse(raw: &'a str) -> Self {
        let pairs = raw
            .split('&')
            .filter(|p| !p.is_empty())
            .map(|piece| {
                let (raw_name, raw_value) = match piece.split_once('=') {
                    Some((n, v)) => (n, Some(v)),
                    None => (piece, None),
                };
                RawPair { raw_name, raw_value, name: percent_decode(raw_name).into_owned() }
            })
            .collect();
        Query { pairs }
    }

    /// The first pair with this (decoded) name.
    pub fn get(&self, name: &str) -> Option<&RawPair<'a>> {
        self.pairs.iter().find(|p| p.name == name)
    }

    /// The percent-decoded value of the first pair with this name.
    pub fn decoded(&self, name: &str) -> Option<String> {
        self.get(name).map(|p| percent_decode(p.raw_value.unwrap_or("")).into_owned())
    }

    /// The pairs carrying a SAML message, in order.
    pub fn saml_pairs(&self) -> impl Iterator<Item = &RawPair<'a>> {
        self.pairs.iter().filter(|p| SAML_PARAMETERS.contains(&p.name.as_str()))
    }

    /// The HTTP-Redirect detached signature, if `SigAlg` and `Signature` are both present: `signed_octets` is built
    /// from the still-encoded values in the order §3.4.4.1 prescribes, `<message>=…&RelayState=…&SigAlg=…`, with
    /// `RelayState` only when the query has it, whatever the order of the parameters in the URL.
    pub fn redirect_signature(&self, message: &RawPair<'a>) -> Option<RedirectSignature> {
        let sig_alg = self.get("SigAlg")?;
        let signature = self.get("Signature")?;
        let mut signed_octets = format!("{}={}", message.raw_name, message.raw_value.unwrap_or(""));
        if let Some(relay) = self.get("RelayState") {
            signed_octets.push('&');
            signed_octets.push_str(relay.raw_name);
            signed_octets.push('=');
            signed_octets.push_str(relay.raw_value.unwrap_or(""));
        }
        signed_octets.push('&');
        signed_octets.push_str(sig_alg.raw_name);
        signed_octets.push('=');
        signed_octets.push_str(sig_alg.raw_value.unwrap_or(""));
        Some(RedirectSignature {
            sig_alg: percent_decode(sig_alg.raw_value.unwrap_or("")).into_owned(),
            signature: percent_decode(signature.raw_value.unwrap_or("")).into_owned(),
            signed_octets,
        })
    }
}

/// Where SAML parameters sit in a token (a URL, a query string or a form body).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SamlQuery {
    /// The query string or form body holding the parameters (fragment excluded).
    pub query: String,
    /// The URL, when the token has one (`https://…?…`), without the fragment.
    pub url: Option<String>,
    /// How many times the token had to be percent-decoded before `SAMLRequest=` appeared (a URL nested in
    /// another URL's parameter).
    pub outer_decodes: usize,
}

/// Finds the query string carrying `SAMLRequest=`/`SAMLResponse=` in a token, percent-decoding the token up to
/// three times when the parameters are themselves encoded (`SAMLRequest%3D…`, a URL inside another URL).
pub(crate) fn find_saml_query(token: &str) -> Option<SamlQuery> {
    let mut current: Cow<'_, str> = Cow::Borrowed(token);
    for outer_decodes in 0..=3 {
        if let Some(at) = find_parameter(&current) {
            let (query, url) = query_around(&current, at);
            return Some(SamlQuery { query, url, outer_decodes });
        }
        if !mentions_encoded_parameter(&current) {
            return None;
        }
        current = Cow::Owned(percent_decode(&current).into_owned());
    }
    None
}

/// Whether the text mentions a SAML parameter, plainly or percent-encoded.
pub(crate) fn mentions_saml_parameter(text: &str) -> bool {
    find_parameter(text).is_some() || mentions_encoded_parameter(text)
}

/// Byte offset of the first `SAMLRequest=` or `SAMLResponse=` that starts a parameter (at the start, or after
/// `?`, `&`, `#` or a non-alphanumeric character).
fn find_parameter(text: &str) -> Option<usize> {
    let mut best: Option<usize> = None;
    for name in SAML_PARAMETERS {
        let needle = format!("{name}=");
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|rest| rest.find(&needle)) {
            let at = from + found;
            let before = text.get(..at).and_then(|b| b.chars().next_back());
            if before.is_none_or(|c| !c.is_ascii_alphanumeric()) {
                best = Some(best.map_or(at, |b| b.min(at)));
                break;
            }
            from = at + needle.len();
        }
    }
    best
}

fn mentions_encoded_parameter(text: &str) -> bool {
    SAML_PARAMETERS.iter().any(|name| {
        let mut from = 0;
        while let Some(found) = text.get(from..).and_then(|rest| rest.find(name)) {
            let after = from + found + name.len();
            if text.get(after..after + 3).is_some_and(|s| s.eq_ignore_ascii_case("%3d")) {
                return true;
            }
            from = after;
        }
        false
    })
}

/// The query segment around the parameter at `at`, and the URL it belongs to (if the token holds one). Without a
/// `?` or `#`, the query starts after the last character that cannot be part of a form body (`Location:` before
/// `SAMLRequest=`), so `RelayState=…&SAMLRequest=…` stays whole.
fn query_around(text: &str, at: usize) -> (String, Option<String>) {
    let head = text.get(..at).unwrap_or("");
    let start = match head.rfind(['?', '#']) {
        Some(i) => i + 1,
        None => head.char_indices().rev().find(|(_, c)| !is_form_char(*c)).map_or(0, |(i, c)| i + c.len_utf8()),
    };
    let tail = text.get(at..).unwrap_or("");
    let end = at + tail.find('#').unwrap_or(tail.len());
    let query = text.get(start..end).unwrap_or("").to_owned();
    let url = head
        .get(..start)
        .filter(|before| before.ends_with('?'))
        .and_then(|before| before.rfind("https://").max(before.rfind("http://")))
        .and_then(|http| text.get(http..end))
        .map(str::to_owned);
    (query, url)
}

/// Characters of an `application/x-www-form-urlencoded` body (and of a lenient one: `+`, `/` and `=` unescaped).
fn is_form_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '%' | '&' | '=' | '.' | '_' | '~' | '+' | '/' | '-' | '*' | ' ')
}

/// Decodes `%xx` escapes; malformed escapes are kept literally and invalid UTF-8 becomes U+FFFD. `+` stays `+`.
pub(crate) fn percent_decode(text: &str) -> Cow<'_, str> {
    if !has_percent_escape(text) {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            if let (Some(h), Some(l)) = (bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b)))
            {
                out.push(h << 4 | l);
                i += 3;
                continue;
            }
        }
        out.push(b);
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

/// Whether the text contains at least one well-formed `%xx` escape.
pub(crate) fn has_percent_escape(text: &str) -> bool {
    text.as_bytes().windows(3).any(|w| matches!(w, [b'%', h, l] if hex(*h).is_some() && hex(*l).is_some()))
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_signed_octets_in_spec_order() {
        // Parameters out of order in the URL; the signed octets follow §3.4.4.1 and keep the encoding.
        let q = Query::parse("SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature=ab%2Bc%3D&RelayState=r%20s&SAMLRequest=fZ%2B1");
        let msg = q.saml_pairs().next().unwrap();
        let sig = q.redirect_signature(msg).unwrap();
        assert_eq!(
            sig.signed_octets,
            "SAMLRequest=fZ%2B1&RelayState=r%20s&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256"
        );
        assert_eq!(sig.sig_alg, "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256");
        assert_eq!(sig.signature, "ab+c=");
        assert_eq!(q.decoded("RelayState").as_deref(), Some("r s"));
    }

    #[test]
    fn omits_absent_relay_state() {
        let q = Query::parse("SAMLResponse=x&SigAlg=a&Signature=b");
        let sig = q.redirect_signature(q.saml_pairs().next().unwrap()).unwrap();
        assert_eq!(sig.signed_octets, "SAMLResponse=x&SigAlg=a");
        assert!(Query::parse("SAMLResponse=x&SigAlg=a").redirect_signature(&q.pairs[0]).is_none());
    }

    #[test]
    fn finds_queries_in_urls_and_nested_urls() {
        let found =
            find_saml_query("https://login.microsoftonline.com/t/saml2?SAMLRequest=abc&RelayState=x#frag").unwrap();
        assert_eq!(found.query, "SAMLRequest=abc&RelayState=x");
        assert_eq!(
            found.url.as_deref(),
            Some("https://login.microsoftonline.com/t/saml2?SAMLRequest=abc&RelayState=x")
        );
        assert_eq!(found.outer_decodes, 0);

        let nested =
            "https://app.example/?next=https%3A%2F%2Fidp.example%2Fsso%3FSAMLRequest%3Dabc%253D%26RelayState%3Dr";
        let found = find_saml_query(nested).unwrap();
        assert_eq!(found.outer_decodes, 1);
        assert_eq!(found.query, "SAMLRequest=abc%3D&RelayState=r");
        assert_eq!(found.url.as_deref(), Some("https://idp.example/sso?SAMLRequest=abc%3D&RelayState=r"));

        let alone = find_saml_query("SAMLResponse=PHN&RelayState=x").unwrap();
        assert_eq!((alone.query.as_str(), alone.url), ("SAMLResponse=PHN&RelayState=x", None));
        let relay_first = find_saml_query("RelayState=x&SAMLRequest=abc").unwrap();
        assert_eq!(relay_first.query, "RelayState=x&SAMLRequest=abc");
        let labelled = find_saml_query("Location:SAMLRequest=abc").unwrap();
        assert_eq!(labelled.query, "SAMLRequest=abc");
        assert!(find_saml_query("MySAMLRequest=abc").is_none());
        assert!(find_saml_query("nothing here").is_none());
    }

    #[test]
    fn percent_decoding_keeps_plus_and_bad_escapes() {
        assert_eq!(percent_decode("a+b%2Bc%zz%4"), "a+b+c%zz%4");
        assert_eq!(percent_decode("%E2%9C%93"), "✓");
        assert_eq!(percent_decode("%FF"), "\u{fffd}");
        assert!(matches!(percent_decode("plain"), Cow::Borrowed(_)));
    }
}
