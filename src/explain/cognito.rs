//! Amazon Cognito SAML sign-in errors, explained for the NumlyEngage integration.
//!
//! After a failed SAML sign-in, Cognito redirects the browser to the application with
//! `?error_description=<message>&error=<oauth error>` (URL-encoded, `+` for spaces; a `#` fragment for the
//! implicit flow), or shows the message on its own hosted page. [`match_cognito`] finds known messages in such a
//! redirect or in plain pasted text and also returns the decoded `error_description` of unknown ones.
//!
//! AWS documents only some of these messages (the re:Post article "How do I troubleshoot invalid SAML response
//! errors ... Amazon Cognito", the Cognito developer guide on SAML identity providers and on managed-login error
//! responses) and warns that error descriptions are not fixed strings. Patterns are therefore short,
//! case-insensitive fragments, and where a cause is inferred from public reports rather than documented, the text
//! says so.

use std::ops::Range;

use serde::Serialize;

use super::{percent_decode, truncate_chars};

/// One known Cognito error message: what it means and the NumlyEngage-specific cause and fix.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct CognitoError {
    /// Stable id, `cognito.<slug>`.
    pub id: &'static str,
    /// Lowercase ASCII pattern matched case-insensitively against each line of the (decoded) text.
    /// Alternatives are separated by `|`; within an alternative, fragments separated by `*` must appear in this
    /// order on one line. An alternative ending in `:` is a message prefix: its match runs to the end of the
    /// line, so it only reports a message that no more specific entry explains.
    pub pattern: &'static str,
    /// What the message means. Not in the web app (see below).
    #[cfg(not(target_arch = "wasm32"))]
    pub meaning: &'static str,
    /// What most likely caused it in the NumlyEngage (Cognito) + Entra integration. Not in the web app.
    #[cfg(not(target_arch = "wasm32"))]
    pub likely_cause: &'static str,
    /// What to change, naming the Entra page and field, or what to send NumlyEngage support.
    pub fix: &'static str,
}

/// A [`CognitoError`] of the table, written with every field. Findings quote `fix` only, so the wasm32 build (the web
/// app) leaves `meaning` and `likely_cause` out: about 8 KB of text less to download. Native builds keep them (the
/// knowledge base as written, checked by the tests).
macro_rules! cognito_error {
    (id: $id:expr, pattern: $pattern:expr, meaning: $meaning:expr, likely_cause: $cause:expr, fix: $fix:expr $(,)?) => {
        CognitoError {
            id: $id,
            pattern: $pattern,
            #[cfg(not(target_arch = "wasm32"))]
            meaning: $meaning,
            #[cfg(not(target_arch = "wasm32"))]
            likely_cause: $cause,
            fix: $fix,
        }
    };
}

/// A Cognito error found by [`match_cognito`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CognitoMatch {
    /// The knowledge-base entry; `None` for an `error_description` the table does not know.
    pub entry: Option<&'static CognitoError>,
    /// The message line that matched (decoded), or the whole decoded `error_description` when unknown.
    pub quote: String,
    /// The user-pool attribute named by an attribute error (`email` in
    /// `Invalid user attributes: email: The attribute is required`), without a `user.` prefix.
    pub attribute: Option<String>,
    /// The OAuth `error` parameter of the same redirect (`invalid_request`, `server_error`), when present.
    pub error: Option<String>,
    /// The full decoded `error_description` the message came from, when it came from a redirect.
    pub error_description: Option<String>,
}

impl CognitoMatch {
    /// The entry id, or [`UNRECOGNISED_COGNITO_ID`] for an unknown error description.
    pub fn id(&self) -> &'static str {
        self.entry.map_or(UNRECOGNISED_COGNITO_ID, |entry| entry.id)
    }
}

/// The id reported for a Cognito `error_description` that matches no entry.
pub const UNRECOGNISED_COGNITO_ID: &str = "cognito.unrecognised";

/// Finds known Cognito error messages in `text`: in every `error_description=` parameter (decoded from `%xx`
/// and `+`, also when the whole redirect is itself URL-encoded) and in the text as pasted. Each decoded
/// `error_description` that matches no entry is returned with `entry: None`. Results are de-duplicated by entry
/// and attribute (unknown ones by description), in order: redirects first, then plain text.
pub fn match_cognito(text: &str) -> Vec<CognitoMatch> {
    let mut matches: Vec<CognitoMatch> = Vec::new();
    for haystack in haystacks(text) {
        let hits = accepted_hits(&haystack.text);
        if hits.is_empty() {
            if let Some(description) = &haystack.error_description {
                let quote = truncate_chars(description.trim(), MAX_QUOTE_CHARS);
                let already = matches.iter().any(|found| found.entry.is_none() && found.quote == quote);
                if !quote.is_empty() && !already {
                    matches.push(CognitoMatch {
                        entry: None,
                        quote,
                        attribute: None,
                        error: haystack.error.clone(),
                        error_description: haystack.error_description.clone(),
                    });
                }
            }
            continue;
        }
        for hit in hits {
            let Some(entry) = COGNITO_ERRORS.get(hit.entry_index) else {
                continue;
            };
            let already = matches
                .iter()
                .any(|found| found.entry.is_some_and(|known| known.id == entry.id) && found.attribute == hit.attribute);
            if already {
                continue;
            }
            matches.push(CognitoMatch {
                entry: Some(entry),
                quote: quote_for(&haystack.text, &hit),
                attribute: hit.attribute,
                error: haystack.error.clone(),
                error_description: haystack.error_description.clone(),
            });
        }
    }
    matches
}

