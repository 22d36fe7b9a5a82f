//! What a value is expected to be: the profile's exact value when it sets one, else NumlyEngage's pattern, and the
//! comparisons the rules share (exact, with the kind of difference said in words).
//!
//! The patterns, when a profile key is unset:
//!
//! | value | pattern |
//! | --- | --- |
//! | Identifier (SP entity id) | `urn:amazon:cognito:sp:<region>_<id>` |
//! | Reply URL (ACS URL) | `https://<prefix>.auth.<region>.amazoncognito.com/saml2/idpresponse` (region = the user pool's region) or `https://<custom domain>/saml2/idpresponse` |
//! | Entra issuer | `https://sts.windows.net/<tenant GUID>/` (lowercase, with the trailing slash) |
//! | Entra SAML endpoint | `https://login.microsoftonline.com/<tenant>/saml2` |
//! | Sign on URL | `https://<subdomain>.numly.io/registration?mail=<custom identifier>` |
//!
//! Entity ids and URLs compare exactly (SAML Core §8.3.6 and §1.3.2: URI references compare character by character),
//! so a difference in letter case is a real difference; the message says so, because it is the easiest one to miss.

use crate::analysis::Analysis;
use crate::profile::{is_guid, is_user_pool_id, user_pool_region, Profile};
use crate::saml::AuthnRequest;

/// The Cognito entity-id prefix.
pub(crate) const COGNITO_URN_PREFIX: &str = "urn:amazon:cognito:sp:";
/// The path of Cognito's SAML Assertion Consumer Service.
pub(crate) const COGNITO_ACS_PATH: &str = "/saml2/idpresponse";
/// `ProtocolBinding` of the HTTP-POST binding, the only one Entra uses to return a Response.
pub(crate) const BINDING_HTTP_POST: &str = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/// Hosts of Entra's sign-in service (global cloud, US Government, China operated by 21Vianet).
const ENTRA_LOGIN_HOSTS: [&str; 4] = [
    "login.microsoftonline.com",
    "login.microsoftonline.us",
    "login.partner.microsoftonline.cn",
    "login.chinacloudapi.cn",
];

/// An expected value and where it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expected {
    /// The value (exact), or a pattern description such as `urn:amazon:cognito:sp:<region>_<id>`.
    pub value: String,
    /// Where it comes from, in words: `the profile's identifier`, `the AuthnRequest's Issuer` …
    pub origin: String,
    /// Whether `value` is a pattern rather than an exact value.
    pub is_pattern: bool,
}

impl Expected {
    /// An exact value.
    pub fn exact(value: impl Into<String>, origin: impl Into<String>) -> Self {
        Expected { value: value.into(), origin: origin.into(), is_pattern: false }
    }

    /// A pattern.
    pub fn pattern(value: impl Into<String>) -> Self {
        Expected { value: value.into(), origin: "NumlyEngage's pattern".to_owned(), is_pattern: true }
    }
}

/// A value that does not meet its expectation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Mismatch {
    /// What was expected.
    pub expected: Expected,
    /// What is wrong, in words (`differs only in letter case`, `the trailing slash is missing`, `region …`), or empty.
    pub detail: String,
}

impl Mismatch {
    /// Adds a remark to the detail (`…; the assertion's Recipient is the same`).
    pub fn add_detail(&mut self, remark: &str) {
        if !self.detail.is_empty() {
            self.detail.push_str("; ");
        }
        self.detail.push_str(remark);
    }

    /// `expected 'X' (the profile's identifier; differs only in letter case)`.
    pub fn describe(&self) -> String {
        let what = if self.expected.is_pattern { "expected the pattern" } else { "expected" };
        if self.detail.is_empty() {
            format!("{what} '{}' ({})", self.expected.value, self.expected.origin)
        } else {
            format!("{what} '{}' ({}; {})", self.expected.value, self.expected.origin, self.detail)
        }
    }
}

/// Compares exactly; on a difference, says what kind it is.
pub(crate) fn compare_exact(actual: &str, expected: &Expected) -> Option<Mismatch> {
    difference(actual, &expected.value).map(|detail| Mismatch { expected: expected.clone(), detail })
}

