//! The RSA public operation `s^e mod n` with Montgomery multiplication on 64-bit limbs.
//!
//! Verification was 93 % of the time of checking an Entra-signed response (BENCHMARKS.md): `rsa` 0.9 hands the
//! public exponent to `num-bigint-dig`'s general `modpow`, which runs a fixed 4-bit window over all 64 bits of
//! the exponent's word (about 100 Montgomery products for e = 65537) after a long division for `R² mod n`. Here
//! `R² mod n` comes from doublings and five Montgomery squarings, and the exponent is processed bit by bit from
//! its highest set bit: 16 squarings and 2 products for e = 65537, about 30 products in all for a 2048-bit key.
//!
//! Only public values are involved (signature, modulus, exponent), so nothing needs to be constant-time.
//!
//! Names are the textbook ones (a, b, n, t, k, m): this is arithmetic.
//!
//! Limbs are 64-bit natively and 32-bit on wasm32, whose 64×64→128 multiplication is a library call while
//! 32×32→64 is one instruction.

#![allow(clippy::many_single_char_names)]

#[cfg(not(target_arch = "wasm32"))]
type Limb = u64;
#[cfg(not(target_arch = "wasm32"))]
type Wide = u128;
#[cfg(target_arch = "wasm32")]
type Limb = u32;
#[cfg(target_arch = "wasm32")]
type Wide = u64;

/// Bits in a limb.
const BITS: usize = Limb::BITS as usize;

/// `base^exponent mod modulus` for big-endian byte strings; the result is big-endian, as long as the modulus.
/// `None` when the modulus is even or zero, or `base >= modulus` (callers treat that as a bad signature).
pub(super) fn modpow_be(base: &[u8], exponent: u64, modulus: &[u8]) -> Option<Vec<u8>> {
    let n = limbs_from_be(modulus);
    let k = n.len();
    if n.first().is_none_or(|low| low & 1 == 0) {
        return None;
    }
    let s = limbs_from_be(base);
    if s.len() > k || (s.len() == k && !less_than(&s, &n)) {
        return None;
    }
    let mut s_padded = s;
    s_padded.resize(k, 0);
    let monty = Montgomery::new(n);
    let result = monty.pow(&s_padded, exponent);
    Some(limbs_to_be(&result, modulus.len()))
}

/// Little-endian 64-bit limbs of a big-endian byte string, without high zero limbs (at least one limb).
fn limbs_from_be(bytes: &[u8]) -> Vec<Limb> {
    let mut limbs: Vec<Limb> =
        bytes.rchunks(BITS / 8).map(|chunk| chunk.iter().fold(0, |acc: Limb, &b| (acc << 8) | Limb::from(b))).collect();
    while limbs.len() > 1 && limbs.last() == Some(&0) {
        limbs.pop();
    }
    if limbs.is_empty() {
        limbs.push(0);
    }
    limbs
}

/// Big-endian bytes of `limbs`, left-padded or cut to `len` bytes (the value fits: it is below the modulus).
fn limbs_to_be(limbs: &[Limb], len: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = limbs.iter().rev().flat_map(|l| l.to_be_bytes()).collect();
    if bytes.len() > len {
        bytes.drain(..bytes.len() - len);
    } else {
        let mut padded = vec![0; len - bytes.len()];
        padded.extend(bytes);
        bytes = padded;
    }
    bytes
}

/// `a < b` for equal-length little-endian limbs.
fn less_than(a: &[Limb], b: &[Limb]) -> bool {
    for (x, y) in a.iter().rev().zip(b.iter().rev()) {
        if x != y {
            return x < y;
        }
    }
    false
}

/// `a -= b` for equal-length limbs; returns the borrow.
fn sub_assign(a: &mut [Limb], b: &[Limb]) -> bool {
    let mut borrow = false;
    for (x, y) in a.iter_mut().zip(b) {
        let (d1, b1) = x.overflowing_sub(*y);
        let (d2, b2) = d1.overflowing_sub(Limb::from(borrow));
        *x = d2;
        borrow = b1 || b2;
    }
    borrow
}

/// Montgomery arithmetic modulo an odd `n` of `k` limbs, with `R = 2^(64k)`.
struct Montgomery {
    n: Vec<Limb>,
    /// `-n⁻¹ mod 2^64`.
    n0inv: Limb,
}

