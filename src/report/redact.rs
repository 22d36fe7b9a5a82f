//! Redaction of personal data, so a report (or a message's XML) can be pasted into a support ticket.
//!
//! The [`Redactor`] first *collects* the personal values of a trace — every `NameID`, the values of personal claims
//! (e-mail, phone, names, object ids, UPNs), e-mail addresses, guests' user principal names and `+`-prefixed phone
//! numbers found anywhere, and the `mail=` value of sign-on URLs — and then *replaces* exactly those values, wherever
//! they occur, with placeholders. The same value always gets the same placeholder (`user1@redacted.example`,
//! `guest1_redacted.example#EXT#@redacted.onmicrosoft.com`, `+10000000001`, `name-1`, `nameid-1`, `objectid-1`), so a
//! reader can still tell that the `NameID` and the `Email` claim are the same person, or that two messages are about
//! two different users.
//!
//! Placeholders keep what the rules look at, so a redacted trace gets the same findings as the original: an e-mail
//! address stays an address, a guest's UPN keeps its `#EXT#` shape, and two spellings of one address that differ
//! only in letter case (`Jane.Doe@…` and `jane.doe@…`) get placeholders that differ only in letter case
//! (`User1@redacted.example` and `user1@redacted.example`).
//!
//! Everything else is kept as it is: issuers, audiences, URLs (but their `mail=` value), certificates, signatures
//! and times — they are what support needs to diagnose the sign-in. Replacement is targeted string replacement of
//! the collected values (no pattern language): a value only matches where it is not part of a longer word, and
//! longer values win over shorter ones, so `Jane` does not eat into `Janet` and a certificate's base64 stays intact.
//! (A value that happens to stand alone between base64's `+` or `/` characters would still be replaced: for a
//! two-letter name that is about one certificate in four thousand, for longer values practically never.)
//!
//! Redaction runs after the analysis: the findings describe the original trace; a redacted message's signature no
//! longer verifies, which is expected.
//!
//! ```
//! use sso_doctor::report::redact::Redactor;
//! let xml = "<saml:NameID xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">jdoe-42</saml:NameID>";
//! let mut redactor = Redactor::new();
//! redactor.collect_xml(xml);
//! redactor.collect_text("Contact: jane@acme.example, +1 425 555 0100");
//! assert_eq!(redactor.redact_text("jdoe-42 is jane@acme.example"), "nameid-1 is user1@redacted.example");
//! assert_eq!(redactor.redact_text("call +1 425 555 0100"), "call +10000000001");
//! ```

use std::collections::HashMap;

use quick_xml::events::Event;
use serde::Serialize;

use crate::explain::percent_decode;
use crate::report::Report;

/// Redacts the personal data of a report with a fresh [`Redactor`] (see the module documentation).
pub fn redact(report: &Report) -> Report {
    Redactor::for_report(report).redact_report(report)
}

/// What kind of personal value a placeholder stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PersonalKind {
    /// An e-mail address (also a UPN or a `NameID` written as one): `user1@redacted.example`.
    Email,
    /// A phone number: `+10000000001`.
    Phone,
    /// A person's name or account name: `name-1`.
    Name,
    /// A `NameID` that is not an e-mail address (or a sign-on URL's non-e-mail `mail=` identifier): `nameid-1`.
    NameId,
    /// An object id or other per-user identifier claim: `objectid-1`.
    ObjectId,
    /// A guest's user principal name (`jane_acme.example#EXT#@contoso.onmicrosoft.com`):
    /// `guest1_redacted.example#EXT#@redacted.onmicrosoft.com`.
    GuestUpn,
}

impl PersonalKind {
    /// The `n`-th placeholder (1-based) of this kind.
    pub fn placeholder(self, n: usize) -> String {
        match self {
            PersonalKind::Email => format!("user{n}@redacted.example"),
            PersonalKind::Phone => format!("+1{n:010}"),
            PersonalKind::Name => format!("name-{n}"),
            PersonalKind::NameId => format!("nameid-{n}"),
            PersonalKind::ObjectId => format!("objectid-{n}"),
            PersonalKind::GuestUpn => format!("guest{n}_redacted.example#EXT#@redacted.onmicrosoft.com"),
        }
    }

