//! The RSA public operation `s^e mod n` with Montgomery multiplication.
//!
//! Verification was 93 % of the time of checking an Entra-signed response (BENCHMARKS.md): `rsa` 0.9 hands the
//! public exponent to `num-bigint-dig`'s general `modpow`, which runs a fixed 4-bit window over all 64 bits of
//! the exponent's word (about 100 Montgomery products for e = 65537) after a long division for `R² mod n`. Here
//! `R² mod n` comes from doublings and five Montgomery squarings, and the exponent is processed bit by bit from
//! its highest set bit: 16 squarings and 2 products for e = 65537, about 30 products in all for a 2048-bit key.
//!
//! Only public values are involved (signature, modulus, exponent), so nothing needs to be constant-time.
//!
//! The arithmetic itself is the shared Montgomery code of [`super::montgomery`].

use super::montgomery::{limbs_to_be, Montgomery};

/// `base^exponent mod modulus` for big-endian byte strings; the result is big-endian, as long as the modulus.
/// `None` when the modulus is even or zero, or `base >= modulus` (callers treat that as a bad signature).
pub(super) fn modpow_be(base: &[u8], exponent: u64, modulus: &[u8]) -> Option<Vec<u8>> {
    let monty = Montgomery::from_be(modulus)?;
    let s = monty.residue_below(base)?;
    let result = monty.to_plain(&monty.pow(&monty.to_montgomery(&s), &exponent.to_be_bytes()));
    Some(limbs_to_be(&result, modulus.len()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rsa::BigUint;

    fn reference(base: &[u8], e: u64, m: &[u8]) -> Vec<u8> {
        let r = BigUint::from_bytes_be(base).modpow(&BigUint::from(e), &BigUint::from_bytes_be(m)).to_bytes_be();
        let mut out = vec![0; m.len() - r.len().min(m.len())];
        out.extend(r);
        out
    }

    /// Deterministic pseudo-random bytes.
    fn bytes(seed: u64, len: usize) -> Vec<u8> {
        let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn agrees_with_num_bigint_on_many_moduli_and_exponents() {
        for (i, len) in [1_usize, 7, 8, 9, 16, 63, 64, 65, 128, 130, 256, 384, 512].into_iter().enumerate() {
            for variant in 0..6_u64 {
                let mut m = bytes(i as u64 * 31 + variant, len);
                if let Some(last) = m.last_mut() {
                    *last |= 1;
                }
                if variant % 2 == 0 {
                    if let Some(first) = m.first_mut() {
                        *first |= 0x80; // full top bit, like RSA moduli
                    }
                }
                if m.iter().all(|&b| b == 0) || m == [1] {
                    continue;
                }
                let mut base = bytes(variant * 7 + 3, len);
                if let Some(first) = base.first_mut() {
                    *first = first.checked_shr(1).unwrap_or(0) & m[0].saturating_sub(1);
                }
                if BigUint::from_bytes_be(&base) >= BigUint::from_bytes_be(&m) {
                    continue;
                }
                for e in [0_u64, 1, 2, 3, 17, 65_537, (1 << 33) - 1, u64::MAX] {
                    assert_eq!(
                        modpow_be(&base, e, &m),
                        Some(reference(&base, e, &m)),
                        "len {len} variant {variant} e {e}"
                    );
                }
            }
        }
    }

    #[test]
    fn refuses_even_moduli_and_bases_not_below_the_modulus() {
        assert_eq!(modpow_be(&[2], 3, &[10]), None);
        assert_eq!(modpow_be(&[11], 3, &[11]), None);
        assert_eq!(modpow_be(&[1, 0], 3, &[11]), None);
        assert_eq!(modpow_be(&[3], 3, &[0]), None);
        assert_eq!(modpow_be(&[], 3, &[]), None);
        assert_eq!(modpow_be(&[0, 0, 3], 2, &[0, 11]), Some(vec![0, 9]));
    }
}