/// The Cognito knowledge base, most specific entries first: when two entries match overlapping text, the
/// earlier one explains it (a test checks ids are unique and patterns well formed).
pub static COGNITO_ERRORS: &[CognitoError] = &[
    cognito_error! {
        id: "cognito.invalid-samlresponse-or-relaystate",
        pattern: "invalid samlresponse or relaystate from identity provider",
        meaning: "Cognito received a SAML response at /saml2/idpresponse that it could not tie to a sign-in it \
                  started: the RelayState was missing or unknown. Cognito rejects such unsolicited \
                  (IdP-initiated) responses unless IdP-initiated sign-in is enabled for the provider.",
        likely_cause: "The user started from Microsoft (My Apps tile, Microsoft 365 app launcher, or 'Test this \
                       application') while the NumlyEngage application in Entra has no Sign on URL, so Entra sent \
                       an IdP-initiated response; NumlyEngage supports SP-initiated sign-in only. Less often a stale \
                       sign-in page was re-submitted (browser back button, an old tab).",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
              Configuration → Sign on URL = https://<SUBDOMAIN>.numly.io/registration?mail=<CUSTOM_IDENTIFIER>, \
              so tiles start an SP-initiated sign-in; leave Relay State empty. Users should start from that URL.",
    },
    cognito_error! {
        id: "cognito.invalid-relaystate",
        pattern: "invalid relaystate|invalid relay state",
        meaning: "The RelayState that came back with the SAML response is not one Cognito issued for a pending \
                  sign-in.",
        likely_cause: "The RelayState was replaced or lost on the way: Entra's optional Relay State field is filled \
                       in, the sign-in was restarted in another tab, or an old response was re-posted (inferred; AWS \
                       does not document this message).",
        fix: "Clear Enterprise applications → NumlyEngage → Single sign-on → Basic SAML Configuration → Relay State \
              (Optional) and start again from the NumlyEngage Sign on URL in a single tab. If it persists, send \
              the error and time to NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.attribute-required",
        pattern: "the attribute is required",
        meaning: "The NumlyEngage user pool requires this attribute, and the SAML assertion carried no value for \
                  the claim mapped to it (AWS: the IdP does not pass a claim for a required attribute, or no \
                  mapping exists for it).",
        likely_cause: "For email: the Email claim is missing from Entra's Attributes & Claims, is named differently \
                       from what NumlyEngage mapped, or the user's Email (mail) property is empty in Entra (common \
                       for users without a mailbox). For phone_number: the Phone number claim or the user's \
                       telephone number is missing.",
        fix: "Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims: add the claims \
              NumlyEngage expects (Email ← user.mail, Phone number ← user.telephonenumber) and fill the property \
              for the user in Users → the user → Properties → Contact information. Decode the SAML response with \
              sso-doctor to confirm the attribute is sent.",
    },
    cognito_error! {
        id: "cognito.attribute-cannot-be-updated",
        pattern: "attribute cannot be updated",
        meaning: "Cognito rewrites every mapped attribute at each federated sign-in, and this attribute is \
                  immutable in the NumlyEngage user pool, so the write is refused and the sign-in fails.",
        likely_cause: "The user pool maps an SAML claim to an attribute created as immutable (typically email). \
                       Public reports show the second sign-in of every federated user then fails, even when the \
                       value did not change (inferred from those reports; AWS documents only that immutable \
                       attributes cannot be changed after the user is created).",
        fix: "Send the full error to NumlyEngage support: only they can change the attribute mapping or the user \
              pool. Do not remove the Email claim in Entra as a workaround; a required attribute would then fail \
              with 'The attribute is required'.",
    },
    cognito_error! {
        id: "cognito.required-attribute-cannot-be-deleted",
        pattern: "required attribute cannot be deleted",
        meaning: "The SAML response no longer carries a value for a required attribute of an existing user, so \
                  Cognito would have to delete it.",
        likely_cause: "The claim mapped to this attribute was removed or renamed in Entra's Attributes & Claims, or \
                       the user's source property (mail, telephone number) was cleared in Entra.",
        fix: "Restore the claim in Enterprise applications → NumlyEngage → Single sign-on → Attributes & Claims \
              (Email ← user.mail, Phone number ← user.telephonenumber) and make sure the user's property has a \
              value in Users → the user → Properties.",
    },
    cognito_error! {
        id: "cognito.attribute-not-in-schema",
        pattern: "attribute does not exist in the schema",
        meaning: "The attribute mapping of the Cognito identity provider writes to an attribute the user pool does \
                  not define.",
        likely_cause: "A mapping on the NumlyEngage side names a missing user-pool attribute; nothing in Entra \
                       causes this.",
        fix: "Send the full error (it names the attribute) to NumlyEngage support; their attribute mapping must be \
              corrected.",
    },
    cognito_error! {
        id: "cognito.attribute-type-unknown",
        pattern: "type for attribute*could not be determined",
        meaning: "The attribute mapping refers to a custom attribute that is not defined in the user pool, so \
                  Cognito cannot tell its type.",
        likely_cause: "A custom attribute used in NumlyEngage's mapping was never created in the user pool.",
        fix: "Send the full error (it names the attribute) to NumlyEngage support; the custom attribute must be \
              added to the user pool or removed from the mapping.",
    },
    cognito_error! {
        id: "cognito.invalid-phone-number-format",
        pattern: "invalid phone number format",
        meaning: "A phone number value is not in the E.164 format Cognito requires for phone_number (a '+', the \
                  country code and the number, no spaces or dashes).",
        likely_cause: "The user's telephone number in Entra (sent as the Phone number claim) is written like \
                       '(555) 123-4567' instead of '+15551234567' (inferred: AWS documents the E.164 rule, not \
                       this message in a SAML sign-in).",
        fix: "Write the number in E.164 form in Entra admin center → Users → the user → Properties → Contact \
              information → Business phone, or ask NumlyEngage support whether the Phone number claim should be \
              sent at all.",
    },
    cognito_error! {
        id: "cognito.signature-invalid",
        pattern: "signature is invalid|invalid saml response received:*signature|signature validation failed|\
                  signature verification failed",
        meaning: "Cognito could not verify the XML signature of the SAML response with any signing certificate in \
                  the Entra metadata it holds.",
        likely_cause: "Entra's SAML signing certificate for NumlyEngage was renewed or rotated (a new certificate \
                       made Active) while Cognito still has the old metadata, typically an uploaded metadata file \
                       that never refreshes. Less likely: the response was modified in transit, or the Signing \
                       Option was changed so that the assertion is no longer signed (inferred).",
        fix: "Check Enterprise applications → NumlyEngage → Single sign-on → SAML Certificates: note the Active \
              certificate's thumbprint and expiry, keep Signing Option 'Sign SAML assertion', and send the App \
              Federation Metadata URL shown there to NumlyEngage support so Cognito uses the URL (it refreshes \
              URL metadata about every 6 hours) with the current certificate.",
    },
    cognito_error! {
        id: "cognito.assertion-expired",
        pattern: "assertion*expired|assertion*not yet valid|clock skew",
        meaning: "The assertion's validity window (Conditions NotBefore/NotOnOrAfter, SubjectConfirmationData \
                  NotOnOrAfter) did not contain Cognito's time when the response arrived.",
        likely_cause: "The SAML response was posted late: the Microsoft page sat open (MFA answered much later), \
                       the browser re-submitted an old response, or a proxy delayed it. Entra stamps the times \
                       itself, so a wrong clock on the user's computer does not cause this. AWS does not document \
                       Cognito's exact wording or clock-skew allowance (inferred).",
        fix: "Start again from the NumlyEngage Sign on URL and finish promptly. If a fresh sign-in fails the same \
              way, decode the SAML response with sso-doctor to compare its NotBefore/NotOnOrAfter with the time of \
              the attempt, and send both to NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.audience-invalid",
        pattern: "audience*invalid|invalid audience|audience*mismatch|audience*does not match",
        meaning: "The assertion's Audience is not the user pool's service-provider entity ID \
                  urn:amazon:cognito:sp:<user-pool-id>.",
        likely_cause: "The Identifier (Entity ID) of the NumlyEngage application in Entra is not exactly \
                       urn:amazon:cognito:sp:<user-pool-id>: another pool's ID, a typo, or a different Identifier \
                       marked Default (Entra uses the default identifier as Audience when it is not answering a \
                       request, e.g. for IdP-initiated sign-ins).",
        fix: "Entra admin center → Enterprise applications → NumlyEngage → Single sign-on → Basic SAML \
              Configuration → Identifier (Entity ID) = urn:amazon:cognito:sp:<user-pool-id> (the user pool \
              NumlyEngage gave you), marked Default.",
    },
    cognito_error! {
        id: "cognito.response-without-assertion",
        pattern: "has no assertion|no assertion found|assertion is missing|missing assertion",
        meaning: "The SAML response Cognito received contains no (readable) Assertion.",
        likely_cause: "Entra posted an error response (a non-Success StatusCode with an AADSTS code in \
                       StatusMessage) instead of an assertion, or Token encryption is enabled in Entra so the \
                       assertion arrives as an EncryptedAssertion that Cognito is not set up to decrypt \
                       (inferred).",
        fix: "Decode the SAML response with sso-doctor and read its StatusMessage (fix the AADSTS code it names). \
              If it holds an EncryptedAssertion, remove the certificate in Enterprise applications → NumlyEngage → \
              Token encryption, unless NumlyEngage support asked for encryption and gave you their certificate.",
    },
    cognito_error! {
        id: "cognito.metadata-unavailable",
        pattern: "error retrieving metadata|unable to retrieve metadata|failed to retrieve metadata|\
                  metadata document*invalid|invalid saml metadata",
        meaning: "Cognito could not download or use the Entra SAML metadata for the identity provider (AWS \
                  documents 'Error retrieving metadata from <endpoint>' when creating a provider from a URL).",
        likely_cause: "The metadata URL given to NumlyEngage is wrong or not public (a URL from another page, \
                       without the appid parameter, or of another tenant), or the certificate in the metadata has \
                       expired, for example after a certificate rotation that was never sent to NumlyEngage.",
        fix: "Copy the App Federation Metadata Url from Enterprise applications → NumlyEngage → Single sign-on → \
              SAML Certificates (https://login.microsoftonline.com/<tenant-id>/federationmetadata/2007-06/\
              federationmetadata.xml?appid=<app-id>), check it opens in a private window, and send it to \
              NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.user-pool-client-not-found",
        pattern: "user pool client*does not exist",
        meaning: "The client_id in the Cognito sign-in URL is not an app client of the user pool.",
        likely_cause: "A link with a wrong, truncated or outdated client_id (another NumlyEngage environment or an \
                       edited bookmark); this is NumlyEngage configuration, not Entra.",
        fix: "Use the official NumlyEngage Sign on URL. If that URL fails, send the full URL and error to \
              NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.login-option-unavailable",
        pattern: "login option is not available",
        meaning: "The identity provider requested in the Cognito sign-in URL is not enabled for the app client.",
        likely_cause: "The SAML identity provider for your organisation is not (or no longer) enabled on \
                       NumlyEngage's app client, or the link names the provider wrongly.",
        fix: "Send the full URL and error to NumlyEngage support so they enable your identity provider on their \
              app client; nothing changes in Entra.",
    },
    cognito_error! {
        id: "cognito.invalid-identity-provider",
        pattern: "invalid identity provider|identity provider not found",
        meaning: "The identity provider name or identifier in the Cognito sign-in URL does not match a provider of \
                  the user pool.",
        likely_cause: "The NumlyEngage link names a provider that was renamed or removed, or the email domain used \
                       to pick the provider is not registered for your organisation (inferred).",
        fix: "Start from the official NumlyEngage Sign on URL; if it fails, send the full URL and error to \
              NumlyEngage support to check the identity provider name and identifiers.",
    },
    cognito_error! {
        id: "cognito.already-found-entry",
        pattern: "already found an entry for username",
        meaning: "Cognito tried to create the federated user although an entry for that username already \
                  exists.",
        likely_cause: "NumlyEngage links a first-time SSO user to the existing NumlyEngage account in a PreSignUp \
                       trigger; public reports show Cognito then fails that first sign-in with this message and the \
                       next attempt succeeds (inferred from those reports).",
        fix: "Sign in again from the NumlyEngage Sign on URL. If it keeps failing, send the message (it names the \
              username) to NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.user-not-confirmed",
        pattern: "user is not confirmed",
        meaning: "The Cognito user this sign-in resolves to exists but is not confirmed.",
        likely_cause: "The NumlyEngage account created for this person was never activated or confirmed.",
        fix: "Ask NumlyEngage support (or your NumlyEngage administrator) to activate the user's NumlyEngage \
              account, then sign in again from the Sign on URL.",
    },
    cognito_error! {
        id: "cognito.user-disabled",
        pattern: "user is disabled",
        meaning: "The Cognito user this sign-in resolves to is disabled.",
        likely_cause: "The person's NumlyEngage account is deactivated; Entra is not involved.",
        fix: "Ask your NumlyEngage administrator or NumlyEngage support to re-enable the account.",
    },
    cognito_error! {
        id: "cognito.presignup-failed",
        pattern: "presignup failed with error",
        meaning: "NumlyEngage's PreSignUp Lambda trigger refused to create the federated user; the text after \
                  'error' is the trigger's own message.",
        likely_cause: "Users must exist in NumlyEngage before their first SSO sign-in: the person was not added to \
                       NumlyEngage, or the email Entra sends (Email ← user.mail) differs from the one NumlyEngage \
                       has (inferred from the integration's rules).",
        fix: "Make sure the user was added in NumlyEngage with the same email as their Entra mail property (Users → \
              the user → Properties → Email). If they were, send the full message to NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.lambda-trigger-failed",
        pattern: "preauthentication failed with error|postauthentication failed with error|\
                  postconfirmation failed with error|pretokengeneration failed with error|\
                  custommessage failed with error|usermigration failed with error",
        meaning: "One of NumlyEngage's Cognito Lambda triggers failed or refused the sign-in; the text after \
                  'error' is the trigger's own message.",
        likely_cause: "NumlyEngage-side logic (for example a deactivated account or a missing licence), or a \
                       transient failure of the trigger.",
        fix: "Retry once; if it repeats, send the full message and time to NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.redirect-mismatch",
        pattern: "redirect_mismatch|redirect mismatch",
        meaning: "The redirect_uri of the Cognito sign-in request is not a callback URL of the app client.",
        likely_cause: "NumlyEngage configuration, or a sign-in link from an old or edited bookmark.",
        fix: "Use the official NumlyEngage Sign on URL; if it fails, send the full URL to NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.client-not-enabled-for-oauth",
        pattern: "client is not enabled for oauth2.0 flows",
        meaning: "The Cognito app client is not set up for the hosted sign-in (OAuth 2.0) flows the request uses.",
        likely_cause: "NumlyEngage app-client configuration.",
        fix: "Send the full URL and error to NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.invalid-user-attributes",
        pattern: "invalid user attributes:",
        meaning: "Cognito rejected an attribute value from the SAML assertion; the message names the attribute and \
                  the reason.",
        likely_cause: "A claim value sent by Entra breaks a user-pool rule (format, length, immutability) for the \
                       named attribute.",
        fix: "Compare the named attribute's claim in Enterprise applications → NumlyEngage → Single sign-on → \
              Attributes & Claims with the user's value in Entra; if the reason is unclear, send the full message \
              to NumlyEngage support.",
    },
    cognito_error! {
        id: "cognito.saml-response-processing",
        pattern: "error in saml response processing:|invalid saml response received:",
        meaning: "Cognito failed to process the SAML response from Entra; the rest of the message gives the \
                  reason.",
        likely_cause: "Depends on the reason in the message; decode the SAML response to see what Entra sent.",
        fix: "Decode the SAML response with sso-doctor (it checks signature, audience, times and attributes \
              against the NumlyEngage profile) and send the full message and findings to NumlyEngage support.",
    },
];

