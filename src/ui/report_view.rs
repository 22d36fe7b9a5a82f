//! The report as the web app reads it: read from the core's JSON report (the stable, documented format the CLI prints
//! with `--format json`), wherever the analysis ran — on the page for small traces, in the Web Worker for large ones.
//! Fields the app does not show yet are ignored, so the core may add fields freely. The reading is hand-written over a
//! `serde_json::Value` ([`crate::ui::json_fields`]): serde's derives for these types cost about 100 KB of wasm. (The
//! derives are still compiled for the tests, which check that both readers give the same view.)

use serde::Serialize;
#[cfg(test)]
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::finding::Severity;
use crate::profile::Profile;
use crate::report::render::{self, RenderOptions};
use crate::report::{redact, Report};
use crate::time::TimeSource;
use crate::ui::json_fields::{
    as_string, flag, int, list, opt_int, opt_list, opt_object, opt_string, opt_uint, required, required_list, string,
    string_or_empty, uint, Read,
};

/// What one analysis produced, made where the `Report` was (on the page or in the worker): the report JSON and
/// the Markdown report, as they are and with personal data redacted — exactly what the CLI writes with
/// `--format json|markdown` (and `--redact`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct ReportView {
    /// The evaluation time used, Unix seconds.
    pub evaluated_at_unix: i64,
    /// Where it came from.
    #[cfg_attr(test, serde(deserialize_with = "time_source"))]
    pub time_source: TimeSource,
    /// The clock skew tolerated.
    pub clock_skew_seconds: i64,
    /// The profile used.
    pub profile: Profile,
    /// The messages.
    pub messages: Vec<MessageView>,
    /// The trace in order: requests, messages, errors.
    #[cfg_attr(test, serde(default))]
    pub timeline: Vec<TimelineView>,
    /// Every certificate of the trace, with where it was seen and whether it is expected.
    #[cfg_attr(test, serde(default))]
    pub certificates: Vec<CertificateEntryView>,
    /// The findings, errors first.
    pub findings: Vec<FindingView>,
    /// Counts per severity.
    pub summary: SummaryView,
    /// The JSON text it was read from (what "Download JSON" saves).
    #[cfg_attr(test, serde(skip))]
    pub json: String,
    /// The Markdown report.
    #[cfg_attr(test, serde(skip))]
    pub markdown: String,
    /// The redacted JSON report.
    #[cfg_attr(test, serde(skip))]
    pub redacted_json: String,
    /// The redacted Markdown report.
    #[cfg_attr(test, serde(skip))]
    pub redacted_markdown: String,
}

/// Finding counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct SummaryView {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Notes.
    pub infos: usize,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct FindingView {
    /// The rule id.
    pub rule: String,
    /// How bad.
    #[cfg_attr(test, serde(deserialize_with = "severity"))]
    pub severity: Severity,
    /// The one-line message.
    pub message: String,
    /// The expected value.
    #[cfg_attr(test, serde(default))]
    pub expected: Option<String>,
    /// The actual value.
    #[cfg_attr(test, serde(default))]
    pub actual: Option<String>,
    /// The message it is about.
    #[cfg_attr(test, serde(default))]
    pub subject: Option<SubjectView>,
    /// Where.
    #[cfg_attr(test, serde(default))]
    pub location: Option<String>,
    /// The fix.
    pub fix: String,
}

/// The message a finding is about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct SubjectView {
    /// Index in the report's messages.
    pub index: usize,
    /// Its kind.
    pub kind: String,
    /// Its ID.
    #[cfg_attr(test, serde(default))]
    pub id: Option<String>,
}

/// One message.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct MessageView {
    /// Position in the trace.
    pub index: usize,
    /// Kind.
    pub kind: String,
    /// `ID`.
    #[cfg_attr(test, serde(default))]
    pub id: Option<String>,
    /// Where it was found.
    pub source: SourceView,
    /// `redirect`, `post` or `raw`.
    pub binding: String,
    /// Decoding steps (`url-decode`, `base64`, `inflate`, `strip-bom`).
    #[cfg_attr(test, serde(default))]
    pub steps: Vec<String>,
    /// The XML text.
    pub xml: String,
    /// Why it did not parse.
    #[cfg_attr(test, serde(default))]
    pub parse_error: Option<String>,
    /// Key fields.
    #[cfg_attr(test, serde(default))]
    pub fields: Vec<(String, String)>,
    /// Every `ds:Signature` with its verification result (from the core's signature verification).
    #[cfg_attr(test, serde(default))]
    pub signatures: Vec<SignatureView>,
}

