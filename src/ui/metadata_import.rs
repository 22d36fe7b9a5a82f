//! "Import from metadata": fills the profile's tenant and expected certificate thumbprints from Entra's App
//! Federation Metadata XML, read with the core's parser, typed model and x509 module.

use crate::profile::{is_guid, Profile};
use crate::saml::{self, SamlMessage};
use crate::x509::Certificate;
use crate::xml;

/// What an import found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataImport {
    /// The profile with the tenant and thumbprints filled in (other keys kept).
    pub profile: Profile,
    /// The tenant id read from the entityID.
    pub tenant_id: String,
    /// SHA-1 thumbprints of the signing certificates, as Entra shows them.
    pub thumbprints: Vec<String>,
}

/// Reads metadata text and returns `base` updated with its tenant and signing-certificate thumbprints, or why the
/// text is not Entra metadata.
pub fn import(metadata_xml: &str, base: &Profile) -> Result<MetadataImport, String> {
    let doc = xml::parse(metadata_xml.trim(), &xml::Limits::default()).map_err(|e| format!("not XML: {e}"))?;
    let SamlMessage::EntityDescriptor(entity) = saml::parse(&doc) else {
        return Err("this is not an EntityDescriptor: paste the App Federation Metadata XML from Entra \
                    (Enterprise applications → your app → Single sign-on → SAML Certificates)"
            .to_owned());
    };
    let entity_id = entity.entity_id.unwrap_or_default();
    let tenant_id = entity_id
        .strip_prefix("https://sts.windows.net/")
        .map(|rest| rest.trim_end_matches('/'))
        .filter(|t| is_guid(t))
        .ok_or_else(|| {
            format!("the entityID '{entity_id}' is not an Entra issuer (https://sts.windows.net/<tenant-id>/)")
        })?
        .to_ascii_lowercase();
    let idp = entity.idp.ok_or("the metadata has no IDPSSODescriptor")?;
    let mut thumbprints: Vec<String> = Vec::new();
    for key in idp.key_descriptors.iter().filter(|k| k.key_use.as_deref() != Some("encryption")) {
        for text in &key.certificates {
            let cert =
                Certificate::from_base64(text).map_err(|e| format!("a signing certificate is unreadable: {e}"))?;
            let thumbprint = cert.thumbprint_sha1_entra();
            if !thumbprints.contains(&thumbprint) {
                thumbprints.push(thumbprint);
            }
        }
    }
    if thumbprints.is_empty() {
        return Err("the metadata has no signing certificate".to_owned());
    }
    let profile =
        Profile { tenant_id: Some(tenant_id.clone()), certificate_thumbprints: thumbprints.clone(), ..base.clone() };
    Ok(MetadataImport { profile, tenant_id, thumbprints })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::examples;

    #[test]
    fn imports_tenant_and_thumbprint_of_the_example_metadata() {
        let base = Profile { clock_skew_seconds: Some(60), ..Profile::default() };
        let imported = import(examples::METADATA, &base).unwrap();
        assert_eq!(imported.tenant_id, examples::TENANT_ID);
        assert_eq!(imported.thumbprints, vec![examples::SIGNING_THUMBPRINT.to_owned()]);
        assert_eq!(imported.profile.clock_skew_seconds, Some(60), "other keys are kept");
        assert!(imported.profile.validate().is_empty());
    }

    #[test]
    fn explains_what_is_wrong() {
        assert!(import("nope", &Profile::default()).unwrap_err().starts_with("not XML"));
        let response = examples::find("valid-sign-in").unwrap().files[1].text;
        assert!(import(response, &Profile::default()).unwrap_err().contains("not an EntityDescriptor"));
        let other = examples::METADATA.replace("https://sts.windows.net/", "https://idp.example/");
        assert!(import(&other, &Profile::default()).unwrap_err().contains("not an Entra issuer"));
    }
}
