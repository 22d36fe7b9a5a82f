//! The report as the web app reads it: deserialized from the core's JSON report (the stable, documented format the
//! CLI prints with `--format json`), wherever the analysis ran — on the page for small traces, in the Web Worker for
//! large ones. Fields the app does not show yet are ignored, so the core may add fields freely.

use serde::{Deserialize, Deserializer, Serialize};

use crate::finding::Severity;
use crate::profile::Profile;
use crate::report::render::{self, RenderOptions};
use crate::report::{redact, Report};
use crate::time::TimeSource;

/// What one analysis produced, made where the `Report` was (on the page or in the worker): the report JSON and
/// the Markdown report, as they are and with personal data redacted — exactly what the CLI writes with
/// `--format json|markdown` (and `--redact`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnalysisOutput {
    /// `Report::to_json`.
    pub json: String,
    /// `report::render::markdown`.
    pub markdown: String,
    /// The JSON of the redacted report.
    pub redacted_json: String,
    /// The Markdown of the redacted report.
    pub redacted_markdown: String,
}

impl AnalysisOutput {
    /// The output of a core report.
    pub fn of(report: &Report) -> Self {
        let options = RenderOptions::default();
        let redacted = redact::redact(report);
        AnalysisOutput {
            json: report.to_json(),
            markdown: render::markdown(report, &options),
            redacted_json: redacted.to_json(),
            redacted_markdown: render::markdown(&redacted, &options),
        }
    }
}

/// A report as shown.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct ReportView {
    /// The evaluation time used, Unix seconds.
    pub evaluated_at_unix: i64,
    /// Where it came from.
    #[serde(deserialize_with = "time_source")]
    pub time_source: TimeSource,
    /// The clock skew tolerated.
    pub clock_skew_seconds: i64,
    /// The profile used.
    pub profile: Profile,
    /// The messages.
    pub messages: Vec<MessageView>,
    /// The trace in order: requests, messages, errors.
    #[serde(default)]
    pub timeline: Vec<TimelineView>,
    /// Every certificate of the trace, with where it was seen and whether it is expected.
    #[serde(default)]
    pub certificates: Vec<CertificateEntryView>,
    /// The findings, errors first.
    pub findings: Vec<FindingView>,
    /// Counts per severity.
    pub summary: SummaryView,
    /// The JSON text it was read from (what "Download JSON" saves).
    #[serde(skip)]
    pub json: String,
    /// The Markdown report.
    #[serde(skip)]
    pub markdown: String,
    /// The redacted JSON report.
    #[serde(skip)]
    pub redacted_json: String,
    /// The redacted Markdown report.
    #[serde(skip)]
    pub redacted_markdown: String,
}

/// Finding counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct SummaryView {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub infos: usize,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct FindingView {
    /// The rule id.
    pub rule: String,
    /// How bad.
    #[serde(deserialize_with = "severity")]
    pub severity: Severity,
    /// The one-line message.
    pub message: String,
    /// The expected value.
    #[serde(default)]
    pub expected: Option<String>,
    /// The actual value.
    #[serde(default)]
    pub actual: Option<String>,
    /// The message it is about.
    #[serde(default)]
    pub subject: Option<SubjectView>,
    /// Where.
    #[serde(default)]
    pub location: Option<String>,
    /// The fix.
    pub fix: String,
}

/// The message a finding is about.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SubjectView {
    /// Index in the report's messages.
    pub index: usize,
    /// Its kind.
    pub kind: String,
    /// Its ID.
    #[serde(default)]
    pub id: Option<String>,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MessageView {
    /// Position in the trace.
    pub index: usize,
    /// Kind.
    pub kind: String,
    /// `ID`.
    #[serde(default)]
    pub id: Option<String>,
    /// Where it was found.
    pub source: SourceView,
    /// `redirect`, `post` or `raw`.
    pub binding: String,
    /// Decoding steps (`url-decode`, `base64`, `inflate`, `strip-bom`).
    #[serde(default)]
    pub steps: Vec<String>,
    /// The XML text.
    pub xml: String,
    /// Why it did not parse.
    #[serde(default)]
    pub parse_error: Option<String>,
    /// Key fields.
    #[serde(default)]
    pub fields: Vec<(String, String)>,
    /// Every `ds:Signature` with its verification result (from the core's signature verification).
    #[serde(default)]
    pub signatures: Vec<SignatureView>,
}

