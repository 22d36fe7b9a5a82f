#!/usr/bin/env python3
"""Regenerates the built-in example traces in src/examples/data/ (run from the repository root).

The traces are what an Entra ID -> NumlyEngage (Amazon Cognito) sign-in really looks like: a Cognito AuthnRequest,
an Entra Response with an Assertion signed the way Entra signs it (enveloped, exclusive c14n, rsa-sha256, sha256
digest, the certificate in KeyInfo), the App Federation Metadata, and an Entra error page. All names, tenant ids and
keys are invented; the keys in keys/ are test-only and exist nowhere else.

Needs: python3 with `cryptography`, and the `xmlsec1` CLI (Debian: xmlsec1) for the signatures.
    python3 src/examples/make_examples.py
"""
import base64
import datetime as dt
import os
import subprocess
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
KEYS = os.path.join(HERE, "keys")

TENANT = "6f2c1a9e-3b7d-4e85-9c41-2d8a5f0b7e13"
ISSUER = f"https://sts.windows.net/{TENANT}/"
IDP_SSO = f"https://login.microsoftonline.com/{TENANT}/saml2"
POOL = "eu-west-1_Qx7Rt2LmN"
IDENTIFIER = f"urn:amazon:cognito:sp:{POOL}"
REPLY_URL = "https://acme-numly.auth.eu-west-1.amazoncognito.com/saml2/idpresponse"
APP_ID = "b5e0c3d4-71a2-4f6e-8d93-0c1b2a3f4e5d"

# The capture: a sign-in on 27 Nov 2026 at 09:26 UTC.
T0 = dt.datetime(2026, 11, 27, 9, 26, 51, 512000, tzinfo=dt.timezone.utc)


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z"


def iso7(t):
    # Entra writes seven fractional digits.
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond:06d}0Z"