    fn slot(self) -> usize {
        match self {
            PersonalKind::Email => 0,
            PersonalKind::Phone => 1,
            PersonalKind::Name => 2,
            PersonalKind::NameId => 3,
            PersonalKind::ObjectId => 4,
            PersonalKind::GuestUpn => 5,
        }
    }

    /// Whether values of this kind are compared without letter case (their spellings then get case variants).
    fn ignores_case(self) -> bool {
        matches!(self, PersonalKind::Email | PersonalKind::ObjectId | PersonalKind::GuestUpn)
    }
}

/// Shortest value collected: a one-character "name" would replace letters all over the report.
pub const MIN_PERSONAL_VALUE_CHARS: usize = 2;

/// A consistent mapping from personal values to placeholders, reusable across a report, its XML view and exports.
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    /// Identity of a person's value (lower-cased e-mail, digits of a phone, the value itself) → its placeholder.
    identities: HashMap<String, String>,
    /// Every written form to replace (`jane@acme.example`, `jane%40acme.example`, `O&apos;Brien`) → placeholder,
    /// longest first so a longer value wins over a shorter one it contains.
    forms: Vec<(String, String)>,
    /// The spellings with capitals seen of each identity compared without case, in order: the n-th (0-based) gets
    /// the (n+1)-th case variant of the placeholder ([`case_variant`]); the lower-case spelling gets the 0-th.
    spellings: HashMap<String, Vec<String>>,
    /// Placeholders handed out per kind.
    counters: [usize; 6],
}

impl Redactor {
    /// An empty redactor (it replaces nothing until values are collected).
    pub fn new() -> Self {
        Redactor::default()
    }

    /// A redactor holding every personal value of the report (messages first, then every other text).
    pub fn for_report(report: &Report) -> Self {
        let mut redactor = Redactor::new();
        redactor.collect_report(report);
        redactor
    }

    /// Collects the personal values of a report: those of each message's XML (`NameID`, personal claims), then
    /// e-mails, phones and `mail=` values in every text of the report.
    pub fn collect_report(&mut self, report: &Report) {
        for message in &report.messages {
            self.collect_xml(&message.xml);
        }
        for message in &report.messages {
            self.collect_text(&message.xml);
            self.collect_text(&message.source.input_name);
            self.collect_text(&message.source.location);
            if let Some(entry) = &message.source.har_entry {
                self.collect_text(&entry.url);
            }
            for (_, value) in &message.fields {
                self.collect_text(value);
            }
        }
        for finding in &report.findings {
            self.collect_text(&finding.message);
            for text in [&finding.expected, &finding.actual, &finding.location].into_iter().flatten() {
                self.collect_text(text);
            }
            self.collect_text(&finding.fix);
        }
        if let Some(url) = &report.profile.sign_on_url {
            self.collect_text(url);
        }
    }

