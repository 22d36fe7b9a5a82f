//! Test messages for the rule tests: a valid Cognito AuthnRequest and Entra Response (unsigned; signatures are the
//! `signature.*` rules' business and the signed versions live in tests/fixtures/entra/), and the profile that fits
//! them. Tests derive each misconfiguration with `str::replace`, so every test shows exactly what it changes.

use crate::profile::Profile;

/// The tenant of the samples.
pub const TENANT: &str = "3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c";
/// The SP identifier of the samples.
pub const IDENTIFIER: &str = "urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E";
/// The Reply URL of the samples.
pub const ACS: &str = "https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse";
/// The Entra issuer of the samples.
pub const ISSUER: &str = "https://sts.windows.net/3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c/";
/// The AuthnRequest ID of the samples.
pub const REQUEST_ID: &str = "_9c1f6a2e-4b7d-4f3a-8e5c-2d1b0a9f8e7d";
/// 2025-03-14T10:00:10Z: five seconds after the sample Response was issued.
pub const AT: i64 = 1_741_946_410;

/// The AuthnRequest as Cognito sends it.
pub const REQUEST: &str = r#"<saml2p:AuthnRequest xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" AssertionConsumerServiceURL="https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse" Destination="https://login.microsoftonline.com/3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c/saml2" ForceAuthn="false" ID="_9c1f6a2e-4b7d-4f3a-8e5c-2d1b0a9f8e7d" IsPassive="false" IssueInstant="2025-03-14T09:59:58.412Z" ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Version="2.0"><saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E</saml2:Issuer><saml2p:NameIDPolicy AllowCreate="true" Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"/></saml2p:AuthnRequest>"#;

/// Entra's Response to [`REQUEST`] (without the assertion signature).
pub const RESPONSE: &str = r#"<samlp:Response ID="_4e8d1c2b-9a7f-4b3e-8d6c-5a4b3c2d1e0f" Version="2.0" IssueInstant="2025-03-14T10:00:05.123Z" Destination="https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse" InResponseTo="_9c1f6a2e-4b7d-4f3a-8e5c-2d1b0a9f8e7d" xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"><Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">https://sts.windows.net/3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c/</Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><Assertion ID="_b7a6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d" IssueInstant="2025-03-14T10:00:05.121Z" Version="2.0" xmlns="urn:oasis:names:tc:SAML:2.0:assertion"><Issuer>https://sts.windows.net/3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c/</Issuer><Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">jane.doe@acme.example</NameID><SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><SubjectConfirmationData InResponseTo="_9c1f6a2e-4b7d-4f3a-8e5c-2d1b0a9f8e7d" NotOnOrAfter="2025-03-14T11:00:05.121Z" Recipient="https://acme.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"/></SubjectConfirmation></Subject><Conditions NotBefore="2025-03-14T09:55:05.121Z" NotOnOrAfter="2025-03-14T11:00:05.121Z"><AudienceRestriction><Audience>urn:amazon:cognito:sp:eu-west-1_Ab12Cd34E</Audience></AudienceRestriction></Conditions><AttributeStatement><Attribute Name="Email"><AttributeValue>jane.doe@acme.example</AttributeValue></Attribute><Attribute Name="Phone number"><AttributeValue>+44 20 7946 0958</AttributeValue></Attribute><Attribute Name="http://schemas.microsoft.com/identity/claims/tenantid"><AttributeValue>3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c</AttributeValue></Attribute><Attribute Name="http://schemas.microsoft.com/identity/claims/objectidentifier"><AttributeValue>0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d</AttributeValue></Attribute><Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><AttributeValue>jane.doe@acme.example</AttributeValue></Attribute><Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"><AttributeValue>jane.doe@acme.example</AttributeValue></Attribute></AttributeStatement><AuthnStatement AuthnInstant="2025-03-14T10:00:03.000Z" SessionIndex="_b7a6c5d4-e3f2-4a1b-9c8d-7e6f5a4b3c2d"><AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</AuthnContextClassRef></AuthnContext></AuthnStatement></Assertion></samlp:Response>"#;

/// The profile that fits the samples exactly.
pub fn profile() -> Profile {
    Profile {
        tenant_id: Some(TENANT.to_owned()),
        identifier: Some(IDENTIFIER.to_owned()),
        reply_url: Some(ACS.to_owned()),
        sign_on_url: Some("https://acme.numly.io/registration?mail=jane.doe@acme.example".to_owned()),
        ..Profile::default()
    }
}

/// Whether a rule belongs to the families these samples test (the message, assertion, claim and flow rules; the
/// samples are unsigned, so the signature rules are not asked).
pub fn is_mine(rule: &str) -> bool {
    [super::request::RULES, super::response::RULES, super::assertion::RULES, super::claims::RULES, super::flow::RULES]
        .iter()
        .flat_map(|f| f.iter())
        .any(|r| r.doc().id == rule)
}

/// Unix seconds of an RFC 3339 time.
pub fn at(rfc3339: &str) -> i64 {
    crate::time::parse_datetime(rfc3339).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_samples_are_consistent() {
        assert_eq!(at("2025-03-14T10:00:10Z"), AT);
        assert!(REQUEST.contains(IDENTIFIER) && REQUEST.contains(ACS) && REQUEST.contains(REQUEST_ID));
        assert!(RESPONSE.contains(ISSUER) && RESPONSE.contains(&format!("InResponseTo=\"{REQUEST_ID}\"")));
        assert!(profile().validate().is_empty());
        // The valid pair gives no error with the exact profile nor with the built-in patterns.
        for p in [profile(), Profile::default()] {
            let errors: Vec<_> = crate::rules::testing::findings(&[REQUEST, RESPONSE], &p, AT)
                .into_iter()
                .filter(|f| f.severity == crate::finding::Severity::Error && is_mine(f.rule))
                .collect();
            assert!(errors.is_empty(), "{errors:#?}");
        }
    }
}