/// `None` when equal, else the difference in words (empty when there is nothing simpler to say than "different").
pub(crate) fn difference(actual: &str, expected: &str) -> Option<String> {
    if actual == expected {
        return None;
    }
    let detail = if actual.trim() == expected {
        "has spaces or line breaks around it".to_owned()
    } else if actual.eq_ignore_ascii_case(expected) {
        "differs only in letter case, and these values compare exactly".to_owned()
    } else if format!("{actual}/") == expected {
        "the trailing slash is missing".to_owned()
    } else if actual == format!("{expected}/") {
        "it has an extra trailing slash".to_owned()
    } else if actual.trim_end_matches('/').eq_ignore_ascii_case(expected.trim_end_matches('/')) {
        "differs in letter case and in the trailing slash".to_owned()
    } else {
        String::new()
    };
    Some(detail)
}

/// The expected SP identifier (AuthnRequest Issuer, Audience) when there is no other message to compare with.
pub(crate) fn identifier(profile: &Profile) -> Expected {
    match &profile.identifier {
        Some(v) => Expected::exact(v, "the profile's identifier"),
        None => Expected::pattern("urn:amazon:cognito:sp:<region>_<id>"),
    }
}

/// Checks an SP identifier against an expectation (exact, or the Cognito pattern).
pub(crate) fn check_identifier(actual: &str, expected: &Expected) -> Option<Mismatch> {
    if !expected.is_pattern {
        return compare_exact(actual, expected);
    }
    identifier_pattern_problem(actual).map(|detail| Mismatch { expected: expected.clone(), detail })
}

/// Why a value is not `urn:amazon:cognito:sp:<region>_<id>`, or `None` when it is.
pub(crate) fn identifier_pattern_problem(actual: &str) -> Option<String> {
    if let Some(pool) = actual.strip_prefix(COGNITO_URN_PREFIX) {
        if !is_user_pool_id(pool) {
            return Some(format!("'{pool}' is not a Cognito user pool id such as eu-west-1_Ab12Cd34E"));
        }
        return match user_pool_region(pool) {
            Some(region) if !is_aws_region(region) => Some(format!("'{region}' is not an AWS region")),
            _ => None,
        };
    }
    if actual.to_ascii_lowercase().starts_with(COGNITO_URN_PREFIX) {
        return Some("the urn:amazon:cognito:sp: prefix differs in letter case, and entity ids compare exactly".into());
    }
    if actual.trim() != actual {
        return Some("has spaces or line breaks around it".to_owned());
    }
    if actual.contains("amazoncognito.com") {
        return Some("this is a Cognito URL, not the user pool's entity id".to_owned());
    }
    Some("not a Cognito user pool entity id".to_owned())
}

/// The user pool id of a Cognito entity id.
pub(crate) fn pool_id(identifier: &str) -> Option<&str> {
    identifier.strip_prefix(COGNITO_URN_PREFIX).filter(|p| is_user_pool_id(p))
}

/// The expected Reply URL when there is no other message to compare with; `pool_region` is the user pool's region
/// when known (from the profile's identifier or the AuthnRequest's Issuer).
pub(crate) fn reply_url(profile: &Profile) -> Expected {
    match &profile.reply_url {
        Some(v) => Expected::exact(v, "the profile's reply_url"),
        None => Expected::pattern("https://<prefix>.auth.<region>.amazoncognito.com/saml2/idpresponse"),
    }
}

/// Checks a Reply URL (ACS URL, Destination, Recipient) against an expectation.
pub(crate) fn check_reply_url(actual: &str, expected: &Expected, pool_region: Option<&str>) -> Option<Mismatch> {
    if !expected.is_pattern {
        return compare_exact(actual, expected);
    }
    reply_url_pattern_problem(actual, pool_region).map(|detail| Mismatch { expected: expected.clone(), detail })
}

