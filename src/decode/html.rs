//! HTML forms: the auto-post page of the HTTP-POST binding (SAML Bindings §3.5.4), as Entra returns it:
//!
//! ```html
//! <form method="POST" name="hiddenform" action="https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse">
//!   <input type="hidden" name="SAMLResponse" value="PHNhbWxwOlJlc3BvbnNlIC4uLg==" />
//!   <input type="hidden" name="RelayState" value="…" />
//! ```
//!
//! This is not an HTML parser: it reads `<form>` and `<input>` start tags with their attributes in any order,
//! double-, single- or un-quoted, and decodes character references in values. That is all the binding uses.

use std::ops::Range;

/// A `<form>` (or the inputs outside any form).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Form {
    /// The `action` attribute (entity-decoded).
    pub action: Option<String>,
    /// The `<input>` fields with a `name`, in order.
    pub fields: Vec<Field>,
}

/// An `<input name=… value=…>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field {
    /// The `name` attribute.
    pub name: String,
    /// The `value` attribute, entity-decoded (empty if absent).
    pub value: String,
    /// Byte range of the `<input …>` tag.
    pub range: Range<usize>,
}

impl Form {
    /// The value of the first field with this name.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|f| f.name == name).map(|f| f.value.as_str())
    }
}

/// The forms of an HTML text, in order; inputs outside any form are gathered in a form without an action.
pub(crate) fn forms(html: &str) -> Vec<Form> {
    let mut out: Vec<Form> = Vec::new();
    let mut current: Option<Form> = None;
    let mut loose = Form::default();
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(found) = html.get(from..).and_then(|rest| rest.find('<')) {
        let start = from + found;
        from = start + 1;
        let slash = usize::from(bytes.get(start + 1) == Some(&b'/'));
        let name_len = slash
            + bytes
                .get(start + 1 + slash..)
                .map_or(0, |rest| rest.iter().take_while(|b| b.is_ascii_alphanumeric()).count());
        let Some(tag) = html.get(start + 1..start + 1 + name_len) else {
            continue;
        };
        let tag = tag.to_ascii_lowercase();
        if tag != "form" && tag != "/form" && tag != "input" {
            continue;
        }
        let attrs_start = start + 1 + name_len;
        let (attrs, end) = attributes(html, attrs_start);
        from = end.max(from);
        match tag.as_str() {
            "form" => {
                if let Some(done) = current.take() {
                    out.push(done);
                }
                let action = attrs.iter().find(|(n, _)| n == "action").map(|(_, v)| v.clone());
                current = Some(Form { action, fields: Vec::new() });
            }
            "/form" => {
                if let Some(done) = current.take() {
                    out.push(done);
                }
            }
            _ => {
                let Some(name) = attrs.iter().find(|(n, _)| n == "name").map(|(_, v)| v.clone()) else {
                    continue;
                };
                let value = attrs.iter().find(|(n, _)| n == "value").map(|(_, v)| v.clone()).unwrap_or_default();
                let field = Field { name, value, range: start..end };
                current.as_mut().unwrap_or(&mut loose).fields.push(field);
            }
        }
    }
    if let Some(done) = current {
        out.push(done);
    }
    if !loose.fields.is_empty() {
        out.push(loose);
    }
    out
}

/// Whether the text has an `<input>` named `SAMLRequest` or `SAMLResponse` (cheap check first).
pub(crate) fn has_saml_field(html: &str) -> bool {
    (html.contains("SAMLRe") || html.contains("samlre") || html.contains("SAMLre"))
        && forms(html).iter().any(|f| f.fields.iter().any(|x| is_saml_name(&x.name)))
}

/// `SAMLRequest`/`SAMLResponse`, whatever the case (HTML attribute values are as written; some pages lowercase).
pub(crate) fn is_saml_name(name: &str) -> bool {
    name.eq_ignore_ascii_case("SAMLRequest") || name.eq_ignore_ascii_case("SAMLResponse")
}