/// Ids of entries whose message names a user-pool attribute (captured into [`CognitoMatch::attribute`]).
const ATTRIBUTE_ERROR_IDS: &[&str] = &[
    "cognito.attribute-required",
    "cognito.attribute-cannot-be-updated",
    "cognito.required-attribute-cannot-be-deleted",
    "cognito.attribute-not-in-schema",
    "cognito.attribute-type-unknown",
    "cognito.invalid-phone-number-format",
    "cognito.invalid-user-attributes",
];
const INVALID_USER_ATTRIBUTES: &str = "invalid user attributes:";
const ERROR_DESCRIPTION_KEY: &str = "error_description";
const ERROR_KEY: &str = "error";
/// Longest quote kept, in characters.
const MAX_QUOTE_CHARS: usize = 500;
/// Characters that end a URL (or query) in pasted text.
const URL_TERMINATORS: &[char] = &[' ', '\t', '\r', '\n', '"', '\'', '<', '>', '`'];

/// A text to match against, with the redirect parameters it came from.
struct Haystack {
    text: String,
    error: Option<String>,
    error_description: Option<String>,
}

/// A pattern match inside one haystack.
struct Hit {
    entry_index: usize,
    span: Range<usize>,
    attribute: Option<String>,
}

/// The decoded `error_description` of every redirect in `text` (also inside a URL-encoded redirect), then
/// `text` itself.
fn haystacks(text: &str) -> Vec<Haystack> {
    let mut found: Vec<Haystack> = Vec::new();
    let encoded_marker = format!("{ERROR_DESCRIPTION_KEY}%3d");
    let double_encoded = text.to_ascii_lowercase().contains(&encoded_marker).then(|| percent_decode(text, false));
    for source in std::iter::once(text).chain(double_encoded.as_deref()) {
        for (error, description) in redirect_errors(source) {
            if found.iter().any(|known| known.error_description.as_ref() == Some(&description)) {
                continue;
            }
            found.push(Haystack { text: description.clone(), error, error_description: Some(description) });
        }
    }
    found.push(Haystack { text: text.to_owned(), error: None, error_description: None });
    found
}