/// Why a URL is not a Cognito Reply URL, or `None` when it is one.
pub(crate) fn reply_url_pattern_problem(actual: &str, pool_region: Option<&str>) -> Option<String> {
    let Some(url) = UrlParts::parse(actual) else {
        return Some("not an absolute URL".to_owned());
    };
    if url.scheme != "https" {
        return Some(format!("the scheme is '{}', Cognito only accepts https", url.scheme));
    }
    if url.path != COGNITO_ACS_PATH {
        if url.path.eq_ignore_ascii_case(COGNITO_ACS_PATH) {
            return Some(format!("the path '{}' differs from /saml2/idpresponse in letter case", url.path));
        }
        return Some(format!("the path is '{}', Cognito's SAML endpoint is /saml2/idpresponse", url.path));
    }
    if url.query.is_some() || url.fragment.is_some() {
        return Some("Cognito's Reply URL has no query string or fragment".to_owned());
    }
    let host = url.host.to_ascii_lowercase();
    if let Some(rest) = host.strip_suffix(".amazoncognito.com") {
        let Some((prefix, region)) = rest.split_once(".auth.") else {
            return Some(format!("'{host}' is not <prefix>.auth.<region>.amazoncognito.com"));
        };
        if prefix.is_empty() || !is_aws_region(region) {
            return Some(format!("'{host}' is not <prefix>.auth.<region>.amazoncognito.com"));
        }
        if let Some(pool) = pool_region {
            if pool != region {
                return Some(format!("the domain is in region {region} but the user pool is in {pool}"));
            }
        }
    }
    None
}

/// The expected Entra issuer when there is no other message to compare with.
pub(crate) fn issuer(profile: &Profile) -> Expected {
    match profile.expected_issuer() {
        Some(v) => Expected::exact(v, "the profile's tenant_id"),
        None => Expected::pattern("https://sts.windows.net/<tenant-id>/"),
    }
}

/// Checks an Entra issuer against an expectation.
pub(crate) fn check_issuer(actual: &str, expected: &Expected) -> Option<Mismatch> {
    if !expected.is_pattern {
        return compare_exact(actual, expected).map(|mut m| {
            if let (Some(a), Some(e)) = (issuer_tenant(actual), issuer_tenant(&m.expected.value)) {
                if !a.eq_ignore_ascii_case(e) && m.detail.is_empty() {
                    m.detail = format!("tenant {a} instead of {e}");
                }
            }
            m
        });
    }
    issuer_pattern_problem(actual).map(|detail| Mismatch { expected: expected.clone(), detail })
}

/// Why a value is not `https://sts.windows.net/<GUID>/`, or `None` when it is.
pub(crate) fn issuer_pattern_problem(actual: &str) -> Option<String> {
    let lower = actual.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("https://sts.windows.net/") {
        let tenant = rest.trim_end_matches('/');
        if !is_guid(tenant) {
            return Some(format!("'{tenant}' is not a tenant id (GUID)"));
        }
        if !rest.ends_with('/') {
            return Some("the trailing slash is missing".to_owned());
        }
        if lower != actual {
            return Some("Entra writes its issuer in lowercase, and issuers compare exactly".to_owned());
        }
        return None;
    }
    if lower.starts_with("https://login.microsoftonline.com/") {
        return Some(
            "this is Entra's OpenID Connect (v2.0) issuer or sign-in URL; SAML tokens are issued by \
             https://sts.windows.net/<tenant-id>/"
                .to_owned(),
        );
    }
    Some("not a Microsoft Entra ID issuer".to_owned())
}

/// The tenant id of an Entra issuer (`https://sts.windows.net/<tenant>/`).
pub(crate) fn issuer_tenant(issuer: &str) -> Option<&str> {
    let rest = issuer.get("https://sts.windows.net/".len()..)?;
    if !issuer.get(.."https://sts.windows.net/".len())?.eq_ignore_ascii_case("https://sts.windows.net/") {
        return None;
    }
    let tenant = rest.trim_end_matches('/');
    is_guid(tenant).then_some(tenant)
}