def key_and_cert(name, not_before, not_after):
    """A test-only RSA key and an Entra-style self-signed certificate, reused if already made."""
    os.makedirs(KEYS, exist_ok=True)
    key_path = os.path.join(KEYS, f"{name}.key.pem")
    cert_path = os.path.join(KEYS, f"{name}.cert.pem")
    if os.path.exists(key_path) and os.path.exists(cert_path):
        return key_path, cert_path
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Microsoft Azure Federated SSO Certificate")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .sign(key, hashes.SHA256())
    )
    with open(key_path, "wb") as f:
        f.write(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
    with open(cert_path, "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def cert_base64(cert_path):
    with open(cert_path, "rb") as f:
        cert = x509.load_pem_x509_certificate(f.read())
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def authn_request(request_id, t):
    return (
        '<saml2p:AuthnRequest xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" '
        f'AssertionConsumerServiceURL="{REPLY_URL}" Destination="{IDP_SSO}" ForceAuthn="false" '
        f'ID="{request_id}" IsPassive="false" IssueInstant="{iso(t)}" '
        'ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Version="2.0">'
        f'<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion">{IDENTIFIER}</saml2:Issuer>'
        '<saml2p:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"/>'
        "</saml2p:AuthnRequest>"
    )


SIGNATURE_TEMPLATE = (
    '<Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo>'
    '<CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>'
    '<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>'
    '<Reference URI="#{id}"><Transforms>'
    '<Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>'
    '<Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></Transforms>'
    '<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><DigestValue></DigestValue></Reference>'
    "</SignedInfo><SignatureValue></SignatureValue>"
    "<KeyInfo><X509Data><X509Certificate>{cert}</X509Certificate></X509Data></KeyInfo></Signature>"
)


def response(
    response_id,
    assertion_id,
    in_response_to,
    t,
    cert_path,
    claims,
    name_id="jane.doe@acme.example",
):
    """An Entra Response; `in_response_to=None` makes it IdP-initiated (unsolicited)."""
    issued = t + dt.timedelta(seconds=1, microseconds=702000)
    irt = f' InResponseTo="{in_response_to}"' if in_response_to else ""
    attributes = "".join(
        f'<Attribute Name="{name}"><AttributeValue>{value}</AttributeValue></Attribute>' for name, value in claims
    )
    signature = SIGNATURE_TEMPLATE.format(id=assertion_id, cert=cert_base64(cert_path))
    assertion = (
        f'<Assertion ID="{assertion_id}" IssueInstant="{iso7(issued)}" Version="2.0" '
        'xmlns="urn:oasis:names:tc:SAML:2.0:assertion">'
        f"<Issuer>{ISSUER}</Issuer>{signature}"
        f'<Subject><NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{name_id}</NameID>'
        '<SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
        f'<SubjectConfirmationData{irt} NotOnOrAfter="{iso7(issued + dt.timedelta(minutes=5))}" '
        f'Recipient="{REPLY_URL}"/></SubjectConfirmation></Subject>'
        f'<Conditions NotBefore="{iso7(issued - dt.timedelta(minutes=5))}" '
        f'NotOnOrAfter="{iso7(issued + dt.timedelta(hours=1, minutes=10))}">'
        f"<AudienceRestriction><Audience>{IDENTIFIER}</Audience></AudienceRestriction></Conditions>"
        f"<AttributeStatement>{attributes}</AttributeStatement>"
        f'<AuthnStatement AuthnInstant="{iso7(issued - dt.timedelta(seconds=40))}" SessionIndex="{assertion_id}">'
        "<AuthnContext><AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:Password</AuthnContextClassRef>"
        "</AuthnContext></AuthnStatement></Assertion>"
    )
    unsigned = (
        f'<samlp:Response ID="{response_id}" Version="2.0" IssueInstant="{iso7(issued)}" '
        f'Destination="{REPLY_URL}"{irt} xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">'
        f'<Issuer xmlns="urn:oasis:names:tc:SAML:2.0:assertion">{ISSUER}</Issuer>'
        '<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>'
        f"{assertion}</samlp:Response>"
    )
    return sign(unsigned, cert_path)


def sign(xml, cert_path):
    key_path = cert_path.replace(".cert.pem", ".key.pem")
    with tempfile.TemporaryDirectory() as tmp:
        template = os.path.join(tmp, "template.xml")
        signed = os.path.join(tmp, "signed.xml")
        with open(template, "w") as f:
            f.write(xml)
        subprocess.run(
            [
                "xmlsec1", "--sign", "--privkey-pem", f"{key_path},{cert_path}",
                "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
                "--output", signed, template,
            ],
            check=True,
        )
        subprocess.run(
            [
                "xmlsec1", "--verify", "--pubkey-cert-pem", cert_path,
                "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", signed,
            ],
            check=True,
            capture_output=True,
        )
        with open(signed) as f:
            text = f.read()
    # xmlsec1 adds an XML declaration and a trailing newline; Entra sends neither.
    if text.startswith("<?xml"):
        text = text[text.index("?>") + 2 :].lstrip()
    return text.rstrip("\n")


def claims(email=True):
    c = [
        ("http://schemas.microsoft.com/identity/claims/tenantid", TENANT),
        ("http://schemas.microsoft.com/identity/claims/objectidentifier", "0e9a4c27-5d1b-4f38-a6e2-7b3c9d0f1a84"),
        ("http://schemas.microsoft.com/identity/claims/displayname", "Jane Doe"),
        ("http://schemas.microsoft.com/identity/claims/identityprovider", ISSUER),
        (
            "http://schemas.microsoft.com/claims/authnmethodsreferences",
            "http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password",
        ),
        ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname", "Jane"),
        ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname", "Doe"),
        ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress", "jane.doe@acme.example"),
        ("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name", "jane.doe@acme.example"),
    ]
    if email:
        c.append(("Email", "jane.doe@acme.example"))
    c.append(("Phone number", "+44 20 7946 0958"))
    return c


def metadata(cert_path):
    cert = cert_base64(cert_path)
    return (
        '<EntityDescriptor xmlns="urn:oasis:names:tc:SAML:2.0:metadata" '
        f'ID="_0d5c6e1f-8a2b-4c3d-9e4f-5a6b7c8d9e0f" entityID="{ISSUER}">'
        '<IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<KeyDescriptor use="signing"><KeyInfo xmlns="http://www.w3.org/2000/09/xmldsig#"><X509Data>'
        f"<X509Certificate>{cert}</X509Certificate></X509Data></KeyInfo></KeyDescriptor>"
        f'<SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="{IDP_SSO}"/>'
        '<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        f'Location="{IDP_SSO}"/>'
        '<SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
        f'Location="{IDP_SSO}"/>'
        "</IDPSSODescriptor></EntityDescriptor>"
    )


def error_page(t):
    return f"""Sign in
Sorry, but we're having trouble signing you in.

AADSTS50011: The redirect URI '{REPLY_URL}' specified in the request does not match the redirect URIs configured for the application '{APP_ID}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.

Troubleshooting details
If you contact your administrator, send this info to them.
Request Id: 7c1e9b42-0d3a-4f65-8a2e-91b4c6d0e700
Correlation Id: 2a4f6c8e-1b3d-4e5f-a7b9-c0d2e4f6a8b1
Timestamp: {t.strftime('%Y-%m-%dT%H:%M:%SZ')}
Message: AADSTS50011: The redirect URI '{REPLY_URL}' specified in the request does not match the redirect URIs configured for the application '{APP_ID}'.
"""


def write(name, text):
    with open(os.path.join(DATA, name), "w") as f:
        f.write(text)


def main():
    os.makedirs(DATA, exist_ok=True)
    _, good = key_and_cert(
        "entra-signing",
        dt.datetime(2025, 6, 2, 8, 0, 0, tzinfo=dt.timezone.utc),
        dt.datetime(2028, 6, 2, 8, 0, 0, tzinfo=dt.timezone.utc),
    )
    _, expired = key_and_cert(
        "entra-signing-expired",
        dt.datetime(2023, 11, 20, 8, 0, 0, tzinfo=dt.timezone.utc),
        dt.datetime(2026, 11, 20, 8, 0, 0, tzinfo=dt.timezone.utc),
    )
    write("metadata.xml", metadata(good))

    req = "_b0a2e7c4-5f61-4d3e-8a9b-1c2d3e4f5a60"
    write("valid-authn-request.xml", authn_request(req, T0))
    write(
        "valid-response.xml",
        response("_4a8c1e2f-6b3d-4e5a-9f70-8c1d2e3f4a5b", "_9e7d5c3b-1a2f-4e6d-8c0b-2a4c6e8f0a1c", req, T0, good, claims()),
    )

    req = "_c1b3f8d5-6a72-4e4f-9bac-2d3e4f5a6b71"
    t = T0 + dt.timedelta(minutes=3)
    write("reply-url-authn-request.xml", authn_request(req, t))
    write("reply-url-error-page.txt", error_page(t + dt.timedelta(seconds=1)))

    req = "_d2c4a9e6-7b83-4f50-8cbd-3e4f5a6b7c82"
    t = T0 + dt.timedelta(minutes=6)
    write("expired-cert-authn-request.xml", authn_request(req, t))
    write(
        "expired-cert-response.xml",
        response("_5b9d2f3a-7c4e-4f6b-8a81-9d2e3f4a5b6c", "_af8e6d4c-2b3a-4f7e-9d1c-3b5d7f9a1b2d", req, t, expired, claims()),
    )

    req = "_e3d5bafa-8c94-4a61-9dce-4f5a6b7c8d93"
    t = T0 + dt.timedelta(minutes=9)
    write("missing-email-authn-request.xml", authn_request(req, t))
    write(
        "missing-email-response.xml",
        response(
            "_6cae3a4b-8d5f-4a7c-9b92-ae3f4a5b6c7d", "_b09f7e5d-3c4b-4a8f-8e2d-4c6e8a0b2c3e", req, t, good, claims(False)
        ),
    )

    t = T0 + dt.timedelta(minutes=12)
    write(
        "unsolicited-response.xml",
        response("_7dbf4b5c-9e6a-4b8d-8ca3-bf4a5b6c7d8e", "_c1a08f6e-4d5c-4b9a-9f3e-5d7f9b1c3d4f", None, t, good, claims()),
    )


if __name__ == "__main__":
    main()