/// A `ds:Signature` and what its verification found.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SignatureView {
    /// The signature element's path.
    pub path: String,
    /// The element it encloses (the one SAML says it signs).
    #[serde(default)]
    pub signed_element: Option<ElementView>,
    /// `verified-expected`, `verified-embedded-only`, `digest-mismatch`, `invalid`, `no-key`, …
    pub status: String,
    /// Valid with some key.
    #[serde(default)]
    pub verified: bool,
    /// Valid with an expected certificate.
    #[serde(default)]
    pub trusted: bool,
    /// `CanonicalizationMethod`.
    #[serde(default)]
    pub canonicalization: Option<String>,
    /// `SignatureMethod`.
    #[serde(default)]
    pub signature_algorithm: Option<String>,
    /// One per `Reference`.
    #[serde(default)]
    pub references: Vec<ReferenceView>,
    /// Every key tried.
    #[serde(default)]
    pub keys: Vec<KeyView>,
    /// Problems in words.
    #[serde(default)]
    pub problems: Vec<String>,
    /// In a redacted shared trace: whether the digests are the result the link's sender reported.
    #[serde(default)]
    pub reported: Option<ReportedView>,
}

/// How a result reported by a share link's sender was used for a signature of the redacted copy. (A plain struct on
/// purpose, like the worker's `ProgressView`: a tagged serde enum costs kilobytes of wasm.)
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReportedView {
    /// `applied`: the digests are the sender's (the copy cannot be re-verified), the rest was checked here;
    /// `refused`: the sender's result does not fit the copy, whose own result is shown.
    #[serde(rename = "use")]
    pub used: String,
    /// (applied) What the redacted copy gives on its own.
    #[serde(default)]
    pub own_status: Option<String>,
    /// (refused) What the sender reported.
    #[serde(default)]
    pub reported_status: Option<String>,
    /// (refused) Why it was not used.
    #[serde(default)]
    pub reason: Option<String>,
}

impl SignatureView {
    /// Whether the result shown is (partly) the share link sender's rather than this app's own verification.
    pub fn is_reported(&self) -> bool {
        self.reported.as_ref().is_some_and(|r| r.used == "applied")
    }
}

/// The rules whose findings are computed from a signature's result over the signed bytes: in a redacted shared
/// trace they are the sender's when the signature's result is.
pub const SIGNED_BYTES_RULES: &[&str] =
    &["signature.digest-mismatch", "signature.invalid", "signature.embedded-key-only", "cert.thumbprint-mismatch"];

/// A certificate of the trace.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CertificateEntryView {
    /// Subject DN.
    pub subject: String,
    /// Issuer DN.
    #[serde(default)]
    pub issuer: String,
    /// `notBefore`, RFC 3339.
    pub not_before: String,
    /// `notAfter`, RFC 3339.
    pub not_after: String,
    /// The key, e.g. `RSA 2048`.
    #[serde(default)]
    pub key: String,
    /// The certificate's own signature algorithm.
    #[serde(default)]
    pub signature_algorithm: String,
    /// SHA-1 thumbprint (Entra's "Thumbprint").
    pub thumbprint_sha1: String,
    /// SHA-256 thumbprint.
    pub thumbprint_sha256: String,
    /// Where it was seen.
    #[serde(default)]
    pub origins: Vec<CertificateOriginView>,
    /// Why it is expected (`profile-thumbprint`, `metadata-signing-key`, `pasted-certificate`); empty: it is not.
    #[serde(default)]
    pub expected_because: Vec<String>,
}