/// Why a URL is not Entra's SAML endpoint `https://login.microsoftonline.com/<tenant>/saml2` (for the tenant when
/// given), or `None` when it is.
pub(crate) fn idp_endpoint_problem(actual: &str, tenant: Option<&str>) -> Option<String> {
    let Some(url) = UrlParts::parse(actual) else {
        return Some("not an absolute URL".to_owned());
    };
    let host = url.host.to_ascii_lowercase();
    if host == "sts.windows.net" {
        return Some(
            "this is the Microsoft Entra Identifier (issuer), not the Login URL; requests go to \
             https://login.microsoftonline.com/<tenant-id>/saml2"
                .to_owned(),
        );
    }
    if url.scheme != "https" || !ENTRA_LOGIN_HOSTS.contains(&host.as_str()) {
        return Some(format!("'{}://{}' is not Entra's sign-in service", url.scheme, url.host));
    }
    let mut segments = url.path.trim_start_matches('/').split('/');
    let (Some(path_tenant), Some(endpoint), None) = (segments.next(), segments.next(), segments.next()) else {
        return Some(format!("the path '{}' is not /<tenant-id>/saml2", url.path));
    };
    // Entra's routes ignore letter case (unlike the entity ids and Cognito's URLs).
    if !endpoint.eq_ignore_ascii_case("saml2") {
        return Some(format!("the path '{}' is not /<tenant-id>/saml2", url.path));
    }
    if let Some(expected) = tenant {
        // Tenant ids are GUIDs, which compare without regard to case; a verified domain name cannot be checked here.
        if is_guid(path_tenant) && !path_tenant.eq_ignore_ascii_case(expected) {
            return Some(format!("tenant {path_tenant} instead of {expected}"));
        }
    }
    if matches!(path_tenant, "common" | "organizations" | "consumers") {
        return Some(format!("'{path_tenant}' is not a tenant: SAML sign-in needs the tenant id in the URL"));
    }
    None
}

/// The tenant (GUID or domain) of an Entra SAML endpoint URL.
pub(crate) fn idp_endpoint_tenant(url: &str) -> Option<String> {
    let parts = UrlParts::parse(url)?;
    if !ENTRA_LOGIN_HOSTS.contains(&parts.host.to_ascii_lowercase().as_str()) {
        return None;
    }
    let mut segments = parts.path.trim_start_matches('/').split('/');
    let tenant = segments.next()?;
    (segments.next().is_some_and(|e| e.eq_ignore_ascii_case("saml2")) && is_guid(tenant))
        .then(|| tenant.to_ascii_lowercase())
}

/// Why a URL is not NumlyEngage's sign-on URL (`https://<sub>.numly.io/registration?mail=<id>`), or `None`.
pub(crate) fn sign_on_url_problem(actual: &str) -> Option<String> {
    let Some(url) = UrlParts::parse(actual) else {
        return Some("not an absolute URL".to_owned());
    };
    if url.scheme != "https" {
        return Some(format!("the scheme is '{}', NumlyEngage needs https", url.scheme));
    }
    let host = url.host.to_ascii_lowercase();
    match host.strip_suffix(".numly.io") {
        Some(sub) if !sub.is_empty() && !sub.contains('.') => {}
        _ => return Some(format!("'{host}' is not <subdomain>.numly.io")),
    }
    if url.path != "/registration" {
        return Some(format!("the path is '{}', not /registration", url.path));
    }
    match url.query_param("mail") {
        None => Some("the mail= parameter is missing".to_owned()),
        Some(v) if v.trim().is_empty() => Some("the mail= parameter is empty".to_owned()),
        Some(_) => None,
    }
}