impl Montgomery {
    fn new(n: Vec<Limb>) -> Self {
        let n0 = n.first().copied().unwrap_or(1);
        // Newton's iteration doubles the correct low bits each step: 1 → 64 bits in 6 steps (n0 is odd).
        let mut inv: Limb = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul((2 as Limb).wrapping_sub(n0.wrapping_mul(inv)));
        }
        Montgomery { n, n0inv: inv.wrapping_neg() }
    }

    /// `a·b·R⁻¹ mod n` for `a, b < n`: coarsely integrated operand scanning, multiplication and reduction in one
    /// pass per limb of `a`, writing the shifted result into a second buffer (no indexing, no rotation).
    fn mul(&self, a: &[Limb], b: &[Limb]) -> Vec<Limb> {
        let k = self.n.len();
        let (b0, n0) = (b.first().copied().unwrap_or(0), self.n.first().copied().unwrap_or(0));
        let mut t = vec![0 as Limb; k + 2];
        let mut u = vec![0 as Limb; k + 2];
        for &ai in a {
            let t0 = t.first().copied().unwrap_or(0);
            // m makes the low limb of t + ai·b + m·n vanish.
            let m = t0.wrapping_add(ai.wrapping_mul(b0)).wrapping_mul(self.n0inv);
            let v = Wide::from(t0) + Wide::from(ai) * Wide::from(b0);
            let w = Wide::from(v as Limb) + Wide::from(m) * Wide::from(n0);
            let (mut c1, mut c2) = (v >> BITS, w >> BITS);
            for ((uj, (&tj, &bj)), &nj) in u.iter_mut().zip(t.iter().zip(b).skip(1)).zip(self.n.iter().skip(1)) {
                let v = Wide::from(tj) + Wide::from(ai) * Wide::from(bj) + c1;
                let w = Wide::from(v as Limb) + Wide::from(m) * Wide::from(nj) + c2;
                *uj = w as Limb;
                c1 = v >> BITS;
                c2 = w >> BITS;
            }
            let (tk, tk1) = (t.get(k).copied().unwrap_or(0), t.get(k + 1).copied().unwrap_or(0));
            let top = Wide::from(tk) + c1 + c2;
            if let Some([uk1, uk, ..]) = u.get_mut(k - 1..) {
                *uk1 = top as Limb;
                *uk = tk1.wrapping_add((top >> BITS) as Limb);
            }
            std::mem::swap(&mut t, &mut u);
        }
        // t < 2n: one conditional subtraction.
        let overflow = t.get(k).copied().unwrap_or(0) != 0;
        t.truncate(k);
        if overflow || !less_than(&t, &self.n) {
            sub_assign(&mut t, &self.n);
        }
        t
    }

    /// `R² mod n`: `R mod n` from the top bit of `n` by doublings, then doublings and Montgomery squarings
    /// (each squaring of `R·2^j` gives `R·2^(2j)`) up to `R·2^(64k) = R²`.
    fn r_squared(&self) -> Vec<Limb> {
        let k = self.n.len();
        let bits = BITS * k - self.n.last().map_or(0, |top| top.leading_zeros() as usize);
        // x = 2^(bits-1) < n, doubled up to 2^(64k) mod n = R mod n.
        let mut x = vec![0 as Limb; k];
        if let Some(limb) = x.get_mut((bits - 1) / BITS) {
            *limb = 1 << ((bits - 1) % BITS);
        }
        for _ in 0..(BITS * k - (bits - 1)) {
            self.double(&mut x);
        }
        // Now x = R·2^0. Reach j = BITS·k = j0·2^m: j0 doublings, then m squarings. A doubling costs about a
        // fortieth of a squaring, so at most 5 squarings (64 doublings and 5 squarings for a 2048-bit key).
        let total = BITS * k;
        let m = total.trailing_zeros().min(5);
        let j0 = total >> m;
        for _ in 0..j0 {
            self.double(&mut x);
        }
        for _ in 0..m {
            x = self.mul(&x, &x);
        }
        x
    }

    /// `x = 2x mod n` for `x < n`.
    fn double(&self, x: &mut [Limb]) {
        let mut carry: Limb = 0;
        for limb in x.iter_mut() {
            let next = *limb >> (BITS - 1);
            *limb = (*limb << 1) | carry;
            carry = next;
        }
        if carry != 0 || !less_than(x, &self.n) {
            sub_assign(x, &self.n);
        }
    }

    /// `s^e mod n` for `s < n` (left-to-right binary exponentiation in the Montgomery domain).
    fn pow(&self, s: &[Limb], e: u64) -> Vec<Limb> {
        let k = self.n.len();
        let mut one = vec![0 as Limb; k];
        if let Some(low) = one.first_mut() {
            *low = 1;
        }
        if e == 0 {
            // s^0 = 1 (mod n > 1); n = 1 gives 0.
            return if k == 1 && self.n.first() == Some(&1) { vec![0] } else { one };
        }
        let r2 = self.r_squared();
        let s_mont = self.mul(s, &r2);
        let mut acc = s_mont.clone();
        for bit in (0..e.checked_ilog2().unwrap_or(0)).rev() {
            acc = self.mul(&acc, &acc);
            if (e >> bit) & 1 == 1 {
                acc = self.mul(&acc, &s_mont);
            }
        }
        self.mul(&acc, &one)
    }
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
