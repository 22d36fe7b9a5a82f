//! The typed SAML 2.0 model: what the rules read.
//!
//! Types mirror the schema (SAML Core §2–3, Metadata §2); what the schema makes optional is an `Option`. Every
//! element keeps its [`NodeId`] so findings can point at it (path, line) and so signature checks can tell whether
//! the element lies inside a verified subtree. Parsing never fails: a missing or malformed value is `None`, and the
//! rules report it.

mod parse;

pub use parse::parse;

use crate::time::Instant;
use crate::xml::NodeId;

/// SAML 2.0 protocol namespace.
pub const NS_SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
/// SAML 2.0 assertion namespace.
pub const NS_SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";
/// SAML 2.0 metadata namespace.
pub const NS_MD: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
/// XML-DSig namespace.
pub const NS_DS: &str = "http://www.w3.org/2000/09/xmldsig#";
/// XML-Encryption namespace.
pub const NS_XENC: &str = "http://www.w3.org/2001/04/xmlenc#";

/// A parsed SAML document.
#[derive(Debug, Clone)]
pub enum SamlMessage {
    /// `samlp:AuthnRequest`.
    AuthnRequest(AuthnRequest),
    /// `samlp:Response`.
    Response(Response),
    /// `samlp:LogoutRequest`.
    LogoutRequest(LogoutRequest),
    /// `samlp:LogoutResponse`.
    LogoutResponse(LogoutResponse),
    /// `md:EntityDescriptor` (e.g. Entra's App Federation Metadata).
    EntityDescriptor(EntityDescriptor),
    /// `md:EntitiesDescriptor`: several entities.
    EntitiesDescriptor(Vec<EntityDescriptor>),
    /// A bare `saml:Assertion` as the document element (some tools export only the assertion).
    Assertion(Assertion),
    /// Any other document element (its qualified name and namespace).
    Other {
        /// The root element's name as written.
        name: String,
        /// The root element's namespace.
        namespace: Option<String>,
    },
}

impl SamlMessage {
    /// The kind as shown to users: `AuthnRequest`, `Response`, `Metadata` …
    pub fn kind(&self) -> &'static str {
        match self {
            SamlMessage::AuthnRequest(_) => "AuthnRequest",
            SamlMessage::Response(_) => "Response",
            SamlMessage::LogoutRequest(_) => "LogoutRequest",
            SamlMessage::LogoutResponse(_) => "LogoutResponse",
            SamlMessage::EntityDescriptor(_) | SamlMessage::EntitiesDescriptor(_) => "Metadata",
            SamlMessage::Assertion(_) => "Assertion",
            SamlMessage::Other { .. } => "Other",
        }
    }

    /// The message's `ID` attribute (metadata: its `ID`, if any).
    pub fn id(&self) -> Option<&str> {
        match self {
            SamlMessage::AuthnRequest(m) => m.id.as_deref(),
            SamlMessage::Response(m) => m.id.as_deref(),
            SamlMessage::LogoutRequest(m) => m.id.as_deref(),
            SamlMessage::LogoutResponse(m) => m.id.as_deref(),
            SamlMessage::EntityDescriptor(m) => m.id.as_deref(),
            SamlMessage::Assertion(m) => m.id.as_deref(),
            SamlMessage::EntitiesDescriptor(_) | SamlMessage::Other { .. } => None,
        }
    }
}

/// An `Issuer` (or `NameID`) value with its format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameValue {
    /// The text, trimmed.
    pub value: String,
    /// The `Format` attribute.
    pub format: Option<String>,
    /// The element.
    pub node: NodeId,
}

/// `samlp:AuthnRequest` (SAML Core §3.4.1).
#[derive(Debug, Clone)]
pub struct AuthnRequest {
    /// The element.
    pub node: NodeId,
    /// `ID`.
    pub id: Option<String>,
    /// `Version`.
    pub version: Option<String>,
    /// `IssueInstant`.
    pub issue_instant: Option<Instant>,
    /// `Destination`.
    pub destination: Option<String>,
    /// `AssertionConsumerServiceURL`.
    pub assertion_consumer_service_url: Option<String>,
    /// `AssertionConsumerServiceIndex`.
    pub assertion_consumer_service_index: Option<String>,
    /// `ProtocolBinding`.
    pub protocol_binding: Option<String>,
    /// `ForceAuthn`.
    pub force_authn: Option<bool>,
    /// `IsPassive`.
    pub is_passive: Option<bool>,
    /// `saml:Issuer`.
    pub issuer: Option<NameValue>,
    /// `samlp:NameIDPolicy`.
    pub name_id_policy: Option<NameIdPolicy>,
    /// `samlp:RequestedAuthnContext`.
    pub requested_authn_context: Option<RequestedAuthnContext>,
    /// The enveloped `ds:Signature` child, if any.
    pub signature: Option<NodeId>,
}