/// `(error, decoded error_description)` of every URL or query string in `source` that has an
/// `error_description` parameter.
fn redirect_errors(source: &str) -> Vec<(Option<String>, String)> {
    let lower = source.to_ascii_lowercase();
    let marker = format!("{ERROR_DESCRIPTION_KEY}=");
    let mut errors = Vec::new();
    let mut from = 0;
    while let Some(offset) = lower.get(from..).and_then(|rest| rest.find(&marker)) {
        let at = from + offset;
        let token_start = source.get(..at).and_then(|before| before.rfind(URL_TERMINATORS)).map_or(0, |end| end + 1);
        let token_end =
            source.get(at..).and_then(|after| after.find(URL_TERMINATORS)).map_or(source.len(), |end| at + end);
        from = token_end.max(at + marker.len());
        let Some(token) = source.get(token_start..token_end) else {
            continue;
        };
        let mut error = None;
        let mut description = None;
        for parameter in token.split(['?', '#', '&']) {
            let Some((key, value)) = parameter.split_once('=') else {
                continue;
            };
            let key = key.strip_prefix("amp;").unwrap_or(key);
            if key.eq_ignore_ascii_case(ERROR_DESCRIPTION_KEY) && description.is_none() {
                description = Some(percent_decode(value, true));
            } else if key.eq_ignore_ascii_case(ERROR_KEY) && error.is_none() {
                error = Some(percent_decode(value, true));
            }
        }
        if let Some(description) = description {
            errors.push((error, description));
        }
    }
    errors
}

