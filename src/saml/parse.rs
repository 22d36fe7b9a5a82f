//! Reading the typed model out of a [`Document`].

use super::{
    Assertion, AuthnRequest, AuthnStatement, Conditions, Endpoint, EntityDescriptor, IdpSsoDescriptor, KeyDescriptor,
    LogoutRequest, LogoutResponse, NameIdPolicy, NameValue, RequestedAuthnContext, Response, SamlAttribute,
    SamlMessage, SpSsoDescriptor, Status, Subject, SubjectConfirmation, SubjectConfirmationData, NS_DS, NS_MD, NS_SAML,
    NS_SAMLP,
};
use crate::time::Instant;
use crate::xml::{Document, NodeId};

/// Reads the typed model of the document element. Never fails: unknown roots become [`SamlMessage::Other`].
pub fn parse(doc: &Document) -> SamlMessage {
    let root = doc.root();
    let r = Reader { doc };
    let Some(e) = doc.element(root) else {
        return SamlMessage::Other { name: String::new(), namespace: None };
    };
    match (e.namespace.as_deref(), e.local.as_str()) {
        (Some(NS_SAMLP), "AuthnRequest") => SamlMessage::AuthnRequest(r.authn_request(root)),
        (Some(NS_SAMLP), "Response") => SamlMessage::Response(r.response(root)),
        (Some(NS_SAMLP), "LogoutRequest") => SamlMessage::LogoutRequest(r.logout_request(root)),
        (Some(NS_SAMLP), "LogoutResponse") => SamlMessage::LogoutResponse(r.logout_response(root)),
        (Some(NS_MD), "EntityDescriptor") => SamlMessage::EntityDescriptor(r.entity_descriptor(root)),
        (Some(NS_MD), "EntitiesDescriptor") => SamlMessage::EntitiesDescriptor(
            doc.descendants_named(root, NS_MD, "EntityDescriptor").map(|n| r.entity_descriptor(n)).collect(),
        ),
        (Some(NS_SAML), "Assertion") => SamlMessage::Assertion(r.assertion(root)),
        _ => SamlMessage::Other { name: doc.qname(root), namespace: e.namespace.clone() },
    }
}

struct Reader<'a> {
    doc: &'a Document,
}