    /// Collects the `NameID`s and personal claim values of a SAML document. Works on a cut or malformed document
    /// too: everything read before the first XML error counts.
    pub fn collect_xml(&mut self, xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        reader.config_mut().check_end_names = false;
        // The claim class of the `saml:Attribute` being read, and the value being captured with its kind.
        let mut claim: Option<ClaimClass> = None;
        let mut capture: Option<(Capture, String)> = None;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => match e.local_name().as_ref() {
                    "Attribute" => {
                        claim = e
                            .attributes()
                            .flatten()
                            .filter(|a| matches!(a.key.local_name().as_ref(), "Name" | "FriendlyName"))
                            .find_map(|a| claim_class(&a.value));
                    }
                    "NameID" => capture = Some((Capture::NameId, String::new())),
                    "AttributeValue" => capture = claim.map(|c| (Capture::Claim(c), String::new())),
                    _ => {}
                },
                Ok(Event::Text(t)) => {
                    if let Some((_, buf)) = capture.as_mut() {
                        buf.push_str(&t);
                    }
                }
                Ok(Event::GeneralRef(r)) => {
                    if let Some((_, buf)) = capture.as_mut() {
                        buf.push('&');
                        buf.push_str(&r);
                        buf.push(';');
                    }
                }
                Ok(Event::CData(c)) => {
                    if let Some((_, buf)) = capture.as_mut() {
                        buf.push_str(&c);
                    }
                }
                Ok(Event::End(e)) => match e.local_name().as_ref() {
                    "Attribute" => claim = None,
                    "NameID" | "AttributeValue" => {
                        if let Some((what, raw)) = capture.take() {
                            self.add_xml_value(what, raw.trim());
                        }
                    }
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }

    /// Collects e-mail addresses, `+`-prefixed phone numbers and `mail=` query values found in a free text.
    pub fn collect_text(&mut self, text: &str) {
        for value in mail_query_values(text) {
            let decoded = percent_decode(value, true);
            if is_email(&decoded) {
                self.add(PersonalKind::Email, &decoded);
            } else {
                self.add(PersonalKind::NameId, &decoded);
            }
            self.add_form(&decoded, value);
        }
        for email in find_emails(text) {
            self.add(PersonalKind::Email, email);
        }
        for phone in find_phones(text) {
            self.add(PersonalKind::Phone, phone);
        }
        for upn in find_guest_upns(text) {
            self.add(PersonalKind::GuestUpn, upn);
        }
    }

    /// Registers a personal value of the given kind (an e-mail address is always filed as [`PersonalKind::Email`])
    /// and returns its placeholder; `None` for a value too short to replace safely.
    pub fn add(&mut self, kind: PersonalKind, value: &str) -> Option<String> {
        let value = value.trim();
        if value.chars().count() < MIN_PERSONAL_VALUE_CHARS {
            return None;
        }
        let kind = if is_email(value) {
            PersonalKind::Email
        } else if is_guest_upn(value) {
            PersonalKind::GuestUpn
        } else {
            kind
        };
        let identity = identity(kind, value);
        let base = if let Some(p) = self.identities.get(&identity) {
            p.clone()
        } else {
            let slot = kind.slot();
            self.counters[slot] += 1;
            let p = kind.placeholder(self.counters[slot]);
            self.identities.insert(identity.clone(), p.clone());
            p
        };
        let plain = value.replace("#EXT#", "#");
        let placeholder = if kind.ignores_case() && plain != plain.to_lowercase() {
            // The all-lower-case spelling gets the placeholder as it is; every other one a variant of its own.
            let spellings = self.spellings.entry(identity).or_default();
            let n = spellings.iter().position(|s| s == value).unwrap_or_else(|| {
                spellings.push(value.to_owned());
                spellings.len() - 1
            });
            case_variant(&base, n + 1)
        } else {
            base
        };
        for form in written_forms(value) {
            self.insert_form(form, &placeholder);
        }
        if matches!(kind, PersonalKind::Email | PersonalKind::GuestUpn) {
            let encode = |s: &str| s.replace('#', "%23").replace('@', "%40");
            self.insert_form(encode(value), &encode(&placeholder));
        }
        Some(placeholder)
    }

    /// The placeholder of a collected value, if it was collected.
    pub fn placeholder(&self, value: &str) -> Option<&str> {
        let value = value.trim();
        self.forms.iter().find(|(form, _)| form == value).map(|(_, p)| p.as_str())
    }

    /// How many distinct personal values were collected.
    pub fn len(&self) -> usize {
        self.identities.len()
    }

    /// Whether nothing was collected.
    pub fn is_empty(&self) -> bool {
        self.identities.is_empty()
    }

    /// Replaces every collected value in `text` with its placeholder.
    pub fn redact_text(&self, text: &str) -> String {
        if self.forms.is_empty() {
            return text.to_owned();
        }
        let mut out = String::with_capacity(text.len());
        let mut rest_start = 0;
        let mut i = 0;
        while i < text.len() {
            let Some(tail) = text.get(i..) else {
                i += 1;
                continue;
            };
            let hit =
                self.forms.iter().find(|(form, _)| tail.starts_with(form.as_str()) && at_word_edges(text, i, form));
            if let Some((form, placeholder)) = hit {
                out.push_str(text.get(rest_start..i).unwrap_or_default());
                out.push_str(placeholder);
                i += form.len();
                rest_start = i;
            } else {
                i += tail.chars().next().map_or(1, char::len_utf8);
            }
        }
        out.push_str(text.get(rest_start..).unwrap_or_default());
        out
    }

    /// A copy of the report with every collected value replaced in every text it holds (the message XML, the key
    /// fields, the findings, input names, HAR URLs and the profile's sign-on URL). Message IDs, issuers, audiences,
    /// certificates and times are not personal and stay, unless one of them *is* a collected value.
    pub fn redact_report(&self, report: &Report) -> Report {
        let mut out = report.clone();
        let r = |s: &mut String| *s = self.redact_text(s);
        for message in &mut out.messages {
            r(&mut message.xml);
            r(&mut message.source.input_name);
            r(&mut message.source.location);
            if let Some(entry) = message.source.har_entry.as_mut() {
                r(&mut entry.url);
            }
            if let Some(e) = message.parse_error.as_mut() {
                r(e);
            }
            for (_, value) in &mut message.fields {
                r(value);
            }
        }
        for finding in &mut out.findings {
            r(&mut finding.message);
            for text in [&mut finding.expected, &mut finding.actual, &mut finding.location].into_iter().flatten() {
                r(text);
            }
            r(&mut finding.fix);
        }
        if let Some(url) = out.profile.sign_on_url.as_mut() {
            r(url);
        }
        out
    }

    fn add_xml_value(&mut self, what: Capture, raw: &str) {
        let value = unescape_xml(raw);
        let kind = match what {
            Capture::NameId => PersonalKind::NameId,
            // An e-mail claim whose value is an address is filed as one by `add`; anything else in it is a name.
            Capture::Claim(ClaimClass::Email | ClaimClass::Name) => PersonalKind::Name,
            Capture::Claim(ClaimClass::Phone) => PersonalKind::Phone,
            Capture::Claim(ClaimClass::ObjectId) => PersonalKind::ObjectId,
        };
        self.add(kind, &value);
        self.add_form(&value, raw);
    }

    /// Makes `form` (another way `value` is written) map to `value`'s placeholder.
    fn add_form(&mut self, value: &str, form: &str) {
        let key = value.trim();
        if let Some(placeholder) = self.forms.iter().find(|(f, _)| f == key).map(|(_, p)| p.clone()) {
            self.insert_form(form.trim().to_owned(), &placeholder);
        }
    }

    fn insert_form(&mut self, form: String, placeholder: &str) {
        if form.chars().count() < MIN_PERSONAL_VALUE_CHARS || self.forms.iter().any(|(f, _)| *f == form) {
            return;
        }
        let at = self.forms.partition_point(|(f, _)| f.len() >= form.len());
        self.forms.insert(at, (form, placeholder.to_owned()));
    }
}

/// What is being captured in the XML.
#[derive(Debug, Clone, Copy)]
enum Capture {
    NameId,
    Claim(ClaimClass),
}

/// The personal claims, by what their values are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ClaimClass {
    Email,
    Phone,
    Name,
    ObjectId,
}