/// A `ds:Signature` and what its verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct SignatureView {
    /// The signature element's path.
    pub path: String,
    /// The element it encloses (the one SAML says it signs).
    #[cfg_attr(test, serde(default))]
    pub signed_element: Option<ElementView>,
    /// `verified-expected`, `verified-embedded-only`, `digest-mismatch`, `invalid`, `no-key`, …
    pub status: String,
    /// Valid with some key.
    #[cfg_attr(test, serde(default))]
    pub verified: bool,
    /// Valid with an expected certificate.
    #[cfg_attr(test, serde(default))]
    pub trusted: bool,
    /// `CanonicalizationMethod`.
    #[cfg_attr(test, serde(default))]
    pub canonicalization: Option<String>,
    /// `SignatureMethod`.
    #[cfg_attr(test, serde(default))]
    pub signature_algorithm: Option<String>,
    /// One per `Reference`.
    #[cfg_attr(test, serde(default))]
    pub references: Vec<ReferenceView>,
    /// Every key tried.
    #[cfg_attr(test, serde(default))]
    pub keys: Vec<KeyView>,
    /// Problems in words.
    #[cfg_attr(test, serde(default))]
    pub problems: Vec<String>,
    /// In a redacted shared trace: whether the digests are the result the link's sender reported.
    #[cfg_attr(test, serde(default))]
    pub reported: Option<ReportedView>,
}

/// How a result reported by a share link's sender was used for a signature of the redacted copy. (A plain struct on
/// purpose, like the worker's `ProgressView`: a tagged serde enum costs kilobytes of wasm.)
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct ReportedView {
    /// `applied`: the digests are the sender's (the copy cannot be re-verified), the rest was checked here;
    /// `refused`: the sender's result does not fit the copy, whose own result is shown.
    #[cfg_attr(test, serde(rename = "use"))]
    pub used: String,
    /// (applied) What the redacted copy gives on its own.
    #[cfg_attr(test, serde(default))]
    pub own_status: Option<String>,
    /// (refused) What the sender reported.
    #[cfg_attr(test, serde(default))]
    pub reported_status: Option<String>,
    /// (refused) Why it was not used.
    #[cfg_attr(test, serde(default))]
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct CertificateEntryView {
    /// Subject DN.
    pub subject: String,
    /// Issuer DN.
    #[cfg_attr(test, serde(default))]
    pub issuer: String,
    /// `notBefore`, RFC 3339.
    pub not_before: String,
    /// `notAfter`, RFC 3339.
    pub not_after: String,
    /// The key, e.g. `RSA 2048`.
    #[cfg_attr(test, serde(default))]
    pub key: String,
    /// The certificate's own signature algorithm.
    #[cfg_attr(test, serde(default))]
    pub signature_algorithm: String,
    /// SHA-1 thumbprint (Entra's "Thumbprint").
    pub thumbprint_sha1: String,
    /// SHA-256 thumbprint.
    pub thumbprint_sha256: String,
    /// Where it was seen.
    #[cfg_attr(test, serde(default))]
    pub origins: Vec<CertificateOriginView>,
    /// Why it is expected (`profile-thumbprint`, `metadata-signing-key`, `pasted-certificate`); empty: it is not.
    #[cfg_attr(test, serde(default))]
    pub expected_because: Vec<String>,
}

/// Where a certificate was seen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize), serde(tag = "kind", rename_all = "kebab-case"))]
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
        #[cfg_attr(test, serde(default))]
        key_use: Option<String>,
    },
    /// Given on its own.
    Pasted {
        /// Where, in words.
        source: String,
    },
    /// A kind this version of the app does not know.
    #[cfg_attr(test, serde(other))]
    Other,
}

