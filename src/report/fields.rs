//! Key fields of a message for its summary card (issuer, audience, destination, NameID, times …).

use crate::analysis::Message;
use crate::saml::SamlMessage;

/// The fields worth showing at a glance, in display order.
pub fn key_fields(m: &Message) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: Option<&str>| {
        if let Some(v) = v {
            f.push((k.to_owned(), v.to_owned()));
        }
    };
    match &m.saml {
        Some(SamlMessage::AuthnRequest(r)) => {
            put("ID", r.id.as_deref());
            put("Issuer", r.issuer.as_ref().map(|i| i.value.as_str()));
            put("Destination", r.destination.as_deref());
            put("AssertionConsumerServiceURL", r.assertion_consumer_service_url.as_deref());
            put("ProtocolBinding", r.protocol_binding.as_deref());
            put("IssueInstant", r.issue_instant.as_ref().map(|t| t.raw.as_str()));
        }
        Some(SamlMessage::Response(r)) => {
            put("ID", r.id.as_deref());
            put("InResponseTo", r.in_response_to.as_deref());
            put("Issuer", r.issuer.as_ref().map(|i| i.value.as_str()));
            put("Destination", r.destination.as_deref());
            put("Status", r.status.as_ref().and_then(|s| s.code.as_deref()));
            put("StatusMessage", r.status.as_ref().and_then(|s| s.message.as_deref()));
            put("IssueInstant", r.issue_instant.as_ref().map(|t| t.raw.as_str()));
            if let Some(a) = r.assertions.first() {
                put("Assertion Issuer", a.issuer.as_ref().map(|i| i.value.as_str()));
                let aud = a.conditions.as_ref().and_then(|c| c.audience_restrictions.first()).and_then(|r| r.first());
                put("Audience", aud.map(String::as_str));
                let subject = a.subject.as_ref();
                put("NameID", subject.and_then(|s| s.name_id.as_ref()).map(|n| n.value.as_str()));
                let data = subject.and_then(|s| s.confirmations.first()).and_then(|c| c.data.as_ref());
                put("Recipient", data.and_then(|d| d.recipient.as_deref()));
                put("NotBefore", a.conditions.as_ref().and_then(|c| c.not_before.as_ref()).map(|t| t.raw.as_str()));
                put(
                    "NotOnOrAfter",
                    a.conditions.as_ref().and_then(|c| c.not_on_or_after.as_ref()).map(|t| t.raw.as_str()),
                );
            }
            if !r.encrypted_assertions.is_empty() {
                put("EncryptedAssertion", Some(&r.encrypted_assertions.len().to_string()));
            }
        }
        Some(SamlMessage::LogoutRequest(r)) => {
            put("ID", r.id.as_deref());
            put("Issuer", r.issuer.as_ref().map(|i| i.value.as_str()));
            put("Destination", r.destination.as_deref());
            put("NameID", r.name_id.as_ref().map(|n| n.value.as_str()));
        }
        Some(SamlMessage::LogoutResponse(r)) => {
            put("ID", r.id.as_deref());
            put("InResponseTo", r.in_response_to.as_deref());
            put("Issuer", r.issuer.as_ref().map(|i| i.value.as_str()));
            put("Status", r.status.as_ref().and_then(|s| s.code.as_deref()));
        }
        Some(SamlMessage::EntityDescriptor(e)) => {
            put("entityID", e.entity_id.as_deref());
            if let Some(idp) = &e.idp {
                put("SingleSignOnService", idp.sso_services.first().and_then(|s| s.location.as_deref()));
                let signing: usize = idp
                    .key_descriptors
                    .iter()
                    .filter(|k| k.key_use.as_deref() != Some("encryption"))
                    .map(|k| k.certificates.len())
                    .sum();
                put("Signing certificates", Some(&signing.to_string()));
            }
            if let Some(sp) = &e.sp {
                put(
                    "AssertionConsumerService",
                    sp.assertion_consumer_services.first().and_then(|s| s.location.as_deref()),
                );
            }
        }
        Some(SamlMessage::EntitiesDescriptor(list)) => {
            put("Entities", Some(&list.len().to_string()));
        }
        Some(SamlMessage::Assertion(a)) => {
            put("ID", a.id.as_deref());
            put("Issuer", a.issuer.as_ref().map(|i| i.value.as_str()));
        }
        Some(SamlMessage::Other { name, .. }) => put("Root element", Some(name)),
        None => {}
    }
    f
}
