//! One trace as a sequence: which Response answers which AuthnRequest, where the IdP metadata is, which sign-in
//! errors the inputs show, and the [`timeline`](Analysis::timeline) of it all for the report and the web app.
//!
//! Several inputs (or one HAR capture) form one trace. A Response answers the AuthnRequest whose `ID` equals its
//! `InResponseTo` (on the Response, else on its `SubjectConfirmationData`). The rules use this correlation to compare
//! what the request asked for (ACS URL, Issuer, Destination tenant) with what came back (Destination, Recipient,
//! Audience, Issuer) before falling back to the profile's patterns, so one wrong value is reported once.

use serde::Serialize;

use crate::analysis::{Analysis, Message};
use crate::decode::{Binding, Item, Source};
use crate::explain::{explain_text, ErrorSource, Explanation};
use crate::saml::{Assertion, AuthnRequest, EntityDescriptor, Response, SamlMessage};

/// A plain (not encrypted) assertion of the trace, with the Response that carries it (`None` for a bare assertion).
#[derive(Debug, Clone, Copy)]
pub struct AssertionRef<'a> {
    /// The message holding it.
    pub message: &'a Message,
    /// The Response around it, if any.
    pub response: Option<&'a Response>,
    /// The assertion.
    pub assertion: &'a Assertion,
}

/// A sign-in error found in the inputs (an `AADSTS` code or a Cognito `error_description`).
#[derive(Debug, Clone)]
pub struct FoundError {
    /// What it is, with the knowledge-base entry.
    pub explanation: Explanation,
    /// Where it was found.
    pub source: Source,
    /// What carried it.
    pub carrier: ErrorCarrier,
}

/// What carried an error found in the inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorCarrier {
    /// A text (error page, log line, pasted message).
    Text,
    /// A URL (a request of a capture, a pasted URL, a redirect's `Location`).
    Url,
    /// The `StatusMessage`/`StatusDetail` of a failed Response (the message index).
    Status {
        /// Index of the Response in the trace's messages.
        message: usize,
    },
}

/// Who a request of the trace went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    /// NumlyEngage's web app (`<subdomain>.numly.io`).
    NumlyEngage,
    /// Amazon Cognito (the user pool's domain; the ACS `…/saml2/idpresponse`).
    Cognito,
    /// Microsoft Entra ID (`login.microsoftonline.com`, `sts.windows.net`).
    Entra,
    /// Anything else.
    Other,
}

/// One step of the trace, in order.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEvent {
    /// Where it was found.
    pub source: Source,
    /// When it happened (Unix seconds): the HAR entry's start, else the message's `IssueInstant`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time: Option<i64>,
    /// What happened.
    #[serde(flatten)]
    pub event: Event,
}

/// What a timeline step is.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum Event {
    /// An HTTP request of a capture, or a pasted URL.
    Request {
        /// HTTP method.
        method: String,
        /// The URL.
        url: String,
        /// HTTP status (0 if unknown).
        status: u16,
        /// The redirect target, if any.
        #[serde(skip_serializing_if = "Option::is_none")]
        redirect_to: Option<String>,
        /// Who the request went to.
        party: Party,
    },
    /// A SAML message (or metadata document).
    Message {
        /// Index in the report's `messages`.
        message: usize,
        /// `AuthnRequest`, `Response`, `Metadata` …
        kind: String,
        /// The message `ID`.
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        /// How it travelled.
        binding: Binding,
        /// For a Response: its `InResponseTo`.
        #[serde(skip_serializing_if = "Option::is_none")]
        in_response_to: Option<String>,
        /// For a Response: the index of the AuthnRequest it answers, when that request is in the trace.
        #[serde(skip_serializing_if = "Option::is_none")]
        answers: Option<usize>,
    },
    /// A sign-in error (from a text, a URL or a Response status).
    Error {
        /// `AADSTS50011`, or a Cognito error id such as `cognito.attribute-required`.
        key: String,
        /// Which system reported it.
        system: ErrorSource,
        /// The error text as quoted from the input.
        quote: String,
        /// Whether sso-doctor's knowledge base explains it.
        known: bool,
    },
    /// A certificate given as input.
    Certificate,
}

impl Analysis {
    /// The AuthnRequests of the trace, in order.
    pub fn authn_requests(&self) -> impl Iterator<Item = (&Message, &AuthnRequest)> {
        self.saml_messages().filter_map(|(m, s)| match s {
            SamlMessage::AuthnRequest(r) => Some((m, r)),
            _ => None,
        })
    }

