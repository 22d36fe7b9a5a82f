//! The expected configuration of the integration. The built-in default is NumlyEngage (Amazon Cognito as the SAML
//! service provider) with Microsoft Entra ID as the IdP; every key is optional and an unset key falls back to the
//! pattern NumlyEngage's setup always follows.
//!
//! ```toml
//! tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47"
//! identifier = "urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E"
//! reply_url = "https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"
//! sign_on_url = "https://acme.numly.io/registration?mail=jane@acme.example"
//! certificate_thumbprints = ["3A5B…"]
//! required_claims = ["Email", "Phone number"]
//! clock_skew_seconds = 300
//! ```

use serde::{Deserialize, Serialize};

/// Default clock skew tolerated on time conditions.
pub const DEFAULT_CLOCK_SKEW_SECONDS: i64 = 300;

/// The claim names NumlyEngage requires by default.
pub const DEFAULT_REQUIRED_CLAIMS: [&str; 2] = ["Email", "Phone number"];

/// The expected configuration. `None` means "use NumlyEngage's pattern".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Entra tenant id (GUID): the issuer must be `https://sts.windows.net/<tenant_id>/`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_id: Option<String>,
    /// The SP entity id (`urn:amazon:cognito:sp:<user-pool-id>`): AuthnRequest Issuer = Audience = Entra "Identifier".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// The ACS URL (`https://<domain>.auth.<region>.amazoncognito.com/saml2/idpresponse`) = Entra "Reply URL".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_url: Option<String>,
    /// NumlyEngage's sign-on URL (`https://<sub>.numly.io/registration?mail=<id>`) = Entra "Sign on URL".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sign_on_url: Option<String>,
    /// Expected signing-certificate thumbprints (SHA-1 or SHA-256 hex; any case; colons optional).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificate_thumbprints: Vec<String>,
    /// Claim names that must be present (default `Email`, `Phone number`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required_claims: Option<Vec<String>>,
    /// Clock skew tolerated on time conditions, in seconds (default 300).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub clock_skew_seconds: Option<i64>,
}

/// A problem with a profile: which key, what was found, what was expected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileError {
    /// The key (empty when the whole file is at fault).
    pub key: String,
    /// What is wrong, in words.
    pub message: String,
}

impl std::fmt::Display for ProfileError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.key.is_empty() {
            write!(f, "profile: {}", self.message)
        } else {
            write!(f, "profile key '{}': {}", self.key, self.message)
        }
    }
}

impl std::error::Error for ProfileError {}

/// The 1-based line and column (in characters) of a byte offset of `text`.
fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before.get(line_start..).unwrap_or_default().chars().count() + 1)
}

impl Profile {
    /// The built-in NumlyEngage profile: every value from its pattern.
    pub fn numly_default() -> Self {
        Profile::default()
    }

    /// Parses a TOML profile and checks every value. Unknown keys and bad values are errors naming the key.
    pub fn from_toml(text: &str) -> Result<Self, Vec<ProfileError>> {
        let profile: Profile = toml::from_str(text).map_err(|e| {
            let msg = e.message().trim().to_owned();
            let key = msg.split('`').nth(1).filter(|_| msg.starts_with("unknown field")).unwrap_or_default().to_owned();
            let mut message = msg.replace('`', "'").replace('\n', "; ");
            if let Some(start) = e.span().map(|span| span.start) {
                let (line, column) = line_and_column(text, start);
                message = format!("{message} (line {line}, column {column})");
            }
            vec![ProfileError { key, message }]
        })?;
        let errors = profile.validate();
        if errors.is_empty() {
            Ok(profile)
        } else {
            Err(errors)
        }
    }

    /// Checks the values of a profile (also for one built in the web app's editor).
    pub fn validate(&self) -> Vec<ProfileError> {
        let mut errors = Vec::new();
        let mut bad = |key: &str, message: String| errors.push(ProfileError { key: key.to_owned(), message });
        if let Some(t) = &self.tenant_id {
            if !is_guid(t) {
                bad("tenant_id", format!("'{t}' is not a GUID (expected e.g. 72f988bf-86f1-41af-91ab-2d7cd011db47, Entra → Overview → Tenant ID)"));
            }
        }
        if let Some(i) = &self.identifier {
            if !is_cognito_identifier(i) {
                bad("identifier", format!("'{i}' does not look like urn:amazon:cognito:sp:<region>_<id> (e.g. urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E)"));
            }
        }
        if let Some(u) = &self.reply_url {
            if !u.starts_with("https://") || !u.ends_with("/saml2/idpresponse") {
                bad("reply_url", format!("'{u}' must be an https URL ending in /saml2/idpresponse (e.g. https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse)"));
            }
        }
        if let Some(u) = &self.sign_on_url {
            if !u.starts_with("https://") {
                bad(
                    "sign_on_url",
                    format!(
                        "'{u}' must be an https URL (e.g. https://acme.numly.io/registration?mail=jane@acme.example)"
                    ),
                );
            }
        }
        for t in &self.certificate_thumbprints {
            if normalize_thumbprint(t).is_none() {
                bad(
                    "certificate_thumbprints",
                    format!("'{t}' is not a SHA-1 (40 hex digits) or SHA-256 (64 hex digits) thumbprint"),
                );
            }
        }
        if let Some(s) = self.clock_skew_seconds {
            if !(0..=3600).contains(&s) {
                bad("clock_skew_seconds", format!("{s} is outside 0..=3600"));
            }
        }
        if let Some(c) = &self.required_claims {
            if c.iter().any(|n| n.trim().is_empty()) {
                bad("required_claims", "claim names must not be empty".to_owned());
            }
        }
        errors
    }

