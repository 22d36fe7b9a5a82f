//! Arithmetic modulo an odd number with Montgomery multiplication: the one big-integer engine behind RSA
//! ([`super::rsa_public`]), DSA and the NIST P-256/P-384 curves of ECDSA ([`super::ecdsa`]).
//!
//! Numbers are little-endian vectors of limbs, always exactly as many limbs as the modulus (`k`). A value in
//! the *Montgomery domain* is stored as `a·R mod n` with `R = 2^(BITS·k)`; [`Montgomery::mul`] of two such
//! values gives the Montgomery form of their product, so a chain of products needs one conversion in and one
//! out.
//!
//! **Not constant-time.** Branches and loop counts depend on the values (conditional subtractions, skipped
//! leading zero bits of exponents, early exits of comparisons). That is acceptable here because the module
//! only ever sees public values: signatures, signed data, public keys and domain parameters. It must never be
//! used with a private key.
//!
//! Names are the textbook ones (a, b, n, t, k, m): this is arithmetic.
//!
//! Limbs are 64-bit natively and 32-bit on wasm32, whose 64×64→128 multiplication is a library call while
//! 32×32→64 is one instruction.

#![allow(clippy::many_single_char_names)]

#[cfg(not(target_arch = "wasm32"))]
pub(super) type Limb = u64;
#[cfg(not(target_arch = "wasm32"))]
type Wide = u128;
#[cfg(target_arch = "wasm32")]
pub(super) type Limb = u32;
#[cfg(target_arch = "wasm32")]
type Wide = u64;

/// Bits in a limb.
pub(super) const BITS: usize = Limb::BITS as usize;

/// A number modulo `n`: exactly `k` little-endian limbs.
pub(super) type Residue = Vec<Limb>;

/// Montgomery arithmetic modulo an odd `n > 1` of `k` limbs, with `R = 2^(BITS·k)`.
#[derive(Debug, Clone)]
pub(super) struct Montgomery {
    n: Vec<Limb>,
    /// `-n⁻¹ mod 2^BITS`.
    n0inv: Limb,
    /// `R² mod n`, which takes a number into the Montgomery domain.
    r2: Residue,
}

impl Montgomery {
    /// The arithmetic modulo the big-endian `modulus`; `None` when it is even, 0 or 1.
    pub(super) fn from_be(modulus: &[u8]) -> Option<Self> {
        let n = limbs_from_be(modulus);
        if n.first().is_none_or(|low| low & 1 == 0) || (n.len() == 1 && n.first() == Some(&1)) {
            return None;
        }
        let n0 = n.first().copied().unwrap_or(1);
        // Newton's iteration doubles the correct low bits each step: 1 → 64 bits in 6 steps (n0 is odd).
        let mut inv: Limb = 1;
        for _ in 0..6 {
            inv = inv.wrapping_mul((2 as Limb).wrapping_sub(n0.wrapping_mul(inv)));
        }
        let mut monty = Montgomery { n, n0inv: inv.wrapping_neg(), r2: Vec::new() };
        monty.r2 = monty.r_squared();
        Some(monty)
    }

    /// Number of limbs of the modulus (and of every residue).
    pub(super) fn limbs(&self) -> usize {
        self.n.len()
    }

    /// Length of the modulus in bits.
    pub(super) fn bits(&self) -> usize {
        BITS * self.n.len() - self.n.last().map_or(0, |top| top.leading_zeros() as usize)
    }

    /// The residue of a big-endian integer that is already below `n`; `None` if it is not.
    pub(super) fn residue_below(&self, bytes: &[u8]) -> Option<Residue> {
        let mut a = limbs_from_be(bytes);
        if a.len() > self.n.len() {
            return None;
        }
        a.resize(self.n.len(), 0);
        less_than(&a, &self.n).then_some(a)
    }

    /// Any big-endian integer reduced modulo `n` (bit by bit: `a = 2a + bit`; for digests and DSA values,
    /// which are at most a few thousand bits).
    pub(super) fn reduce(&self, bytes: &[u8]) -> Residue {
        let k = self.n.len();
        let mut a = vec![0 as Limb; k];
        let mut one = vec![0 as Limb; k];
        if let Some(low) = one.first_mut() {
            *low = 1;
        }
        for byte in bytes {
            for shift in (0..8).rev() {
                self.double(&mut a);
                if (byte >> shift) & 1 == 1 {
                    a = self.add(&a, &one);
                }
            }
        }
        a
    }