/// Whether a claim (by `Name` or `FriendlyName`, e.g. `Email`, `Phone number`,
/// `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname`) holds personal data, and which kind.
/// Claims that describe the tenant or the sign-in (tenant id, identity provider, authentication methods, groups,
/// roles) are not personal and are kept.
fn claim_class(name: &str) -> Option<ClaimClass> {
    let last = name.trim().rsplit(['/', ':', '#']).next().unwrap_or_default();
    let key: String = last.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect();
    if key.contains("mail") || key == "upn" || key == "userprincipalname" {
        return Some(ClaimClass::Email);
    }
    if key.contains("phone") || key.contains("mobile") || key == "fax" || key == "facsimiletelephonenumber" {
        return Some(ClaimClass::Phone);
    }
    match key.as_str() {
        "objectidentifier"
        | "objectid"
        | "oid"
        | "objectguid"
        | "immutableid"
        | "employeeid"
        | "employeenumber"
        | "onpremisessecurityidentifier"
        | "sid"
        | "puid"
        | "nameidentifier" => Some(ClaimClass::ObjectId),
        "name"
        | "givenname"
        | "surname"
        | "displayname"
        | "firstname"
        | "lastname"
        | "fullname"
        | "middlename"
        | "nickname"
        | "username"
        | "windowsaccountname"
        | "samaccountname"
        | "onpremisessamaccountname"
        | "uid"
        | "cn"
        | "commonname"
        | "sn"
        | "gn" => Some(ClaimClass::Name),
        _ => None,
    }
}

