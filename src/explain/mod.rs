//! The error-explainer knowledge base: what a Microsoft Entra `AADSTS` code or an Amazon Cognito SAML error
//! message means for the NumlyEngage integration (Cognito user pool as SAML service provider, Entra ID as
//! identity provider), what most likely caused it, and which Entra page or NumlyEngage support action fixes it.
//!
//! The knowledge is plain Rust data ([`aadsts::AADSTS_CODES`], [`cognito::COGNITO_ERRORS`]) plus lookup
//! functions that find errors in any pasted text: an Entra error page, a URL-encoded redirect, a HAR file or a
//! support e-mail. [`explain_text`] combines both; the rules layer turns each [`Explanation`] into a finding
//! (`flow.aadsts-error` or `flow.cognito-error`, see [`ErrorSource::finding_code`]).
//!
//! Nothing here panics on input: all scanning works on ASCII byte positions (always UTF-8 char boundaries) or
//! on `char` boundaries, and malformed `%` escapes are kept as they are.
//!
//! ```
//! use sso_doctor::explain::{explain_text, ErrorSource};
//!
//! let pasted = "AADSTS50011: The redirect URI 'https://x.auth.eu-west-1.amazoncognito.com/saml2/idpresponse' \
//!               specified in the request does not match the redirect URIs configured for the application.";
//! let explanations = explain_text(pasted);
//! assert_eq!(explanations.len(), 1);
//! assert_eq!(explanations[0].source(), ErrorSource::Aadsts);
//! assert_eq!(explanations[0].key(), "AADSTS50011");
//! ```

pub mod aadsts;
pub mod cognito;

pub use aadsts::{error_lookup_url, find_codes, lookup, AadstsCode, AadstsMention, AADSTS_CODES};
pub use cognito::{match_cognito, CognitoError, CognitoMatch, COGNITO_ERRORS, UNRECOGNISED_COGNITO_ID};

use serde::Serialize;

/// Which system produced an error message found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum ErrorSource {
    /// Microsoft Entra ID (the identity provider), an `AADSTS` code.
    Aadsts,
    /// Amazon Cognito (the service provider), an `error_description` after a failed SAML sign-in.
    Cognito,
}

impl ErrorSource {
    /// The finding code the rules layer reports for an error from this source.
    pub fn finding_code(self) -> &'static str {
        match self {
            ErrorSource::Aadsts => "flow.aadsts-error",
            ErrorSource::Cognito => "flow.cognito-error",
        }
    }
}

/// One error found in the text, with its knowledge-base entry when the error is known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Explanation {
    /// An `AADSTS` code from Microsoft Entra ID.
    Aadsts {
        /// Where the code was found and the Entra error sentence around it.
        mention: AadstsMention,
        /// The knowledge-base entry; `None` for a code the table does not know ("unknown AADSTS code").
        entry: Option<&'static AadstsCode>,
    },
    /// An Amazon Cognito error message (known, or the raw `error_description` of an unknown one).
    Cognito(CognitoMatch),
}

impl Explanation {
    /// The system that produced the error.
    pub fn source(&self) -> ErrorSource {
        match self {
            Explanation::Aadsts { .. } => ErrorSource::Aadsts,
            Explanation::Cognito(_) => ErrorSource::Cognito,
        }
    }

    /// A stable key for the error: `AADSTS50011`, or the Cognito entry id such as `cognito.attribute-required`
    /// ([`UNRECOGNISED_COGNITO_ID`] for an error description the table does not know).
    pub fn key(&self) -> String {
        match self {
            Explanation::Aadsts { mention, .. } => format!("AADSTS{}", mention.code),
            Explanation::Cognito(found) => found.id().to_owned(),
        }
    }

    /// The error text as quoted from the input (decoded when the input was URL-encoded).
    pub fn quote(&self) -> String {
        match self {
            Explanation::Aadsts { mention, .. } => {
                mention.message.clone().unwrap_or_else(|| format!("AADSTS{}", mention.code))
            }
            Explanation::Cognito(found) => found.quote.clone(),
        }
    }

    /// Whether the knowledge base has an entry for this error.
    pub fn is_known(&self) -> bool {
        match self {
            Explanation::Aadsts { entry, .. } => entry.is_some(),
            Explanation::Cognito(found) => found.entry.is_some(),
        }
    }
}

/// Finds every Entra `AADSTS` code and every Amazon Cognito SAML error message in `text` and pairs each with
/// its knowledge-base entry. `AADSTS` codes come first (in the order they appear), then Cognito errors.
pub fn explain_text(text: &str) -> Vec<Explanation> {
    let aadsts = find_codes(text).into_iter().map(|mention| {
        let entry = lookup(mention.code);
        Explanation::Aadsts { mention, entry }
    });
    let cognito = match_cognito(text).into_iter().map(Explanation::Cognito);
    aadsts.chain(cognito).collect()
}

