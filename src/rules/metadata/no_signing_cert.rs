//! `metadata.no-signing-cert`: IdP metadata without a usable signing certificate.

use crate::analysis::Analysis;
use crate::finding::{Finding, Severity};
use crate::rules::{Rule, RuleDoc};
use crate::x509::Certificate;

use super::idp_entities;

/// The rule.
pub struct NoSigningCert;

static DOC: RuleDoc = rule_doc! {
    id: "metadata.no-signing-cert",
    severity: Severity::Error,
    title: "The IdP metadata has no signing certificate",
    what: "Reports each EntityDescriptor with an IDPSSODescriptor that has no KeyDescriptor usable for signing \
           (use=\"signing\" or no use attribute) holding a readable X509Certificate.",
    why: "Cognito takes the certificate it verifies SAML responses with from the IdP metadata. Without a signing \
          certificate the metadata cannot be uploaded, or every response is rejected. This happens when the metadata \
          was edited by hand, cut short, or taken from the wrong place (an SP metadata, an encryption-only export).",
    example: "Metadata whose only KeyDescriptor has use=\"encryption\" gives: `the IdP metadata of \
              https://sts.windows.net/<tenant>/ has no signing certificate (1 KeyDescriptor, none for signing)`.",
    fix:
        "Download the metadata again from Entra ID → Enterprise applications → the NumlyEngage app → Single sign-on → \
          SAML Certificates (App Federation Metadata URL or Federation Metadata XML) and send that URL to NumlyEngage \
          support instead of an edited copy.",
    fix_summary: "Send NumlyEngage support the App Federation Metadata URL from Entra's SAML Certificates section.",
    references: &[
        "SAML 2.0 Metadata §2.4.1.1 (KeyDescriptor)",
        "https://learn.microsoft.com/en-us/entra/identity-platform/federation-metadata",
    ],
};

impl Rule for NoSigningCert {
    fn doc(&self) -> &'static RuleDoc {
        &DOC
    }

    fn check(&self, analysis: &Analysis, out: &mut Vec<Finding>) {
        for (m, e) in idp_entities(analysis) {
            let Some(idp) = &e.idp else { continue };
            let signing: Vec<_> =
                idp.key_descriptors.iter().filter(|k| k.key_use.as_deref() != Some("encryption")).collect();
            let usable =
                signing.iter().flat_map(|k| k.certificates.iter()).any(|b64| Certificate::from_base64(b64).is_ok());
            if usable {
                continue;
            }
            let detail = if signing.is_empty() {
                format!("{} KeyDescriptor(s), none for signing", idp.key_descriptors.len())
            } else {
                format!("{} signing KeyDescriptor(s), but no readable certificate in them", signing.len())
            };
            out.push(
                Finding::new(
                    &DOC,
                    format!(
                        "the IdP metadata of {} has no signing certificate ({detail})",
                        e.entity_id.as_deref().unwrap_or("(no entityID)")
                    ),
                )
                .subject(m.reference())
                .at(m.path(idp.node)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dsig::fixtures::{AT, IDP_METADATA, METADATA_NO_SIGNING_CERT};
    use crate::profile::Profile;
    use crate::rules::testing::findings_of;

    #[test]
    fn fires_on_encryption_only_metadata() {
        let f = findings_of("metadata.no-signing-cert", &[METADATA_NO_SIGNING_CERT], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("none for signing"), "{}", f[0].message);
    }

    #[test]
    fn fires_on_an_unreadable_signing_certificate() {
        let start = IDP_METADATA.find("<X509Certificate>").unwrap() + "<X509Certificate>".len();
        let broken = format!("{}AAAA{}", &IDP_METADATA[..start], &IDP_METADATA[start + 40..]);
        let f = findings_of("metadata.no-signing-cert", &[&broken], &Profile::default(), AT);
        assert_eq!(f.len(), 1);
        assert!(f[0].message.contains("no readable certificate"), "{}", f[0].message);
    }

    #[test]
    fn quiet_on_metadata_with_a_signing_certificate() {
        assert!(findings_of("metadata.no-signing-cert", &[IDP_METADATA], &Profile::default(), AT).is_empty());
    }
}
