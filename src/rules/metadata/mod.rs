//! `metadata.*`: IdP metadata in the trace that cannot work for the sign-in.

mod entity_id_mismatch;
mod issuer_mismatch;
mod no_signing_cert;

use super::Rule;
use crate::analysis::Analysis;
use crate::analysis::Message;
use crate::saml::{EntityDescriptor, SamlMessage};

/// The rules of this family.
pub static RULES: &[&dyn Rule] =
    &[&no_signing_cert::NoSigningCert, &issuer_mismatch::IssuerMismatch, &entity_id_mismatch::EntityIdMismatch];

/// Every entity with an `IDPSSODescriptor` in the trace's metadata documents.
pub(crate) fn idp_entities(analysis: &Analysis) -> impl Iterator<Item = (&Message, &EntityDescriptor)> {
    analysis.saml_messages().flat_map(|(m, s)| {
        let entities: Vec<&EntityDescriptor> = match s {
            SamlMessage::EntityDescriptor(e) => vec![e],
            SamlMessage::EntitiesDescriptor(list) => list.iter().collect(),
            _ => Vec::new(),
        };
        entities.into_iter().filter(|e| e.idp.is_some()).map(move |e| (m, e))
    })
}
