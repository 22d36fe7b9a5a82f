#!/usr/bin/env bash
# Regenerates the test keys, certificates and signatures in this folder with the openssl CLI.
# Everything here is test-only material: never use these keys for anything else.
# Run from anywhere: `bash tests/data/keys/make.sh` (OpenSSL 3.0.x; see README.md).
set -euo pipefail
cd "$(dirname "$0")"

printf 'sso-doctor test message: the quick brown fox signs over the lazy dog\n' > message.txt

# --- keys -------------------------------------------------------------------------------------------
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa2048.key
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out rsa1024.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -pkeyopt ec_param_enc:named_curve -out ec-p256.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -pkeyopt ec_param_enc:named_curve -out ec-p384.key
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 -pkeyopt dsa_paramgen_q_bits:160 -out dsa1024.params
openssl genpkey -paramfile dsa1024.params -out dsa1024.key
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -pkeyopt dsa_paramgen_q_bits:256 -out dsa2048.params
openssl genpkey -paramfile dsa2048.params -out dsa2048.key
rm -f dsa1024.params dsa2048.params
for k in rsa2048 rsa1024 ec-p256 ec-p384 dsa1024 dsa2048; do
  openssl pkey -in "$k.key" -pubout -outform DER -out "$k.spki.der"
done

# --- self-signed certificates with exact validity dates (tests/data/selfsigned.sh) --------------------------
source ../selfsigned.sh

# make_cert NAME KEY SERIAL_HEX START END DIGEST CN
make_cert() {
  local name=$1 key=$2 serial=$3 start=$4 end=$5 md=$6 cn=$7
  self_signed_cert "$key" "$serial" "$start" "$end" "$md" "$cn" "$name.pem"
  openssl x509 -in "$name.pem" -outform DER -out "$name.der"
  # What openssl itself says about the certificate: the tests compare our parser with these lines.
  {
    openssl x509 -in "$name.pem" -noout -subject -issuer -serial -startdate -enddate -nameopt RFC2253
    openssl x509 -in "$name.pem" -noout -fingerprint -sha1
    openssl x509 -in "$name.pem" -noout -fingerprint -sha256
  } > "$name.openssl.txt"
}
make_cert rsa2048-cert        rsa2048.key 1001 20240101000000Z 20340101000000Z sha256 "rsa2048 valid 2024-2034"
make_cert rsa1024-cert        rsa1024.key 1002 20240101000000Z 20340101000000Z sha256 "rsa1024 weak key"
make_cert ec-p256-cert        ec-p256.key 1003 20240101000000Z 20340101000000Z sha256 "ec p-256"
make_cert ec-p384-cert        ec-p384.key 1004 20240101000000Z 20340101000000Z sha384 "ec p-384"
make_cert dsa1024-cert        dsa1024.key 1005 20240101000000Z 20340101000000Z sha1   "dsa1024"
make_cert expired-cert        rsa2048.key 1006 20190101000000Z 20200101000000Z sha256 "expired 2019-2020"
make_cert not-yet-valid-cert  rsa2048.key 1007 20400101000000Z 20500101000000Z sha512 "not yet valid 2040-2050"

# --- signatures over message.txt (PKCS#1 v1.5 for RSA; DER-encoded (r, s) for ECDSA and DSA) ----------
sign() { openssl dgst "-$2" -sign "$1.key" -out "$1.$2.sig" message.txt; }
for md in sha1 sha256 sha384 sha512; do sign rsa2048 "$md"; done
sign rsa1024 sha256
for md in sha1 sha256 sha384 sha512; do sign ec-p256 "$md"; sign ec-p384 "$md"; done
sign dsa1024 sha1
sign dsa2048 sha1
sign dsa2048 sha256

# The private keys are kept so that the files can be re-signed; they are test-only.
