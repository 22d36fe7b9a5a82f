//! `decode.*`: problems met while turning the input into SAML messages.

mod base64_invalid;
mod har_invalid;
mod inflate_failed;
mod line_breaks_removed;
mod padding_repaired;
mod plus_as_space;
mod private_key;
mod too_large;
mod too_many_messages;
mod truncated;
mod unrecognized;

use super::Rule;

pub(crate) use truncated::cut_short;

/// The rules of this family.
pub static RULES: &[&dyn Rule] = &[
    &unrecognized::Unrecognized,
    &har_invalid::HarInvalid,
    &base64_invalid::Base64Invalid,
    &inflate_failed::InflateFailed,
    &truncated::Truncated,
    &too_large::TooLarge,
    &too_many_messages::TooManyMessages,
    &private_key::PrivateKey,
    &plus_as_space::PlusAsSpace,
    &padding_repaired::PaddingRepaired,
    &line_breaks_removed::LineBreaksRemoved,
];

/// A byte count in words: `10 MB`, `200 MB`, `512 KB`, `37 bytes`.
fn size_in_words(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB && bytes % MB == 0 {
        format!("{} MB", bytes / MB)
    } else if bytes >= 1024 && bytes % 1024 == 0 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::size_in_words;

    #[test]
    fn sizes() {
        assert_eq!(size_in_words(10 * 1024 * 1024), "10 MB");
        assert_eq!(size_in_words(2048), "2 KB");
        assert_eq!(size_in_words(1500), "1500 bytes");
    }
}
