# AWS PrivateLink cannot be reached from this deployment (Freshet does not
# run inside AWS with a VPC endpoint): a POSTGRES connection may name an AWS
# PRIVATELINK connection and is stored, but validating it and creating a
# source through it fail at once with an error that says why and what to do
# instead, rather than hanging or half-working.

> CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0123456789abcdef0', AVAILABILITY ZONES ('use1-az1', 'use1-az4'))

! VALIDATE CONNECTION pl
sqlstate: 0A000
exact: AWS PrivateLink connections are unsupported
detail: Freshet is not running inside AWS with a VPC endpoint for this service
hint: create an interface VPC endpoint for the service and connect to its DNS name with HOST

# POSTGRES connections are validated by default: refused the same way.
! CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${UPSTREAM_USER}', DATABASE 'postgres', AWS PRIVATELINK pl)
sqlstate: 0A000
exact: AWS PrivateLink connections are unsupported

! CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${UPSTREAM_USER}', DATABASE 'postgres', AWS PRIVATELINK pl (PORT 1234)) WITH (VALIDATE = false)
exact: invalid CONNECTION: POSTGRES does not support PORT for AWS PRIVATELINK

> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${UPSTREAM_USER}', DATABASE 'postgres', AWS PRIVATELINK pl) WITH (VALIDATE = false)

> SELECT name, type FROM mz_connections ORDER BY name
pg postgres
pl aws-privatelink

> SELECT principal LIKE 'arn:aws:iam::%' FROM mz_aws_privatelink_connections
t

! VALIDATE CONNECTION pg
sqlstate: 0A000
exact: AWS PrivateLink connections are unsupported

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION 'p') FOR ALL TABLES
sqlstate: 0A000
exact: AWS PrivateLink connections are unsupported

> SELECT count(*) FROM mz_sources WHERE name = 'src'
0