    /// The Responses of the trace, in order.
    pub fn responses(&self) -> impl Iterator<Item = (&Message, &Response)> {
        self.saml_messages().filter_map(|(m, s)| match s {
            SamlMessage::Response(r) => Some((m, r)),
            _ => None,
        })
    }

    /// Every plain assertion: those inside Responses and bare ones, in order.
    pub fn assertions(&self) -> Vec<AssertionRef<'_>> {
        let mut out = Vec::new();
        for (message, saml) in self.saml_messages() {
            match saml {
                SamlMessage::Response(r) => {
                    out.extend(r.assertions.iter().map(|a| AssertionRef { message, response: Some(r), assertion: a }));
                }
                SamlMessage::Assertion(a) => out.push(AssertionRef { message, response: None, assertion: a }),
                _ => {}
            }
        }
        out
    }

    /// The AuthnRequest a Response answers: the one whose `ID` is the Response's `InResponseTo` (or, when the
    /// Response has none, its first assertion's `SubjectConfirmationData/@InResponseTo`).
    pub fn request_for(&self, response: &Response) -> Option<(&Message, &AuthnRequest)> {
        let wanted = in_response_to(response)?;
        self.authn_requests().find(|(_, r)| r.id.as_deref() == Some(wanted))
    }

    /// The Response answering an AuthnRequest, if the trace holds it.
    pub fn response_to(&self, request: &AuthnRequest) -> Option<(&Message, &Response)> {
        let id = request.id.as_deref()?;
        self.responses().find(|(_, r)| in_response_to(r) == Some(id))
    }

    /// The IdP metadata of the trace (the first `EntityDescriptor` with an `IDPSSODescriptor`), if one was given.
    pub fn idp_metadata(&self) -> Option<(&Message, &EntityDescriptor)> {
        self.saml_messages().find_map(|(m, s)| match s {
            SamlMessage::EntityDescriptor(e) if e.idp.is_some() => Some((m, e)),
            SamlMessage::EntitiesDescriptor(list) => list.iter().find(|e| e.idp.is_some()).map(|e| (m, e)),
            _ => None,
        })
    }

    /// Every sign-in error in the inputs, de-duplicated by key (`AADSTS50011`, a Cognito error id), in order of
    /// first appearance: texts, URLs, and the status of failed Responses. Worked out once per analysis.
    pub fn sign_in_errors(&self) -> &[FoundError] {
        self.sign_in_errors.get_or_init(|| self.find_sign_in_errors())
    }

    /// The errors explained in each decoded item, in item order: for each text of the item (a request's URL, then
    /// the URL it redirects to; a pasted text), what [`explain_text`] finds in it. Messages and certificates have
    /// none. Worked out once per analysis: the error list and the timeline both read it.
    fn item_explanations(&self) -> &[Vec<Vec<Explanation>>] {
        self.item_explanations.get_or_init(|| {
            let texts = |item: &Item| -> Vec<Vec<Explanation>> {
                match item {
                    Item::Text { text, .. } => vec![explain_text(text)],
                    Item::Request { url, redirect_to, .. } => {
                        std::iter::once(url.as_str()).chain(redirect_to.as_deref()).map(explain_text).collect()
                    }
                    Item::Message(_) | Item::Certificate { .. } => Vec::new(),
                }
            };
            self.decoded.items.iter().map(texts).collect()
        })
    }

    fn find_sign_in_errors(&self) -> Vec<FoundError> {
        let mut found: Vec<FoundError> = Vec::new();
        let mut push = |explanations: &[Explanation], source: &Source, carrier: ErrorCarrier| {
            for explanation in explanations {
                if !found.iter().any(|f| f.explanation.key() == explanation.key()) {
                    found.push(FoundError { explanation: explanation.clone(), source: source.clone(), carrier });
                }
            }
        };
        for (item, explained) in self.decoded.items.iter().zip(self.item_explanations()) {
            let (source, carrier) = match item {
                Item::Text { source, .. } => (source, ErrorCarrier::Text),
                Item::Request { source, .. } => (source, ErrorCarrier::Url),
                Item::Message(_) | Item::Certificate { .. } => continue,
            };
            for explanations in explained {
                push(explanations, source, carrier);
            }
        }
        for (m, r) in self.responses() {
            if let Some(status) = r.status.as_ref().filter(|s| !s.is_success()) {
                let text = [status.message.as_deref(), status.detail.as_deref()].into_iter().flatten();
                for t in text {
                    push(&explain_text(t), &m.decoded.source, ErrorCarrier::Status { message: m.index });
                }
            }
        }
        found
    }

    /// The AADSTS codes reported by failed Responses' status (the `response.status-error` rule owns those).
    pub fn status_error_keys(&self) -> Vec<String> {
        let mut keys = Vec::new();
        for (_, r) in self.responses() {
            if let Some(status) = r.status.as_ref().filter(|s| !s.is_success()) {
                for t in [status.message.as_deref(), status.detail.as_deref()].into_iter().flatten() {
                    keys.extend(explain_text(t).iter().map(Explanation::key));
                }
            }
        }
        keys
    }

    /// Whether the trace holds a Response with status Success and at least one assertion (plain or encrypted).
    pub fn has_successful_response(&self) -> bool {
        self.responses().any(|(_, r)| {
            r.status.as_ref().is_some_and(crate::saml::Status::is_success)
                && (!r.assertions.is_empty() || !r.encrypted_assertions.is_empty())
        })
    }

    /// The trace as ordered events: requests, SAML messages (each Response linked to the request it answers), and
    /// the sign-in errors found, each with its source.
    ///
    /// The order is the order of the inputs and, inside a HAR capture, of its entries. When every event has a time
    /// (all came from HAR entries, or from messages with an `IssueInstant`) the events are sorted by it, so inputs
    /// pasted in any order still read as the sign-in happened.
    pub fn timeline(&self) -> Vec<TimelineEvent> {
        let mut events = Vec::new();
        let mut message_index = 0usize;
        let explained = self.item_explanations();
        for (item_index, item) in self.decoded.items.iter().enumerate() {
            let errors = explained.get(item_index).map_or(&[][..], Vec::as_slice).iter().flatten();
            let har_time = item.source().har_entry.as_ref().and_then(|h| h.started);
            match item {
                Item::Message(_) => {
                    if let Some(m) = self.messages.get(message_index) {
                        events.push(self.message_event(m, har_time));
                    }
                    message_index += 1;
                }
                Item::Request { source, method, url, status, redirect_to } => {
                    events.push(TimelineEvent {
                        source: source.clone(),
                        time: har_time,
                        event: Event::Request {
                            method: method.clone(),
                            url: url.clone(),
                            status: *status,
                            redirect_to: redirect_to.clone(),
                            party: party_of(url),
                        },
                    });
                    events.extend(error_events(errors, source, har_time));
                }
                Item::Text { source, .. } => {
                    events.extend(error_events(errors, source, har_time));
                }
                Item::Certificate { source, .. } => {
                    events.push(TimelineEvent { source: source.clone(), time: har_time, event: Event::Certificate });
                }
            }
        }
        // One HAR entry can carry the same error twice (a redirect's Location and the page it leads to).
        let mut seen: Vec<(String, usize, Option<usize>)> = Vec::new();
        events.retain(|e| match &e.event {
            Event::Error { key, .. } => {
                let id = (key.clone(), e.source.input, e.source.har_entry.as_ref().map(|h| h.index));
                let fresh = !seen.contains(&id);
                seen.push(id);
                fresh
            }
            _ => true,
        });
        if events.iter().all(|e| e.time.is_some()) {
            events.sort_by_key(|e| e.time);
        }
        events
    }

    fn message_event(&self, m: &Message, har_time: Option<i64>) -> TimelineEvent {
        let (in_response_to, answers, issued) = match &m.saml {
            Some(SamlMessage::Response(r)) => (
                crate::trace::in_response_to(r).map(str::to_owned),
                self.request_for(r).map(|(req, _)| req.index),
                r.issue_instant.as_ref().and_then(|t| t.unix),
            ),
            Some(SamlMessage::AuthnRequest(r)) => (None, None, r.issue_instant.as_ref().and_then(|t| t.unix)),
            Some(SamlMessage::Assertion(a)) => (None, None, a.issue_instant.as_ref().and_then(|t| t.unix)),
            _ => (None, None, None),
        };
        TimelineEvent {
            source: m.decoded.source.clone(),
            time: har_time.or(issued),
            event: Event::Message {
                message: m.index,
                kind: m.kind().to_owned(),
                id: m.id().map(str::to_owned),
                binding: m.decoded.binding,
                in_response_to,
                answers,
            },
        }
    }
}