    /// The clock skew in force.
    pub fn clock_skew(&self) -> i64 {
        self.clock_skew_seconds.unwrap_or(DEFAULT_CLOCK_SKEW_SECONDS)
    }

    /// The claim names required.
    pub fn required_claims(&self) -> Vec<String> {
        self.required_claims
            .clone()
            .unwrap_or_else(|| DEFAULT_REQUIRED_CLAIMS.iter().map(|s| (*s).to_owned()).collect())
    }

    /// The expected Entra issuer, when the tenant is known.
    pub fn expected_issuer(&self) -> Option<String> {
        self.tenant_id.as_ref().map(|t| format!("https://sts.windows.net/{}/", t.to_ascii_lowercase()))
    }

    /// The expected Entra SAML endpoint, when the tenant is known.
    pub fn expected_idp_endpoint(&self) -> Option<String> {
        self.tenant_id.as_ref().map(|t| format!("https://login.microsoftonline.com/{}/saml2", t.to_ascii_lowercase()))
    }

    /// The expected thumbprints as bytes (invalid entries skipped; `validate` reports them).
    pub fn thumbprints(&self) -> Vec<Vec<u8>> {
        self.certificate_thumbprints.iter().filter_map(|t| normalize_thumbprint(t)).collect()
    }
}

/// Whether `s` is a GUID (8-4-4-4-12 hex digits).
pub fn is_guid(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() == 5
        && parts.iter().zip([8, 4, 4, 4, 12]).all(|(p, n)| p.len() == n && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Whether `s` is `urn:amazon:cognito:sp:<pool id>` with a Cognito pool id `<region>_<id>`.
pub fn is_cognito_identifier(s: &str) -> bool {
    s.strip_prefix("urn:amazon:cognito:sp:").is_some_and(is_user_pool_id)
}

/// Whether `s` is a Cognito user-pool id: `[\w-]+_[0-9a-zA-Z]+`.
pub fn is_user_pool_id(s: &str) -> bool {
    match s.rsplit_once('_') {
        Some((region, id)) => {
            !region.is_empty()
                && region.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                && !id.is_empty()
                && id.chars().all(|c| c.is_ascii_alphanumeric())
        }
        None => false,
    }
}

/// The region part of a Cognito user-pool id (`eu-west-1` of `eu-west-1_Ab12Cd34E`).
pub fn user_pool_region(pool_id: &str) -> Option<&str> {
    pool_id.rsplit_once('_').map(|(r, _)| r)
}

/// A thumbprint written with any case, colons or spaces, as bytes (20 or 32 of them).
pub fn normalize_thumbprint(s: &str) -> Option<Vec<u8>> {
    let hex: String = s.chars().filter(|c| !matches!(c, ':' | ' ' | '-')).collect();
    if !(hex.len() == 40 || hex.len() == 64) || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    (0..hex.len()).step_by(2).map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_profile() {
        let p = Profile::from_toml(
            r#"tenant_id = "72F988BF-86F1-41AF-91AB-2D7CD011DB47"
identifier = "urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E"
reply_url = "https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"
certificate_thumbprints = ["aa:bb:cc:dd:ee:ff:00:11:22:33:44:55:66:77:88:99:aa:bb:cc:dd"]
clock_skew_seconds = 60"#,
        )
        .unwrap();
        assert_eq!(p.expected_issuer().unwrap(), "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/");
        assert_eq!(p.clock_skew(), 60);
        assert_eq!(p.thumbprints()[0].len(), 20);
        assert_eq!(p.required_claims(), vec!["Email", "Phone number"]);
    }

    #[test]
    fn names_the_bad_key() {
        let e = Profile::from_toml("tenant = \"x\"").unwrap_err();
        assert_eq!(e[0].key, "tenant");
        let e = Profile::from_toml("tenant_id = \"nope\"\nreply_url = \"http://x\"").unwrap_err();
        let keys: Vec<_> = e.iter().map(|e| e.key.as_str()).collect();
        assert_eq!(keys, vec!["tenant_id", "reply_url"]);
        let e = Profile::from_toml("tenant_id = \"abc\"\nidentifier = \n").unwrap_err();
        assert!(e[0].message.ends_with(" (line 2, column 14)"), "{}", e[0].message);
        assert!(!e[0].message.contains('\n'), "{}", e[0].message);
        let e = Profile::from_toml("clock_skew_seconds = \"five\"").unwrap_err();
        assert!(e[0].message.contains("invalid type"), "{}", e[0].message);
    }

    #[test]
    fn cognito_patterns() {
        assert!(is_cognito_identifier("urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E"));
        assert!(!is_cognito_identifier("urn:amazon:cognito:sp:"));
        assert!(!is_cognito_identifier("https://acme.numly.io"));
        assert_eq!(user_pool_region("us-east-1_abc"), Some("us-east-1"));
    }
}
