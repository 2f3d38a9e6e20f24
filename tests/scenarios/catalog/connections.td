# CREATE CONNECTION as the tutorial uses it: a POSTGRES connection with a
# password secret, validated against a real upstream on create; SSH tunnel
# and PrivateLink connections as catalog objects; option errors; SHOW and
# SHOW CREATE never showing a secret's value; DROP with dependencies; and
# everything still there after a restart.

$ postgres-execute
DROP ROLE IF EXISTS ${SCENARIO_NAME}_user
CREATE ROLE ${SCENARIO_NAME}_user LOGIN PASSWORD 'right-password'

> CREATE SECRET pgpass AS 'right-password'

> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${SCENARIO_NAME}_user', PASSWORD SECRET pgpass, DATABASE 'postgres')

> SHOW CONNECTIONS
columns: name type comment
pg postgres <null>

> SHOW CREATE CONNECTION pg
materialize.public.pg "CREATE CONNECTION materialize.public.pg TO POSTGRES (HOST = '${UPSTREAM_HOST}', PORT = ${UPSTREAM_PORT}, USER = '${SCENARIO_NAME}_user', PASSWORD = SECRET materialize.public.pgpass, DATABASE = 'postgres', SSL MODE = 'disable')"

> VALIDATE CONNECTION pg

# Validation reports the upstream's own errors.
> CREATE SECRET wrongpass AS 'wrong-password'

! CREATE CONNECTION bad_password TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'postgres', DATABASE 'postgres', PASSWORD SECRET wrongpass, SSL MODE 'require')
contains: db error

! CREATE CONNECTION no_db TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${SCENARIO_NAME}_user', PASSWORD SECRET pgpass, DATABASE 'no_such_database')
contains: database "no_such_database" does not exist

! CREATE CONNECTION refused TO POSTGRES (HOST '127.0.0.1', PORT 1, USER 'postgres', DATABASE 'postgres')
contains: Connection refused

# WITH (VALIDATE = false) skips the upstream.
> CREATE CONNECTION later TO POSTGRES (HOST 'db.invalid', USER 'postgres', DATABASE 'postgres') WITH (VALIDATE = false)

! VALIDATE CONNECTION later
contains: db.invalid

# Option rules.
! CREATE CONNECTION x TO POSTGRES (HOST 'h', USER 'u') WITH (VALIDATE = false)
sqlstate: 22023
exact: DATABASE option is required

! CREATE CONNECTION x TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', PASSWORD 'plain') WITH (VALIDATE = false)
sqlstate: 22023
contains: must be a secret

! CREATE CONNECTION x TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', SSL MODE 'prefer') WITH (VALIDATE = false)
exact: invalid CONNECTION: unknown SSL MODE "prefer"

! CREATE CONNECTION x TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', SSL KEY SECRET pgpass) WITH (VALIDATE = false)
exact: invalid CONNECTION: both SSL KEY and SSL CERTIFICATE are required

! CREATE CONNECTION x TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', PASSWORD SECRET nope) WITH (VALIDATE = false)
sqlstate: 42P01
exact: unknown catalog item 'nope'

! CREATE CONNECTION x TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', BROKER 'b')
sqlstate: 42601
exact: POSTGRES connections do not support BROKER values

! CREATE CONNECTION pg TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd')
sqlstate: 42710

# SSH tunnels get two generated key pairs; PrivateLink cannot be reached here.
> CREATE CONNECTION ssh TO SSH TUNNEL (HOST 'bastion.example.com', USER 'materialize')

> SHOW CREATE CONNECTION ssh
materialize.public.ssh "CREATE CONNECTION materialize.public.ssh TO SSH TUNNEL (HOST = 'bastion.example.com', PORT = 22, USER = 'materialize')"

! CREATE CONNECTION x TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', SSH TUNNEL pg) WITH (VALIDATE = false)
contains: is not an SSH connection

> CREATE CONNECTION via_ssh TO POSTGRES (HOST 'db.internal', USER 'u', DATABASE 'd', SSH TUNNEL ssh) WITH (VALIDATE = false)

> ALTER CONNECTION ssh ROTATE KEYS

! ALTER CONNECTION pg ROTATE KEYS
sqlstate: 22023