/// Where a certificate was seen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CertificateOriginView {
    /// A signature's `KeyInfo`.
    KeyInfo {
        /// Message index.
        message: usize,
    },
    /// A metadata `KeyDescriptor`.
    Metadata {
        /// Message index.
        message: usize,
        /// `signing`, `encryption` or none.
        #[serde(default)]
        key_use: Option<String>,
    },
    /// Given on its own.
    Pasted {
        /// Where, in words.
        source: String,
    },
    /// A kind this version of the app does not know.
    #[serde(other)]
    Other,
}

/// An element a signature or reference points at.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ElementView {
    /// Qualified name.
    pub name: String,
    /// Path.
    #[serde(default)]
    pub path: String,
    /// `ID`.
    #[serde(default)]
    pub id: Option<String>,
}

/// One `Reference`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReferenceView {
    /// `URI`.
    #[serde(default)]
    pub uri: Option<String>,
    /// What it resolves to.
    #[serde(default)]
    pub target: Option<ElementView>,
    /// Covers the whole document.
    #[serde(default)]
    pub whole_document: bool,
    /// Transforms.
    #[serde(default)]
    pub transforms: Vec<String>,
    /// `DigestMethod`.
    #[serde(default)]
    pub digest_algorithm: Option<String>,
    /// The digest matched.
    #[serde(default)]
    pub digest_ok: bool,
    /// The digest computed, when it does not match.
    #[serde(default)]
    pub computed_digest: Option<String>,
    /// What went wrong.
    #[serde(default)]
    pub problem: Option<String>,
}

/// A key tried on a signature.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct KeyView {
    /// Where it came from, in words.
    pub source: String,
    /// `RSA 2048` …
    #[serde(default)]
    pub key: String,
    /// Certificate subject.
    #[serde(default)]
    pub subject: Option<String>,
    /// SHA-1 thumbprint.
    #[serde(default)]
    pub thumbprint_sha1: Option<String>,
    /// An expected certificate's key.
    #[serde(default)]
    pub expected: bool,
    /// The signature verified with it.
    #[serde(default)]
    pub verified: bool,
    /// Why not.
    #[serde(default)]
    pub error: Option<String>,
}

/// Where a message was found.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SourceView {
    /// Input index.
    pub input: usize,
    /// Input name.
    pub input_name: String,
    /// HAR entry.
    #[serde(default)]
    pub har_entry: Option<HarEntryView>,
    /// Where inside.
    #[serde(default)]
    pub location: String,
}

/// A HAR entry reference.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct HarEntryView {
    /// Entry index.
    pub index: usize,
    /// Method.
    pub method: String,
    /// URL.
    pub url: String,
}

/// One step of the trace.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TimelineView {
    /// Where it was found.
    pub source: SourceView,
    /// When (Unix seconds), if known.
    #[serde(default)]
    pub time: Option<i64>,
    /// What happened.
    #[serde(flatten)]
    pub event: EventView,
}

/// What a timeline step is.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum EventView {
    /// An HTTP request (HAR entry or pasted URL).
    Request {
        /// Method.
        method: String,
        /// URL.
        url: String,
        /// HTTP status (0 if unknown).
        #[serde(default)]
        status: u16,
        /// Redirect target.
        #[serde(default)]
        redirect_to: Option<String>,
        /// `numly-engage`, `cognito`, `entra` or `other`.
        #[serde(default)]
        party: String,
    },
    /// A SAML message.
    Message {
        /// Index in the report's messages.
        message: usize,
        /// Kind.
        kind: String,
        /// `ID`.
        #[serde(default)]
        id: Option<String>,
        /// The AuthnRequest it answers, if in the trace.
        #[serde(default)]
        answers: Option<usize>,
    },
    /// A sign-in error.
    Error {
        /// `AADSTS50011`, `cognito.…`.
        key: String,
        /// The error as quoted.
        #[serde(default)]
        quote: String,
    },
    /// A certificate given as input.
    Certificate,
    /// A kind of step this version of the app does not know.
    #[serde(other)]
    Other,
}

