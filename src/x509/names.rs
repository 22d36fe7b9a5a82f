//! Names for what a certificate holds: its distinguished names (`CN=…, O=…`) and its signature algorithm.
//!
//! x509-parser's `Display` for names and its OID registry would do the same, but the registry is a table of every
//! OID the crate knows, built at run time: about 19 KB of wasm plus its strings for the handful of names a SAML
//! signing certificate uses. These tables keep x509-parser's spelling (the abbreviations CN, C, L, ST, O, OU, DC and
//! Email; the registry's short names otherwise), so reports read the same; an OID not listed is shown dotted.

use x509_parser::der_parser::asn1_rs::{Any, Tag};
use x509_parser::x509::X509Name;

/// A distinguished name as text: relative names joined by `, `, the attributes of a multi-valued one by ` + `,
/// each as `type=value` (e.g. `CN=Microsoft Azure Federated SSO Certificate`).
pub(crate) fn distinguished_name(name: &X509Name<'_>) -> String {
    let mut out = String::new();
    for (i, rdn) in name.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        for (j, attribute) in rdn.iter().enumerate() {
            if j > 0 {
                out.push_str(" + ");
            }
            let oid = attribute.attr_type().to_id_string();
            out.push_str(attribute_type_name(&oid).unwrap_or(&oid));
            out.push('=');
            out.push_str(&attribute_value(attribute.attr_value()));
        }
    }
    out
}

/// The short name of a certificate signature algorithm OID (`sha256WithRSAEncryption`, `ecdsa-with-SHA256` …).
pub(crate) fn signature_algorithm_name(oid: &str) -> Option<&'static str> {
    lookup(SIGNATURE_ALGORITHMS, oid)
}

/// Certificate signature algorithms: OID, short name (x509-parser's registry's; OpenSSL's for the two DSA-SHA2 OIDs
/// the registry lacks, and ecdsa-with-SHA1).
const SIGNATURE_ALGORITHMS: &[(&str, &str)] = &[
    ("1.2.840.113549.1.1.2", "md2WithRSAEncryption"),
    ("1.2.840.113549.1.1.3", "md4WithRSAEncryption"),
    ("1.2.840.113549.1.1.4", "md5WithRSAEncryption"),
    ("1.2.840.113549.1.1.5", "sha1WithRSAEncryption"),
    ("1.3.14.3.2.29", "sha1WithRSAEncryption"),
    ("1.2.840.113549.1.1.10", "rsassa-pss"),
    ("1.2.840.113549.1.1.11", "sha256WithRSAEncryption"),
    ("1.2.840.113549.1.1.12", "sha384WithRSAEncryption"),
    ("1.2.840.113549.1.1.13", "sha512WithRSAEncryption"),
    ("1.2.840.113549.1.1.14", "sha224WithRSAEncryption"),
    ("1.3.14.3.2.25", "md5WithRSASignature"),
    ("1.2.840.10040.4.3", "dsa-with-sha1"),
    ("2.16.840.1.101.3.4.3.1", "dsa_with_SHA224"),
    ("2.16.840.1.101.3.4.3.2", "dsa_with_SHA256"),
    ("1.2.840.10045.4.1", "ecdsa-with-SHA1"),
    ("1.2.840.10045.4.3.1", "ecdsa-with-SHA224"),
    ("1.2.840.10045.4.3.2", "ecdsa-with-SHA256"),
    ("1.2.840.10045.4.3.3", "ecdsa-with-SHA384"),
    ("1.2.840.10045.4.3.4", "ecdsa-with-SHA512"),
    ("1.3.101.112", "ed25519"),
    ("1.3.101.113", "ed448"),
];

fn attribute_type_name(oid: &str) -> Option<&'static str> {
    lookup(ATTRIBUTE_TYPES, oid)
}