/// An element a signature or reference points at.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct ElementView {
    /// Qualified name.
    pub name: String,
    /// Path.
    #[cfg_attr(test, serde(default))]
    pub path: String,
    /// `ID`.
    #[cfg_attr(test, serde(default))]
    pub id: Option<String>,
}

/// One `Reference`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct ReferenceView {
    /// `URI`.
    #[cfg_attr(test, serde(default))]
    pub uri: Option<String>,
    /// What it resolves to.
    #[cfg_attr(test, serde(default))]
    pub target: Option<ElementView>,
    /// Covers the whole document.
    #[cfg_attr(test, serde(default))]
    pub whole_document: bool,
    /// Transforms.
    #[cfg_attr(test, serde(default))]
    pub transforms: Vec<String>,
    /// `DigestMethod`.
    #[cfg_attr(test, serde(default))]
    pub digest_algorithm: Option<String>,
    /// The digest matched.
    #[cfg_attr(test, serde(default))]
    pub digest_ok: bool,
    /// The digest computed, when it does not match.
    #[cfg_attr(test, serde(default))]
    pub computed_digest: Option<String>,
    /// What went wrong.
    #[cfg_attr(test, serde(default))]
    pub problem: Option<String>,
}

/// A key tried on a signature.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct KeyView {
    /// Where it came from, in words.
    pub source: String,
    /// `RSA 2048` …
    #[cfg_attr(test, serde(default))]
    pub key: String,
    /// Certificate subject.
    #[cfg_attr(test, serde(default))]
    pub subject: Option<String>,
    /// SHA-1 thumbprint.
    #[cfg_attr(test, serde(default))]
    pub thumbprint_sha1: Option<String>,
    /// An expected certificate's key.
    #[cfg_attr(test, serde(default))]
    pub expected: bool,
    /// The signature verified with it.
    #[cfg_attr(test, serde(default))]
    pub verified: bool,
    /// Why not.
    #[cfg_attr(test, serde(default))]
    pub error: Option<String>,
}

/// Where a message was found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct SourceView {
    /// Input index.
    pub input: usize,
    /// Input name.
    pub input_name: String,
    /// HAR entry.
    #[cfg_attr(test, serde(default))]
    pub har_entry: Option<HarEntryView>,
    /// Where inside.
    #[cfg_attr(test, serde(default))]
    pub location: String,
}

/// A HAR entry reference.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct HarEntryView {
    /// Entry index.
    pub index: usize,
    /// Method.
    pub method: String,
    /// URL.
    pub url: String,
}

/// One step of the trace.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize))]
pub struct TimelineView {
    /// Where it was found.
    pub source: SourceView,
    /// When (Unix seconds), if known.
    #[cfg_attr(test, serde(default))]
    pub time: Option<i64>,
    /// What happened.
    #[cfg_attr(test, serde(flatten))]
    pub event: EventView,
}

/// What a timeline step is.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(Deserialize), serde(tag = "event", rename_all = "kebab-case"))]
pub enum EventView {
    /// An HTTP request (HAR entry or pasted URL).
    Request {
        /// Method.
        method: String,
        /// URL.
        url: String,
        /// HTTP status (0 if unknown).
        #[cfg_attr(test, serde(default))]
        status: u16,
        /// Redirect target.
        #[cfg_attr(test, serde(default))]
        redirect_to: Option<String>,
        /// `numly-engage`, `cognito`, `entra` or `other`.
        #[cfg_attr(test, serde(default))]
        party: String,
    },
    /// A SAML message.
    Message {
        /// Index in the report's messages.
        message: usize,
        /// Kind.
        kind: String,
        /// `ID`.
        #[cfg_attr(test, serde(default))]
        id: Option<String>,
        /// The AuthnRequest it answers, if in the trace.
        #[cfg_attr(test, serde(default))]
        answers: Option<usize>,
    },
    /// A sign-in error.
    Error {
        /// `AADSTS50011`, `cognito.…`.
        key: String,
        /// The error as quoted.
        #[cfg_attr(test, serde(default))]
        quote: String,
    },
    /// A certificate given as input.
    Certificate,
    /// A kind of step this version of the app does not know.
    #[cfg_attr(test, serde(other))]
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