impl ReportView {
    /// How many signatures show the result a share link's sender reported (a redacted shared trace).
    pub fn reported_signatures(&self) -> usize {
        self.messages.iter().flat_map(|m| &m.signatures).filter(|s| s.is_reported()).count()
    }

    /// Whether a finding comes from a signature result the share link's sender reported (see
    /// [`SIGNED_BYTES_RULES`]).
    pub fn is_reported_finding(&self, f: &FindingView) -> bool {
        SIGNED_BYTES_RULES.contains(&f.rule.as_str())
            && f.subject
                .as_ref()
                .and_then(|s| self.messages.get(s.index))
                .is_some_and(|m| m.signatures.iter().any(SignatureView::is_reported))
    }

    /// Whether the core that made this report verifies signatures (its JSON has `signatures` on messages).
    pub fn has_signature_checks(&self) -> bool {
        self.json.contains("\"signatures\":")
    }

    /// Reads an analysis output.
    pub fn from_output(output: AnalysisOutput) -> Result<Self, String> {
        let mut view: ReportView =
            serde_json::from_str(&output.json).map_err(|e| format!("the report could not be read: {e}"))?;
        view.json = output.json;
        view.markdown = output.markdown;
        view.redacted_json = output.redacted_json;
        view.redacted_markdown = output.redacted_markdown;
        Ok(view)
    }
}

impl SourceView {
    /// Where, in words (as the core's `Source::describe`).
    pub fn describe(&self) -> String {
        let mut s = format!("input {} \"{}\"", self.input + 1, self.input_name);
        if let Some(h) = &self.har_entry {
            s.push_str(&format!(", HAR entry {} ({} {})", h.index + 1, h.method, h.url));
        }
        if !self.location.is_empty() {
            s.push_str(", ");
            s.push_str(&self.location);
        }
        s
    }
}

fn severity<'de, D: Deserializer<'de>>(d: D) -> Result<Severity, D::Error> {
    match String::deserialize(d)?.as_str() {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        other => Err(serde::de::Error::custom(format!("unknown severity '{other}'"))),
    }
}

