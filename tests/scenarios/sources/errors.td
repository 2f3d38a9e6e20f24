# CREATE SOURCE checks everything it can before anything is stored, and
# answers with Materialize's errors: a missing PUBLICATION option or
# publication, a connection that is not POSTGRES, DETAILS given by hand,
# references outside the publication, tables without REPLICA IDENTITY FULL,
# unsupported column types (TEXT COLUMNS / EXCLUDE COLUMNS fix them),
# problems with those column lists, name collisions and a missing SELECT
# privilege. A failed CREATE leaves nothing behind, upstream included.

$ set-timeout 20s

$ postgres-execute
DROP PUBLICATION IF EXISTS ${SCENARIO_NAME}_pub
DROP PUBLICATION IF EXISTS ${SCENARIO_NAME}_empty
DROP TABLE IF EXISTS ${SCENARIO_NAME}_ok, ${SCENARIO_NAME}_noident, ${SCENARIO_NAME}_money
DROP ROLE IF EXISTS ${SCENARIO_NAME}_user
CREATE ROLE ${SCENARIO_NAME}_user LOGIN REPLICATION
CREATE TABLE ${SCENARIO_NAME}_ok (id int, v text)
CREATE TABLE ${SCENARIO_NAME}_noident (id int PRIMARY KEY)
CREATE TABLE ${SCENARIO_NAME}_money (id int, amount money, addr inet)
ALTER TABLE ${SCENARIO_NAME}_ok REPLICA IDENTITY FULL
ALTER TABLE ${SCENARIO_NAME}_money REPLICA IDENTITY FULL
INSERT INTO ${SCENARIO_NAME}_money VALUES (1, 12.5, '10.0.0.1')
GRANT SELECT ON ${SCENARIO_NAME}_ok TO ${SCENARIO_NAME}_user
CREATE PUBLICATION ${SCENARIO_NAME}_pub FOR TABLE ${SCENARIO_NAME}_ok, ${SCENARIO_NAME}_noident, ${SCENARIO_NAME}_money
CREATE PUBLICATION ${SCENARIO_NAME}_empty

> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${UPSTREAM_USER}', DATABASE 'postgres')

> CREATE SECRET s AS 'x'

