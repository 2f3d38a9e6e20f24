# VALIDATE CONNECTION (and CREATE CONNECTION, which validates POSTGRES
# connections unless WITH (VALIDATE = false)) reports what keeps an
# upstream from serving a source in the upstream's own words: unknown
# host, refused connection, wrong password, unknown role or database; and
# Materialize's errors for wal_level, max_wal_senders and free slots, met by
# restarting the upstream with those settings.

$ set-timeout 20s

$ postgres-execute
DROP ROLE IF EXISTS freshet_password_user
CREATE ROLE freshet_password_user LOGIN REPLICATION PASSWORD 'right-password'

> CREATE SECRET right_password AS 'right-password'

> CREATE SECRET wrong_password AS 'wrong-password'

> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'freshet_password_user', PASSWORD SECRET right_password, DATABASE 'postgres')

> VALIDATE CONNECTION pg

! CREATE CONNECTION x TO POSTGRES (HOST 'no-such-host.invalid', USER 'postgres', DATABASE 'postgres')
sqlstate: 08001
contains: db error:
contains: could not translate host name "no-such-host.invalid" to address

! CREATE CONNECTION x TO POSTGRES (HOST '127.0.0.1', PORT 1, USER 'postgres', DATABASE 'postgres')
sqlstate: 08001
contains: Connection refused

! CREATE CONNECTION x TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'freshet_password_user', PASSWORD SECRET wrong_password, DATABASE 'postgres')
sqlstate: 08001
contains: FATAL:  password authentication failed for user "freshet_password_user"

! CREATE CONNECTION x TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'no_such_user', DATABASE 'postgres')
contains: role "no_such_user" does not exist

! CREATE CONNECTION x TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'freshet_password_user', PASSWORD SECRET right_password, DATABASE 'no_such_database')
contains: database "no_such_database" does not exist

# WITH (VALIDATE = false) stores it unchecked; VALIDATE CONNECTION checks it.
> CREATE CONNECTION later TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER 'freshet_password_user', PASSWORD SECRET wrong_password, DATABASE 'postgres') WITH (VALIDATE = false)

! VALIDATE CONNECTION later
contains: password authentication failed

# An upstream that cannot serve a logical replication source. (PostgreSQL
# does not start with wal_level=replica while logical slots exist: drop
# those that other files of this folder, which run one at a time, left.)
$ postgres-execute
SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE NOT active

$ python3 clients/upstream.py restart wal_level=replica

! VALIDATE CONNECTION pg
sqlstate: 22023
exact: server must have wal_level >= logical, but has replica

$ python3 clients/upstream.py restart max_wal_senders=0

! VALIDATE CONNECTION pg
exact: replication disabled on server
hint: set max_wal_senders to a value > 0

$ python3 clients/upstream.py restart max_replication_slots=1

! VALIDATE CONNECTION pg
exact: PostgreSQL server has insufficient number of replication slots available
detail: executing this statement requires 2 replication slots
hint: you might be able to wait for other sources to finish snapshotting and try again

$ python3 clients/upstream.py restart

> VALIDATE CONNECTION pg