fn lookup(table: &[(&str, &'static str)], oid: &str) -> Option<&'static str> {
    table.iter().find(|(known, _)| *known == oid).map(|(_, name)| *name)
}

/// Name attribute types: OID, abbreviation (x509-parser's) or short name (its registry's).
const ATTRIBUTE_TYPES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "surname"),
    ("2.5.4.5", "serialNumber"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "ST"),
    ("2.5.4.9", "streetAddress"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.12", "title"),
    ("2.5.4.13", "description"),
    ("2.5.4.15", "businessCategory"),
    ("2.5.4.17", "postalCode"),
    ("2.5.4.41", "name"),
    ("2.5.4.42", "givenName"),
    ("2.5.4.43", "initials"),
    ("2.5.4.44", "generationQualifier"),
    ("2.5.4.45", "uniqueIdentifier"),
    ("2.5.4.46", "dnQualifier"),
    ("0.9.2342.19200300.100.1.1", "uid"),
    ("0.9.2342.19200300.100.1.25", "DC"),
    ("1.2.840.113549.1.9.1", "Email"),
];

/// A string value as text; a BMPString (UTF-16BE) decoded; any other type as uppercase hex of its content.
fn attribute_value(value: &Any<'_>) -> String {
    match value.tag() {
        Tag::NumericString
        | Tag::VisibleString
        | Tag::PrintableString
        | Tag::GeneralString
        | Tag::ObjectDescriptor
        | Tag::GraphicString
        | Tag::T61String
        | Tag::VideotexString
        | Tag::Utf8String
        | Tag::Ia5String => String::from_utf8_lossy(value.data).into_owned(),
        Tag::BmpString => {
            let units = value.data.chunks_exact(2).map(|pair| u16::from_be_bytes([pair[0], pair[1]]));
            char::decode_utf16(units).map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER)).collect()
        }
        _ => super::thumbprint::hex_upper(value.data, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// x509-parser's own rendering (its `Display` and OID registry) is the oracle: same text for every certificate
    /// of the project's own fixtures (RSA, EC P-256/P-384 and DSA keys; SHA-1 to SHA-512).
    #[test]
    fn names_read_as_x509_parser_writes_them() {
        let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut ders = Vec::new();
        for dir in ["tests/data/keys", "tests/fixtures/dsig/keys"] {
            for entry in std::fs::read_dir(manifest.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for (_, block) in super::super::pem::pem_blocks(&text) {
                    if let Ok(block) = block {
                        if block.is_certificate() {
                            ders.push(block.decode().unwrap());
                        }
                    }
                }
            }
        }
        assert!(ders.len() >= 10, "{}", ders.len());
        for der in &ders {
            let (_, cert) = x509_parser::parse_x509_certificate(der).unwrap();
            assert_eq!(distinguished_name(cert.subject()), cert.subject().to_string());
            assert_eq!(distinguished_name(cert.issuer()), cert.issuer().to_string());
            let oid = cert.signature_algorithm.algorithm.to_id_string();
            let registry = x509_parser::objects::oid_registry().get(&cert.signature_algorithm.algorithm).unwrap();
            assert_eq!(signature_algorithm_name(&oid), Some(registry.sn()));
        }
    }

    #[test]
    fn every_listed_name_is_the_registrys() {
        let registry = x509_parser::objects::oid_registry();
        let not_in_registry = ["dsa_with_SHA224", "dsa_with_SHA256", "ecdsa-with-SHA1"];
        for (oid, name) in SIGNATURE_ALGORITHMS.iter().filter(|(_, name)| !not_in_registry.contains(name)) {
            let parsed: x509_parser::der_parser::oid::Oid<'_> = oid.parse().unwrap();
            assert_eq!(registry.get(&parsed).map(x509_parser::oid_registry::OidEntry::sn), Some(*name), "{oid}");
        }
        let abbreviations = ["CN", "C", "L", "ST", "O", "OU", "DC", "Email"];
        for (oid, name) in ATTRIBUTE_TYPES.iter().filter(|(_, name)| !abbreviations.contains(name)) {
            let parsed: x509_parser::der_parser::oid::Oid<'_> = oid.parse().unwrap();
            assert_eq!(registry.get(&parsed).map(x509_parser::oid_registry::OidEntry::sn), Some(*name), "{oid}");
        }
    }

    #[test]
    fn signature_algorithms_and_unknown_oids() {
        assert_eq!(signature_algorithm_name("1.2.840.113549.1.1.11"), Some("sha256WithRSAEncryption"));
        assert_eq!(signature_algorithm_name("1.2.840.10045.4.3.3"), Some("ecdsa-with-SHA384"));
        assert_eq!(signature_algorithm_name("1.2.3.4"), None);
    }
}