    /// Reads an analysis output (parses its report JSON once, into a `serde_json::Value`, and reads the view out of it
    /// by hand: see [`crate::ui::json_fields`]).
    pub fn from_output(output: AnalysisOutput) -> Result<Self, String> {
        let value: Value =
            serde_json::from_str(&output.json).map_err(|e| format!("the report could not be read: {e}"))?;
        let mut view = ReportView::read(&value).map_err(|e| format!("the report could not be read: {e}"))?;
        view.json = output.json;
        view.markdown = output.markdown;
        view.redacted_json = output.redacted_json;
        view.redacted_markdown = output.redacted_markdown;
        Ok(view)
    }

    /// The view of a parsed report JSON (the exports are left empty).
    fn read(v: &Value) -> Read<Self> {
        Ok(ReportView {
            evaluated_at_unix: int(v, "evaluated_at_unix")?,
            time_source: time_source_named(&string(v, "time_source")?)?,
            clock_skew_seconds: int(v, "clock_skew_seconds")?,
            profile: read_profile(required(v, "profile")?)?,
            messages: required_list(v, "messages", MessageView::read)?,
            timeline: list(v, "timeline", TimelineView::read)?,
            certificates: list(v, "certificates", CertificateEntryView::read)?,
            findings: required_list(v, "findings", FindingView::read)?,
            summary: SummaryView::read(required(v, "summary")?)?,
            json: String::new(),
            markdown: String::new(),
            redacted_json: String::new(),
            redacted_markdown: String::new(),
        })
    }
}

/// The profile as the report JSON writes it (every key optional).
fn read_profile(v: &Value) -> Read<Profile> {
    Ok(Profile {
        tenant_id: opt_string(v, "tenant_id")?,
        identifier: opt_string(v, "identifier")?,
        reply_url: opt_string(v, "reply_url")?,
        sign_on_url: opt_string(v, "sign_on_url")?,
        certificate_thumbprints: list(v, "certificate_thumbprints", as_string)?,
        required_claims: opt_list(v, "required_claims", as_string)?,
        clock_skew_seconds: opt_int(v, "clock_skew_seconds")?,
    })
}

impl SummaryView {
    fn read(v: &Value) -> Read<Self> {
        Ok(SummaryView { errors: uint(v, "errors")?, warnings: uint(v, "warnings")?, infos: uint(v, "infos")? })
    }
}

impl FindingView {
    fn read(v: &Value) -> Read<Self> {
        Ok(FindingView {
            rule: string(v, "rule")?,
            severity: severity_named(&string(v, "severity")?)?,
            message: string(v, "message")?,
            expected: opt_string(v, "expected")?,
            actual: opt_string(v, "actual")?,
            subject: opt_object(v, "subject", SubjectView::read)?,
            location: opt_string(v, "location")?,
            fix: string(v, "fix")?,
        })
    }
}

impl SubjectView {
    fn read(v: &Value) -> Read<Self> {
        Ok(SubjectView { index: uint(v, "index")?, kind: string(v, "kind")?, id: opt_string(v, "id")? })
    }
}

impl MessageView {
    fn read(v: &Value) -> Read<Self> {
        Ok(MessageView {
            index: uint(v, "index")?,
            kind: string(v, "kind")?,
            id: opt_string(v, "id")?,
            source: SourceView::read(required(v, "source")?)?,
            binding: string(v, "binding")?,
            steps: list(v, "steps", as_string)?,
            xml: string(v, "xml")?,
            parse_error: opt_string(v, "parse_error")?,
            fields: list(v, "fields", |pair| match pair.as_array().map(Vec::as_slice) {
                Some([name, value]) => Ok((as_string(name)?, as_string(value)?)),
                _ => Err(format!("a field must be [name, value], not {pair}")),
            })?,
            signatures: list(v, "signatures", SignatureView::read)?,
        })
    }
}