! CREATE SOURCE src FROM POSTGRES CONNECTION s (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES
sqlstate: 42809
exact: materialize.public.s is not a POSTGRES CONNECTION

! CREATE SOURCE src FROM POSTGRES CONNECTION nope (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES
sqlstate: 42P01
exact: unknown catalog item 'nope'

! CREATE SOURCE src FROM POSTGRES CONNECTION pg FOR ALL TABLES
sqlstate: 22023
exact: CONNECTION must specify PUBLICATION

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub', DETAILS 'abc') FOR ALL TABLES
sqlstate: 22023
exact: CREATE SOURCE specifies DETAILS option

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION 'no_such_pub') FOR ALL TABLES
sqlstate: 42704
exact: publication "no_such_pub" does not exist

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_empty') FOR ALL TABLES
sqlstate: 55000
exact: PUBLICATION ${SCENARIO_NAME}_empty is empty

! CREATE SOURCE src IN CLUSTER nope FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR TABLES (${SCENARIO_NAME}_ok)
sqlstate: 42704
exact: unknown cluster 'nope'

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR TABLES (public.not_published)
sqlstate: 42P01
contains: not_published

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR TABLES (${SCENARIO_NAME}_noident)
sqlstate: 55000
exact: referenced items not tables with REPLICA IDENTITY FULL
detail: referenced items: public.${SCENARIO_NAME}_noident

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR TABLES (${SCENARIO_NAME}_money)
sqlstate: 0A000
exact: referenced tables use unsupported types
detail: postgres.public.${SCENARIO_NAME}_money.amount (OID 790)
detail: postgres.public.${SCENARIO_NAME}_money.addr (OID 869)
hint: TEXT COLUMNS

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub', TEXT COLUMNS (amount)) FOR TABLES (${SCENARIO_NAME}_money)
contains: invalid TEXT COLUMNS option value

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub', TEXT COLUMNS (${SCENARIO_NAME}_money.nope)) FOR TABLES (${SCENARIO_NAME}_money)
exact: invalid TEXT COLUMNS option value: column "${SCENARIO_NAME}_money.nope" does not exist

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub', TEXT COLUMNS (${SCENARIO_NAME}_money.amount), EXCLUDE COLUMNS (${SCENARIO_NAME}_money.amount)) FOR TABLES (${SCENARIO_NAME}_money)
contains: duplicated column name references

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub', TEXT COLUMNS (${SCENARIO_NAME}_ok.v)) FOR TABLES (${SCENARIO_NAME}_money)
exact: TEXT COLUMNS refers to table not currently being added

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR TABLES (${SCENARIO_NAME}_ok AS x, ${SCENARIO_NAME}_ok AS x)
sqlstate: 42710
exact: catalog item 'x' already exists

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES WITH (RETAIN HISTORY FOR '1h')
sqlstate: 0A000

# A user who may not read a table.
> CREATE CONNECTION limited TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${SCENARIO_NAME}_user', DATABASE 'postgres')

! CREATE SOURCE src FROM POSTGRES CONNECTION limited (PUBLICATION '${SCENARIO_NAME}_pub', TEXT COLUMNS (${SCENARIO_NAME}_money.amount, ${SCENARIO_NAME}_money.addr)) FOR TABLES (${SCENARIO_NAME}_ok, ${SCENARIO_NAME}_money)
sqlstate: 42501
exact: insufficient privileges
detail: lacks SELECT privileges for tables public.${SCENARIO_NAME}_money

# Nothing was created.
> SELECT count(*) FROM mz_sources
0

# TEXT COLUMNS and EXCLUDE COLUMNS make the table ingestible.
> CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub', TEXT COLUMNS (${SCENARIO_NAME}_money.amount), EXCLUDE COLUMNS (${SCENARIO_NAME}_money.addr)) FOR TABLES (${SCENARIO_NAME}_money AS m, public.${SCENARIO_NAME}_ok)

> SELECT * FROM m
1 $12.50

> SHOW COLUMNS FROM m
columns: name nullable type comment
id t integer <null>
amount t text <null>

! CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES
sqlstate: 42710
exact: catalog item 'src' already exists

> CREATE SOURCE IF NOT EXISTS src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES

# Adding a subsource to a running source; an upstream table only once.
$ postgres-execute
ALTER TABLE ${SCENARIO_NAME}_noident REPLICA IDENTITY FULL
INSERT INTO ${SCENARIO_NAME}_noident VALUES (7)

> ALTER SOURCE src ADD SUBSOURCE ${SCENARIO_NAME}_noident AS later

> SELECT * FROM later
7

! ALTER SOURCE src ADD SUBSOURCE ${SCENARIO_NAME}_noident AS again
sqlstate: 42710

> SHOW SUBSOURCES ON src
columns: name type
later subsource
m subsource
src_progress progress
${SCENARIO_NAME}_ok subsource

> DROP SOURCE src CASCADE

# A source on a cluster without replicas does not run: paused. Dropped
# while paused, its slot still goes upstream.
> CREATE CLUSTER idle (SIZE = '25cc')

> CREATE SOURCE on_idle IN CLUSTER idle FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR TABLES (${SCENARIO_NAME}_ok AS idle_ok)

> SELECT count(*) FROM idle_ok
0

$ python3 clients/slot.py check on_idle /tmp/${SCENARIO_NAME}.slot

> ALTER CLUSTER idle SET (REPLICATION FACTOR 0)

> SELECT status, error FROM mz_internal.mz_source_statuses WHERE name = 'on_idle'
paused "There is currently no replica running this source"

> DROP SOURCE on_idle CASCADE

$ python3 clients/slot.py gone /tmp/${SCENARIO_NAME}.slot