/// Reads attributes from `at` to the closing `>`; names lowercased, values entity-decoded. Returns them and the
/// offset just after the tag.
fn attributes(html: &str, at: usize) -> (Vec<(String, String)>, usize) {
    let bytes = html.as_bytes();
    let mut attrs = Vec::new();
    let mut i = at;
    loop {
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return (attrs, i),
            Some(b'>') => return (attrs, i + 1),
            Some(_) => {}
        }
        let name_start = i;
        while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/')) {
            i += 1;
        }
        let name = html.get(name_start..i).unwrap_or("").to_ascii_lowercase();
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            if name.is_empty() {
                i += 1;
            }
            attrs.push((name, String::new()));
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&q) if q == b'"' || q == b'\'' => {
                let value_start = i + 1;
                let len = bytes.get(value_start..).and_then(|rest| rest.iter().position(|b| *b == q));
                let value_end = len.map_or(bytes.len(), |l| value_start + l);
                i = (value_end + 1).min(bytes.len());
                html.get(value_start..value_end).unwrap_or("")
            }
            _ => {
                let value_start = i;
                while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>') {
                    i += 1;
                }
                html.get(value_start..i).unwrap_or("")
            }
        };
        attrs.push((name, decode_entities(value)));
    }
}

/// Decodes HTML character references: numeric ones and the names that occur in form values and URLs.
pub(crate) fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or(""));
        let tail = rest.get(amp..).unwrap_or("");
        let semi = tail.get(..tail.len().min(12)).and_then(|head| head.find(';'));
        let decoded = semi.and_then(|semi| reference(tail.get(1..semi)?).map(|c| (c, semi)));
        if let Some((c, semi)) = decoded {
            out.push(c);
            rest = tail.get(semi + 1..).unwrap_or("");
        } else {
            out.push('&');
            rest = tail.get(1..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "plus" => '+',
        "equals" => '=',
        "sol" => '/',
        "colon" => ':',
        "quest" => '?',
        "num" => '#',
        "percnt" => '%',
        "nbsp" => '\u{a0}',
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_entra_auto_post_form() {
        let page = r#"<html><head><title>Working...</title></head><body><form method="POST" name="hiddenform" action="https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"><input type="hidden" name="SAMLResponse" value="PHNhbWxw&#43;Pg==" /><input type="hidden" name="RelayState" value="a&amp;b" /><noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit" /></noscript></form><script language="javascript">window.setTimeout('document.forms[0].submit()', 0);</script></body></html>"#;
        let f = forms(page);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].action.as_deref(), Some("https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"));
        assert_eq!(f[0].value("SAMLResponse"), Some("PHNhbWxw+Pg=="));
        assert_eq!(f[0].value("RelayState"), Some("a&b"));
        assert!(page[f[0].fields[0].range.clone()].starts_with("<input"));
        assert!(has_saml_field(page));
    }

    #[test]
    fn attribute_order_and_quotes_vary() {
        let f = forms("<FORM ACTION='https://x/acs'><INPUT VALUE='v1' NAME=SAMLResponse TYPE=hidden><input/><input value=v2 name=\"RelayState\"/></FORM>");
        assert_eq!(f[0].value("SAMLResponse"), Some("v1"));
        assert_eq!(f[0].value("RelayState"), Some("v2"));
        assert_eq!(f[0].action.as_deref(), Some("https://x/acs"));
    }

    #[test]
    fn survives_broken_markup() {
        for html in ["<input", "<input name=", "<input name='x", "<form", "</form><input name=a value=&#xZZ;>", "<<>>"]
        {
            let _ = forms(html);
        }
        assert_eq!(decode_entities("&#x2B;&#43;&amp;&bogus;&"), "++&&bogus;&");
        assert!(!has_saml_field("<p>SAMLResponse</p>"));
    }
}