/// Compares an observed sign-on URL with the profile's: scheme and host without regard to case, path exactly, and the
/// `mail` parameter after percent-decoding.
pub(crate) fn sign_on_url_difference(actual: &str, expected: &str) -> Option<String> {
    let (Some(a), Some(e)) = (UrlParts::parse(actual), UrlParts::parse(expected)) else {
        return difference(actual, expected);
    };
    if !a.scheme.eq_ignore_ascii_case(e.scheme) || !a.host.eq_ignore_ascii_case(e.host) {
        return Some(format!("the host is {} instead of {}", a.host, e.host));
    }
    if a.path != e.path {
        return Some(format!("the path is '{}' instead of '{}'", a.path, e.path));
    }
    match (a.query_param("mail"), e.query_param("mail")) {
        (Some(x), Some(y)) if x == y => None,
        (None, Some(_)) => Some("the mail= parameter is missing".to_owned()),
        (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {
            Some(format!("mail={x} differs from mail={y} only in letter case"))
        }
        (Some(x), Some(y)) => Some(format!("mail={x} instead of mail={y}")),
        (x, None) => difference(actual, expected).map(|d| match x {
            Some(_) if d.is_empty() => "the profile's sign-on URL has no mail= parameter".to_owned(),
            _ => d,
        }),
    }
}

/// Whether `s` looks like an AWS region (`eu-west-1`, `us-gov-west-1`, `ap-southeast-3`).
pub(crate) fn is_aws_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts.first().is_some_and(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts.last().is_some_and(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
        && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// The parts of an absolute URL (no normalisation beyond splitting).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UrlParts<'a> {
    /// `https`.
    pub scheme: &'a str,
    /// The host (without port or user info).
    pub host: &'a str,
    /// The path (`/` when empty).
    pub path: &'a str,
    /// The query string without `?`.
    pub query: Option<&'a str>,
    /// The fragment without `#`.
    pub fragment: Option<&'a str>,
}

impl<'a> UrlParts<'a> {
    /// Splits `scheme://authority/path?query#fragment`; `None` if it is not an absolute http(s)-like URL.
    pub fn parse(url: &'a str) -> Option<Self> {
        let url = url.trim();
        let (scheme, rest) = url.split_once("://")?;
        if scheme.is_empty() || !scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            return None;
        }
        let (rest, fragment) = match rest.split_once('#') {
            Some((r, f)) => (r, Some(f)),
            None => (rest, None),
        };
        let (rest, query) = match rest.split_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (authority, path) = match rest.find('/') {
            Some(i) => (rest.get(..i)?, rest.get(i..)?),
            None => (rest, "/"),
        };
        let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        let host = host_port.split_once(':').map_or(host_port, |(h, _)| h);
        if host.is_empty() {
            return None;
        }
        Some(UrlParts { scheme, host, path, query, fragment })
    }

    /// The first value of a query parameter, percent-decoded (`+` as a space).
    pub fn query_param(&self, name: &str) -> Option<String> {
        self.query?.split('&').find_map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (crate::explain::percent_decode(k, true) == name).then(|| crate::explain::percent_decode(v, true))
        })
    }
}

/// How an AuthnRequest's Issuer compares with the profile's identifier (or the Cognito pattern).
pub(crate) fn request_issuer_mismatch(analysis: &Analysis, request: &AuthnRequest) -> Option<Mismatch> {
    let issuer = request.issuer.as_ref()?;
    check_identifier(&issuer.value, &identifier(&analysis.profile))
}

/// How an AuthnRequest's ACS URL compares with the profile's reply URL (or the Cognito pattern).
pub(crate) fn request_acs_mismatch(analysis: &Analysis, request: &AuthnRequest) -> Option<Mismatch> {
    let acs = request.assertion_consumer_service_url.as_deref()?;
    check_reply_url(acs, &reply_url(&analysis.profile), pool_region(analysis, Some(request)).as_deref())
}

/// The user pool's region: from the profile's identifier, else from the request's Issuer.
pub(crate) fn pool_region(analysis: &Analysis, request: Option<&AuthnRequest>) -> Option<String> {
    let from_profile = analysis.profile.identifier.as_deref().and_then(pool_id);
    let from_request = request.and_then(|r| r.issuer.as_ref()).and_then(|i| pool_id(&i.value));
    from_profile.or(from_request).and_then(user_pool_region).map(str::to_owned)
}

