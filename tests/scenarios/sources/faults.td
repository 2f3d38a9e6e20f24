# Errors as states. Definite errors cease one table, whose reads then fail
# with the error, while the others keep streaming: TRUNCATE, a column type
# change, a table removed from the publication. An added column is
# tolerated. A lost upstream connection stalls the source with the
# upstream's message; it recovers by itself with nothing lost. SIGKILL and
# restart resume exactly where the last commit ended. A slot dropped
# upstream stalls the source for good (its data stays readable), and so
# does a dropped publication.

$ set-timeout 30s

$ postgres-execute
DROP PUBLICATION IF EXISTS ${SCENARIO_NAME}_pub
DROP TABLE IF EXISTS ${SCENARIO_NAME}_trunc, ${SCENARIO_NAME}_retype, ${SCENARIO_NAME}_keep, ${SCENARIO_NAME}_leave
DROP ROLE IF EXISTS ${SCENARIO_NAME}_user
CREATE ROLE ${SCENARIO_NAME}_user LOGIN REPLICATION SUPERUSER
CREATE TABLE ${SCENARIO_NAME}_trunc (id int)
CREATE TABLE ${SCENARIO_NAME}_retype (id int, v int)
CREATE TABLE ${SCENARIO_NAME}_keep (id int, v text)
CREATE TABLE ${SCENARIO_NAME}_leave (id int)
ALTER TABLE ${SCENARIO_NAME}_trunc REPLICA IDENTITY FULL
ALTER TABLE ${SCENARIO_NAME}_retype REPLICA IDENTITY FULL
ALTER TABLE ${SCENARIO_NAME}_keep REPLICA IDENTITY FULL
ALTER TABLE ${SCENARIO_NAME}_leave REPLICA IDENTITY FULL
INSERT INTO ${SCENARIO_NAME}_trunc VALUES (1), (2)
INSERT INTO ${SCENARIO_NAME}_retype VALUES (1, 1)
INSERT INTO ${SCENARIO_NAME}_keep VALUES (1, 'a')
INSERT INTO ${SCENARIO_NAME}_leave VALUES (1)
CREATE PUBLICATION ${SCENARIO_NAME}_pub FOR TABLE ${SCENARIO_NAME}_trunc, ${SCENARIO_NAME}_retype, ${SCENARIO_NAME}_keep, ${SCENARIO_NAME}_leave

> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${SCENARIO_NAME}_user', DATABASE 'postgres')

> CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES

> SELECT (SELECT count(*) FROM ${SCENARIO_NAME}_trunc), (SELECT count(*) FROM ${SCENARIO_NAME}_retype), (SELECT count(*) FROM ${SCENARIO_NAME}_keep), (SELECT count(*) FROM ${SCENARIO_NAME}_leave)
2 1 1 1

# TRUNCATE: a definite error for that table only.
$ postgres-execute
TRUNCATE ${SCENARIO_NAME}_trunc
INSERT INTO ${SCENARIO_NAME}_keep VALUES (2, 'b')

! SELECT * FROM ${SCENARIO_NAME}_trunc
contains: table was truncated

> SELECT status, error FROM mz_internal.mz_source_statuses WHERE name = '${SCENARIO_NAME}_trunc'
ceased "postgres: table was truncated"

> SELECT count(*) FROM ${SCENARIO_NAME}_keep
2

# An added column is tolerated; a changed type is not.
$ postgres-execute
ALTER TABLE ${SCENARIO_NAME}_keep ADD COLUMN extra int
INSERT INTO ${SCENARIO_NAME}_keep VALUES (3, 'c', 99)
ALTER TABLE ${SCENARIO_NAME}_retype ALTER COLUMN v TYPE bigint
INSERT INTO ${SCENARIO_NAME}_retype VALUES (2, 2)

> SELECT * FROM ${SCENARIO_NAME}_keep ORDER BY id
1 a
2 b
3 c

! SELECT * FROM ${SCENARIO_NAME}_retype
contains: incompatible schema change

# A table removed from the publication is found by the periodic check.
$ postgres-execute
ALTER PUBLICATION ${SCENARIO_NAME}_pub DROP TABLE ${SCENARIO_NAME}_leave

! SELECT * FROM ${SCENARIO_NAME}_leave
contains: table was dropped

> SELECT name, status FROM mz_internal.mz_source_statuses WHERE name LIKE '${SCENARIO_NAME}%' ORDER BY name
${SCENARIO_NAME}_keep running
${SCENARIO_NAME}_leave ceased
${SCENARIO_NAME}_retype ceased
${SCENARIO_NAME}_trunc ceased

# The ceased tables stay ceased after a restart.
$ restart-freshet

! SELECT * FROM ${SCENARIO_NAME}_trunc
contains: table was truncated

# The connection is cut and cannot come back for a while: stalled, with
# the upstream's error; the data stays readable.
$ postgres-execute
ALTER ROLE ${SCENARIO_NAME}_user NOLOGIN
SELECT pg_terminate_backend(pid) FROM pg_stat_replication WHERE usename = '${SCENARIO_NAME}_user'
INSERT INTO ${SCENARIO_NAME}_keep VALUES (4, 'during the outage')

> SELECT status, error LIKE '%not permitted to log in%' FROM mz_internal.mz_source_statuses WHERE name = 'src'
stalled t

> SELECT count(*) FROM ${SCENARIO_NAME}_keep
3

$ postgres-execute
ALTER ROLE ${SCENARIO_NAME}_user LOGIN

> SELECT status, error FROM mz_internal.mz_source_statuses WHERE name = 'src'
running <null>

> SELECT * FROM ${SCENARIO_NAME}_keep ORDER BY id
1 a
2 b
3 c
4 "during the outage"

# SIGKILL: what was committed stays, what follows arrives once.
$ postgres-execute
INSERT INTO ${SCENARIO_NAME}_keep SELECT g, 'bulk' FROM generate_series(5, 1004) g

$ kill-freshet

$ postgres-execute
UPDATE ${SCENARIO_NAME}_keep SET v = 'after the kill' WHERE id > 1000

> SELECT count(*), count(DISTINCT id), count(*) FILTER (WHERE v = 'after the kill') FROM ${SCENARIO_NAME}_keep
1004 1004 4

# The slot dropped upstream: what was ingested stays, the source stalls
# and says why (it does not silently copy everything again).
$ python3 clients/slot.py check src /tmp/${SCENARIO_NAME}.slot

$ python3 clients/slot.py drop /tmp/${SCENARIO_NAME}.slot

> SELECT status, error LIKE '%replication slot "materialize\_%" does not exist%' FROM mz_internal.mz_source_statuses WHERE name = 'src'
stalled t

> SELECT count(*) FROM ${SCENARIO_NAME}_keep
1004

> DROP SOURCE src CASCADE

# A dropped publication stalls a source too.
> CREATE SOURCE src2 FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR TABLES (${SCENARIO_NAME}_keep AS keep2)

> SELECT count(*) FROM keep2
1004

$ postgres-execute
DROP PUBLICATION ${SCENARIO_NAME}_pub
INSERT INTO ${SCENARIO_NAME}_keep VALUES (2000, 'after the publication went')

> SELECT status, error LIKE '%publication "${SCENARIO_NAME}_pub" does not exist%' FROM mz_internal.mz_source_statuses WHERE name = 'src2'
stalled t

> DROP SOURCE src2 CASCADE