/// The `InResponseTo` of a Response: on the Response, else on its first assertion's `SubjectConfirmationData`.
pub fn in_response_to(response: &Response) -> Option<&str> {
    response.in_response_to.as_deref().filter(|s| !s.is_empty()).or_else(|| {
        response
            .assertions
            .iter()
            .flat_map(|a| a.subject.iter().flat_map(|s| s.confirmations.iter()))
            .find_map(|c| c.data.as_ref()?.in_response_to.as_deref().filter(|s| !s.is_empty()))
    })
}

/// Who a URL belongs to.
pub fn party_of(url: &str) -> Party {
    let Some(parts) = crate::rules::expected::UrlParts::parse(url) else {
        return Party::Other;
    };
    let host = parts.host.to_ascii_lowercase();
    if host == "numly.io" || host.ends_with(".numly.io") {
        Party::NumlyEngage
    } else if host.ends_with(".amazoncognito.com") || parts.path == crate::rules::expected::COGNITO_ACS_PATH {
        Party::Cognito
    } else if host.starts_with("login.microsoftonline.")
        || host == "login.microsoft.com"
        || host == "sts.windows.net"
        || host == "login.partner.microsoftonline.cn"
    {
        Party::Entra
    } else {
        Party::Other
    }
}

fn error_events<'a>(
    explanations: impl Iterator<Item = &'a Explanation>,
    source: &Source,
    time: Option<i64>,
) -> impl Iterator<Item = TimelineEvent> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for e in explanations {
        let key = e.key();
        if seen.contains(&key) {
            continue;
        }
        seen.push(key.clone());
        out.push(TimelineEvent {
            source: source.clone(),
            time,
            event: Event::Error { key, system: e.source(), quote: e.quote(), known: e.is_known() },
        });
    }
    out.into_iter()
}