/// `samlp:NameIDPolicy`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameIdPolicy {
    /// `Format`.
    pub format: Option<String>,
    /// `AllowCreate`.
    pub allow_create: Option<bool>,
    /// `SPNameQualifier`.
    pub sp_name_qualifier: Option<String>,
}

/// `samlp:RequestedAuthnContext`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestedAuthnContext {
    /// `Comparison` (default `exact`).
    pub comparison: Option<String>,
    /// `saml:AuthnContextClassRef` values.
    pub class_refs: Vec<String>,
    /// `saml:AuthnContextDeclRef` values.
    pub decl_refs: Vec<String>,
    /// The element.
    pub node: NodeId,
}

/// `samlp:Status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// Top-level `StatusCode/@Value`.
    pub code: Option<String>,
    /// Nested `StatusCode/StatusCode/@Value`.
    pub sub_code: Option<String>,
    /// `StatusMessage` text.
    pub message: Option<String>,
    /// `StatusDetail` text content (Entra puts AADSTS details here).
    pub detail: Option<String>,
    /// The element.
    pub node: NodeId,
}

impl Status {
    /// Whether the top-level code is `…:status:Success`.
    pub fn is_success(&self) -> bool {
        self.code.as_deref() == Some("urn:oasis:names:tc:SAML:2.0:status:Success")
    }
}

/// `samlp:Response` (SAML Core §3.3.3).
#[derive(Debug, Clone)]
pub struct Response {
    /// The element.
    pub node: NodeId,
    /// `ID`.
    pub id: Option<String>,
    /// `InResponseTo`.
    pub in_response_to: Option<String>,
    /// `Destination`.
    pub destination: Option<String>,
    /// `IssueInstant`.
    pub issue_instant: Option<Instant>,
    /// `Version`.
    pub version: Option<String>,
    /// `saml:Issuer`.
    pub issuer: Option<NameValue>,
    /// `samlp:Status`.
    pub status: Option<Status>,
    /// Plain `saml:Assertion` children, in order.
    pub assertions: Vec<Assertion>,
    /// `saml:EncryptedAssertion` children.
    pub encrypted_assertions: Vec<NodeId>,
    /// The enveloped `ds:Signature` child, if any.
    pub signature: Option<NodeId>,
}

/// `saml:Assertion` (SAML Core §2.3.3).
#[derive(Debug, Clone)]
pub struct Assertion {
    /// The element.
    pub node: NodeId,
    /// `ID`.
    pub id: Option<String>,
    /// `IssueInstant`.
    pub issue_instant: Option<Instant>,
    /// `saml:Issuer`.
    pub issuer: Option<NameValue>,
    /// `saml:Subject`.
    pub subject: Option<Subject>,
    /// `saml:Conditions`.
    pub conditions: Option<Conditions>,
    /// `saml:AuthnStatement`s.
    pub authn_statements: Vec<AuthnStatement>,
    /// Every `saml:Attribute` of every `saml:AttributeStatement`, in order.
    pub attributes: Vec<SamlAttribute>,
    /// The enveloped `ds:Signature` child, if any.
    pub signature: Option<NodeId>,
}

/// `saml:Subject`.
#[derive(Debug, Clone)]
pub struct Subject {
    /// `saml:NameID`.
    pub name_id: Option<NameValue>,
    /// `saml:SubjectConfirmation`s.
    pub confirmations: Vec<SubjectConfirmation>,
    /// The element.
    pub node: NodeId,
}

/// `saml:SubjectConfirmation`.
#[derive(Debug, Clone)]
pub struct SubjectConfirmation {
    /// `Method` (Entra: `urn:oasis:names:tc:SAML:2.0:cm:bearer`).
    pub method: Option<String>,
    /// `saml:SubjectConfirmationData`.
    pub data: Option<SubjectConfirmationData>,
    /// The element.
    pub node: NodeId,
}

/// `saml:SubjectConfirmationData`.
#[derive(Debug, Clone)]
pub struct SubjectConfirmationData {
    /// `NotBefore`.
    pub not_before: Option<Instant>,
    /// `NotOnOrAfter`.
    pub not_on_or_after: Option<Instant>,
    /// `Recipient`.
    pub recipient: Option<String>,
    /// `InResponseTo`.
    pub in_response_to: Option<String>,
    /// `Address`.
    pub address: Option<String>,
    /// The element.
    pub node: NodeId,
}

/// `saml:Conditions`.
#[derive(Debug, Clone)]
pub struct Conditions {
    /// `NotBefore`.
    pub not_before: Option<Instant>,
    /// `NotOnOrAfter`.
    pub not_on_or_after: Option<Instant>,
    /// Each `saml:AudienceRestriction` with its `saml:Audience` values.
    pub audience_restrictions: Vec<Vec<String>>,
    /// Whether `saml:OneTimeUse` is present.
    pub one_time_use: bool,
    /// The element.
    pub node: NodeId,
}