fn time_source<'de, D: Deserializer<'de>>(d: D) -> Result<TimeSource, D::Error> {
    match String::deserialize(d)?.as_str() {
        "explicit" => Ok(TimeSource::Explicit),
        "har-entry" => Ok(TimeSource::HarEntry),
        "issue-instant" => Ok(TimeSource::IssueInstant),
        "now" => Ok(TimeSource::Now),
        other => Err(serde::de::Error::custom(format!("unknown time source '{other}'"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::Input;
    use crate::examples::EXAMPLES;
    use crate::time::EvaluationTime;

    fn round_trip(report: &Report) -> ReportView {
        ReportView::from_output(AnalysisOutput::of(report)).unwrap()
    }

    #[test]
    fn reads_every_field_the_app_shows_from_the_core_json() {
        for e in EXAMPLES {
            let report = crate::analyze(&e.inputs(), &e.profile(), e.evaluation_time());
            let view = round_trip(&report);
            assert_eq!(view.evaluated_at_unix, report.evaluated_at_unix);
            assert_eq!(view.time_source, report.time_source);
            assert_eq!(view.profile, report.profile);
            assert_eq!(view.summary.errors, report.summary.errors);
            let rules: Vec<&str> = view.findings.iter().map(|f| f.rule.as_str()).collect();
            assert_eq!(rules, report.findings.iter().map(|f| f.rule).collect::<Vec<_>>());
            for (v, m) in view.messages.iter().zip(&report.messages) {
                assert_eq!((v.index, &v.kind, &v.id, &v.xml, &v.fields), (m.index, &m.kind, &m.id, &m.xml, &m.fields));
                assert_eq!(v.source.describe(), m.source.describe());
            }
            assert_eq!(view.timeline.len(), report.timeline.len(), "{}", e.id);
            assert_eq!(view.certificates.len(), report.certificates.len(), "{}", e.id);
            let shown: Vec<&str> = view.certificates.iter().map(|c| c.thumbprint_sha1.as_str()).collect();
            let core: Vec<&str> = report.certificates.iter().map(|c| c.certificate.thumbprint_sha1.as_str()).collect();
            assert_eq!(shown, core);
            if e.id == "valid-sign-in" {
                let response = view.messages.iter().find(|m| m.kind == "Response").unwrap();
                assert_eq!(response.signatures.len(), 1);
                assert_eq!(response.signatures[0].status, "verified-expected");
                assert_eq!(view.certificates[0].expected_because, vec!["profile-thumbprint"]);
                assert!(matches!(view.certificates[0].origins[0], CertificateOriginView::KeyInfo { message: 1 }));
            }
            assert_eq!(view.json, report.to_json());
            assert_eq!(view.redacted_json, redact::redact(&report).to_json());
            if e.id == "valid-sign-in" {
                assert!(view.json.contains("jane.doe@acme.example"));
                assert!(!view.redacted_json.contains("jane.doe@acme.example"));
                assert!(!view.redacted_markdown.contains("jane.doe@acme.example"));
            }
        }
    }

    #[test]
    fn reads_findings_with_their_evidence() {
        let report = crate::analyze(&[Input::text("x", "hello")], &Profile::default(), EvaluationTime::at(7));
        let view = round_trip(&report);
        let (f, c) = (&view.findings[0], &report.findings[0]);
        assert_eq!(
            (f.severity, &f.message, &f.actual, &f.location, &f.fix),
            (c.severity, &c.message, &c.actual, &c.location, &c.fix)
        );
        assert!(view.markdown.contains("decode.unrecognized"));
        assert!(view.redacted_markdown.contains("decode.unrecognized"));
    }

    #[test]
    fn reads_the_timeline_of_a_trace_with_an_error_page() {
        let e = crate::examples::find("wrong-reply-url").unwrap();
        let view = round_trip(&crate::analyze(&e.inputs(), &e.profile(), e.evaluation_time()));
        assert!(view
            .timeline
            .iter()
            .any(|t| matches!(&t.event, EventView::Message { kind, .. } if kind == "AuthnRequest")));
        assert!(
            view.timeline.iter().any(|t| matches!(&t.event, EventView::Error { key, .. } if key == "AADSTS50011")),
            "{:?}",
            view.timeline
        );
    }

    #[test]
    fn reads_a_signature_summary() {
        let json = r##"{"path": "/samlp:Response/saml:Assertion/ds:Signature",
            "signed_element": {"name": "saml:Assertion", "local": "Assertion", "path": "/samlp:Response/saml:Assertion", "id": "_a"},
            "status": "verified-expected", "verified": true, "trusted": true,
            "canonicalization": "http://www.w3.org/2001/10/xml-exc-c14n#",
            "signature_algorithm": "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "references": [{"uri": "#_a", "whole_document": false, "enveloped": true, "excludes_signature": true,
                "transforms": ["http://www.w3.org/2000/09/xmldsig#enveloped-signature"],
                "digest_algorithm": "http://www.w3.org/2001/04/xmlenc#sha256", "digest_ok": true}],
            "keys": [{"source": "expected certificate 1", "origin": "expected", "key": "RSA 2048", "expected": true, "verified": true}],
            "certificates": [], "problems": []}"##;
        let s: SignatureView = serde_json::from_str(json).unwrap();
        assert_eq!(s.status, "verified-expected");
        assert_eq!(s.signed_element.unwrap().id.as_deref(), Some("_a"));
        assert!(s.references[0].digest_ok && s.keys[0].verified);
    }

    #[test]
    fn broken_json_is_an_error() {
        let out = AnalysisOutput {
            json: "{".into(),
            markdown: String::new(),
            redacted_json: String::new(),
            redacted_markdown: String::new(),
        };
        assert!(ReportView::from_output(out).unwrap_err().starts_with("the report could not be read"));
    }
}