#[cfg(test)]
pub(crate) mod testing {
    //! Builds an [`Analysis`] from decoded items directly, so rules that read texts, URLs and HAR entries can be
    //! tested before (and independently of) the decoder recognising them.
    use crate::analysis::{Analysis, Message};
    use crate::decode::{Binding, DecodedMessage, HarEntryRef, Item, Source};
    use crate::finding::Finding;
    use crate::profile::Profile;
    use crate::time::EvaluationTime;

    /// A source in input `input` (0-based), optionally from a HAR entry.
    pub fn source(input: usize, har_entry: Option<(usize, &str, i64)>) -> Source {
        Source {
            input,
            input_name: format!("input {}", input + 1),
            har_entry: har_entry.map(|(index, url, started)| HarEntryRef {
                index,
                method: "GET".to_owned(),
                url: url.to_owned(),
                status: 200,
                started: Some(started),
            }),
            location: String::new(),
        }
    }

    /// A text item.
    pub fn text(input: usize, text: &str) -> Item {
        Item::Text { source: source(input, None), text: text.to_owned() }
    }

    /// A pasted-URL (or HAR request) item.
    pub fn request(source: Source, url: &str) -> Item {
        Item::Request { source, method: "GET".to_owned(), url: url.to_owned(), status: 200, redirect_to: None }
    }

    /// A raw-XML message item.
    pub fn message(source: Source, xml: &str, binding: Binding) -> Item {
        Item::Message(DecodedMessage {
            source,
            parameter: None,
            binding,
            steps: Vec::new(),
            xml: xml.to_owned(),
            relay_state: None,
            redirect_signature: None,
            url: None,
        })
    }

    /// The analysis of these items (messages parsed as the pipeline does).
    pub fn analysis(items: Vec<Item>, profile: &Profile, at: i64) -> Analysis {
        let mut analysis = crate::analysis::build(&[], profile, EvaluationTime::at(at));
        for item in &items {
            if let Item::Message(m) = item {
                let document = crate::xml::parse(&m.xml, &crate::xml::Limits::default());
                let saml = document.as_ref().ok().map(crate::saml::parse);
                let index = analysis.messages.len();
                analysis.messages.push(Message {
                    index,
                    decoded: m.clone(),
                    document,
                    saml,
                    signatures: Vec::new(),
                    redirect_signature: None,
                });
            }
        }
        analysis.decoded.items = items;
        // Signatures are verified as the pipeline does, once every message and certificate is known.
        analysis.certificates =
            crate::dsig::trace::collect_certificates(&analysis.messages, &analysis.decoded, &analysis.profile);
        crate::dsig::trace::verify_messages(&mut analysis.messages, &analysis.certificates);
        analysis
    }

