# A transaction larger than the source holds in memory is applied in parts
# and still appears all at once. ctest runs this file with
# FRESHET_SOURCE_TXN_PART_UPDATES=500, so a 20,000-row transaction goes in
# 40 parts; readers see the table before it or after it, never between,
# also across a SIGKILL in the middle of the parts.

$ set-timeout 60s

$ postgres-execute
DROP PUBLICATION IF EXISTS ${SCENARIO_NAME}_pub
DROP TABLE IF EXISTS ${SCENARIO_NAME}_t
CREATE TABLE ${SCENARIO_NAME}_t (id int, batch int, pad text)
ALTER TABLE ${SCENARIO_NAME}_t REPLICA IDENTITY FULL
INSERT INTO ${SCENARIO_NAME}_t SELECT g, 0, repeat('x', 200) FROM generate_series(1, 1000) g
CREATE PUBLICATION ${SCENARIO_NAME}_pub FOR TABLE ${SCENARIO_NAME}_t

> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${UPSTREAM_USER}', DATABASE 'postgres')

> CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES

> SELECT count(*), count(DISTINCT batch) FROM ${SCENARIO_NAME}_t
1000 1

# One transaction: 20,000 inserts and 1,000 updates. Every answer is the
# state before it or after it.
$ postgres-execute
BEGIN
INSERT INTO ${SCENARIO_NAME}_t SELECT g, 1, repeat('y', 200) FROM generate_series(1001, 21000) g
UPDATE ${SCENARIO_NAME}_t SET batch = 1 WHERE batch = 0
COMMIT

$ python3 clients/atomic.py ${SCENARIO_NAME}_t "1000 1 0" "21000 1 1"

> SELECT count(*), count(DISTINCT batch), min(batch) FROM ${SCENARIO_NAME}_t
21000 1 1

# Killed in the middle of the parts: after the restart the table is again
# read whole (the parts already in storage are not applied twice).
$ postgres-execute
BEGIN
UPDATE ${SCENARIO_NAME}_t SET batch = 2
DELETE FROM ${SCENARIO_NAME}_t WHERE id > 20000
COMMIT

$ sleep 600ms

$ kill-freshet

> SELECT count(*), count(DISTINCT batch), min(batch), max(id) FROM ${SCENARIO_NAME}_t
20000 1 2 20000

> DROP SOURCE src CASCADE