/// Decodes `%xx` escapes (and `+` as a space when `plus_as_space`), keeping malformed or truncated escapes
/// literally; invalid UTF-8 in the result is replaced with U+FFFD.
pub(crate) fn percent_decode(text: &str, plus_as_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'%' => {
                let high = bytes.get(index + 1).copied().and_then(hex_value);
                let low = bytes.get(index + 2).copied().and_then(hex_value);
                if let (Some(high), Some(low)) = (high, low) {
                    decoded.push((high << 4) | low);
                    index += 3;
                } else {
                    decoded.push(b'%');
                    index += 1;
                }
            }
            b'+' if plus_as_space => {
                decoded.push(b' ');
                index += 1;
            }
            other => {
                decoded.push(other);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// Cuts `text` to at most `max_chars` characters (on a char boundary), marking the cut with an ellipsis.
pub(crate) fn truncate_chars(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_owned(),
    }
}

fn hex_value(byte: u8) -> Option<u8> {
    match byte {
        b'0'..=b'9' => Some(byte - b'0'),
        b'a'..=b'f' => Some(byte - b'a' + 10),
        b'A'..=b'F' => Some(byte - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decode_handles_plus_escapes_and_truncation() {
        assert_eq!(percent_decode("a+b%3Ac%3a", true), "a b:c:");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("100%", true), "100%");
        assert_eq!(percent_decode("%4", true), "%4");
        assert_eq!(percent_decode("%zz%41", true), "%zzA");
        assert_eq!(percent_decode("caf%C3%A9", true), "café");
        // A lone continuation byte is not valid UTF-8: replaced, not a panic.
        assert_eq!(percent_decode("%80x", true), "\u{FFFD}x");
    }

    #[test]
    fn truncate_chars_cuts_on_char_boundaries() {
        assert_eq!(truncate_chars("ééééé", 3), "ééé…");
        assert_eq!(truncate_chars("abc", 3), "abc");
        assert_eq!(truncate_chars("", 0), "");
    }

    #[test]
    fn explain_text_combines_entra_and_cognito_errors() {
        let text = "Entra said: AADSTS700016: Application with identifier 'urn:amazon:cognito:sp:eu-west-1_Abc' \
                    was not found in the directory 'Contoso'.\n\
                    Later the app showed https://acme.numly.io/?error_description=Invalid+samlResponse+or+\
                    relayState+from+identity+provider&error=invalid_request";
        let explanations = explain_text(text);
        let keys: Vec<String> = explanations.iter().map(Explanation::key).collect();
        assert_eq!(keys, ["AADSTS700016", "cognito.invalid-samlresponse-or-relaystate"]);
        assert_eq!(explanations[0].source().finding_code(), "flow.aadsts-error");
        assert_eq!(explanations[1].source().finding_code(), "flow.cognito-error");
        assert!(explanations.iter().all(Explanation::is_known));
        assert!(explanations[0].quote().starts_with("AADSTS700016: Application with identifier"));
        assert_eq!(explanations[1].quote(), "Invalid samlResponse or relayState from identity provider");
    }

    #[test]
    fn explain_text_reports_unknown_codes_without_entry() {
        let explanations = explain_text("failed with AADSTS1234567: Something new.");
        assert_eq!(explanations.len(), 1);
        assert!(!explanations[0].is_known());
        assert_eq!(explanations[0].key(), "AADSTS1234567");
        assert_eq!(explanations[0].quote(), "AADSTS1234567: Something new.");
    }

    #[test]
    fn an_entra_message_is_not_also_reported_as_a_cognito_error() {
        let explanations = explain_text("AADSTS50006: Signature verification failed because of an invalid signature.");
        let keys: Vec<String> = explanations.iter().map(Explanation::key).collect();
        assert_eq!(keys, ["AADSTS50006"]);
        // The same words without a code are a Cognito message.
        let explanations = explain_text("Invalid SAML response received: Signature verification failed");
        let keys: Vec<String> = explanations.iter().map(Explanation::key).collect();
        assert_eq!(keys, ["cognito.signature-invalid"]);
    }

    #[test]
    fn explain_text_never_panics_on_cut_or_shuffled_input() {
        let samples = [
            "AADSTS50011%3a+The+redirect+URI+%27https%3a%2f%2fx%2fsaml2%2fidpresponse%27+specified.%0d%0aTrace+ID",
            "é AADSTS750054: SAMLRequest &#39;é&#39; must be present&amp;x\\r\\nTrace ID: 1",
            "https://a.numly.io/#error_description=Invalid+user+attributes%3A+custom%3Ad%C3%A9pt%3A+The+attribute+is+required%0A+&error=invalid_request",
            "error_description%3DInvalid%2BsamlResponse%2Bor%2BrelayState%2Bfrom%2Bidentity%2Bprovider%26error%3D🙂",
            "Error in SAML response processing: Type for attribute {custom:日本} could not be determined\nuser.é: Attribute cannot be updated",
        ];
        for sample in samples {
            for (cut, _) in sample.char_indices() {
                let (head, tail) = sample.split_at(cut);
                assert_spans_on_char_boundaries(head);
                assert_spans_on_char_boundaries(tail);
            }
        }
        // Pseudo-random concatenations of tricky fragments (a fixed LCG: the test is deterministic).
        let fragments = [
            "AADSTS",
            "50011",
            "%3a",
            "%3A",
            "%",
            "%E2%82",
            "+",
            "&",
            "&#39",
            "error_description=",
            "error=",
            "Invalid user attributes:",
            " email",
            ": ",
            "The attribute is required",
            "\n",
            "\r\n",
            "é",
            "🙂",
            "{",
            "}",
            "user.",
            "*",
            "|",
            "aadsts7500529",
            "saml response processing:",
            "\"",
            "<",
            " - ",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..12 {
                state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                let index = usize::try_from(state >> 33).unwrap_or(0) % fragments.len();
                text.push_str(fragments[index]);
            }
            assert_spans_on_char_boundaries(&text);
        }
    }

    /// Runs `explain_text` (which must not panic) and checks every reported span can slice the input.
    fn assert_spans_on_char_boundaries(text: &str) {
        for explanation in explain_text(text) {
            if let Explanation::Aadsts { mention, .. } = &explanation {
                assert!(text.get(mention.span.clone()).is_some(), "span off a char boundary in {text:?}");
            }
            assert!(!explanation.quote().is_empty(), "empty quote for {text:?}");
        }
    }

    #[test]
    fn explain_text_on_text_without_errors_is_empty() {
        assert!(explain_text("").is_empty());
        assert!(explain_text("Signed in successfully.").is_empty());
    }
}