    /// The findings of one rule over these items.
    pub fn findings_of(rule: &str, items: Vec<Item>, profile: &Profile, at: i64) -> Vec<Finding> {
        let analysis = analysis(items, profile, at);
        crate::rules::run_all(&analysis).into_iter().filter(|f| f.rule == rule).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::testing::{analysis, message, request, source, text};
    use super::*;
    use crate::profile::Profile;

    const REQUEST: &str = r#"<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_req1" IssueInstant="2025-03-14T10:00:00Z" Version="2.0"/>"#;
    const RESPONSE: &str = r#"<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_resp1" InResponseTo="_req1" IssueInstant="2025-03-14T10:00:05Z" Version="2.0"><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>"#;

    #[test]
    fn matches_a_response_to_its_request() {
        let a = analysis(
            vec![message(source(0, None), RESPONSE, Binding::Raw), message(source(1, None), REQUEST, Binding::Raw)],
            &Profile::default(),
            0,
        );
        let (_, response) = a.responses().next().unwrap();
        let (m, r) = a.request_for(response).unwrap();
        assert_eq!((m.index, r.id.as_deref()), (1, Some("_req1")));
        let (_, request) = a.authn_requests().next().unwrap();
        assert_eq!(a.response_to(request).unwrap().1.id.as_deref(), Some("_resp1"));
    }

    #[test]
    fn timeline_orders_by_time_and_links_the_answer() {
        // Pasted in the wrong order: the Response first. Both have an IssueInstant, so the timeline sorts them.
        let a = analysis(
            vec![message(source(0, None), RESPONSE, Binding::Raw), message(source(1, None), REQUEST, Binding::Raw)],
            &Profile::default(),
            0,
        );
        let t = a.timeline();
        let kinds: Vec<String> = t
            .iter()
            .map(|e| match &e.event {
                Event::Message { kind, answers, .. } => format!("{kind}{answers:?}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(kinds, ["AuthnRequestNone", "ResponseSome(1)"]);
    }

    #[test]
    fn timeline_keeps_input_order_without_times_and_shows_errors() {
        let a = analysis(
            vec![
                request(source(0, None), "https://acme.numly.io/registration?mail=jane@acme.example"),
                text(1, "AADSTS50105: Your administrator has configured the application NumlyEngage to block users"),
                request(
                    source(2, None),
                    "https://acme.numly.io/?error_description=Invalid+samlResponse+or+relayState+from+identity+provider&error=invalid_request",
                ),
            ],
            &Profile::default(),
            0,
        );
        let t = a.timeline();
        let summary: Vec<String> = t
            .iter()
            .map(|e| match &e.event {
                Event::Request { party, .. } => format!("request {party:?}"),
                Event::Error { key, .. } => format!("error {key}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "request NumlyEngage",
                "error AADSTS50105",
                "request NumlyEngage",
                "error cognito.invalid-samlresponse-or-relaystate"
            ]
        );
        let errors = a.sign_in_errors();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[1].carrier, ErrorCarrier::Url);
    }

    #[test]
    fn an_error_seen_twice_in_one_har_entry_is_one_event() {
        let entry = || source(0, Some((3, "https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse", 100)));
        let error =
            "https://acme.numly.io/?error_description=Invalid+samlResponse+or+relayState+from+identity+provider";
        let a = analysis(
            vec![request(entry(), error), Item::Text { source: entry(), text: error.to_owned() }],
            &Profile::default(),
            0,
        );
        let errors = a.timeline().iter().filter(|e| matches!(e.event, Event::Error { .. })).count();
        assert_eq!(errors, 1);
    }

    #[test]
    fn parties() {
        assert_eq!(party_of("https://login.microsoftonline.com/x/saml2?SAMLRequest=1"), Party::Entra);
        assert_eq!(party_of("https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"), Party::Cognito);
        assert_eq!(party_of("https://login.acme.example/saml2/idpresponse"), Party::Cognito);
        assert_eq!(party_of("https://acme.numly.io/"), Party::NumlyEngage);
        assert_eq!(party_of("https://example.com/"), Party::Other);
        assert_eq!(party_of("nonsense"), Party::Other);
    }
}
