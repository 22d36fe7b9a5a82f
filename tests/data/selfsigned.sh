# Sourced by the fixture scripts (tests/data/keys/make.sh, tests/fixtures/dsig/make.sh): one way to make a
# self-signed test certificate with exact validity dates. `openssl req -x509` in OpenSSL 3.0 cannot set a start
# date, so this signs with `openssl ca -selfsign`. Test-only material: never use these keys for anything else.
#
#   self_signed_cert KEY SERIAL_HEX START END DIGEST CN OUT_PEM
#     START/END as openssl ca wants them (YYYYMMDDHHMMSSZ); the subject is "/O=sso-doctor tests/CN=CN".

self_signed_cert() {
  local key=$1 serial=$2 start=$3 end=$4 md=$5 cn=$6 out=$7
  local w
  w=$(mktemp -d)
  cat > "$w/ca.cnf" <<CNF
[ca]
  default_ca = test_ca
[test_ca]
  database = $w/index.txt
  new_certs_dir = $w
  serial = $w/serial
  policy = policy_any
  unique_subject = no
  copy_extensions = none
  x509_extensions = v3_self
[policy_any]
  commonName = supplied
  organizationName = optional
[v3_self]
  basicConstraints = critical, CA:false
  keyUsage = critical, digitalSignature
  subjectKeyIdentifier = hash
[req]
  distinguished_name = dn
  prompt = no
[dn]
  CN = placeholder
CNF
  : > "$w/index.txt"
  echo "$serial" > "$w/serial"
  openssl req -new -key "$key" -subj "/O=sso-doctor tests/CN=$cn" -config "$w/ca.cnf" -out "$w/req.csr"
  openssl ca -batch -selfsign -notext -config "$w/ca.cnf" -keyfile "$key" -in "$w/req.csr" \
    -startdate "$start" -enddate "$end" -md "$md" -out "$out" 2> "$w/ca.log" || { cat "$w/ca.log"; rm -rf "$w"; exit 1; }
  rm -rf "$w"
}