    /// Whether the residue is zero.
    pub(super) fn is_zero(a: &[Limb]) -> bool {
        a.iter().all(|&l| l == 0)
    }

    /// `a·R mod n`: into the Montgomery domain.
    pub(super) fn to_montgomery(&self, a: &[Limb]) -> Residue {
        self.mul(a, &self.r2)
    }

    /// `a·R⁻¹ mod n`: out of the Montgomery domain.
    pub(super) fn to_plain(&self, a: &[Limb]) -> Residue {
        let mut one = vec![0 as Limb; self.n.len()];
        if let Some(low) = one.first_mut() {
            *low = 1;
        }
        self.mul(a, &one)
    }

    /// `R mod n`: 1 in the Montgomery domain.
    pub(super) fn one(&self) -> Residue {
        let mut one = vec![0 as Limb; self.n.len()];
        if let Some(low) = one.first_mut() {
            *low = 1;
        }
        self.to_montgomery(&one)
    }

    /// `a·b·R⁻¹ mod n` for `a, b < n`: coarsely integrated operand scanning, multiplication and reduction in one
    /// pass per limb of `a`, writing the shifted result into a second buffer (no indexing, no rotation).
    pub(super) fn mul(&self, a: &[Limb], b: &[Limb]) -> Residue {
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

    /// `a² ·R⁻¹ mod n`.
    pub(super) fn square(&self, a: &[Limb]) -> Residue {
        self.mul(a, a)
    }

    /// `a + b mod n` for `a, b < n` (in or out of the Montgomery domain alike).
    pub(super) fn add(&self, a: &[Limb], b: &[Limb]) -> Residue {
        let mut sum = a.to_vec();
        let mut carry = false;
        for (x, y) in sum.iter_mut().zip(b) {
            let (s1, c1) = x.overflowing_add(*y);
            let (s2, c2) = s1.overflowing_add(Limb::from(carry));
            *x = s2;
            carry = c1 || c2;
        }
        if carry || !less_than(&sum, &self.n) {
            sub_assign(&mut sum, &self.n);
        }
        sum
    }

    /// `a - b mod n` for `a, b < n`.
    pub(super) fn sub(&self, a: &[Limb], b: &[Limb]) -> Residue {
        let mut difference = a.to_vec();
        if sub_assign(&mut difference, b) {
            add_assign(&mut difference, &self.n);
        }
        difference
    }

    /// `base^exponent` in the Montgomery domain (`base` in it too), the exponent a big-endian byte string:
    /// left-to-right binary exponentiation from the highest set bit.
    pub(super) fn pow(&self, base: &[Limb], exponent: &[u8]) -> Residue {
        let mut acc: Option<Residue> = None;
        for byte in exponent {
            for shift in (0..8).rev() {
                if let Some(a) = acc.as_mut() {
                    *a = self.square(a);
                }
                if (byte >> shift) & 1 == 1 {
                    acc = Some(match acc {
                        Some(a) => self.mul(&a, base),
                        None => base.to_vec(),
                    });
                }
            }
        }
        acc.unwrap_or_else(|| self.one())
    }

    /// `a⁻¹` in the Montgomery domain for a *prime* modulus (Fermat: `a^(n-2)`); 0 for `a = 0`.
    pub(super) fn invert_prime(&self, a: &[Limb]) -> Residue {
        let mut n_minus_2 = self.n.clone();
        let mut two = vec![0 as Limb; self.n.len()];
        if let Some(low) = two.first_mut() {
            *low = 2;
        }
        sub_assign(&mut n_minus_2, &two);
        self.pow(a, &limbs_to_be(&n_minus_2, self.n.len() * BITS / 8))
    }

    /// `R² mod n`: `R mod n` from the top bit of `n` by doublings, then doublings and Montgomery squarings
    /// (each squaring of `R·2^j` gives `R·2^(2j)`) up to `R·2^(BITS·k) = R²`.
    fn r_squared(&self) -> Residue {
        let k = self.n.len();
        let bits = self.bits();
        // x = 2^(bits-1) < n, doubled up to 2^(BITS·k) mod n = R mod n.
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
}

/// Little-endian limbs of a big-endian byte string, without high zero limbs (at least one limb).
pub(super) fn limbs_from_be(bytes: &[u8]) -> Vec<Limb> {
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

/// Big-endian bytes of `limbs`, left-padded or cut to `len` bytes (callers pass a length the value fits in).
pub(super) fn limbs_to_be(limbs: &[Limb], len: usize) -> Vec<u8> {
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

/// `a += b` for equal-length limbs, dropping the final carry (used to undo a borrow of `sub_assign`).
fn add_assign(a: &mut [Limb], b: &[Limb]) {
    let mut carry = false;
    for (x, y) in a.iter_mut().zip(b) {
        let (s1, c1) = x.overflowing_add(*y);
        let (s2, c2) = s1.overflowing_add(Limb::from(carry));
        *x = s2;
        carry = c1 || c2;
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (team rule).
mod tests {
    use super::*;
    use rsa::BigUint;

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

    fn big(limbs: &[Limb]) -> BigUint {
        BigUint::from_bytes_be(&limbs_to_be(limbs, limbs.len() * BITS / 8))
    }

    #[test]
    fn field_operations_agree_with_num_bigint() {
        for (i, len) in [1_usize, 8, 9, 20, 32, 33, 48, 64, 128].into_iter().enumerate() {
            for variant in 0..8_u64 {
                let mut m = bytes(i as u64 * 131 + variant, len);
                *m.last_mut().unwrap() |= 1;
                let Some(monty) = Montgomery::from_be(&m) else { continue };
                let nb = BigUint::from_bytes_be(&m);
                let wide = bytes(variant + 99, 2 * len + 3);
                let a = monty.reduce(&bytes(variant + 7, len + 1));
                let b = monty.reduce(&wide);
                assert_eq!(big(&a), BigUint::from_bytes_be(&bytes(variant + 7, len + 1)) % &nb);
                assert_eq!(big(&b), BigUint::from_bytes_be(&wide) % &nb);
                let (ba, bb) = (big(&a), big(&b));
                assert_eq!(big(&monty.add(&a, &b)), (&ba + &bb) % &nb);
                assert_eq!(big(&monty.sub(&a, &b)), (&ba + &nb - &bb) % &nb);
                let (am, bm) = (monty.to_montgomery(&a), monty.to_montgomery(&b));
                assert_eq!(big(&monty.to_plain(&monty.mul(&am, &bm))), (&ba * &bb) % &nb);
                let e = bytes(variant + 3, 5);
                assert_eq!(big(&monty.to_plain(&monty.pow(&am, &e))), ba.modpow(&BigUint::from_bytes_be(&e), &nb));
                assert_eq!(big(&monty.to_plain(&monty.pow(&am, &[0, 0]))), BigUint::from(1_u32) % &nb);
                assert_eq!(monty.residue_below(&m), None);
                assert_eq!(monty.residue_below(&limbs_to_be(&a, len)), Some(a.clone()));
            }
        }
    }

    #[test]
    fn prime_inverse_is_an_inverse() {
        // The order of P-256, a prime.
        let n = [
            0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6,
            0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
        ];
        let monty = Montgomery::from_be(&n).unwrap();
        for seed in 0..20 {
            let a = monty.to_montgomery(&monty.reduce(&bytes(seed, 40)));
            let product = monty.to_plain(&monty.mul(&a, &monty.invert_prime(&a)));
            assert_eq!(big(&product), BigUint::from(1_u32));
        }
    }

    #[test]
    fn even_zero_and_one_moduli_are_refused() {
        assert!(Montgomery::from_be(&[10]).is_none());
        assert!(Montgomery::from_be(&[]).is_none());
        assert!(Montgomery::from_be(&[0, 1]).is_none());
        assert!(Montgomery::from_be(&[3]).is_some());
    }
}