/// All entry matches in `text`, keeping for overlapping text only the earliest entry, in text order.
fn accepted_hits(text: &str) -> Vec<Hit> {
    let lower = text.to_ascii_lowercase();
    let mut spans = alternative_spans(&lower).into_iter();
    let mut candidates: Vec<Hit> = Vec::new();
    for (entry_index, entry) in COGNITO_ERRORS.iter().enumerate() {
        for _alternative in entry.pattern.split('|') {
            for span in spans.next().unwrap_or_default() {
                if is_on_entra_line(&lower, &span) {
                    continue;
                }
                let (span, attribute) = if ATTRIBUTE_ERROR_IDS.contains(&entry.id) {
                    attribute_of(text, &lower, entry.id, span)
                } else {
                    (span, None)
                };
                candidates.push(Hit { entry_index, span, attribute });
            }
        }
    }
    candidates.sort_by_key(|hit| (hit.entry_index, hit.span.start));
    let mut accepted: Vec<Hit> = Vec::new();
    for hit in candidates {
        let overlaps = accepted.iter().any(|kept| hit.span.start < kept.span.end && kept.span.start < hit.span.end);
        if !overlaps {
            accepted.push(hit);
        }
    }
    accepted.sort_by_key(|hit| hit.span.start);
    accepted
}

/// One pattern alternative, split for matching.
struct Alternative {
    /// The first `*`-separated fragment (never empty: a test checks the patterns).
    first: &'static str,
    /// The fragments after the first.
    rest: Vec<&'static str>,
    /// Whether the alternative ends in `:` (a message prefix, matched to the end of the line).
    is_prefix: bool,
}

/// Every alternative of every entry, in table order, and which to try at each byte.
struct Matcher {
    alternatives: Vec<Alternative>,
    /// For each byte value, the alternatives whose first fragment starts with it.
    by_first_byte: Vec<Vec<usize>>,
}

/// The [`Matcher`] of [`COGNITO_ERRORS`], built on first use.
fn matcher() -> &'static Matcher {
    static MATCHER: std::sync::OnceLock<Matcher> = std::sync::OnceLock::new();
    MATCHER.get_or_init(|| {
        let alternatives: Vec<Alternative> = COGNITO_ERRORS
            .iter()
            .flat_map(|entry| entry.pattern.split('|'))
            .map(|alternative| {
                let mut fragments = alternative.split('*');
                let first = fragments.next().unwrap_or_default();
                Alternative { first, rest: fragments.collect(), is_prefix: alternative.ends_with(':') }
            })
            .collect();
        let mut by_first_byte: Vec<Vec<usize>> = vec![Vec::new(); 256];
        for (index, alternative) in alternatives.iter().enumerate() {
            if let Some(list) =
                alternative.first.bytes().next().and_then(|byte| by_first_byte.get_mut(usize::from(byte)))
            {
                list.push(index);
            }
        }
        Matcher { alternatives, by_first_byte }
    })
}

/// The byte ranges of `lower` matched by every alternative of every entry, in table order (entry by entry,
/// alternatives in pattern order): for each alternative, its matches from left to right, each search resuming
/// after the previous match (fragments in order on one line; a trailing `:` extends a match to the end of the
/// line).
///
/// One pass over `lower` serves all alternatives: each keeps its own resume position, and only the alternatives
/// whose first fragment starts with the byte at hand are tried there. The result is exactly that of searching
/// for each alternative separately (a test compares the two), in one scan instead of one per alternative.
fn alternative_spans(lower: &str) -> Vec<Vec<Range<usize>>> {
    let Matcher { alternatives, by_first_byte } = matcher();
    let mut spans: Vec<Vec<Range<usize>>> = vec![Vec::new(); alternatives.len()];
    let mut resume_at = vec![0_usize; alternatives.len()];
    let bytes = lower.as_bytes();
    for (start, &byte) in bytes.iter().enumerate() {
        let Some(candidates) = by_first_byte.get(usize::from(byte)) else { continue };
        for &index in candidates {
            let (Some(alternative), Some(resume)) = (alternatives.get(index), resume_at.get_mut(index)) else {
                continue;
            };
            let first = alternative.first.as_bytes();
            if start < *resume {
                continue;
            }
            // Compared byte by byte: the first byte is known to match and the second one rarely does.
            let starts_here =
                bytes.len() - start >= first.len() && bytes[start..].iter().zip(first).all(|(a, b)| a == b);
            if !starts_here {
                continue;
            }
            // `first` is a whole string, so its first byte never continues a character: `start` is a boundary.
            let line_end = lower.get(start..).and_then(|tail| tail.find('\n')).map_or(lower.len(), |end| start + end);
            if let Some(end) = fragments_end(lower, start + first.len(), line_end, &alternative.rest) {
                let span_end = if alternative.is_prefix { line_end } else { end };
                if let Some(found) = spans.get_mut(index) {
                    found.push(start..span_end);
                }
                *resume = span_end.max(start + 1);
            } else {
                *resume = start + first.len();
            }
        }
    }
    spans
}

