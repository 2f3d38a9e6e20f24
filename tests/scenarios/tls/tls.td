# TLS: with --tls-cert/--tls-key the server answers SSLRequest with 'S' and
# libpq's sslmode=require and verify-full work. The certificate and key in
# this folder are throwaway test material (self-signed, CN=localhost).

$ start-freshet-args --tls-cert=${SCENARIO_DIR}/server.crt --tls-key=${SCENARIO_DIR}/server.key

$ connect name=secure sslmode=require

$ use secure

> SELECT 'over tls'
"over tls"

$ connect name=verified sslmode=verify-full sslrootcert=${SCENARIO_DIR}/server.crt host=localhost

$ use verified

> SELECT 1
1

$ raw
send 00000008 04d2162f
expect-byte S

# Plaintext sent together with the SSLRequest is refused, not carried over
# into the TLS session (as PostgreSQL does since CVE-2021-23214).
$ raw
send 00000008 04d2162f 51000000 0d53454c45435420313b00
expect-error 08P01 contains unencrypted data after SSL request
expect-closed