impl Reader<'_> {
    fn attr(&self, n: NodeId, name: &str) -> Option<String> {
        self.doc.attr(n, name).map(str::to_owned)
    }

    fn instant(&self, n: NodeId, name: &str) -> Option<Instant> {
        self.doc.attr(n, name).map(Instant::parse)
    }

    fn boolean(&self, n: NodeId, name: &str) -> Option<bool> {
        match self.doc.attr(n, name)?.trim() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    fn text_of(&self, parent: NodeId, ns: &str, local: &str) -> Option<String> {
        self.doc.child(parent, ns, local).map(|c| self.doc.trimmed_text(c))
    }

    fn name_value(&self, parent: NodeId, ns: &str, local: &str) -> Option<NameValue> {
        let n = self.doc.child(parent, ns, local)?;
        Some(NameValue { value: self.doc.trimmed_text(n), format: self.attr(n, "Format"), node: n })
    }

    fn signature(&self, n: NodeId) -> Option<NodeId> {
        self.doc.child(n, NS_DS, "Signature")
    }

    fn authn_request(&self, n: NodeId) -> AuthnRequest {
        let d = self.doc;
        AuthnRequest {
            node: n,
            id: self.attr(n, "ID"),
            version: self.attr(n, "Version"),
            issue_instant: self.instant(n, "IssueInstant"),
            destination: self.attr(n, "Destination"),
            assertion_consumer_service_url: self.attr(n, "AssertionConsumerServiceURL"),
            assertion_consumer_service_index: self.attr(n, "AssertionConsumerServiceIndex"),
            protocol_binding: self.attr(n, "ProtocolBinding"),
            force_authn: self.boolean(n, "ForceAuthn"),
            is_passive: self.boolean(n, "IsPassive"),
            issuer: self.name_value(n, NS_SAML, "Issuer"),
            name_id_policy: d.child(n, NS_SAMLP, "NameIDPolicy").map(|p| NameIdPolicy {
                format: self.attr(p, "Format"),
                allow_create: self.boolean(p, "AllowCreate"),
                sp_name_qualifier: self.attr(p, "SPNameQualifier"),
            }),
            requested_authn_context: d.child(n, NS_SAMLP, "RequestedAuthnContext").map(|c| RequestedAuthnContext {
                comparison: self.attr(c, "Comparison"),
                class_refs: d.children_named(c, NS_SAML, "AuthnContextClassRef").map(|x| d.trimmed_text(x)).collect(),
                decl_refs: d.children_named(c, NS_SAML, "AuthnContextDeclRef").map(|x| d.trimmed_text(x)).collect(),
                node: c,
            }),
            signature: self.signature(n),
        }
    }

    fn status(&self, parent: NodeId) -> Option<Status> {
        let d = self.doc;
        let s = d.child(parent, NS_SAMLP, "Status")?;
        let code = d.child(s, NS_SAMLP, "StatusCode");
        let sub = code.and_then(|c| d.child(c, NS_SAMLP, "StatusCode"));
        Some(Status {
            code: code.and_then(|c| self.attr(c, "Value")),
            sub_code: sub.and_then(|c| self.attr(c, "Value")),
            message: self.text_of(s, NS_SAMLP, "StatusMessage"),
            detail: d.child(s, NS_SAMLP, "StatusDetail").map(|x| d.trimmed_text(x)).filter(|t| !t.is_empty()),
            node: s,
        })
    }

    fn response(&self, n: NodeId) -> Response {
        let d = self.doc;
        Response {
            node: n,
            id: self.attr(n, "ID"),
            in_response_to: self.attr(n, "InResponseTo"),
            destination: self.attr(n, "Destination"),
            issue_instant: self.instant(n, "IssueInstant"),
            version: self.attr(n, "Version"),
            issuer: self.name_value(n, NS_SAML, "Issuer"),
            status: self.status(n),
            assertions: d.children_named(n, NS_SAML, "Assertion").map(|a| self.assertion(a)).collect(),
            encrypted_assertions: d.children_named(n, NS_SAML, "EncryptedAssertion").collect(),
            signature: self.signature(n),
        }
    }

    fn assertion(&self, n: NodeId) -> Assertion {
        let d = self.doc;
        let attributes = d
            .children_named(n, NS_SAML, "AttributeStatement")
            .flat_map(|s| d.children_named(s, NS_SAML, "Attribute"))
            .map(|a| SamlAttribute {
                name: self.attr(a, "Name").unwrap_or_default(),
                friendly_name: self.attr(a, "FriendlyName"),
                name_format: self.attr(a, "NameFormat"),
                values: d.children_named(a, NS_SAML, "AttributeValue").map(|v| d.trimmed_text(v)).collect(),
                node: a,
            })
            .collect();
        Assertion {
            node: n,
            id: self.attr(n, "ID"),
            issue_instant: self.instant(n, "IssueInstant"),
            issuer: self.name_value(n, NS_SAML, "Issuer"),
            subject: d.child(n, NS_SAML, "Subject").map(|s| self.subject(s)),
            conditions: d.child(n, NS_SAML, "Conditions").map(|c| Conditions {
                not_before: self.instant(c, "NotBefore"),
                not_on_or_after: self.instant(c, "NotOnOrAfter"),
                audience_restrictions: d
                    .children_named(c, NS_SAML, "AudienceRestriction")
                    .map(|r| d.children_named(r, NS_SAML, "Audience").map(|a| d.trimmed_text(a)).collect())
                    .collect(),
                one_time_use: d.child(c, NS_SAML, "OneTimeUse").is_some(),
                node: c,
            }),
            authn_statements: d
                .children_named(n, NS_SAML, "AuthnStatement")
                .map(|s| AuthnStatement {
                    authn_instant: self.instant(s, "AuthnInstant"),
                    session_index: self.attr(s, "SessionIndex"),
                    session_not_on_or_after: self.instant(s, "SessionNotOnOrAfter"),
                    class_ref: d
                        .child(s, NS_SAML, "AuthnContext")
                        .and_then(|c| self.text_of(c, NS_SAML, "AuthnContextClassRef")),
                    node: s,
                })
                .collect(),
            attributes,
            signature: self.signature(n),
        }
    }

    fn subject(&self, s: NodeId) -> Subject {
        let d = self.doc;
        Subject {
            name_id: self.name_value(s, NS_SAML, "NameID"),
            confirmations: d
                .children_named(s, NS_SAML, "SubjectConfirmation")
                .map(|c| SubjectConfirmation {
                    method: self.attr(c, "Method"),
                    data: d.child(c, NS_SAML, "SubjectConfirmationData").map(|x| SubjectConfirmationData {
                        not_before: self.instant(x, "NotBefore"),
                        not_on_or_after: self.instant(x, "NotOnOrAfter"),
                        recipient: self.attr(x, "Recipient"),
                        in_response_to: self.attr(x, "InResponseTo"),
                        address: self.attr(x, "Address"),
                        node: x,
                    }),
                    node: c,
                })
                .collect(),
            node: s,
        }
    }

    fn logout_request(&self, n: NodeId) -> LogoutRequest {
        let d = self.doc;
        LogoutRequest {
            node: n,
            id: self.attr(n, "ID"),
            issue_instant: self.instant(n, "IssueInstant"),
            destination: self.attr(n, "Destination"),
            not_on_or_after: self.instant(n, "NotOnOrAfter"),
            reason: self.attr(n, "Reason"),
            issuer: self.name_value(n, NS_SAML, "Issuer"),
            name_id: self.name_value(n, NS_SAML, "NameID"),
            session_indexes: d.children_named(n, NS_SAMLP, "SessionIndex").map(|x| d.trimmed_text(x)).collect(),
            signature: self.signature(n),
        }
    }

    fn logout_response(&self, n: NodeId) -> LogoutResponse {
        LogoutResponse {
            node: n,
            id: self.attr(n, "ID"),
            in_response_to: self.attr(n, "InResponseTo"),
            issue_instant: self.instant(n, "IssueInstant"),
            destination: self.attr(n, "Destination"),
            issuer: self.name_value(n, NS_SAML, "Issuer"),
            status: self.status(n),
            signature: self.signature(n),
        }
    }

    fn entity_descriptor(&self, n: NodeId) -> EntityDescriptor {
        let d = self.doc;
        EntityDescriptor {
            node: n,
            entity_id: self.attr(n, "entityID"),
            id: self.attr(n, "ID"),
            valid_until: self.instant(n, "validUntil"),
            idp: d.child(n, NS_MD, "IDPSSODescriptor").map(|x| IdpSsoDescriptor {
                key_descriptors: self.key_descriptors(x),
                sso_services: self.endpoints(x, "SingleSignOnService"),
                slo_services: self.endpoints(x, "SingleLogoutService"),
                want_authn_requests_signed: self.boolean(x, "WantAuthnRequestsSigned"),
                node: x,
            }),
            sp: d.child(n, NS_MD, "SPSSODescriptor").map(|x| SpSsoDescriptor {
                key_descriptors: self.key_descriptors(x),
                assertion_consumer_services: self.endpoints(x, "AssertionConsumerService"),
                slo_services: self.endpoints(x, "SingleLogoutService"),
                authn_requests_signed: self.boolean(x, "AuthnRequestsSigned"),
                want_assertions_signed: self.boolean(x, "WantAssertionsSigned"),
                node: x,
            }),
            signature: self.signature(n),
        }
    }

    fn key_descriptors(&self, role: NodeId) -> Vec<KeyDescriptor> {
        let d = self.doc;
        d.children_named(role, NS_MD, "KeyDescriptor")
            .map(|k| KeyDescriptor {
                key_use: self.attr(k, "use"),
                certificates: d
                    .descendants_named(k, NS_DS, "X509Certificate")
                    .map(|c| d.text(c).chars().filter(|ch| !ch.is_whitespace()).collect())
                    .collect(),
                node: k,
            })
            .collect()
    }

    fn endpoints(&self, role: NodeId, local: &str) -> Vec<Endpoint> {
        self.doc
            .children_named(role, NS_MD, local)
            .map(|e| Endpoint {
                binding: self.attr(e, "Binding"),
                location: self.attr(e, "Location"),
                index: self.attr(e, "index"),
                is_default: self.boolean(e, "isDefault"),
            })
            .collect()
    }
}