/// How a URL Entra posted to (Response Destination, Recipient) compares with what is expected: the profile's reply
/// URL, else the ACS URL of the AuthnRequest it answers, else the Cognito pattern. `None` also when the value is the
/// request's own ACS URL and `request.acs-mismatch` already reports that value.
pub(crate) fn reply_url_mismatch(
    analysis: &Analysis,
    request: Option<&AuthnRequest>,
    actual: &str,
) -> Option<Mismatch> {
    let acs = request.and_then(|r| r.assertion_consumer_service_url.as_deref());
    if let Some(r) = request {
        if acs == Some(actual) && request_acs_mismatch(analysis, r).is_some() {
            return None;
        }
    }
    let expected = match (&analysis.profile.reply_url, acs) {
        (Some(_), _) | (None, None) => reply_url(&analysis.profile),
        (None, Some(acs)) => Expected::exact(acs, "the AuthnRequest's AssertionConsumerServiceURL"),
    };
    check_reply_url(actual, &expected, pool_region(analysis, request).as_deref())
}

/// How an Audience compares with what is expected: the profile's identifier, else the Issuer of the AuthnRequest
/// answered, else the Cognito pattern. `None` also when the value is the request's own Issuer and
/// `request.issuer-mismatch` already reports that value.
pub(crate) fn identifier_mismatch(
    analysis: &Analysis,
    request: Option<&AuthnRequest>,
    actual: &str,
) -> Option<Mismatch> {
    let request_issuer = request.and_then(|r| r.issuer.as_ref()).map(|i| i.value.as_str());
    if let Some(r) = request {
        if request_issuer == Some(actual) && request_issuer_mismatch(analysis, r).is_some() {
            return None;
        }
    }
    let expected = match (&analysis.profile.identifier, request_issuer) {
        (Some(_), _) | (None, None) => identifier(&analysis.profile),
        (None, Some(i)) => Expected::exact(i, "the AuthnRequest's Issuer"),
    };
    check_identifier(actual, &expected)
}

/// The expected Entra issuer of a Response or assertion: the profile's tenant, else the entityID of the Entra metadata
/// in the trace, else the tenant the AuthnRequest was sent to, else the pattern.
pub(crate) fn response_issuer(analysis: &Analysis, request: Option<&AuthnRequest>) -> Expected {
    if analysis.profile.tenant_id.is_some() {
        return issuer(&analysis.profile);
    }
    // Only Entra metadata says which tenant to expect: metadata of another IdP (Okta, AD FS) next to its own
    // Response must not make that Response look right for NumlyEngage's Entra integration.
    let entra_metadata = analysis
        .idp_metadata()
        .and_then(|(_, e)| e.entity_id.as_deref())
        .filter(|entity_id| issuer_pattern_problem(entity_id).is_none());
    if let Some(entity_id) = entra_metadata {
        return Expected::exact(entity_id, "the entityID of the Entra metadata in this trace");
    }
    request.and_then(request_tenant_issuer).unwrap_or_else(|| issuer(&analysis.profile))
}