/// The identity of a value: e-mail addresses compare without case, phone numbers by their digits.
fn identity(kind: PersonalKind, value: &str) -> String {
    match kind {
        PersonalKind::Email => format!("email:{}", value.to_lowercase()),
        PersonalKind::Phone => format!("phone:{}", value.chars().filter(char::is_ascii_digit).collect::<String>()),
        PersonalKind::ObjectId => format!("value:{}", value.to_lowercase()),
        PersonalKind::GuestUpn => format!("guest:{}", value.to_lowercase()),
        PersonalKind::Name | PersonalKind::NameId => format!("value:{value}"),
    }
}

/// The ways a value is written in XML or text: as is, and XML-escaped (with and without quote escapes).
fn written_forms(value: &str) -> Vec<String> {
    let mut forms = vec![value.to_owned()];
    let basic = value.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let quotes = basic.replace('"', "&quot;").replace('\'', "&apos;");
    for form in [basic, quotes] {
        if !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

/// Whether a match of `form` at byte `start` of `text` is a whole token: a form that begins (ends) with a word
/// character must not be preceded (followed) by one.
fn at_word_edges(text: &str, start: usize, form: &str) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(start + form.len()..).and_then(|s| s.chars().next());
    let starts_word = form.chars().next().is_some_and(is_word_char);
    let ends_word = form.chars().next_back().is_some_and(is_word_char);
    let glued_before = starts_word && before.is_some_and(is_word_char);
    let glued_after = ends_word && after.is_some_and(is_word_char);
    !glued_before && !glued_after
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Resolves the five predefined XML entities and character references; anything else stays as written.
fn unescape_xml(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(rest.get(..amp).unwrap_or_default());
        let after = rest.get(amp + 1..).unwrap_or_default();
        let name = after.find(';').and_then(|semi| after.get(..semi));
        let resolved = name.and_then(|n| match n {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => {
                let code = n.strip_prefix("#x").map_or_else(
                    || n.strip_prefix('#').and_then(|d| d.parse::<u32>().ok()),
                    |h| u32::from_str_radix(h, 16).ok(),
                );
                code.and_then(char::from_u32)
            }
        });
        if let (Some(n), Some(c)) = (name, resolved) {
            out.push(c);
            rest = after.get(n.len() + 1..).unwrap_or_default();
        } else {
            out.push('&');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// The `n`-th (0-based) case variant of a placeholder: its letters upper-cased where the bits of `n` say (the 0-th is
/// the placeholder itself). Distinct spellings of one value get distinct variants that are equal ignoring case.
fn case_variant(placeholder: &str, n: usize) -> String {
    let mut bit = 0;
    placeholder
        .chars()
        .map(|c| {
            if !c.is_ascii_lowercase() {
                return c;
            }
            let upper = bit < usize::BITS && (n >> bit) & 1 == 1;
            bit += 1;
            if upper {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

/// Whether `s` as a whole is a guest's user principal name (`…#EXT#@domain.tld`).
fn is_guest_upn(s: &str) -> bool {
    find_guest_upns(s).first().is_some_and(|u| *u == s.trim())
}

/// Guests' user principal names in a text: `local#EXT#@domain.tld`, the local part made of e-mail characters
/// (`jane.doe_acme.example`), the domain dotted.
fn find_guest_upns(text: &str) -> Vec<&str> {
    const MARK: &str = "#EXT#@";
    let bytes = text.as_bytes();
    let is_local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-' | b'\'');
    let is_domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let mut found = Vec::new();
    for (at, _) in text.match_indices(MARK) {
        let mut start = at;
        while start > 0 && bytes.get(start - 1).copied().is_some_and(is_local) {
            start -= 1;
        }
        let domain_start = at + MARK.len();
        let mut end = domain_start;
        while bytes.get(end).copied().is_some_and(is_domain) {
            end += 1;
        }
        while end > domain_start && bytes.get(end - 1).is_some_and(|b| matches!(b, b'.' | b'-')) {
            end -= 1;
        }
        let dotted = text.get(domain_start..end).is_some_and(|d| d.split('.').count() >= 2 && !d.contains(".."));
        if start < at && dotted {
            if let Some(upn) = text.get(start..end) {
                found.push(upn);
            }
        }
    }
    found
}

/// Whether `s` as a whole is an e-mail address.
fn is_email(s: &str) -> bool {
    find_emails(s).first().is_some_and(|e| *e == s.trim())
}

/// E-mail addresses in a text: `local@domain.tld` with the usual characters, a dotted domain and an alphabetic
/// top-level label of two letters or more.
fn find_emails(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let is_local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-' | b'\'');
    let is_domain = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-');
    let mut found = Vec::new();
    for (at, _) in text.match_indices('@') {
        let mut start = at;
        while start > 0 && bytes.get(start - 1).copied().is_some_and(is_local) {
            start -= 1;
        }
        while bytes.get(start).is_some_and(|b| matches!(b, b'.' | b'\'' | b'+' | b'-')) && start < at {
            start += 1;
        }
        let mut end = at + 1;
        while bytes.get(end).copied().is_some_and(is_domain) {
            end += 1;
        }
        while end > at + 1 && bytes.get(end - 1).is_some_and(|b| matches!(b, b'.' | b'-')) {
            end -= 1;
        }
        let (Some(local), Some(domain)) = (text.get(start..at), text.get(at + 1..end)) else { continue };
        let labels: Vec<&str> = domain.split('.').collect();
        let tld_ok = labels.last().is_some_and(|t| t.len() >= 2 && t.chars().all(|c| c.is_ascii_alphabetic()));
        if !local.is_empty() && labels.len() >= 2 && labels.iter().all(|l| !l.is_empty()) && tld_ok {
            if let Some(email) = text.get(start..end) {
                found.push(email);
            }
        }
    }
    found
}

/// Phone numbers written internationally (`+` then 8 to 15 digits, with spaces, dashes, dots or parentheses
/// between). The `+` must not follow a letter, digit or base64 character, and the number must not run into a
/// letter, so base64 text and time-zone offsets are never taken for phones. Numbers without `+` are only found
/// as values of phone claims.
fn find_phones(text: &str) -> Vec<&str> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    for (plus, _) in text.match_indices('+') {
        let before = plus.checked_sub(1).and_then(|i| bytes.get(i).copied());
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'%')) {
            continue;
        }
        if !bytes.get(plus + 1).is_some_and(u8::is_ascii_digit) {
            continue;
        }
        let mut end = plus + 1;
        let mut last_digit_end = end;
        let mut digits = 0;
        let mut separators_in_a_row = 0;
        while let Some(&b) = bytes.get(end) {
            if b.is_ascii_digit() {
                digits += 1;
                separators_in_a_row = 0;
                last_digit_end = end + 1;
            } else if matches!(b, b' ' | b'-' | b'.' | b'(' | b')') && separators_in_a_row < 2 {
                separators_in_a_row += 1;
            } else {
                break;
            }
            end += 1;
        }
        let next = bytes.get(last_digit_end).copied();
        let runs_on = next.is_some_and(|b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'=' | b'+'));
        if (8..=15).contains(&digits) && !runs_on {
            if let Some(phone) = text.get(plus..last_digit_end) {
                found.push(phone);
            }
        }
    }
    found
}

/// The values of `mail=` query parameters (`?mail=…` or `&mail=…`, also `&amp;mail=…` in XML), as written.
fn mail_query_values(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (at, key) in text.match_indices("mail=") {
        let before = at.checked_sub(1).and_then(|i| text.as_bytes().get(i).copied());
        if !matches!(before, Some(b'?' | b'&' | b';')) {
            continue;
        }
        let start = at + key.len();
        let rest = text.get(start..).unwrap_or_default();
        let len = rest.find(|c: char| matches!(c, '&' | '"' | '\'' | '<' | '>' | '#') || c.is_whitespace());
        let value = rest.get(..len.unwrap_or(rest.len())).unwrap_or_default();
        if !value.is_empty() {
            found.push(value);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESPONSE: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1">
  <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_a1">
    <saml:Issuer>https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/</saml:Issuer>
    <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">Jane.Doe@acme.example</saml:NameID></saml:Subject>
    <saml:Conditions><saml:AudienceRestriction><saml:Audience>urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E</saml:Audience></saml:AudienceRestriction></saml:Conditions>
    <saml:AttributeStatement>
      <saml:Attribute Name="http://schemas.microsoft.com/identity/claims/tenantid"><saml:AttributeValue>72f988bf-86f1-41af-91ab-2d7cd011db47</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="http://schemas.microsoft.com/identity/claims/objectidentifier"><saml:AttributeValue>0b5a6f1e-1111-2222-3333-444455556666</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"><saml:AttributeValue>Jane</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname"><saml:AttributeValue>O&apos;Brien</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="Email"><saml:AttributeValue>jane.doe@acme.example</saml:AttributeValue></saml:Attribute>
      <saml:Attribute Name="Phone number"><saml:AttributeValue>(425) 555-0100</saml:AttributeValue></saml:Attribute>
    </saml:AttributeStatement>
    <ds:X509Certificate xmlns:ds="http://www.w3.org/2000/09/xmldsig#">MIIC8DCCAdigAwIBAgIQJane9Doe+1234567890/x</ds:X509Certificate>
  </saml:Assertion>
</samlp:Response>"#;

    fn redactor() -> Redactor {
        let mut r = Redactor::new();
        r.collect_xml(RESPONSE);
        r.collect_text(RESPONSE);
        r
    }

    #[test]
    fn replaces_name_id_and_personal_claims_consistently() {
        let out = redactor().redact_text(RESPONSE);
        // NameID and Email claim differ only in case: one person, placeholders that differ only in case.
        assert_eq!(out.matches("User1@redacted.example").count(), 1, "{out}");
        assert_eq!(out.matches("user1@redacted.example").count(), 1, "{out}");
        assert!(!out.to_lowercase().contains("jane.doe"), "{out}");
        assert!(out.contains(">objectid-1<"), "{out}");
        assert!(out.contains(">name-1<") && out.contains(">name-2<"), "{out}");
        assert!(!out.contains("Brien"), "{out}");
        assert!(out.contains(">+10000000001<"), "{out}");
    }

    #[test]
    fn keeps_issuers_audiences_tenant_and_certificates() {
        let out = redactor().redact_text(RESPONSE);
        assert!(out.contains("https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/"));
        assert!(out.contains("urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E"));
        assert!(out.contains(">72f988bf-86f1-41af-91ab-2d7cd011db47<"), "tenant id claim is not personal");
        // `Jane` and a `+`-number sit inside the base64, which is one token: only whole words are replaced.
        assert!(out.contains(">MIIC8DCCAdigAwIBAgIQJane9Doe+1234567890/x<"), "{out}");
    }

    #[test]
    fn the_same_value_gets_the_same_placeholder_across_texts() {
        let r = redactor();
        assert_eq!(r.redact_text("JANE.DOE@acme.example"), "JANE.DOE@acme.example", "forms are exact");
        assert_eq!(r.redact_text("jane.doe@acme.example wrote"), "user1@redacted.example wrote");
        assert_eq!(r.redact_text("Janet and Jane"), "Janet and name-1");
        assert_eq!(r.placeholder("O'Brien"), Some("name-2"));
        assert_eq!(r.len(), 5, "email, objectid, two names, phone");
    }

    #[test]
    fn finds_emails_phones_and_mail_query_values_in_free_text() {
        let mut r = Redactor::new();
        let text =
            "Sign on at https://acme.numly.io/registration?mail=bob%40acme.example then mail ann@corp.example.\n\
                    Call +44 20 7946 0958 or +1-425-555-0199; at 2024-05-01T12:00:00+02:00 base64 ab+12345678901cd";
        r.collect_text(text);
        let out = r.redact_text(text);
        assert!(out.contains("registration?mail=user1%40redacted.example"), "{out}");
        assert!(out.contains("mail user2@redacted.example."), "{out}");
        assert!(out.contains("Call +10000000001 or +10000000002;"), "{out}");
        assert!(out.contains("+02:00") && out.contains("ab+12345678901cd"), "{out}");
        assert_eq!(r.redact_text("bob@acme.example"), "user1@redacted.example");
    }

    #[test]
    fn a_non_email_mail_value_and_name_id_become_identifiers() {
        let mut r = Redactor::new();
        r.collect_text("https://acme.numly.io/registration?mail=EMP-0042");
        r.collect_xml("<NameID>AAAAAAAAAAAAAAAAAAAAAEXj9Qk</NameID>");
        assert_eq!(r.redact_text("mail=EMP-0042 AAAAAAAAAAAAAAAAAAAAAEXj9Qk"), "mail=nameid-1 nameid-2");
    }

    #[test]
    fn truncated_xml_still_yields_its_values() {
        let mut r = Redactor::new();
        r.collect_xml("<Response><Assertion><Subject><NameID>jdoe</NameID></Subject><AttributeStatement><Attr");
        assert_eq!(r.redact_text("jdoe"), "nameid-1");
    }

    #[test]
    fn a_report_is_redacted_everywhere() {
        use crate::decode::Input;
        use crate::profile::Profile;
        use crate::time::EvaluationTime;
        let inputs = [Input::text("trace.xml", RESPONSE), Input::text("note.txt", "user jane.doe@acme.example")];
        let report = crate::analyze(&inputs, &Profile::default(), EvaluationTime::at(0));
        let redacted = redact(&report);
        let json = redacted.to_json();
        assert!(!json.to_lowercase().contains("jane.doe"), "{json}");
        assert!(json.contains("user1@redacted.example"));
        assert!(json.contains("urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E"));
        assert_eq!(redacted.findings.len(), report.findings.len());
    }

    #[test]
    fn spellings_that_differ_in_case_keep_differing_only_in_case() {
        let mut r = Redactor::new();
        r.collect_text("jane.doe@acme.example, Jane.Doe@acme.example, JANE.DOE@ACME.EXAMPLE, bob@acme.example");
        let out = r.redact_text("jane.doe@acme.example Jane.Doe@acme.example JANE.DOE@ACME.EXAMPLE bob@acme.example");
        assert_eq!(out, "user1@redacted.example User1@redacted.example uSer1@redacted.example user2@redacted.example");
        let mut capitals_first = Redactor::new();
        capitals_first.collect_text("Jane.Doe@acme.example then jane.doe@acme.example");
        assert_eq!(
            capitals_first.redact_text("Jane.Doe@acme.example then jane.doe@acme.example"),
            "User1@redacted.example then user1@redacted.example"
        );
        assert_eq!(r.len(), 2, "one person is one identity");
        assert_eq!(r.redact_text("Jane.Doe%40acme.example"), "User1%40redacted.example");
        assert_eq!(case_variant("objectid-1", 0), "objectid-1");
        assert_eq!(case_variant("objectid-1", 5), "ObJectid-1");
    }

    #[test]
    fn a_guest_upn_keeps_its_shape_in_claims_and_in_free_text() {
        let upn = "jane.doe_acme.example#EXT#@contoso.onmicrosoft.com";
        let mut r = Redactor::new();
        r.collect_xml(&format!(
            "<Response><Assertion><AttributeStatement><Attribute Name=\"Email\"><AttributeValue>{upn}\
             </AttributeValue></Attribute></AttributeStatement></Assertion></Response>"
        ));
        let placeholder = "guest1_redacted.example#EXT#@redacted.onmicrosoft.com";
        assert_eq!(r.redact_text(upn), placeholder);
        let mut text_only = Redactor::new();
        let page = format!("AADSTS50034: The user account {upn} does not exist in the tenant.");
        text_only.collect_text(&page);
        assert_eq!(
            text_only.redact_text(&page),
            format!("AADSTS50034: The user account {placeholder} does not exist in the tenant.")
        );
        assert_eq!(
            text_only.redact_text(&upn.replace('#', "%23").replace('@', "%40")),
            placeholder.replace('#', "%23").replace('@', "%40")
        );
        assert!(find_guest_upns("#EXT#@x.y a#EXT#@nodot b#EXT#@").is_empty());
    }

    #[test]
    fn scanners_never_panic_on_odd_text() {
        let mut r = Redactor::new();
        for text in
            ["@", "a@", "@b.c", "+", "+1", "mail=", "?mail=&", "é@é.éé", "x@y.z", "&", "&#xZZ;", "&#1114112;", "#EXT#@"]
        {
            r.collect_text(text);
            r.collect_xml(text);
            let _ = r.redact_text(text);
        }
        assert!(r.is_empty(), "none of these is a personal value");
        assert_eq!(unescape_xml("a&amp;b&#65;&#x42;&bogus;&"), "a&bAB&bogus;&");
    }
}
