//! Inputs shaped to expose super-linear behaviour, each at a size parameter `n` (the harness compares `n` and `4n`).

/// A named generator: `(name, what it is, build(n))`.
pub type Case = (&'static str, &'static str, fn(usize) -> String);

const SAMLP: &str = "urn:oasis:names:tc:SAML:2.0:protocol";
const SAML: &str = "urn:oasis:names:tc:SAML:2.0:assertion";

/// Every case, with the base `n` the harness uses.
pub fn cases() -> Vec<(Case, usize)> {
    vec![
        (("siblings", "n empty sibling elements under the root", siblings), 100_000),
        (
            ("nested-chains", "chains of 200 nested elements, repeated (depth stays under the limit)", nested_chains),
            250,
        ),
        (("attribute-value", "one attribute value of n bytes", attribute_value), 1_250_000),
        (("namespaces", "n sibling elements each declaring its own prefix", namespaces), 10_000),
        (("amp-text", "a text of n `&amp;` references", amp_text), 250_000),
        (("amp-attribute", "an attribute value of n `&amp;` references", amp_attribute), 250_000),
        (
            (
                "response-attributes",
                "a SAML Response whose assertion has n Attribute elements (full analysis)",
                response_attributes,
            ),
            5_000,
        ),
        (
            (
                "response-siblings",
                "a SAML Response with n unknown extension elements (full analysis)",
                response_siblings,
            ),
            20_000,
        ),
    ]
}

/// `<r><e/><e/>…</r>`
pub fn siblings(n: usize) -> String {
    format!("<r>{}</r>", "<e/>".repeat(n))
}

/// `n` chains of 200 nested `<d>` elements, each chain with a text leaf.
pub fn nested_chains(n: usize) -> String {
    let chain = format!("{}x{}", "<d>".repeat(200), "</d>".repeat(200));
    format!("<r>{}</r>", chain.repeat(n))
}

/// `<r a="xxxx…"/>` with `n` bytes of value.
pub fn attribute_value(n: usize) -> String {
    format!("<r a=\"{}\"/>", "x".repeat(n))
}

/// `n` siblings `<p{i}:e xmlns:p{i}="urn:ns:{i}"/>`.
pub fn namespaces(n: usize) -> String {
    let mut s = String::from("<r>");
    for i in 0..n {
        s.push_str(&format!("<p{i}:e xmlns:p{i}=\"urn:ns:{i}\"/>"));
    }
    s.push_str("</r>");
    s
}

/// `<r>&amp;&amp;…</r>`
pub fn amp_text(n: usize) -> String {
    format!("<r>{}</r>", "&amp;".repeat(n))
}

/// `<r a="&amp;&amp;…"/>`
pub fn amp_attribute(n: usize) -> String {
    format!("<r a=\"{}\"/>", "&amp;".repeat(n))
}

/// An Entra-shaped Response whose assertion carries `n` attributes.
pub fn response_attributes(n: usize) -> String {
    let mut attrs = String::new();
    for i in 0..n {
        attrs.push_str(&format!(
            "<saml:Attribute Name=\"claim{i}\"><saml:AttributeValue>value {i}</saml:AttributeValue></saml:Attribute>"
        ));
    }
    response_with(&attrs, "")
}

/// An Entra-shaped Response with `n` unknown extension elements before the Status.
pub fn response_siblings(n: usize) -> String {
    response_with("", &"<x:Ext xmlns:x=\"urn:example:ext\">e</x:Ext>".repeat(n))
}

fn response_with(attributes: &str, extensions: &str) -> String {
    format!(
        r#"<samlp:Response xmlns:samlp="{SAMLP}" xmlns:saml="{SAML}" ID="_r" Version="2.0" IssueInstant="2024-05-01T12:00:00Z" Destination="https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse" InResponseTo="_req"><saml:Issuer>https://sts.windows.net/8d2f4b6e-1c3a-4e5f-9a7b-0c1d2e3f4a5b/</saml:Issuer>{extensions}<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status><saml:Assertion ID="_a" Version="2.0" IssueInstant="2024-05-01T12:00:00Z"><saml:Issuer>https://sts.windows.net/8d2f4b6e-1c3a-4e5f-9a7b-0c1d2e3f4a5b/</saml:Issuer><saml:Subject><saml:NameID>jdoe@contoso.com</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="_req" NotOnOrAfter="2024-05-01T12:05:00Z" Recipient="https://numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="2024-05-01T11:55:00Z" NotOnOrAfter="2024-05-01T13:00:00Z"><saml:AudienceRestriction><saml:Audience>urn:amazon:cognito:sp:eu-west-1_AbCdEfGhI</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AttributeStatement>{attributes}</saml:AttributeStatement></saml:Assertion></samlp:Response>"#
    )
}
