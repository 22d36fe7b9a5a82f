//! `claims.*`: the attributes (claims) NumlyEngage needs from Entra: by default `Email` ← user.mail and
//! `Phone number` ← user.telephonenumber, or the profile's `required_claims`.
//!
//! Each required claim of each assertion is in one `ClaimState`, and exactly one rule reports a state that is not
//! `Present`: `claims.unexpected-name` when the value arrives under another name, else `claims.email-missing`,
//! `claims.phone-missing` or `claims.required-missing` by the kind of claim.

mod email_invalid;
mod email_missing;
mod phone_missing;
mod required_missing;
mod unexpected_name;

use super::Rule;
use crate::analysis::Analysis;
use crate::saml::SamlAttribute;
use crate::trace::AssertionRef;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[
    &email_missing::EmailMissing,
    &email_invalid::EmailInvalid,
    &phone_missing::PhoneMissing,
    &required_missing::RequiredMissing,
    &unexpected_name::UnexpectedName,
];

/// `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress`, Entra's default e-mail claim.
pub(crate) const EMAILADDRESS_URI: &str = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

/// What a required claim holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClaimKind {
    /// An e-mail address (`Email`).
    Email,
    /// A phone number (`Phone number`).
    Phone,
    /// Anything else the profile requires.
    Other,
}

/// Where a required claim stands in one assertion.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ClaimState<'a> {
    /// Present under its name with a value.
    Present(&'a SamlAttribute),
    /// Present under its name, but every value is empty.
    Empty(&'a SamlAttribute),
    /// Absent, but its value arrives under another name.
    Elsewhere(&'a SamlAttribute),
    /// Absent.
    Missing,
}

/// One required claim of one assertion.
#[derive(Debug, Clone)]
pub(crate) struct RequiredClaim<'a> {
    /// The required name.
    pub name: String,
    /// Its kind.
    pub kind: ClaimKind,
    /// Where it stands.
    pub state: ClaimState<'a>,
}

pub(crate) use crate::rules::assertion::checked_assertions;

/// The state of every required claim in an assertion.
pub(crate) fn required_claims<'a>(analysis: &Analysis, a: &AssertionRef<'a>) -> Vec<RequiredClaim<'a>> {
    let attributes = &a.assertion.attributes;
    analysis
        .profile
        .required_claims()
        .into_iter()
        .map(|name| {
            let kind = kind_of(&name);
            let exact = attributes.iter().find(|at| at.name == name);
            let state = match exact {
                Some(at) if has_value(at) => ClaimState::Present(at),
                Some(at) => ClaimState::Empty(at),
                None => elsewhere(attributes, &name, kind).map_or(ClaimState::Missing, ClaimState::Elsewhere),
            };
            RequiredClaim { name, kind, state }
        })
        .collect()
}

/// The kind of a required claim, from its name.
pub(crate) fn kind_of(name: &str) -> ClaimKind {
    let n = normalize(name);
    if n.contains("mail") {
        ClaimKind::Email
    } else if n.contains("phone") || n.contains("mobile") {
        ClaimKind::Phone
    } else {
        ClaimKind::Other
    }
}

/// The first non-empty value.
pub(crate) fn first_value(attribute: &SamlAttribute) -> Option<&str> {
    attribute.values.iter().map(|v| v.trim()).find(|v| !v.is_empty())
}

/// The Entra source attribute that usually feeds a kind of claim.
pub(crate) fn usual_source(kind: ClaimKind) -> &'static str {
    match kind {
        ClaimKind::Email => "user.mail",
        ClaimKind::Phone => "user.telephonenumber",
        ClaimKind::Other => "the user attribute NumlyEngage support named",
    }
}

fn has_value(attribute: &SamlAttribute) -> bool {
    first_value(attribute).is_some()
}

/// The claim that carries the required one under another name: the same name in another namespace or case first
/// (`http://schemas.xmlsoap.org/ws/2005/05/identity/claims/Email`, `email`), then a usual synonym (`emailaddress`,
/// `mail`, `telephonenumber`, `mobilephone` …).
fn elsewhere<'a>(attributes: &'a [SamlAttribute], required: &str, kind: ClaimKind) -> Option<&'a SamlAttribute> {
    let wanted = normalize(required);
    let candidates = attributes.iter().filter(|at| at.name != required && has_value(at));
    let same_name = candidates.clone().find(|at| normalize(&at.name) == wanted);
    same_name.or_else(|| {
        let synonyms: &[&str] = match kind {
            ClaimKind::Email => &["email", "emailaddress", "mail", "emails"],
            ClaimKind::Phone => &["phonenumber", "phone", "telephonenumber", "telephone", "mobilephone", "mobile"],
            ClaimKind::Other => &[],
        };
        let mut found = candidates.filter(|at| synonyms.contains(&normalize(&at.name).as_str()));
        found.next()
    })
}

/// A claim name reduced for comparison: the part after the last `/`, lowercase, without spaces, `_` or `-`.
fn normalize(name: &str) -> String {
    let last = name.trim().trim_end_matches('/').rsplit('/').next().unwrap_or(name);
    last.chars().filter(|c| !matches!(c, ' ' | '_' | '-')).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_and_names() {
        assert_eq!(kind_of("Email"), ClaimKind::Email);
        assert_eq!(kind_of("Phone number"), ClaimKind::Phone);
        assert_eq!(kind_of("Department"), ClaimKind::Other);
        assert_eq!(normalize("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/Phone Number"), "phonenumber");
        assert_eq!(normalize(EMAILADDRESS_URI), "emailaddress");
    }
}
