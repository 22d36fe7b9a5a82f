//! ECDSA signature *verification* on the NIST curves P-256 (secp256r1) and P-384 (secp384r1), written for this
//! crate to keep the web bundle small (the `p256`/`p384` crates cost about 120 KB of wasm, most of it
//! constant-time scalar arithmetic a verifier does not need).
//!
//! What it does, following FIPS 186-4 §6.4 / SEC 1 §4.1.4:
//! 1. The public key `Q` is decoded from SEC 1 (uncompressed `04‖X‖Y` or compressed `02/03‖X`), with
//!    `X, Y < p` and `Y² = X³ − 3X + b` checked ([`decode_public_key`]). The curves have prime order and
//!    cofactor 1, so every such point other than the identity (which has no affine encoding) is a valid key.
//! 2. `r` and `s` must lie in `[1, n−1]`.
//! 3. `e` is the leftmost `bitlen(n)` bits of the digest (shorter digests are used whole).
//! 4. `w = s⁻¹ mod n`, `u1 = e·w`, `u2 = r·w`, and `R = u1·G + u2·Q` by Shamir's trick (one pass of doublings
//!    over the bits of both scalars, adding `G`, `Q` or `G+Q`).
//! 5. The signature is valid when `R` is not the identity and `x(R) mod n = r`.
//!
//! Points are in Jacobian coordinates `(X, Y, Z)` ↔ affine `(X/Z², Y/Z³)` over the Montgomery field of
//! [`super::montgomery`]; `Z = 0` is the identity. Addition handles the identity on either side, `P = Q`
//! (it doubles) and `P = −Q` (the identity); doubling uses the `a = −3` formula of both curves.
//!
//! **Variable time.** Every branch and loop may depend on the values. That is acceptable because verification
//! only handles public inputs (signature, digest of signed data, public key); this module has no signing and
//! must never be given a secret scalar. Correctness is cross-checked in tests against the RustCrypto `p256` and
//! `p384` crates (dev-dependencies): random keys, messages and signatures, tampering, edge cases.
//!
//! Names are the textbook ones (x, y, z, r, s, e, w, u1, u2): this is arithmetic.

#![allow(clippy::many_single_char_names)]

use super::montgomery::{limbs_to_be, Limb, Montgomery, Residue};

/// A curve this module verifies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Curve {
    /// NIST P-256 (secp256r1, prime256v1).
    P256,
    /// NIST P-384 (secp384r1).
    P384,
}

impl Curve {
    /// Length in bytes of a field element and of a scalar (both curves have `bitlen(p) = bitlen(n)`).
    pub(crate) fn byte_len(self) -> usize {
        match self {
            Curve::P256 => 32,
            Curve::P384 => 48,
        }
    }

    /// `P-256` or `P-384`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
        }
    }

    fn params(self) -> &'static CurveParams {
        match self {
            Curve::P256 => &P256,
            Curve::P384 => &P384,
        }
    }
}

/// Why a signature did not verify.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EcdsaError {
    /// `r` or `s` is zero or not below the group order `n`.
    ScalarOutOfRange,
    /// The signature is well formed but does not match the digest and key.
    Mismatch,
    /// The stored key is not a point of the curve (cannot happen for keys made by [`decode_public_key`]).
    InvalidKey,
}

/// Decodes a SEC 1 public key (uncompressed or compressed) and checks that it is a point of the curve; returns
/// its uncompressed encoding `04‖X‖Y`. `None` for anything else: the identity `00`, wrong length or tag,
/// coordinates not below `p`, a point not on the curve, an `X` with no point.
pub(crate) fn decode_public_key(curve: Curve, sec1: &[u8]) -> Option<Vec<u8>> {
    let len = curve.byte_len();
    let arith = Arithmetic::new(curve)?;
    let (&tag, rest) = sec1.split_first()?;
    let (x, y) = match tag {
        0x04 if rest.len() == 2 * len => {
            let (x_bytes, y_bytes) = rest.split_at(len);
            let x = arith.field_element(x_bytes)?;
            let y = arith.field_element(y_bytes)?;
            (arith.is_on_curve(&x, &y)).then_some((x, y))?
        }
        0x02 | 0x03 if rest.len() == len => {
            let x = arith.field_element(rest)?;
            let y = arith.lift_x(&x, tag == 0x03)?;
            (x, y)
        }
        _ => return None,
    };
    let field = &arith.field;
    let mut out = Vec::with_capacity(1 + 2 * len);
    out.push(0x04);
    out.extend(limbs_to_be(&field.to_plain(&x), len));
    out.extend(limbs_to_be(&field.to_plain(&y), len));
    Some(out)
}