/// The issuer of the Entra tenant an AuthnRequest was sent to (its `Destination`), if it names one.
pub(crate) fn request_tenant_issuer(request: &AuthnRequest) -> Option<Expected> {
    let tenant = request.destination.as_deref().and_then(idp_endpoint_tenant)?;
    Some(Expected::exact(format!("https://sts.windows.net/{tenant}/"), "the tenant the AuthnRequest was sent to"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_in_words() {
        assert_eq!(difference("a", "a"), None);
        assert!(difference("URN:amazon", "urn:amazon").unwrap().contains("letter case"));
        assert!(difference("https://sts.windows.net/x", "https://sts.windows.net/x/").unwrap().contains("trailing"));
        assert_eq!(difference("x", "y").unwrap(), "");
    }

    #[test]
    fn identifier_pattern() {
        assert_eq!(identifier_pattern_problem("urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E"), None);
        assert!(identifier_pattern_problem("urn:amazon:cognito:sp:eu-west-1").is_some());
        assert!(identifier_pattern_problem("URN:Amazon:Cognito:sp:eu-west-1_Ab12Cd34E").unwrap().contains("case"));
        assert!(identifier_pattern_problem("https://acme.auth.eu-west-1.amazoncognito.com").is_some());
        assert!(identifier_pattern_problem("urn:amazon:cognito:sp:mars_Ab12").unwrap().contains("region"));
    }

    #[test]
    fn reply_url_pattern() {
        let ok = "https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse";
        assert_eq!(reply_url_pattern_problem(ok, Some("eu-west-1")), None);
        assert_eq!(reply_url_pattern_problem("https://login.acme.example/saml2/idpresponse", Some("eu-west-1")), None);
        assert!(reply_url_pattern_problem(ok, Some("us-east-1")).unwrap().contains("us-east-1"));
        assert!(reply_url_pattern_problem("http://acme.example/saml2/idpresponse", None).unwrap().contains("https"));
        assert!(reply_url_pattern_problem("https://acme.example/saml2/idpResponse", None).unwrap().contains("case"));
        assert!(reply_url_pattern_problem("https://acme.auth.amazoncognito.com/saml2/idpresponse", None).is_some());
    }

    #[test]
    fn issuer_pattern() {
        let ok = "https://sts.windows.net/72f988bf-86f1-41af-91ab-2d7cd011db47/";
        assert_eq!(issuer_pattern_problem(ok), None);
        assert!(issuer_pattern_problem(ok.trim_end_matches('/')).unwrap().contains("trailing slash"));
        assert!(issuer_pattern_problem(
            &ok.to_ascii_uppercase().replace("HTTPS://STS.WINDOWS.NET", "https://sts.windows.net")
        )
        .unwrap()
        .contains("lowercase"));
        assert!(issuer_pattern_problem("https://login.microsoftonline.com/x/v2.0").unwrap().contains("OpenID"));
        assert_eq!(issuer_tenant(ok), Some("72f988bf-86f1-41af-91ab-2d7cd011db47"));
    }

    #[test]
    fn idp_endpoint_pattern() {
        let t = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        let ok = format!("https://login.microsoftonline.com/{t}/saml2");
        assert_eq!(idp_endpoint_problem(&ok, Some(t)), None);
        assert_eq!(idp_endpoint_problem(&ok.to_ascii_uppercase().replace("HTTPS", "https"), Some(t)), None);
        assert!(idp_endpoint_problem(&ok, Some("11111111-1111-1111-1111-111111111111")).is_some());
        assert!(idp_endpoint_problem(&format!("https://sts.windows.net/{t}/"), None).unwrap().contains("Login URL"));
        assert!(idp_endpoint_problem("https://login.microsoftonline.com/common/saml2", None).is_some());
        assert!(idp_endpoint_problem(&format!("https://login.microsoftonline.com/{t}/wsfed"), None).is_some());
        assert_eq!(idp_endpoint_tenant(&ok).as_deref(), Some(t));
    }

    #[test]
    fn sign_on_url_pattern() {
        assert_eq!(sign_on_url_problem("https://acme.numly.io/registration?mail=jane%40acme.example"), None);
        assert!(sign_on_url_problem("https://acme.numly.io/registration").unwrap().contains("mail="));
        assert!(sign_on_url_problem("https://acme.numly.io/registration?mail=").unwrap().contains("empty"));
        assert!(sign_on_url_problem("https://numly.io/registration?mail=x").is_some());
        assert!(sign_on_url_problem("https://acme.numly.io/login?mail=x").unwrap().contains("/login"));
        let e = "https://acme.numly.io/registration?mail=jane@acme.example";
        assert_eq!(sign_on_url_difference("https://ACME.numly.io/registration?mail=jane%40acme.example", e), None);
        assert!(sign_on_url_difference("https://acme.numly.io/registration", e).unwrap().contains("missing"));
    }

    #[test]
    fn url_parts() {
        let u = UrlParts::parse("https://user@Host.example:8443/a/b?x=1&mail=a%40b#frag").unwrap();
        assert_eq!((u.scheme, u.host, u.path, u.fragment), ("https", "Host.example", "/a/b", Some("frag")));
        assert_eq!(u.query_param("mail").as_deref(), Some("a@b"));
        assert_eq!(UrlParts::parse("https://h").unwrap().path, "/");
        assert!(UrlParts::parse("not a url").is_none());
        assert!(is_aws_region("us-gov-west-1") && !is_aws_region("eu_west_1"));
    }
}