/// Whether the line holding `span` carries an `AADSTS` code: such a line is an Entra message (explained by
/// the AADSTS table) even when its words look like a Cognito one, e.g. `AADSTS50006: Signature verification
/// failed`.
fn is_on_entra_line(lower: &str, span: &Range<usize>) -> bool {
    let line_start = lower.get(..span.start).and_then(|before| before.rfind('\n')).map_or(0, |end| end + 1);
    let line_end =
        lower.get(span.start..).and_then(|after| after.find('\n')).map_or(lower.len(), |end| span.start + end);
    lower.get(line_start..line_end).is_some_and(|line| line.contains("aadsts"))
}

/// Where the last of `fragments` ends when they all appear in order in `lower[from..line_end]`.
fn fragments_end(lower: &str, from: usize, line_end: usize, fragments: &[&str]) -> Option<usize> {
    fragments.iter().try_fold(from, |end, fragment| {
        let offset = lower.get(end..line_end)?.find(fragment)?;
        Some(end + offset + fragment.len())
    })
}

/// The attribute named by an attribute error at `span`, and the span widened to the attribute (and to a
/// preceding `Invalid user attributes:` on the same line) so that generic entries do not report it again.
fn attribute_of(text: &str, lower: &str, id: &str, span: Range<usize>) -> (Range<usize>, Option<String>) {
    let line_start = lower.get(..span.start).and_then(|before| before.rfind('\n')).map_or(0, |end| end + 1);
    if id == "cognito.invalid-user-attributes" {
        let after = text.get(span.start + INVALID_USER_ATTRIBUTES.len()..span.end).unwrap_or("").trim_start();
        let name = after.split_once(": ").map_or(after, |(name, _)| name);
        return (span, attribute_name(name.split_whitespace().next().unwrap_or("")));
    }
    if let Some(braced) = text.get(span.clone()).and_then(|matched| {
        let open = matched.find('{')?;
        let close = matched.get(open..)?.find('}')? + open;
        matched.get(open + 1..close)
    }) {
        return (span, attribute_name(braced));
    }
    let before = text.get(line_start..span.start).unwrap_or("").trim_end();
    let before = before.strip_suffix(':').unwrap_or(before);
    let token = before.rsplit(char::is_whitespace).next().unwrap_or("");
    let names_attribute = lower.contains("invalid user attributes") || token.starts_with("user.");
    let Some(attribute) = attribute_name(token).filter(|_| names_attribute) else {
        return (span, None);
    };
    let token_start = line_start + before.len() - token.len();
    let prefix_start = lower
        .get(line_start..token_start)
        .and_then(|prefix| prefix.rfind(INVALID_USER_ATTRIBUTES))
        .map_or(token_start, |offset| line_start + offset);
    (prefix_start..span.end, Some(attribute))
}

/// `name` as a user-pool attribute name (letters, digits, `_`, `:`, `-`, `.`), without a `user.` prefix.
fn attribute_name(name: &str) -> Option<String> {
    let name = name.trim();
    let name = name.strip_prefix("user.").unwrap_or(name);
    let valid = !name.is_empty()
        && name.len() <= 64
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '-' | '.'));
    valid.then(|| name.to_owned())
}

