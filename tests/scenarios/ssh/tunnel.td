# The tutorial's SSH path end to end, against a real OpenSSH bastion
# (tools/sshd_fixture.sh) in front of the test upstream: create an SSH
# TUNNEL connection, put its public keys on the bastion, validate it, and
# run a source whose validation, snapshot and stream all go through the
# tunnel. Then what users live through: the bastion refusing the key (its
# own error comes back), ROTATE KEYS while the source streams, the bastion
# going away (the source stalls) and coming back (it recovers, nothing
# lost), and a bastion whose host key changed (refused until an operator
# accepts the new one).

$ set-timeout 30s

$ postgres-execute
DROP PUBLICATION IF EXISTS ${SCENARIO_NAME}_pub
DROP TABLE IF EXISTS ${SCENARIO_NAME}_t
DROP ROLE IF EXISTS ${SCENARIO_NAME}_user
CREATE ROLE ${SCENARIO_NAME}_user LOGIN REPLICATION SUPERUSER
CREATE TABLE ${SCENARIO_NAME}_t (id int, v text)
ALTER TABLE ${SCENARIO_NAME}_t REPLICA IDENTITY FULL
INSERT INTO ${SCENARIO_NAME}_t SELECT g, 'snapshot' FROM generate_series(1, 100) g
CREATE PUBLICATION ${SCENARIO_NAME}_pub FOR TABLE ${SCENARIO_NAME}_t

# CREATE CONNECTION ssh TO SSH TUNNEL (HOST '127.0.0.1', PORT <bastion port>, USER '<this user>')
$ python3 clients/bastion.py create ssh

> SELECT mz_connections.name, public_key_1 LIKE 'ssh-ed25519 AAAA%', public_key_2 LIKE 'ssh-ed25519 AAAA%' FROM mz_ssh_tunnel_connections JOIN mz_connections USING (id)
ssh t t

# The bastion does not know Freshet's keys yet: its own refusal comes back,
# for the tunnel and for a POSTGRES connection through it.
! VALIDATE CONNECTION ssh
sqlstate: 08001
contains: SSH tunnel through
contains: Permission denied (publickey)

! CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${SCENARIO_NAME}_user', DATABASE 'postgres', SSH TUNNEL ssh)
contains: Permission denied (publickey)

# SSH TUNNEL connections are not validated on CREATE by default: their keys
# are not on the bastion yet. Asked to, Freshet says so.
! CREATE CONNECTION ssh2 TO SSH TUNNEL (HOST '127.0.0.1', USER 'nobody') WITH (VALIDATE = true)
sqlstate: 22023
exact: cannot validate an SSH TUNNEL connection before it exists

$ python3 clients/bastion.py authorize ssh

> VALIDATE CONNECTION ssh

# Validation, and the upstream's own errors, through the tunnel.
> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${SCENARIO_NAME}_user', DATABASE 'postgres', SSH TUNNEL ssh)

> VALIDATE CONNECTION pg

! CREATE CONNECTION no_db TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${SCENARIO_NAME}_user', DATABASE 'no_such_database', SSH TUNNEL ssh)
contains: database "no_such_database" does not exist

# The bastion resolves HOST, not Freshet.
! CREATE CONNECTION nowhere TO POSTGRES (HOST '127.0.0.1', PORT 1, USER '${SCENARIO_NAME}_user', DATABASE 'postgres', SSH TUNNEL ssh)
contains: db error
contains: (ssh: channel

# A source through the tunnel: snapshot and stream.
> CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES

> SELECT count(*), min(v) FROM ${SCENARIO_NAME}_t
100 snapshot

$ postgres-execute
INSERT INTO ${SCENARIO_NAME}_t VALUES (101, 'streamed')

> SELECT v FROM ${SCENARIO_NAME}_t WHERE id = 101
streamed

# ssh read the private keys from files that are gone once it logged in.
$ python3 clients/bastion.py keys-gone

# ROTATE KEYS: the running tunnel carries on; the user then installs the
# new pair (dropping the old key 1) and the new keys work.
> ALTER CONNECTION ssh ROTATE KEYS

$ postgres-execute
INSERT INTO ${SCENARIO_NAME}_t VALUES (102, 'after the rotation')

> SELECT v FROM ${SCENARIO_NAME}_t WHERE id = 102
"after the rotation"

$ python3 clients/bastion.py authorize ssh

> VALIDATE CONNECTION ssh

# The bastion goes away, and the tunnel with it: the source stalls with
# ssh's error, the data stays readable; it recovers when the bastion is
# back, nothing lost. Rotated twice by then, so only the catalog's current
# keys get in.
> ALTER CONNECTION ssh ROTATE KEYS

$ python3 clients/bastion.py authorize ssh

$ python3 clients/bastion.py stop

> SELECT status, error LIKE 'postgres: SSH tunnel through %Connection refused' FROM mz_internal.mz_source_statuses WHERE name = 'src'
stalled t

! VALIDATE CONNECTION ssh
contains: Connection refused

$ postgres-execute
INSERT INTO ${SCENARIO_NAME}_t VALUES (103, 'during the outage')

> SELECT count(*) FROM ${SCENARIO_NAME}_t
102

$ python3 clients/bastion.py resume

> SELECT status, error FROM mz_internal.mz_source_statuses WHERE name = 'src'
running <null>

> SELECT v FROM ${SCENARIO_NAME}_t WHERE id = 103
"during the outage"

# A bastion with a new host key is refused (the first key seen is pinned)
# until an operator removes the pinned one.
$ python3 clients/bastion.py new-host-key

! VALIDATE CONNECTION ssh
contains: Host key verification failed

$ python3 clients/bastion.py forget-host-key ssh

> VALIDATE CONNECTION ssh

> SELECT status FROM mz_internal.mz_source_statuses WHERE name = 'src'
running

# Dropping the source drops its slot upstream, through the tunnel.
> DROP SOURCE src CASCADE