> CREATE CONNECTION pl TO AWS PRIVATELINK (SERVICE NAME 'com.amazonaws.vpce.us-east-1.vpce-svc-0123', AVAILABILITY ZONES ('use1-az1', 'use1-az4'))

! VALIDATE CONNECTION pl
sqlstate: 0A000
exact: AWS PrivateLink connections are unsupported

! CREATE CONNECTION x TO POSTGRES (HOST 'h', USER 'u', DATABASE 'd', SSH TUNNEL ssh, AWS PRIVATELINK pl) WITH (VALIDATE = false)
exact: cannot specify both SSH TUNNEL and AWS PRIVATELINK

# Dependencies: a secret in use and a tunnel in use cannot be dropped alone.
! DROP SECRET pgpass
sqlstate: 2BP01
exact: cannot drop secret "materialize.public.pgpass": still depended upon by connection "materialize.public.pg"

! DROP CONNECTION ssh
sqlstate: 2BP01

! DROP SECRET pg
sqlstate: 42809

$ restart-freshet

> SHOW CONNECTIONS
later postgres <null>
pg postgres <null>
pl aws-privatelink <null>
ssh ssh-tunnel <null>
via_ssh postgres <null>

> VALIDATE CONNECTION pg

> DROP CONNECTION ssh CASCADE

> SHOW CONNECTIONS LIKE '%ssh%'

> DROP SECRET pgpass CASCADE

> SHOW CONNECTIONS
later postgres <null>
pl aws-privatelink <null>

> SHOW SECRETS
wrongpass <null>

# ALTER CONNECTION: SET / DROP / RESET are checked and validated like a
# CREATE; RENAME rewrites every definition that names the object.
> CREATE CONNECTION tunnel TO SSH TUNNEL (HOST 'bastion-1', USER 'mz')

> ALTER CONNECTION tunnel SET (HOST = 'bastion-2'), SET (PORT = 2222)

> SHOW CREATE CONNECTION tunnel
materialize.public.tunnel "CREATE CONNECTION materialize.public.tunnel TO SSH TUNNEL (HOST = 'bastion-2', PORT = 2222, USER = 'mz')"

! ALTER CONNECTION tunnel DROP (HOST)
sqlstate: 22023
exact: HOST option is required

! ALTER CONNECTION tunnel SET (DATABASE = 'x')
sqlstate: 42601
exact: SSH TUNNEL connections do not support DATABASE values

> CREATE CONNECTION up TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${UPSTREAM_USER}', DATABASE 'postgres', SSH TUNNEL tunnel) WITH (VALIDATE = false)

> ALTER CONNECTION tunnel RENAME TO bastion

> SHOW CREATE CONNECTION up
materialize.public.up "CREATE CONNECTION materialize.public.up TO POSTGRES (HOST = '${UPSTREAM_HOST}', PORT = ${UPSTREAM_PORT}, USER = '${UPSTREAM_USER}', DATABASE = 'postgres', SSL MODE = 'disable', SSH TUNNEL = materialize.public.bastion)"

# Dropping the tunnel from the connection makes it validate directly.
> ALTER CONNECTION up RESET (SSH TUNNEL)

> VALIDATE CONNECTION up

! ALTER CONNECTION up SET (PORT = 1)
contains: Connection refused

> ALTER CONNECTION up SET (PORT = 1) WITH (VALIDATE = false)

! VALIDATE CONNECTION up
contains: Connection refused

# Names that need quotes stay quoted in create_sql, so ALTER can re-read it.
> CREATE SECRET "Odd Secret" AS 'x'

> CREATE CONNECTION "Odd Conn" TO POSTGRES (HOST 'h', USER 'u', PASSWORD SECRET "Odd Secret", DATABASE 'd') WITH (VALIDATE = false)

> ALTER CONNECTION "Odd Conn" SET (PORT = 6543) WITH (VALIDATE = false)

> SHOW CREATE CONNECTION "Odd Conn"
"materialize.public.Odd Conn" "CREATE CONNECTION materialize.public.\"Odd Conn\" TO POSTGRES (HOST = 'h', PORT = 6543, USER = 'u', PASSWORD = SECRET materialize.public.\"Odd Secret\", DATABASE = 'd', SSL MODE = 'disable')"