impl SignatureView {
    fn read(v: &Value) -> Read<Self> {
        Ok(SignatureView {
            path: string(v, "path")?,
            signed_element: opt_object(v, "signed_element", ElementView::read)?,
            status: string(v, "status")?,
            verified: flag(v, "verified")?,
            trusted: flag(v, "trusted")?,
            canonicalization: opt_string(v, "canonicalization")?,
            signature_algorithm: opt_string(v, "signature_algorithm")?,
            references: list(v, "references", ReferenceView::read)?,
            keys: list(v, "keys", KeyView::read)?,
            problems: list(v, "problems", as_string)?,
            reported: opt_object(v, "reported", ReportedView::read)?,
        })
    }
}

impl ReportedView {
    fn read(v: &Value) -> Read<Self> {
        Ok(ReportedView {
            used: string(v, "use")?,
            own_status: opt_string(v, "own_status")?,
            reported_status: opt_string(v, "reported_status")?,
            reason: opt_string(v, "reason")?,
        })
    }
}

impl CertificateEntryView {
    fn read(v: &Value) -> Read<Self> {
        Ok(CertificateEntryView {
            subject: string(v, "subject")?,
            issuer: string_or_empty(v, "issuer")?,
            not_before: string(v, "not_before")?,
            not_after: string(v, "not_after")?,
            key: string_or_empty(v, "key")?,
            signature_algorithm: string_or_empty(v, "signature_algorithm")?,
            thumbprint_sha1: string(v, "thumbprint_sha1")?,
            thumbprint_sha256: string(v, "thumbprint_sha256")?,
            origins: list(v, "origins", CertificateOriginView::read)?,
            expected_because: list(v, "expected_because", as_string)?,
        })
    }
}

impl CertificateOriginView {
    fn read(v: &Value) -> Read<Self> {
        Ok(match string(v, "kind")?.as_str() {
            "key-info" => CertificateOriginView::KeyInfo { message: uint(v, "message")? },
            "metadata" => {
                CertificateOriginView::Metadata { message: uint(v, "message")?, key_use: opt_string(v, "key_use")? }
            }
            "pasted" => CertificateOriginView::Pasted { source: string(v, "source")? },
            _ => CertificateOriginView::Other,
        })
    }
}

impl ElementView {
    fn read(v: &Value) -> Read<Self> {
        Ok(ElementView { name: string(v, "name")?, path: string_or_empty(v, "path")?, id: opt_string(v, "id")? })
    }
}

impl ReferenceView {
    fn read(v: &Value) -> Read<Self> {
        Ok(ReferenceView {
            uri: opt_string(v, "uri")?,
            target: opt_object(v, "target", ElementView::read)?,
            whole_document: flag(v, "whole_document")?,
            transforms: list(v, "transforms", as_string)?,
            digest_algorithm: opt_string(v, "digest_algorithm")?,
            digest_ok: flag(v, "digest_ok")?,
            computed_digest: opt_string(v, "computed_digest")?,
            problem: opt_string(v, "problem")?,
        })
    }
}

impl KeyView {
    fn read(v: &Value) -> Read<Self> {
        Ok(KeyView {
            source: string(v, "source")?,
            key: string_or_empty(v, "key")?,
            subject: opt_string(v, "subject")?,
            thumbprint_sha1: opt_string(v, "thumbprint_sha1")?,
            expected: flag(v, "expected")?,
            verified: flag(v, "verified")?,
            error: opt_string(v, "error")?,
        })
    }
}

impl SourceView {
    fn read(v: &Value) -> Read<Self> {
        Ok(SourceView {
            input: uint(v, "input")?,
            input_name: string(v, "input_name")?,
            har_entry: opt_object(v, "har_entry", HarEntryView::read)?,
            location: string_or_empty(v, "location")?,
        })
    }
}

impl HarEntryView {
    fn read(v: &Value) -> Read<Self> {
        Ok(HarEntryView { index: uint(v, "index")?, method: string(v, "method")?, url: string(v, "url")? })
    }
}

impl TimelineView {
    fn read(v: &Value) -> Read<Self> {
        Ok(TimelineView {
            source: SourceView::read(required(v, "source")?)?,
            time: opt_int(v, "time")?,
            event: EventView::read(v)?,
        })
    }
}

