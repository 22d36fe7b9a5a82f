//! Built-in example traces: a working Entra ID → NumlyEngage sign-in and the classic ways it fails.
//!
//! The web app analyses [`DEFAULT_EXAMPLE`] on load (so the first screen already shows a diagnosis) and offers every
//! entry of [`EXAMPLES`] under "Try an example"; the CLI tests use the same traces. The files in `data/` were made by
//! `make_examples.py` (next to this file): realistic Cognito AuthnRequests, Entra Responses whose Assertion is signed
//! the way Entra signs it (enveloped, exclusive c14n, rsa-sha256) with test-only keys from `keys/`, the tenant's App
//! Federation Metadata and an Entra error page. Tenant, pool, people and keys are invented.
//!
//! ```
//! use sso_doctor::examples::{self, DEFAULT_EXAMPLE};
//! let example = examples::find(DEFAULT_EXAMPLE).unwrap();
//! let report = sso_doctor::analyze(&example.inputs(), &example.profile(), example.evaluation_time());
//! assert_eq!(report.messages.len(), 2);
//! ```

use crate::decode::Input;
use crate::profile::Profile;
use crate::time::{EvaluationTime, TimeMode};

/// The example analysed when the web app opens.
pub const DEFAULT_EXAMPLE: &str = "valid-sign-in";

/// The example tenant's Entra tenant id.
pub const TENANT_ID: &str = "6f2c1a9e-3b7d-4e85-9c41-2d8a5f0b7e13";
/// The example NumlyEngage user pool's SP entity id (Entra "Identifier").
pub const IDENTIFIER: &str = "urn:amazon:cognito:sp:eu-west-1_Qx7Rt2LmN";
/// The example user pool's ACS URL (Entra "Reply URL").
pub const REPLY_URL: &str = "https://acme-numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse";
/// The example NumlyEngage sign-on URL (Entra "Sign on URL").
pub const SIGN_ON_URL: &str = "https://acme.numly.io/registration?mail=jane.doe@acme.example";
/// SHA-1 thumbprint of the example tenant's current signing certificate (valid 2025-06-02 to 2028-06-02).
pub const SIGNING_THUMBPRINT: &str = "9E50098B60CBBA993FA62F383110974BC70C9F2D";
/// SHA-1 thumbprint of the example tenant's previous signing certificate (expired 2026-11-20).
pub const EXPIRED_SIGNING_THUMBPRINT: &str = "0BDD15EC4E295B33590FC14A78D50589BFE480BE";

/// The example tenant's App Federation Metadata (for "import from metadata").
pub const METADATA: &str = include_str!("data/metadata.xml");

/// Every built-in example, in menu order.
pub static EXAMPLES: &[Example] = &[
    Example {
        id: "valid-sign-in",
        title: "Working sign-in",
        summary: "Cognito's AuthnRequest and Entra's signed Response for jane.doe@acme.example: everything matches.",
        files: &[
            ExampleFile { name: "authn-request.xml", text: include_str!("data/valid-authn-request.xml") },
            ExampleFile { name: "response.xml", text: include_str!("data/valid-response.xml") },
        ],
        expected_rules: &[],
        thumbprint: SIGNING_THUMBPRINT,
    },
    Example {
        id: "wrong-reply-url",
        title: "Wrong Reply URL (AADSTS50011)",
        summary: "Entra refuses the AuthnRequest: the Reply URL in Basic SAML Configuration is not the user pool's \
                  /saml2/idpresponse URL.",
        files: &[
            ExampleFile { name: "authn-request.xml", text: include_str!("data/reply-url-authn-request.xml") },
            ExampleFile { name: "entra-error-page.txt", text: include_str!("data/reply-url-error-page.txt") },
        ],
        expected_rules: &["flow.aadsts-error"],
        thumbprint: SIGNING_THUMBPRINT,
    },
    Example {
        id: "expired-certificate",
        title: "Expired signing certificate",
        summary: "Entra still signs with a certificate that expired on 2026-11-20, a week before the sign-in.",
        files: &[
            ExampleFile { name: "authn-request.xml", text: include_str!("data/expired-cert-authn-request.xml") },
            ExampleFile { name: "response.xml", text: include_str!("data/expired-cert-response.xml") },
        ],
        expected_rules: &["cert.expired"],
        thumbprint: EXPIRED_SIGNING_THUMBPRINT,
    },
    Example {
        id: "missing-email-claim",
        title: "Missing Email claim",
        summary: "The Response lacks the `Email` claim NumlyEngage requires (Attributes & Claims has no Email ← \
                  user.mail).",
        files: &[
            ExampleFile { name: "authn-request.xml", text: include_str!("data/missing-email-authn-request.xml") },
            ExampleFile { name: "response.xml", text: include_str!("data/missing-email-response.xml") },
        ],
        expected_rules: &["claims.unexpected-name"],
        thumbprint: SIGNING_THUMBPRINT,
    },
    Example {
        id: "unsolicited-response",
        title: "Unsolicited (IdP-initiated) response",
        summary: "The user started from My Apps: the Response answers no AuthnRequest, and NumlyEngage supports \
                  SP-initiated sign-in only.",
        files: &[ExampleFile { name: "response.xml", text: include_str!("data/unsolicited-response.xml") }],
        expected_rules: &["response.unsolicited"],
        thumbprint: SIGNING_THUMBPRINT,
    },
];