/// Verifies the signature `r‖s` (each `byte_len` bytes, big-endian) of `digest` with the public key
/// `public_key` (uncompressed SEC 1, as [`decode_public_key`] returns it).
pub(crate) fn verify_digest(curve: Curve, public_key: &[u8], digest: &[u8], r_s: &[u8]) -> Result<(), EcdsaError> {
    let len = curve.byte_len();
    let arith = Arithmetic::new(curve).ok_or(EcdsaError::InvalidKey)?;
    let order = &arith.order;
    // 2. r, s in [1, n-1].
    let (r_bytes, s_bytes) = r_s.split_at_checked(len).ok_or(EcdsaError::ScalarOutOfRange)?;
    let in_range = |bytes: &[u8]| order.residue_below(bytes).filter(|v| !Montgomery::is_zero(v));
    let r = in_range(r_bytes).ok_or(EcdsaError::ScalarOutOfRange)?;
    let s = in_range(s_bytes).ok_or(EcdsaError::ScalarOutOfRange)?;
    // The key: the point Q (checked again, so that a key not made by `decode_public_key` cannot slip through).
    let q = match public_key.split_first() {
        Some((0x04, coordinates)) if coordinates.len() == 2 * len => {
            let (x_bytes, y_bytes) = coordinates.split_at(len);
            let x = arith.field_element(x_bytes).ok_or(EcdsaError::InvalidKey)?;
            let y = arith.field_element(y_bytes).ok_or(EcdsaError::InvalidKey)?;
            if !arith.is_on_curve(&x, &y) {
                return Err(EcdsaError::InvalidKey);
            }
            arith.affine(x, y)
        }
        _ => return Err(EcdsaError::InvalidKey),
    };
    // 3. e: the leftmost bitlen(n) bits of the digest, reduced mod n.
    let e = order.reduce(digest.get(..len).unwrap_or(digest));
    // 4. w = s⁻¹, u1 = e·w, u2 = r·w (a product of a plain and a Montgomery value is plain).
    let w = order.invert_prime(&order.to_montgomery(&s));
    let u1 = limbs_to_be(&order.mul(&e, &w), len);
    let u2 = limbs_to_be(&order.mul(&r, &w), len);
    let g = arith.generator();
    let sum = arith.shamir(&u1, &g, &u2, &q);
    // 5. x(R) mod n == r, R not the identity.
    if sum.is_identity() {
        return Err(EcdsaError::Mismatch);
    }
    let field = &arith.field;
    let z_inverse = field.invert_prime(&sum.z);
    let x = field.to_plain(&field.mul(&sum.x, &field.square(&z_inverse)));
    let v = order.reduce(&limbs_to_be(&x, len));
    if v == r {
        Ok(())
    } else {
        Err(EcdsaError::Mismatch)
    }
}

/// Domain parameters of a short Weierstrass curve `y² = x³ − 3x + b` over GF(p) with a base point `G` of prime
/// order `n`, big-endian.
struct CurveParams {
    p: &'static [u8],
    n: &'static [u8],
    b: &'static [u8],
    gx: &'static [u8],
    gy: &'static [u8],
}

