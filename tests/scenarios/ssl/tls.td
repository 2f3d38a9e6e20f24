# Connections to an upstream that speaks TLS (tools/pg_tls.sh: ssl=on, a
# CA made by the test, a server certificate for "localhost" only, a user
# that must use TLS and one that logs in with a client certificate):
# SSL MODE require, verify-ca with the right and a wrong CA, verify-full
# checking the host name, client certificates from secrets, a CA given as
# text, the modes Materialize refuses, and a source whose snapshot and
# streaming both run over TLS.

$ set-timeout 30s

$ postgres-execute
DROP PUBLICATION IF EXISTS ${SCENARIO_NAME}_pub
DROP TABLE IF EXISTS ${SCENARIO_NAME}_t
DROP ROLE IF EXISTS freshet_tls_user
DROP ROLE IF EXISTS freshet_cert_user
CREATE ROLE freshet_tls_user LOGIN REPLICATION SUPERUSER
CREATE ROLE freshet_cert_user LOGIN REPLICATION SUPERUSER
CREATE TABLE ${SCENARIO_NAME}_t (id int, v text)
ALTER TABLE ${SCENARIO_NAME}_t REPLICA IDENTITY FULL
INSERT INTO ${SCENARIO_NAME}_t SELECT g, 'snapshot' FROM generate_series(1, 100) g
CREATE PUBLICATION ${SCENARIO_NAME}_pub FOR TABLE ${SCENARIO_NAME}_t

$ python3 clients/tls_material.py secrets

# Without TLS the upstream refuses this user: its own words come back.
! CREATE CONNECTION plain TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'freshet_tls_user', DATABASE 'postgres')
sqlstate: 08001
contains: db error:
contains: pg_hba.conf rejects connection for host "127.0.0.1", user "freshet_tls_user", database "postgres", no encryption

# require: TLS, no certificate checks.
> CREATE CONNECTION req TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'freshet_tls_user', DATABASE 'postgres', SSL MODE 'require')

> VALIDATE CONNECTION req

# verify-ca: the right CA works, a wrong one and the system's roots do not.
> CREATE CONNECTION vca TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'freshet_tls_user', DATABASE 'postgres', SSL MODE 'verify-ca', SSL CERTIFICATE AUTHORITY SECRET ca)

! CREATE CONNECTION vca_wrong TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'freshet_tls_user', DATABASE 'postgres', SSL MODE 'verify-ca', SSL CERTIFICATE AUTHORITY SECRET wrong_ca)
sqlstate: 08001
contains: certificate verify failed
detail: The server's certificate is not signed by the connection's SSL CERTIFICATE AUTHORITY.
hint: Set SSL CERTIFICATE AUTHORITY to the CA that signed the server's certificate

! CREATE CONNECTION vca_system TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'freshet_tls_user', DATABASE 'postgres', SSL MODE 'verify-ca')
contains: certificate verify failed
detail: not signed by a certificate authority this system trusts

# verify-full: the certificate names localhost, not 127.0.0.1.
! CREATE CONNECTION vfull_ip TO POSTGRES (HOST '127.0.0.1', PORT ${UPSTREAM_PORT}, USER 'freshet_tls_user', DATABASE 'postgres', SSL MODE 'verify-full', SSL CERTIFICATE AUTHORITY SECRET ca)
sqlstate: 08001
contains: server certificate for "localhost"
contains: does not match host name "127.0.0.1"
hint: use 'verify-ca' to check the CA only

> CREATE CONNECTION vfull TO POSTGRES (HOST 'localhost', PORT ${UPSTREAM_PORT}, USER 'freshet_tls_user', DATABASE 'postgres', SSL MODE 'verify_full', SSL CERTIFICATE AUTHORITY SECRET ca)

> SHOW CREATE CONNECTION vfull
materialize.public.vfull "CREATE CONNECTION materialize.public.vfull TO POSTGRES (HOST = 'localhost', PORT = ${UPSTREAM_PORT}, USER = 'freshet_tls_user', DATABASE = 'postgres', SSL MODE = 'verify-full', SSL CERTIFICATE AUTHORITY = SECRET materialize.public.ca)"

# The CA may also be given as text.
$ python3 clients/tls_material.py inline-ca inline_ca

> VALIDATE CONNECTION inline_ca

# A user that logs in with a client certificate only (hostssl ... cert).
! CREATE CONNECTION no_cert TO POSTGRES (HOST 'localhost', PORT ${UPSTREAM_PORT}, USER 'freshet_cert_user', DATABASE 'postgres', SSL MODE 'verify-full', SSL CERTIFICATE AUTHORITY SECRET ca)
contains: connection requires a valid client certificate

> CREATE CONNECTION cert TO POSTGRES (HOST 'localhost', PORT ${UPSTREAM_PORT}, USER 'freshet_cert_user', DATABASE 'postgres', SSL MODE 'verify-full', SSL CERTIFICATE AUTHORITY SECRET ca, SSL CERTIFICATE SECRET client_cert, SSL KEY SECRET client_key)

> VALIDATE CONNECTION cert

# prefer and allow may fall back to plaintext unnoticed: refused, as in
# Materialize.
! CREATE CONNECTION x TO POSTGRES (HOST 'localhost', USER 'u', DATABASE 'd', SSL MODE 'prefer') WITH (VALIDATE = false)
sqlstate: 22023
exact: invalid CONNECTION: unknown SSL MODE "prefer"
hint: Use 'require'

! CREATE CONNECTION x TO POSTGRES (HOST 'localhost', USER 'u', DATABASE 'd', SSL MODE 'allow') WITH (VALIDATE = false)
exact: invalid CONNECTION: unknown SSL MODE "allow"

# A source through the client-certificate connection: the snapshot and the
# stream both go over TLS (that user cannot log in any other way, and the
# upstream's pg_stat_ssl says so).
> CREATE SOURCE src FROM POSTGRES CONNECTION cert (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES

> SELECT count(*), min(v) FROM ${SCENARIO_NAME}_t
100 snapshot

$ postgres-execute
INSERT INTO ${SCENARIO_NAME}_t VALUES (101, 'streamed')

> SELECT v FROM ${SCENARIO_NAME}_t WHERE id = 101
streamed

> SELECT status FROM mz_internal.mz_source_statuses WHERE name = 'src'
running

$ python3 clients/tls_material.py upstream-ssl freshet_cert_user

> DROP SOURCE src CASCADE