/// One built-in example trace.
#[derive(Debug)]
pub struct Example {
    /// Stable id (used in share links and tests), e.g. `expired-certificate`.
    pub id: &'static str,
    /// Menu title.
    pub title: &'static str,
    /// One sentence: what happened in this trace.
    pub summary: &'static str,
    /// The files of the trace, in order.
    pub files: &'static [ExampleFile],
    /// The rules whose errors and warnings the example shows (its diagnosis), checked by the tests.
    pub expected_rules: &'static [&'static str],
    /// SHA-1 thumbprint of the certificate the example's NumlyEngage user pool trusts.
    thumbprint: &'static str,
}

/// One file of an example trace.
#[derive(Debug)]
pub struct ExampleFile {
    /// File name shown to the user.
    pub name: &'static str,
    /// The content.
    pub text: &'static str,
}

impl Example {
    /// The trace as analysis inputs (one per file).
    pub fn inputs(&self) -> Vec<Input> {
        self.files.iter().map(|f| Input::text(f.name, f.text)).collect()
    }

    /// The example tenant's profile: what its NumlyEngage user pool and Entra application expect.
    pub fn profile(&self) -> Profile {
        Profile {
            tenant_id: Some(TENANT_ID.to_owned()),
            identifier: Some(IDENTIFIER.to_owned()),
            reply_url: Some(REPLY_URL.to_owned()),
            sign_on_url: Some(SIGN_ON_URL.to_owned()),
            certificate_thumbprints: vec![self.thumbprint.to_owned()],
            ..Profile::default()
        }
    }

    /// The capture time of the trace (the latest `IssueInstant`), which is how the web app evaluates it by default.
    pub fn evaluation_time(&self) -> EvaluationTime {
        EvaluationTime { mode: TimeMode::Capture { issue_instant_fallback: true }, now: 0 }
    }
}

/// The example with this id.
pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::TimeSource;

    #[test]
    fn every_example_profile_is_valid_and_ids_are_unique() {
        let mut ids = std::collections::HashSet::new();
        for e in EXAMPLES {
            assert!(ids.insert(e.id), "duplicate example id {}", e.id);
            assert_eq!(e.profile().validate(), vec![], "{}", e.id);
            assert!(!e.files.is_empty(), "{}", e.id);
        }
        assert!(find(DEFAULT_EXAMPLE).is_some());
    }

    #[test]
    fn xml_files_parse_into_the_expected_messages_at_capture_time() {
        for e in EXAMPLES {
            let report = crate::analyze(&e.inputs(), &e.profile(), e.evaluation_time());
            let xml_files = e.files.iter().filter(|f| f.name.to_ascii_lowercase().ends_with(".xml")).count();
            assert_eq!(report.messages.len(), xml_files, "{}", e.id);
            for m in &report.messages {
                assert_eq!(m.parse_error, None, "{}: {}", e.id, m.kind);
                assert!(m.kind == "AuthnRequest" || m.kind == "Response", "{}: {}", e.id, m.kind);
            }
            // Evaluated at the capture (the latest IssueInstant of the trace), not at the caller's clock (0 here).
            assert_eq!(report.time_source, TimeSource::IssueInstant, "{}", e.id);
            assert!(report.evaluated_at.starts_with("2026-11-27T09:"), "{}: {}", e.id, report.evaluated_at);
        }
    }

    #[test]
    fn each_example_gives_exactly_its_diagnosis() {
        use crate::finding::Severity;
        for e in EXAMPLES {
            let report = crate::analyze(&e.inputs(), &e.profile(), e.evaluation_time());
            let mut shown: Vec<&str> =
                report.findings.iter().filter(|f| f.severity != Severity::Info).map(|f| f.rule).collect();
            shown.dedup();
            // A rule not in this build's catalogue yet (the certificate rules come with signature verification)
            // cannot fire; every other expected rule must, and nothing else may.
            let expected: Vec<&str> =
                e.expected_rules.iter().copied().filter(|id| crate::rules::explain(id).is_some()).collect();
            assert_eq!(shown, expected, "example {}: {:#?}", e.id, report.findings);
        }
    }

    #[test]
    fn responses_carry_the_example_identities() {
        let e = find("valid-sign-in").unwrap();
        let report = crate::analyze(&e.inputs(), &e.profile(), e.evaluation_time());
        let response = report.messages.iter().find(|m| m.kind == "Response").unwrap();
        let field = |k: &str| response.fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(field("Issuer"), e.profile().expected_issuer().as_deref());
        assert_eq!(field("Audience"), Some(IDENTIFIER));
        assert_eq!(field("Recipient"), Some(REPLY_URL));
        let request = report.messages.iter().find(|m| m.kind == "AuthnRequest").unwrap();
        assert_eq!(field("InResponseTo"), request.id.as_deref());
    }

    #[test]
    fn missing_email_example_lacks_exactly_the_email_claim() {
        let with = find("valid-sign-in").unwrap().files[1].text;
        let without = find("missing-email-claim").unwrap().files[1].text;
        assert!(with.contains("<Attribute Name=\"Email\">"));
        assert!(!without.contains("<Attribute Name=\"Email\">"));
        assert!(without.contains("<Attribute Name=\"Phone number\">"));
    }

    #[test]
    fn unsolicited_example_answers_no_request() {
        let text = find("unsolicited-response").unwrap().files[0].text;
        assert!(!text.contains("InResponseTo"));
    }

    #[test]
    fn metadata_names_the_example_tenant() {
        assert!(METADATA.contains(&format!("entityID=\"https://sts.windows.net/{TENANT_ID}/\"")));
    }
}