/// FIPS 186-4 D.1.2.3 (P-256).
static P256: CurveParams = CurveParams {
    p: &hex::<32>("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"),
    n: &hex::<32>("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"),
    b: &hex::<32>("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b"),
    gx: &hex::<32>("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
    gy: &hex::<32>("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
};

/// FIPS 186-4 D.1.2.4 (P-384).
static P384: CurveParams = CurveParams {
    p: &hex::<48>("fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"),
    n: &hex::<48>("ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"),
    b: &hex::<48>("b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef"),
    gx: &hex::<48>("aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7"),
    gy: &hex::<48>("3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f"),
};

/// A point in Jacobian coordinates, each in the Montgomery domain of the field; `z = 0` is the identity.
#[derive(Clone)]
struct Point {
    x: Residue,
    y: Residue,
    z: Residue,
}

impl Point {
    fn is_identity(&self) -> bool {
        Montgomery::is_zero(&self.z)
    }
}

/// The field and scalar arithmetic of one curve.
struct Arithmetic {
    params: &'static CurveParams,
    /// GF(p).
    field: Montgomery,
    /// Integers modulo the group order n.
    order: Montgomery,
    /// `b` in the Montgomery domain of the field.
    b: Residue,
}

impl Arithmetic {
    fn new(curve: Curve) -> Option<Self> {
        let params = curve.params();
        let field = Montgomery::from_be(params.p)?;
        let order = Montgomery::from_be(params.n)?;
        let b = field.to_montgomery(&field.residue_below(params.b)?);
        Some(Arithmetic { params, field, order, b })
    }

    /// A coordinate `< p`, into the Montgomery domain; `None` when it is not below `p`.
    fn field_element(&self, bytes: &[u8]) -> Option<Residue> {
        self.field.residue_below(bytes).map(|v| self.field.to_montgomery(&v))
    }

    /// `x³ − 3x + b`.
    fn curve_rhs(&self, x: &[Limb]) -> Residue {
        let f = &self.field;
        let x3 = f.mul(&f.square(x), x);
        let three_x = f.add(&f.add(x, x), x);
        f.add(&f.sub(&x3, &three_x), &self.b)
    }

    fn is_on_curve(&self, x: &[Limb], y: &[Limb]) -> bool {
        self.field.square(y) == self.curve_rhs(x)
    }

    /// The `y` with the requested parity such that `(x, y)` is on the curve: `y = rhs^((p+1)/4)` since
    /// `p ≡ 3 (mod 4)` for both curves, checked by squaring (no square root means no point).
    fn lift_x(&self, x: &[Limb], odd: bool) -> Option<Residue> {
        let f = &self.field;
        let rhs = self.curve_rhs(x);
        let y = f.pow(&rhs, &p_plus_1_over_4(self.params.p));
        if f.square(&y) != rhs {
            return None;
        }
        let y_is_odd = f.to_plain(&y).first().is_some_and(|low| low & 1 == 1);
        if y_is_odd == odd {
            Some(y)
        } else if Montgomery::is_zero(&y) {
            None
        } else {
            Some(f.sub(&vec![0; f.limbs()], &y))
        }
    }

    fn affine(&self, x: Residue, y: Residue) -> Point {
        Point { x, y, z: self.field.one() }
    }

    fn generator(&self) -> Point {
        let f = &self.field;
        let coordinate = |bytes| f.to_montgomery(&f.residue_below(bytes).unwrap_or_else(|| vec![0; f.limbs()]));
        self.affine(coordinate(self.params.gx), coordinate(self.params.gy))
    }

    fn identity(&self) -> Point {
        let one = self.field.one();
        Point { x: one.clone(), y: one, z: vec![0; self.field.limbs()] }
    }

    /// `2P` (dbl-2001-b, a = −3): δ = Z², γ = Y², β = Xγ, α = 3(X−δ)(X+δ), X' = α² − 8β,
    /// Z' = (Y+Z)² − γ − δ, Y' = α(4β − X') − 8γ². The identity doubles to itself (Z' = 0), and so would a
    /// point with Y = 0 (the curves have none: their order is odd).
    fn double(&self, p: &Point) -> Point {
        if p.is_identity() {
            return p.clone();
        }
        let f = &self.field;
        let delta = f.square(&p.z);
        let gamma = f.square(&p.y);
        let beta = f.mul(&p.x, &gamma);
        let t = f.mul(&f.sub(&p.x, &delta), &f.add(&p.x, &delta));
        let alpha = f.add(&f.add(&t, &t), &t);
        let beta2 = f.add(&beta, &beta);
        let beta4 = f.add(&beta2, &beta2);
        let beta8 = f.add(&beta4, &beta4);
        let x = f.sub(&f.square(&alpha), &beta8);
        let z = f.sub(&f.sub(&f.square(&f.add(&p.y, &p.z)), &gamma), &delta);
        let gamma2 = f.square(&gamma);
        let gamma2_2 = f.add(&gamma2, &gamma2);
        let gamma2_4 = f.add(&gamma2_2, &gamma2_2);
        let gamma2_8 = f.add(&gamma2_4, &gamma2_4);
        let y = f.sub(&f.mul(&alpha, &f.sub(&beta4, &x)), &gamma2_8);
        Point { x, y, z }
    }

    /// `P + Q`: U1 = X1·Z2², U2 = X2·Z1², S1 = Y1·Z2³, S2 = Y2·Z1³, H = U2 − U1, R = S2 − S1;
    /// X3 = R² − H³ − 2·U1·H², Y3 = R(U1·H² − X3) − S1·H³, Z3 = H·Z1·Z2. `H = 0` means equal x: the same
    /// point (R = 0, so double) or opposite points (the identity).
    fn add(&self, p: &Point, q: &Point) -> Point {
        if p.is_identity() {
            return q.clone();
        }
        if q.is_identity() {
            return p.clone();
        }
        let f = &self.field;
        let z1z1 = f.square(&p.z);
        let z2z2 = f.square(&q.z);
        let u1 = f.mul(&p.x, &z2z2);
        let u2 = f.mul(&q.x, &z1z1);
        let s1 = f.mul(&p.y, &f.mul(&q.z, &z2z2));
        let s2 = f.mul(&q.y, &f.mul(&p.z, &z1z1));
        let h = f.sub(&u2, &u1);
        let r = f.sub(&s2, &s1);
        if Montgomery::is_zero(&h) {
            return if Montgomery::is_zero(&r) { self.double(p) } else { self.identity() };
        }
        let hh = f.square(&h);
        let hhh = f.mul(&h, &hh);
        let v = f.mul(&u1, &hh);
        let x = f.sub(&f.sub(&f.square(&r), &hhh), &f.add(&v, &v));
        let y = f.sub(&f.mul(&r, &f.sub(&v, &x)), &f.mul(&s1, &hhh));
        let z = f.mul(&h, &f.mul(&p.z, &q.z));
        Point { x, y, z }
    }

    /// `a·P + b·Q` for big-endian scalars of equal length (Shamir's trick).
    fn shamir(&self, a: &[u8], p: &Point, b: &[u8], q: &Point) -> Point {
        let p_plus_q = self.add(p, q);
        let mut acc = self.identity();
        for (&a_byte, &b_byte) in a.iter().zip(b) {
            for shift in (0..8).rev() {
                acc = self.double(&acc);
                match ((a_byte >> shift) & 1, (b_byte >> shift) & 1) {
                    (1, 1) => acc = self.add(&acc, &p_plus_q),
                    (1, _) => acc = self.add(&acc, p),
                    (_, 1) => acc = self.add(&acc, q),
                    _ => {}
                }
            }
        }
        acc
    }
}

/// `(p + 1) / 4` for a big-endian `p ≡ 3 (mod 4)` below `2^(8·len) − 1`: add one, shift right by two.
fn p_plus_1_over_4(p: &[u8]) -> Vec<u8> {
    let mut value = p.to_vec();
    for byte in value.iter_mut().rev() {
        let (sum, carry) = byte.overflowing_add(1);
        *byte = sum;
        if !carry {
            break;
        }
    }
    let mut carry_in = 0_u8;
    for byte in &mut value {
        let next = *byte & 0b11;
        *byte = (*byte >> 2) | (carry_in << 6);
        carry_in = next;
    }
    value
}

/// A hexadecimal string as bytes, at compile time (curve constants are written as in FIPS 186-4).
const fn hex<const N: usize>(text: &str) -> [u8; N] {
    const fn nibble(c: u8) -> u8 {
        match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => panic!("not a lowercase hex digit"),
        }
    }
    let bytes = text.as_bytes();
    assert!(bytes.len() == 2 * N, "wrong length");
    let mut out = [0_u8; N];
    let mut i = 0;
    while i < N {
        out[i] = (nibble(bytes[2 * i]) << 4) | nibble(bytes[2 * i + 1]);
        i += 1;
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // tests may unwrap (team rule).
mod tests {
    use super::*;

    #[test]
    fn p_plus_one_over_four_of_small_primes() {
        assert_eq!(p_plus_1_over_4(&[7]), [2]);
        assert_eq!(p_plus_1_over_4(&[0x01, 0x03]), [0x00, 0x41]); // 259 → 65
        assert_eq!(p_plus_1_over_4(&[0x00, 0xff]), [0x00, 0x40]); // 255 → 64
    }

    #[test]
    fn generators_are_on_their_curves_and_have_order_n() {
        for curve in [Curve::P256, Curve::P384] {
            let arith = Arithmetic::new(curve).unwrap();
            let g = arith.generator();
            assert!(arith.is_on_curve(&g.x, &g.y), "{curve:?}");
            // n·G = identity and (n−1)·G = −G: the base point has order n.
            let n = curve.params().n.to_vec();
            let zero = vec![0; n.len()];
            assert!(arith.shamir(&n, &g, &zero, &g).is_identity(), "{curve:?}");
            let mut n_minus_1 = n.clone();
            *n_minus_1.last_mut().unwrap() -= 1;
            let minus_g = arith.shamir(&n_minus_1, &g, &zero, &g);
            assert!(arith.add(&minus_g, &g).is_identity(), "{curve:?}");
            // P + P takes the doubling branch; P + (−P) the identity branch; identity on either side.
            let two_g = arith.double(&g);
            let sum = arith.add(&g, &g);
            let f = &arith.field;
            let same = |a: &Point, b: &Point| {
                let (za2, zb2) = (f.square(&a.z), f.square(&b.z));
                f.mul(&a.x, &zb2) == f.mul(&b.x, &za2)
                    && f.mul(&a.y, &f.mul(&zb2, &b.z)) == f.mul(&b.y, &f.mul(&za2, &a.z))
            };
            assert!(same(&two_g, &sum), "{curve:?}");
            assert!(same(&arith.add(&arith.identity(), &g), &g));
            assert!(same(&arith.add(&g, &arith.identity()), &g));
            assert!(arith.double(&arith.identity()).is_identity());
        }
    }

    /// `x(R) mod n = r` with `x(R) ≥ n` (p > n for both curves): take the first point `Q` with `x = n + t`, and
    /// the digest 0, `r = s = t`. Then `u1 = 0`, `u2 = 1` and `R = Q`, so the signature is valid — it would be
    /// refused if `x(R)` were compared with `r` without the reduction. `r = x(R)` itself is out of range.
    #[test]
    fn x_coordinate_above_the_order_is_reduced_mod_n() {
        use p256::ecdsa::signature::hazmat::PrehashVerifier as _;
        for curve in [Curve::P256, Curve::P384] {
            let len = curve.byte_len();
            let n = curve.params().n.to_vec();
            let (t, q) = (1_u8..=255)
                .find_map(|t| {
                    let mut x = n.clone();
                    *x.last_mut().unwrap() = x.last().unwrap().checked_add(t)?;
                    decode_public_key(curve, &[vec![0x02], x].concat()).map(|q| (t, q))
                })
                .unwrap();
            let mut r = vec![0; len];
            *r.last_mut().unwrap() = t;
            let r_s = [r.clone(), r].concat();
            let zero_digest = vec![0; len];
            assert_eq!(verify_digest(curve, &q, &zero_digest, &r_s), Ok(()), "{curve:?}");
            let mut wrong = r_s.clone();
            *wrong.last_mut().unwrap() ^= 1;
            assert_eq!(verify_digest(curve, &q, &zero_digest, &wrong), Err(EcdsaError::Mismatch), "{curve:?}");
            let x_itself = [q.get(1..=len).unwrap().to_vec(), r_s.get(len..).unwrap().to_vec()].concat();
            assert_eq!(verify_digest(curve, &q, &zero_digest, &x_itself), Err(EcdsaError::ScalarOutOfRange));
            // The reference agrees.
            let accepted = match curve {
                Curve::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(&q)
                    .unwrap()
                    .verify_prehash(&zero_digest, &p256::ecdsa::Signature::from_slice(&r_s).unwrap()),
                Curve::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(&q)
                    .unwrap()
                    .verify_prehash(&zero_digest, &p384::ecdsa::Signature::from_slice(&r_s).unwrap()),
            };
            assert!(accepted.is_ok(), "{curve:?}");
        }
    }
}