/// The message line of a hit, or (for a very long line, such as one line of a HAR file) the text from the hit
/// onwards.
fn quote_for(text: &str, hit: &Hit) -> String {
    let line_start = text.get(..hit.span.start).and_then(|before| before.rfind('\n')).map_or(0, |end| end + 1);
    let line_end =
        text.get(hit.span.start..).and_then(|after| after.find('\n')).map_or(text.len(), |end| hit.span.start + end);
    let line = text.get(line_start..line_end).unwrap_or("").trim();
    if line.chars().count() <= MAX_QUOTE_CHARS {
        return line.to_owned();
    }
    let from_hit = text.get(hit.span.start..line_end).unwrap_or("").trim();
    truncate_chars(from_hit, MAX_QUOTE_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The messages the knowledge base must recognise (the team's minimum list), with the entry expected.
    const REQUIRED_MESSAGES: &[(&str, &str)] = &[
        ("Invalid samlResponse or relayState from identity provider", "cognito.invalid-samlresponse-or-relaystate"),
        ("Invalid user attributes: email: The attribute is required", "cognito.attribute-required"),
        ("Invalid user attributes: custom:dept: Some brand new reason", "cognito.invalid-user-attributes"),
        ("Error in SAML response processing: SAML Assertion signature is invalid", "cognito.signature-invalid"),
        (
            "Invalid SAML response received: Signature validation failed. SAML Response rejected",
            "cognito.signature-invalid",
        ),
        ("Invalid SAML response received: SAML Assertion is expired", "cognito.assertion-expired"),
        ("Error in SAML response processing: something nobody has seen", "cognito.saml-response-processing"),
        ("Invalid SAML response received: Audience restriction is invalid", "cognito.audience-invalid"),
        ("Invalid audience in SAML assertion", "cognito.audience-invalid"),
        ("Invalid SAML response received: Response has no assertion", "cognito.response-without-assertion"),
        ("User pool client 3n4b5urk1ft4fl3mg5e62d9ado does not exist.", "cognito.user-pool-client-not-found"),
        ("Invalid relayState from identity provider", "cognito.invalid-relaystate"),
        (
            "Error retrieving metadata from https://login.microsoftonline.com/x/federationmetadata",
            "cognito.metadata-unavailable",
        ),
        ("Unable to retrieve metadata for IdP", "cognito.metadata-unavailable"),
        ("Invalid user attributes: email: Attribute cannot be updated.", "cognito.attribute-cannot-be-updated"),
        ("user.email: Attribute cannot be updated.", "cognito.attribute-cannot-be-updated"),
        ("Already found an entry for username EntraID_abc123", "cognito.already-found-entry"),
        ("User is not confirmed.", "cognito.user-not-confirmed"),
        ("PreSignUp failed with error User not found in NumlyEngage.", "cognito.presignup-failed"),
        ("Invalid identity provider", "cognito.invalid-identity-provider"),
        ("Login option is not available. Please try another one", "cognito.login-option-unavailable"),
    ];

    /// A fix must point somewhere concrete: an Entra page or field, or an action for NumlyEngage support.
    const CONCRETE_FIX_MARKERS: &[&str] =
        &["Enterprise applications →", "NumlyEngage support", "NumlyEngage administrator", "Users →", "Sign on URL"];

    #[test]
    fn every_required_message_is_recognised() {
        for (message, expected) in REQUIRED_MESSAGES {
            let found = match_cognito(message);
            let ids: Vec<&str> = found.iter().map(CognitoMatch::id).collect();
            assert_eq!(ids, [*expected], "for {message:?}");
        }
    }

    #[test]
    fn ids_are_unique_and_patterns_well_formed() {
        let mut ids: Vec<&str> = COGNITO_ERRORS.iter().map(|entry| entry.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), COGNITO_ERRORS.len(), "duplicate Cognito id");
        for entry in COGNITO_ERRORS {
            assert!(entry.id.starts_with("cognito.") && entry.id != UNRECOGNISED_COGNITO_ID, "{}", entry.id);
            assert!(!entry.pattern.is_empty(), "{}: empty pattern", entry.id);
            assert!(!entry.pattern.contains("  "), "{}: double space in pattern", entry.id);
            assert_eq!(entry.pattern, entry.pattern.to_ascii_lowercase(), "{}: pattern not lowercase", entry.id);
            assert!(entry.pattern.is_ascii(), "{}: pattern not ASCII", entry.id);
            for alternative in entry.pattern.split('|') {
                assert!(alternative.split('*').all(|fragment| !fragment.is_empty()), "{}: empty fragment", entry.id);
                assert!(!alternative.contains('\n'), "{}: newline in pattern", entry.id);
            }
        }
        for id in ATTRIBUTE_ERROR_IDS {
            assert!(COGNITO_ERRORS.iter().any(|entry| entry.id == *id), "unknown attribute id {id}");
        }
    }

    /// The matcher `alternative_spans` replaced: one search per alternative. Kept as the reference it must equal.
    fn find_alternative(lower: &str, alternative: &str) -> Vec<Range<usize>> {
        let mut fragments = alternative.split('*');
        let Some(first) = fragments.next().filter(|first| !first.is_empty()) else {
            return Vec::new();
        };
        let rest: Vec<&str> = fragments.collect();
        let is_prefix = alternative.ends_with(':');
        let mut spans = Vec::new();
        let mut from = 0;
        while let Some(offset) = lower.get(from..).and_then(|tail| tail.find(first)) {
            let start = from + offset;
            let line_end = lower.get(start..).and_then(|tail| tail.find('\n')).map_or(lower.len(), |end| start + end);
            if let Some(end) = fragments_end(lower, start + first.len(), line_end, &rest) {
                let span_end = if is_prefix { line_end } else { end };
                spans.push(start..span_end);
                from = span_end.max(start + 1);
            } else {
                from = start + first.len();
            }
        }
        spans
    }

    fn assert_same_spans_as_reference(text: &str) {
        let lower = text.to_ascii_lowercase();
        let expected: Vec<Vec<Range<usize>>> = COGNITO_ERRORS
            .iter()
            .flat_map(|entry| entry.pattern.split('|'))
            .map(|alternative| find_alternative(&lower, alternative))
            .collect();
        assert_eq!(alternative_spans(&lower), expected, "for {text:?}");
    }

    #[test]
    fn one_pass_matcher_equals_one_search_per_alternative() {
        let mut texts: Vec<String> = REQUIRED_MESSAGES.iter().map(|(message, _)| (*message).to_owned()).collect();
        // Texts made of pattern fragments, overlapping prefixes, separators and line breaks, from a fixed seed.
        let mut pieces: Vec<&str> = COGNITO_ERRORS
            .iter()
            .flat_map(|entry| entry.pattern.split(['|', '*']))
            .chain(["", " ", "\n", ":", "aa", "in", "invalid ", "user.email", "{custom:x}", "AADSTS50006 ", "é", "🙂"])
            .collect();
        pieces
            .extend(COGNITO_ERRORS.iter().flat_map(|entry| entry.pattern.split('|')).map(|alt| &alt[..alt.len() / 2]));
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % u64::try_from(bound).unwrap_or(1)).unwrap_or(0)
        };
        for _ in 0..6000 {
            let count = 1 + next(12);
            let text: String = (0..count).map(|_| pieces[next(pieces.len())]).collect();
            texts.push(text);
        }
        // And the whole-pipeline fuzz inputs kept in the repository.
        let kept = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz/analyze");
        let files = std::fs::read_dir(&kept).map(|dir| dir.flatten().map(|file| file.path()).collect::<Vec<_>>());
        let files = files.unwrap_or_default();
        assert!(files.len() > 100, "fuzz inputs missing in {}", kept.display());
        texts.extend(
            files
                .iter()
                .filter_map(|path| std::fs::read(path).ok())
                .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
        );
        for text in &texts {
            assert_same_spans_as_reference(text);
        }
    }

    #[test]
    fn every_entry_is_complete_and_concrete() {
        for entry in COGNITO_ERRORS {
            for (field, value) in [("meaning", entry.meaning), ("likely_cause", entry.likely_cause), ("fix", entry.fix)]
            {
                assert!(!value.trim().is_empty(), "{}: empty {field}", entry.id);
                assert!(!value.contains("  "), "{}: double space in {field}", entry.id);
            }
            assert!(
                CONCRETE_FIX_MARKERS.iter().any(|marker| entry.fix.contains(marker)),
                "{}: fix names no Entra page/field or NumlyEngage support action: {}",
                entry.id,
                entry.fix
            );
        }
    }

    #[test]
    fn matches_a_real_looking_redirect_url() {
        let url = "https://acme.numly.io/?error_description=Invalid+user+attributes%3A+email%3A+The+attribute+is+required%0A+&error=invalid_request";
        let found = match_cognito(url);
        assert_eq!(found.len(), 1, "{found:?}");
        let found = &found[0];
        assert_eq!(found.id(), "cognito.attribute-required");
        assert_eq!(found.attribute.as_deref(), Some("email"));
        assert_eq!(found.quote, "Invalid user attributes: email: The attribute is required");
        assert_eq!(found.error.as_deref(), Some("invalid_request"));
        assert_eq!(
            found.error_description.as_deref(),
            Some("Invalid user attributes: email: The attribute is required\n ")
        );
    }

    #[test]
    fn matches_plain_pasted_text() {
        let pasted = "Hi support, after signing in I end up on a page that says:\n\
                      Error in SAML response processing: Invalid user attributes: phone_number: Invalid phone number format.\n\
                      and yesterday it said user.email: Attribute cannot be updated.";
        let found = match_cognito(pasted);
        let summary: Vec<(&str, Option<&str>)> =
            found.iter().map(|found| (found.id(), found.attribute.as_deref())).collect();
        assert_eq!(
            summary,
            [
                ("cognito.invalid-phone-number-format", Some("phone_number")),
                ("cognito.attribute-cannot-be-updated", Some("email")),
            ]
        );
        assert!(found.iter().all(|found| found.error_description.is_none() && found.error.is_none()));
        assert_eq!(
            found[0].quote,
            "Error in SAML response processing: Invalid user attributes: phone_number: Invalid phone number format."
        );
    }

    #[test]
    fn captures_every_attribute_of_a_multi_line_description() {
        let url = "https://acme.numly.io/#error_description=Invalid+user+attributes%3A+email%3A+The+attribute+is+\
                   required%0Aphone_number%3A+The+attribute+is+required%0Acustom%3Adept%3A+Attribute+cannot+be+\
                   updated.%0A+&state=abc&error=invalid_request";
        let found = match_cognito(url);
        let summary: Vec<(&str, Option<&str>)> =
            found.iter().map(|found| (found.id(), found.attribute.as_deref())).collect();
        assert_eq!(
            summary,
            [
                ("cognito.attribute-required", Some("email")),
                ("cognito.attribute-required", Some("phone_number")),
                ("cognito.attribute-cannot-be-updated", Some("custom:dept")),
            ]
        );
    }

    #[test]
    fn captures_braced_custom_attribute() {
        let found = match_cognito(
            "Invalid SAML response received: Invalid user attributes: Type for attribute {custom:chatbot_role} could not be determined",
        );
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id(), "cognito.attribute-type-unknown");
        assert_eq!(found[0].attribute.as_deref(), Some("custom:chatbot_role"));
    }

    #[test]
    fn returns_unknown_error_description_raw() {
        let url = "https://acme.numly.io/?error_description=Something+entirely+new+happened%21&error=server_error";
        let found = match_cognito(url);
        assert_eq!(found.len(), 1);
        assert!(found[0].entry.is_none());
        assert_eq!(found[0].id(), UNRECOGNISED_COGNITO_ID);
        assert_eq!(found[0].quote, "Something entirely new happened!");
        assert_eq!(found[0].error.as_deref(), Some("server_error"));
    }

    #[test]
    fn matches_a_redirect_that_is_itself_url_encoded_and_html_escaped() {
        let har = r#"{"name":"location","value":"https%3A%2F%2Facme.numly.io%2F%3Ferror_description%3DInvalid%2BsamlResponse%2Bor%2BrelayState%2Bfrom%2Bidentity%2Bprovider%26error%3Dinvalid_request"}"#;
        let found = match_cognito(har);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].id(), "cognito.invalid-samlresponse-or-relaystate");
        assert_eq!(found[0].error.as_deref(), Some("invalid_request"));

        let html = r#"<a href="https://acme.numly.io/?error_description=User+is+disabled.&amp;error=invalid_request">"#;
        let found = match_cognito(html);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id(), "cognito.user-disabled");
        assert_eq!(found[0].error.as_deref(), Some("invalid_request"));
    }

    #[test]
    fn the_same_error_twice_is_reported_once() {
        let text = "https://a.numly.io/?error_description=User+is+not+confirmed.&error=invalid_request\n\
                    https://a.numly.io/?error_description=User+is+not+confirmed.&error=invalid_request\n\
                    User is not confirmed.";
        let found = match_cognito(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id(), "cognito.user-not-confirmed");
    }

    #[test]
    fn unrelated_text_matches_nothing() {
        assert!(match_cognito("").is_empty());
        assert!(match_cognito("Signed in. Welcome back to NumlyEngage!").is_empty());
        assert!(match_cognito("User account 'x' from identity provider 'live.com' does not exist in tenant").is_empty());
    }

    #[test]
    fn tricky_input_never_panics() {
        let tricky = [
            "",
            "error_description=",
            "error_description=%",
            "error_description=%E",
            "error_description=%E2%82",
            "error_description=%E2%82%AC+%F0%9F%99%82",
            "?error_description=&error=",
            "error_description=é&error=日本",
            "éerror_description=🙂 user.🙂: Attribute cannot be updated",
            "Invalid user attributes:",
            "Invalid user attributes: 🙂: The attribute is required",
            ": The attribute is required",
            "The attribute is required",
            "user.: Attribute cannot be updated",
            "Type for attribute {custom:x could not be determined",
            "Type for attribute }{ could not be determined",
            "error_description%3D%",
            "error_description%3d%2",
            "error_description%3dInvalid%2Buser%2Battributes%253A",
            "\n\n\r\n",
            "error in saml response processing:",
            "audience\ninvalid",
        ];
        for text in tricky {
            let found = match_cognito(text);
            for found in &found {
                assert!(found.quote.chars().count() <= MAX_QUOTE_CHARS + 1);
            }
        }
        // A fragment on the next line does not complete a pattern.
        assert!(match_cognito("audience\ninvalid").is_empty());
        // An attribute token that is not an attribute name is not captured.
        let found = match_cognito("Invalid user attributes: 🙂: The attribute is required");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].attribute, None);
    }
}