impl EventView {
    /// Reads the `event` tag and its fields (they sit in the timeline step's object).
    fn read(v: &Value) -> Read<Self> {
        Ok(match string(v, "event")?.as_str() {
            "request" => EventView::Request {
                method: string(v, "method")?,
                url: string(v, "url")?,
                status: match opt_uint(v, "status")? {
                    Some(status) => u16::try_from(status).map_err(|_| format!("HTTP status {status} out of range"))?,
                    None => 0,
                },
                redirect_to: opt_string(v, "redirect_to")?,
                party: string_or_empty(v, "party")?,
            },
            "message" => EventView::Message {
                message: uint(v, "message")?,
                kind: string(v, "kind")?,
                id: opt_string(v, "id")?,
                answers: opt_uint(v, "answers")?,
            },
            "error" => EventView::Error { key: string(v, "key")?, quote: string_or_empty(v, "quote")? },
            "certificate" => EventView::Certificate,
            _ => EventView::Other,
        })
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

fn severity_named(name: &str) -> Read<Severity> {
    match name {
        "error" => Ok(Severity::Error),
        "warning" => Ok(Severity::Warning),
        "info" => Ok(Severity::Info),
        other => Err(format!("unknown severity '{other}'")),
    }
}

fn time_source_named(name: &str) -> Read<TimeSource> {
    match name {
        "explicit" => Ok(TimeSource::Explicit),
        "har-entry" => Ok(TimeSource::HarEntry),
        "issue-instant" => Ok(TimeSource::IssueInstant),
        "now" => Ok(TimeSource::Now),
        other => Err(format!("unknown time source '{other}'")),
    }
}

/// The reader `from_output` had before (serde's derives, kept for the tests only): the hand-written one must give
/// the same view for every report.
#[cfg(test)]
fn severity<'de, D: Deserializer<'de>>(d: D) -> Result<Severity, D::Error> {
    severity_named(&String::deserialize(d)?).map_err(serde::de::Error::custom)
}

#[cfg(test)]
fn time_source<'de, D: Deserializer<'de>>(d: D) -> Result<TimeSource, D::Error> {
    time_source_named(&String::deserialize(d)?).map_err(serde::de::Error::custom)
}

/// Checks that the hand-written reader gives exactly the view serde's derives (the reader before it) give for a
/// report JSON, field by field (`ReportView: PartialEq`), and that it refuses what they refuse.
#[cfg(test)]
pub(crate) fn assert_reads_as_derived(json: &str) {
    let derived: Result<ReportView, _> = serde_json::from_str(json);
    let read = ReportView::read(&serde_json::from_str(json).unwrap());
    match (derived, read) {
        (Ok(derived), Ok(read)) => assert_eq!(read, derived, "{json}"),
        (Err(_), Err(_)) => {}
        (derived, read) => panic!("the readers disagree: derived {derived:?}, hand-written {read:?} on {json}"),
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

    /// Every built-in example, alone and with the other trace kinds the app reads (HAR exports with requests,
    /// redirects and error pages, metadata, pasted certificates, a Redirect-binding URL), as is and redacted.
    #[test]
    fn the_hand_written_reader_gives_the_view_the_derived_one_gave() {
        let extra: [(&str, &str); 6] = [
            ("ok.har", include_str!("../../tests/fixtures/har/numly-signin-ok.har")),
            ("aadsts.har", include_str!("../../tests/fixtures/har/numly-signin-aadsts50105.har")),
            ("cognito.har", include_str!("../../tests/fixtures/har/numly-signin-cognito-error.firefox.har")),
            ("entra.har", include_str!("../../tests/fixtures/entra/cases/har-valid/01-sign-in.har")),
            ("metadata.xml", crate::examples::METADATA),
            ("cert.pem", include_str!("../../tests/fixtures/entra/cert.pem")),
        ];
        let mut traces: Vec<(Vec<Input>, Profile, EvaluationTime)> =
            EXAMPLES.iter().map(|e| (e.inputs(), e.profile(), e.evaluation_time())).collect();
        for (name, text) in extra {
            traces.push((vec![Input::text(name, text)], Profile::default(), EvaluationTime::at(1_764_000_000)));
        }
        let e = crate::examples::find("valid-sign-in").unwrap();
        let mut all = e.inputs();
        all.extend(extra.iter().map(|(name, text)| Input::text(*name, *text)));
        all.push(Input::text(
            "request.txt",
            "https://login.microsoftonline.com/x/saml2?SAMLRequest=fZBBT8MwDIX%2FSpR7",
        ));
        traces.push((all, e.profile(), e.evaluation_time()));
        let (mut timeline_kinds, mut origins) = (std::collections::HashSet::new(), std::collections::HashSet::new());
        for (inputs, profile, time) in &traces {
            let report = crate::analyze(inputs, profile, *time);
            for json in [report.to_json(), redact::redact(&report).to_json()] {
                assert_reads_as_derived(&json);
            }
            let view = round_trip(&report);
            timeline_kinds.extend(view.timeline.iter().map(|t| std::mem::discriminant(&t.event)));
            origins.extend(view.certificates.iter().flat_map(|c| &c.origins).map(std::mem::discriminant));
        }
        // The traces above reach every kind of timeline step and certificate origin the app knows.
        assert_eq!(timeline_kinds.len(), 4, "request, message, error, certificate");
        assert_eq!(origins.len(), 3, "key-info, metadata, pasted");
    }

    #[test]
    fn the_readers_agree_on_unknown_kinds_missing_fields_and_wrong_types() {
        let report = crate::analyze(
            &crate::examples::find("wrong-reply-url").unwrap().inputs(),
            &Profile::default(),
            EvaluationTime::at(7),
        );
        let json = report.to_json();
        let mut value: Value = serde_json::from_str(&json).unwrap();
        // Kinds a newer core might write.
        value["timeline"][0]["event"] = "something-new".into();
        assert_reads_as_derived(&value.to_string());
        let view = ReportView::read(&value).unwrap();
        assert_eq!(view.timeline[0].event, EventView::Other);
        // (Where they differ: serde takes a number as a variant's index, the core never writes one.)
        value["timeline"][0]["event"] = 1.into();
        assert!(ReportView::read(&value).is_err());
        // Each of these breaks the report for both readers.
        for (pointer, broken) in [
            ("/evaluated_at_unix", Value::from("x")),
            ("/time_source", Value::from("tomorrow")),
            ("/messages", Value::Null),
            ("/messages/0/source/input", Value::from(-1)),
            ("/messages/0/fields/0", serde_json::json!(["a"])),
            ("/findings/0/severity", Value::from("fatal")),
            ("/findings/0/expected", Value::from(3)),
            ("/summary/errors", Value::from(1.5)),
            ("/timeline/0/source", Value::Null),
            ("/profile/certificate_thumbprints", Value::from("AB")),
        ] {
            let mut value: Value = serde_json::from_str(&json).unwrap();
            let (parent, key) = pointer.rsplit_once('/').unwrap();
            match value.pointer_mut(parent).unwrap() {
                Value::Array(items) => items[key.parse::<usize>().unwrap()] = broken,
                object => drop(object.as_object_mut().unwrap().insert(key.to_owned(), broken)),
            }
            assert!(ReportView::read(&value).is_err(), "{pointer}");
            assert_reads_as_derived(&value.to_string());
        }
        for key in ["messages", "findings", "summary", "profile", "clock_skew_seconds"] {
            let mut value: Value = serde_json::from_str(&json).unwrap();
            value.as_object_mut().unwrap().remove(key);
            assert_eq!(ReportView::read(&value).unwrap_err(), format!("missing field `{key}`"));
            assert_reads_as_derived(&value.to_string());
        }
        // Fields with a default may be missing.
        let mut value: Value = serde_json::from_str(&json).unwrap();
        for key in ["timeline", "certificates"] {
            value.as_object_mut().unwrap().remove(key);
        }
        value["messages"][0]
            .as_object_mut()
            .unwrap()
            .retain(|k, _| ["index", "kind", "source", "binding", "xml"].contains(&k.as_str()));
        assert_reads_as_derived(&value.to_string());
        assert!(ReportView::read(&value).unwrap().messages[0].steps.is_empty());
    }
}
