//! The pipeline: decode → parse → verify → rules → report, and the [`Analysis`] the rules read.
//!
//! Signature coverage (which assertion to read claims from) is in [`crate::dsig::coverage`].

use crate::decode::{self, Decoded, DecodedMessage, Input, Item};
use crate::finding::MessageRef;
use crate::profile::Profile;
use crate::report::Report;
use crate::saml::{self, SamlMessage};
use crate::time::{EvaluationTime, TimeMode, TimeSource};
use crate::xml::{self, Document, XmlError};

/// Most SAML messages analysed in one trace; the rest are reported by `decode.too-many-messages`.
pub const MAX_MESSAGES: usize = 200;

/// Everything known about one trace; the rules are functions of this.
#[derive(Debug)]
pub struct Analysis {
    /// The expected configuration.
    pub profile: Profile,
    /// The evaluation time used (Unix seconds).
    pub at: i64,
    /// Where that time came from.
    pub time_source: TimeSource,
    /// What decoding found (items in order, and the problems met).
    pub decoded: Decoded,
    /// The SAML messages, in trace order.
    pub messages: Vec<Message>,
    /// Every certificate seen in the trace (signature `KeyInfo`s, metadata, pasted), and which are expected.
    pub certificates: Vec<crate::dsig::SeenCertificate>,
    /// [`Analysis::sign_in_errors`], worked out on first use: several rules and the report ask for it, and finding
    /// the errors scans every text of the trace. Filled only once the analysis is built (the rules run on a
    /// finished analysis). Code that changes `decoded` or `messages` must do so before the rules run, or reset this
    /// and `item_explanations` (`OnceLock::new()`), or they go stale.
    pub(crate) sign_in_errors: std::sync::OnceLock<Vec<crate::trace::FoundError>>,
    /// The errors explained in each decoded item's texts, worked out on first use (see `item_explanations`).
    pub(crate) item_explanations: std::sync::OnceLock<Vec<Vec<Vec<crate::explain::Explanation>>>>,
}

/// One SAML message (or metadata document) of the trace.
#[derive(Debug)]
pub struct Message {
    /// Position in the trace (0-based).
    pub index: usize,
    /// How it was found and decoded.
    pub decoded: DecodedMessage,
    /// The parsed XML, or why it is not XML.
    pub document: Result<Document, XmlError>,
    /// The typed model (when the XML parsed).
    pub saml: Option<SamlMessage>,
    /// The check of every `ds:Signature` of the document, in document order.
    pub signatures: Vec<crate::dsig::SignatureCheck>,
    /// The check of the Redirect-binding query signature, if the message came with one.
    pub redirect_signature: Option<crate::dsig::RedirectCheck>,
}

impl Message {
    /// `AuthnRequest`, `Response`, … or `Unparsed`.
    pub fn kind(&self) -> &'static str {
        self.saml.as_ref().map_or("Unparsed", SamlMessage::kind)
    }

    /// The message `ID`.
    pub fn id(&self) -> Option<&str> {
        self.saml.as_ref().and_then(SamlMessage::id)
    }

    /// A reference for findings.
    pub fn reference(&self) -> MessageRef {
        MessageRef { index: self.index, kind: self.kind().to_owned(), id: self.id().map(str::to_owned) }
    }

    /// The element path of a node of this message's document (empty if unparsed).
    pub fn path(&self, node: crate::xml::NodeId) -> String {
        self.document.as_ref().map(|d| d.path(node)).unwrap_or_default()
    }
}

impl Analysis {
    /// Messages of the trace with their typed model.
    pub fn saml_messages(&self) -> impl Iterator<Item = (&Message, &SamlMessage)> {
        self.messages.iter().filter_map(|m| m.saml.as_ref().map(|s| (m, s)))
    }
}

/// How far [`analyze_with_progress`] has come, for a progress display ("Scanning HAR: 312 / 840 entries").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Decoding the inputs: inputs done of all, and the entries of a HAR capture scanned so far of all it has.
    Decoding(decode::DecodeProgress),
    /// Every input is decoded; parsing, verifying and checking the SAML messages found.
    Checking {
        /// How many messages (at most [`MAX_MESSAGES`]).
        messages: usize,
    },
}

/// Analyses the inputs of one trace with a profile at an evaluation time and returns the report.
///
/// This is the one entry point the CLI and the web app share.
pub fn analyze(inputs: &[Input], profile: &Profile, time: EvaluationTime) -> Report {
    analyze_with_progress(inputs, profile, time, &mut |_| {})
}