/// `saml:AuthnStatement`.
#[derive(Debug, Clone)]
pub struct AuthnStatement {
    /// `AuthnInstant`.
    pub authn_instant: Option<Instant>,
    /// `SessionIndex`.
    pub session_index: Option<String>,
    /// `SessionNotOnOrAfter`.
    pub session_not_on_or_after: Option<Instant>,
    /// `AuthnContext/AuthnContextClassRef`.
    pub class_ref: Option<String>,
    /// The element.
    pub node: NodeId,
}

/// `saml:Attribute` (a claim).
#[derive(Debug, Clone)]
pub struct SamlAttribute {
    /// `Name` (Entra: the claim name, e.g. `Email` or `http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress`).
    pub name: String,
    /// `FriendlyName`.
    pub friendly_name: Option<String>,
    /// `NameFormat`.
    pub name_format: Option<String>,
    /// `saml:AttributeValue` texts, trimmed.
    pub values: Vec<String>,
    /// The element.
    pub node: NodeId,
}

/// `samlp:LogoutRequest`.
#[derive(Debug, Clone)]
pub struct LogoutRequest {
    /// The element.
    pub node: NodeId,
    /// `ID`.
    pub id: Option<String>,
    /// `IssueInstant`.
    pub issue_instant: Option<Instant>,
    /// `Destination`.
    pub destination: Option<String>,
    /// `NotOnOrAfter`.
    pub not_on_or_after: Option<Instant>,
    /// `Reason`.
    pub reason: Option<String>,
    /// `saml:Issuer`.
    pub issuer: Option<NameValue>,
    /// `saml:NameID`.
    pub name_id: Option<NameValue>,
    /// `samlp:SessionIndex` values.
    pub session_indexes: Vec<String>,
    /// The enveloped `ds:Signature` child, if any.
    pub signature: Option<NodeId>,
}

/// `samlp:LogoutResponse`.
#[derive(Debug, Clone)]
pub struct LogoutResponse {
    /// The element.
    pub node: NodeId,
    /// `ID`.
    pub id: Option<String>,
    /// `InResponseTo`.
    pub in_response_to: Option<String>,
    /// `IssueInstant`.
    pub issue_instant: Option<Instant>,
    /// `Destination`.
    pub destination: Option<String>,
    /// `saml:Issuer`.
    pub issuer: Option<NameValue>,
    /// `samlp:Status`.
    pub status: Option<Status>,
    /// The enveloped `ds:Signature` child, if any.
    pub signature: Option<NodeId>,
}

/// `md:EntityDescriptor` (SAML Metadata §2.3.2).
#[derive(Debug, Clone)]
pub struct EntityDescriptor {
    /// The element.
    pub node: NodeId,
    /// `entityID`.
    pub entity_id: Option<String>,
    /// `ID`.
    pub id: Option<String>,
    /// `validUntil`.
    pub valid_until: Option<Instant>,
    /// `md:IDPSSODescriptor`.
    pub idp: Option<IdpSsoDescriptor>,
    /// `md:SPSSODescriptor`.
    pub sp: Option<SpSsoDescriptor>,
    /// The enveloped `ds:Signature` child, if any.
    pub signature: Option<NodeId>,
}

/// `md:KeyDescriptor`.
#[derive(Debug, Clone)]
pub struct KeyDescriptor {
    /// `use`: `signing`, `encryption`, or `None` (both).
    pub key_use: Option<String>,
    /// Base64 `ds:X509Certificate` texts (whitespace removed).
    pub certificates: Vec<String>,
    /// The element.
    pub node: NodeId,
}

/// An endpoint (`md:SingleSignOnService`, `md:AssertionConsumerService`, `md:SingleLogoutService`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `Binding`.
    pub binding: Option<String>,
    /// `Location`.
    pub location: Option<String>,
    /// `index` (indexed endpoints).
    pub index: Option<String>,
    /// `isDefault`.
    pub is_default: Option<bool>,
}

/// `md:IDPSSODescriptor`.
#[derive(Debug, Clone)]
pub struct IdpSsoDescriptor {
    /// Key descriptors.
    pub key_descriptors: Vec<KeyDescriptor>,
    /// `md:SingleSignOnService`s.
    pub sso_services: Vec<Endpoint>,
    /// `md:SingleLogoutService`s.
    pub slo_services: Vec<Endpoint>,
    /// `WantAuthnRequestsSigned`.
    pub want_authn_requests_signed: Option<bool>,
    /// The element.
    pub node: NodeId,
}

/// `md:SPSSODescriptor`.
#[derive(Debug, Clone)]
pub struct SpSsoDescriptor {
    /// Key descriptors.
    pub key_descriptors: Vec<KeyDescriptor>,
    /// `md:AssertionConsumerService`s.
    pub assertion_consumer_services: Vec<Endpoint>,
    /// `md:SingleLogoutService`s.
    pub slo_services: Vec<Endpoint>,
    /// `AuthnRequestsSigned`.
    pub authn_requests_signed: Option<bool>,
    /// `WantAssertionsSigned`.
    pub want_assertions_signed: Option<bool>,
    /// The element.
    pub node: NodeId,
}
