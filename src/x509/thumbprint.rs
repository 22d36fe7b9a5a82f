//! Certificate thumbprints (fingerprints): the SHA-1 or SHA-256 of the DER bytes, as Entra ID, ADFS, OpenSSL
//! and the SAML toolkits print them.

/// Reads a thumbprint as people paste it: any case, with or without `:` or spaces between bytes, and without
/// the invisible marks that Windows' certificate dialog copies along (U+200E, U+200F, U+FEFF).
///
/// Returns the 20 (SHA-1) or 32 (SHA-256) bytes, or `None` for anything else.
pub fn normalize_thumbprint(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text
        .chars()
        .filter(|&c| !(c.is_whitespace() || c == ':' || matches!(c, '\u{200e}' | '\u{200f}' | '\u{feff}')))
        .map(|c| c.to_digit(16).and_then(|d| u8::try_from(d).ok()))
        .collect::<Option<_>>()?;
    if digits.len() != 40 && digits.len() != 64 {
        return None;
    }
    Some(digits.chunks_exact(2).map(|pair| pair.iter().fold(0_u8, |acc, &d| (acc << 4) | d)).collect())
}

/// Uppercase hex of `bytes`, with `separator` between bytes.
pub(crate) fn hex_upper(bytes: &[u8], separator: &str) -> String {
    let mut out = String::with_capacity(bytes.len() * (2 + separator.len()));
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push_str(separator);
        }
        for nibble in [b >> 4, b & 0x0f] {
            out.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0').to_ascii_uppercase());
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (team rule).
mod tests {
    use super::*;

    #[test]
    fn accepts_entra_openssl_and_lowercase_forms() {
        let bytes: Vec<u8> = (1..=20).collect();
        let entra = hex_upper(&bytes, "");
        let colons = hex_upper(&bytes, ":");
        assert_eq!(normalize_thumbprint(&entra), Some(bytes.clone()));
        assert_eq!(normalize_thumbprint(&colons.to_lowercase()), Some(bytes.clone()));
        assert_eq!(normalize_thumbprint(&hex_upper(&bytes, " ")), Some(bytes.clone()));
        assert_eq!(normalize_thumbprint(&format!("\u{200e}{entra}\n")), Some(bytes));
    }

    #[test]
    fn accepts_sha256_and_rejects_other_lengths_or_non_hex() {
        let bytes: Vec<u8> = (0..32).collect();
        assert_eq!(normalize_thumbprint(&hex_upper(&bytes, ":")), Some(bytes));
        assert_eq!(normalize_thumbprint("ABCD"), None);
        assert_eq!(normalize_thumbprint(&"G".repeat(40)), None);
        assert_eq!(normalize_thumbprint(""), None);
        assert_eq!(normalize_thumbprint(&"A".repeat(41)), None);
    }
}