/// [`analyze`], telling `on_progress` how far it has come: while decoding (after each input and each HAR entry),
/// then once before the messages are checked. The callback decides what to do with it (the web worker posts some of
/// them to the page); the analysis neither reads the clock nor waits.
pub fn analyze_with_progress(
    inputs: &[Input],
    profile: &Profile,
    time: EvaluationTime,
    on_progress: &mut dyn FnMut(Progress),
) -> Report {
    analyze_inner(inputs, profile, time, None, on_progress)
}

/// [`analyze_with_progress`] for a trace opened from a *redacted share link*: the signatures of its messages use the
/// results the link's sender reported where the redacted copy cannot be re-verified (see [`crate::dsig::reported`]),
/// and say so. Only the web app's share-link path calls this; every other input is analysed by [`analyze`].
pub fn analyze_reported(
    inputs: &[Input],
    profile: &Profile,
    time: EvaluationTime,
    reported: &[crate::dsig::ReportedMessage],
    on_progress: &mut dyn FnMut(Progress),
) -> Report {
    analyze_inner(inputs, profile, time, Some(reported), on_progress)
}

/// The one body of [`analyze_with_progress`] (`reported` is `None`: nothing reported is ever read) and
/// [`analyze_reported`].
fn analyze_inner(
    inputs: &[Input],
    profile: &Profile,
    time: EvaluationTime,
    reported: Option<&[crate::dsig::ReportedMessage]>,
    on_progress: &mut dyn FnMut(Progress),
) -> Report {
    let mut analysis = build_with_progress(inputs, profile, time, on_progress);
    if let Some(reported) = reported {
        crate::dsig::reported::apply(&mut analysis.messages, reported);
    }
    let findings = crate::rules::run_all(&analysis);
    Report::new(&analysis, findings)
}

/// Runs decoding, parsing and verification (everything but the rules).
pub fn build(inputs: &[Input], profile: &Profile, time: EvaluationTime) -> Analysis {
    build_with_progress(inputs, profile, time, &mut |_| {})
}

fn build_with_progress(
    inputs: &[Input],
    profile: &Profile,
    time: EvaluationTime,
    on_progress: &mut dyn FnMut(Progress),
) -> Analysis {
    let mut decoded = decode::decode_with_progress(inputs, &mut |p| on_progress(Progress::Decoding(p)));
    let messages_found = decoded.items.iter().filter(|i| matches!(i, Item::Message(_))).count();
    on_progress(Progress::Checking { messages: messages_found.min(MAX_MESSAGES) });
    let mut messages = Vec::new();
    for item in &decoded.items {
        if let Item::Message(m) = item {
            if messages.len() >= MAX_MESSAGES {
                decoded
                    .problems
                    .push(decode::DecodeProblem::TooManyMessages { source: m.source.clone(), limit: MAX_MESSAGES });
                break;
            }
            let document = xml::parse(&m.xml, &xml::Limits::default());
            let saml = document.as_ref().ok().map(saml::parse);
            messages.push(Message {
                index: messages.len(),
                decoded: m.clone(),
                document,
                saml,
                signatures: Vec::new(),
                redirect_signature: None,
            });
        }
    }
    let certificates = crate::dsig::trace::collect_certificates(&messages, &decoded, profile);
    crate::dsig::trace::verify_messages(&mut messages, &certificates);
    let (at, time_source) = choose_time(time, &decoded, &messages);
    Analysis {
        profile: profile.clone(),
        at,
        time_source,
        decoded,
        messages,
        certificates,
        sign_in_errors: std::sync::OnceLock::new(),
        item_explanations: std::sync::OnceLock::new(),
    }
}

fn choose_time(time: EvaluationTime, decoded: &Decoded, messages: &[Message]) -> (i64, TimeSource) {
    match time.mode {
        TimeMode::At { unix } => (unix, TimeSource::Explicit),
        TimeMode::Now => (time.now, TimeSource::Now),
        TimeMode::Capture { issue_instant_fallback } => {
            let har = decoded.items.iter().find_map(|i| i.source().har_entry.as_ref().and_then(|h| h.started));
            if let Some(t) = har {
                return (t, TimeSource::HarEntry);
            }
            if issue_instant_fallback {
                let latest = messages
                    .iter()
                    .filter_map(|m| match m.saml.as_ref()? {
                        SamlMessage::Response(r) => r.issue_instant.as_ref()?.unix,
                        SamlMessage::AuthnRequest(r) => r.issue_instant.as_ref()?.unix,
                        SamlMessage::LogoutRequest(r) => r.issue_instant.as_ref()?.unix,
                        SamlMessage::LogoutResponse(r) => r.issue_instant.as_ref()?.unix,
                        SamlMessage::Assertion(a) => a.issue_instant.as_ref()?.unix,
                        _ => None,
                    })
                    .max();
                if let Some(t) = latest {
                    return (t, TimeSource::IssueInstant);
                }
            }
            (time.now, TimeSource::Now)
        }
    }
}
