# The newer model: CREATE SOURCE without FOR, then CREATE TABLE ... FROM
# SOURCE (REFERENCE ...) per upstream table, with TEXT COLUMNS and EXCLUDE
# COLUMNS. The source itself reads as its progress (lsn). Quoted and
# unicode identifiers, a table without a key holding duplicate rows, and a
# multi-table transaction seen whole. Dropping a table keeps the source
# streaming; dropping the source needs CASCADE.

$ set-timeout 30s

$ postgres-execute
DROP PUBLICATION IF EXISTS ${SCENARIO_NAME}_pub
DROP SCHEMA IF EXISTS "${SCENARIO_NAME} Sché" CASCADE
CREATE SCHEMA "${SCENARIO_NAME} Sché"
CREATE TYPE "${SCENARIO_NAME} Sché".mood AS ENUM ('sad', 'happy')
CREATE TABLE "${SCENARIO_NAME} Sché"."Accounts Ü" ("Id" int PRIMARY KEY, "Bälance" numeric NOT NULL, feeling "${SCENARIO_NAME} Sché".mood, secret text)
CREATE TABLE "${SCENARIO_NAME} Sché".events (kind text, n int)
ALTER TABLE "${SCENARIO_NAME} Sché"."Accounts Ü" REPLICA IDENTITY FULL
ALTER TABLE "${SCENARIO_NAME} Sché".events REPLICA IDENTITY FULL
INSERT INTO "${SCENARIO_NAME} Sché"."Accounts Ü" VALUES (1, 100, 'happy', 'hidden'), (2, 50, 'sad', 'hidden')
INSERT INTO "${SCENARIO_NAME} Sché".events VALUES ('open', 1), ('open', 1), ('open', 1)
CREATE PUBLICATION ${SCENARIO_NAME}_pub FOR TABLE "${SCENARIO_NAME} Sché"."Accounts Ü", "${SCENARIO_NAME} Sché".events

> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${UPSTREAM_USER}', DATABASE 'postgres')

> CREATE SOURCE src FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub')

! CREATE SOURCE src2 FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub', TEXT COLUMNS (a.b))
sqlstate: 22023
exact: TEXT COLUMNS option is unnecessary when no tables are added

# An enum needs TEXT COLUMNS.
! CREATE TABLE accounts FROM SOURCE src (REFERENCE "${SCENARIO_NAME} Sché"."Accounts Ü")
sqlstate: 0A000
exact: referenced tables use unsupported types
detail: postgres."${SCENARIO_NAME} Sché"."Accounts Ü".feeling (OID
hint: TEXT COLUMNS

> CREATE TABLE accounts FROM SOURCE src (REFERENCE "${SCENARIO_NAME} Sché"."Accounts Ü") WITH (TEXT COLUMNS (feeling), EXCLUDE COLUMNS (secret))

> CREATE TABLE "Évents" FROM SOURCE src (REFERENCE "${SCENARIO_NAME} Sché".events)

> SHOW TABLES
columns: name comment
accounts <null>
Évents <null>

> SHOW COLUMNS FROM accounts
columns: name nullable type comment
Id f integer <null>
Bälance f numeric <null>
feeling t text <null>

> SELECT * FROM accounts ORDER BY "Id"
1 100 happy
2 50 sad

> SELECT kind, n, count(*) FROM "Évents" GROUP BY kind, n
open 1 3

> SELECT t.name, s.name FROM mz_tables t JOIN mz_sources s ON s.id = t.source_id ORDER BY 1
accounts src
Évents src

> SELECT count(*) FROM mz_sources WHERE name IN ('accounts', 'Évents')
0

> SELECT lsn > 0 FROM src
t

# What the source could ingest: the publication's tables.
> SELECT namespace, name, columns FROM mz_internal.mz_source_references ORDER BY name
"${SCENARIO_NAME} Sché" "Accounts Ü" "{Id,Bälance,feeling,secret}"
"${SCENARIO_NAME} Sché" events {kind,n}

$ postgres-execute
CREATE TABLE "${SCENARIO_NAME} Sché".later (x int)
ALTER PUBLICATION ${SCENARIO_NAME}_pub ADD TABLE "${SCENARIO_NAME} Sché".later

> ALTER SOURCE src REFRESH REFERENCES

> SELECT name, updated_at <= now() FROM mz_internal.mz_source_references ORDER BY name
"Accounts Ü" t
events t
later t

> SELECT name, type, status FROM mz_internal.mz_source_statuses ORDER BY name
accounts table running
src postgres running
Évents table running

# A transfer in one upstream transaction is seen whole.
$ postgres-execute
BEGIN
UPDATE "${SCENARIO_NAME} Sché"."Accounts Ü" SET "Bälance" = "Bälance" - 30 WHERE "Id" = 1
UPDATE "${SCENARIO_NAME} Sché"."Accounts Ü" SET "Bälance" = "Bälance" + 30, feeling = 'happy' WHERE "Id" = 2
INSERT INTO "${SCENARIO_NAME} Sché".events VALUES ('transfer', 30), ('open', 1)
COMMIT

> SELECT sum("Bälance"), (SELECT count(*) FROM "Évents") FROM accounts
150 5

> SELECT * FROM accounts ORDER BY "Id"
1 70 happy
2 80 happy

> SHOW CREATE TABLE accounts
materialize.public.accounts "CREATE TABLE materialize.public.accounts (\"Id\" pg_catalog.int4 NOT NULL, \"Bälance\" pg_catalog.numeric NOT NULL, feeling pg_catalog.text) FROM SOURCE materialize.public.src (REFERENCE = postgres.\"${SCENARIO_NAME} Sché\".\"Accounts Ü\") WITH (TEXT COLUMNS = (feeling))"

! INSERT INTO accounts VALUES (3, 1, 'sad')
contains: accounts

# Dropping one table: the other keeps streaming.
> DROP TABLE "Évents"

$ postgres-execute
UPDATE "${SCENARIO_NAME} Sché"."Accounts Ü" SET "Bälance" = 0 WHERE "Id" = 2

> SELECT * FROM accounts ORDER BY "Id"
1 70 happy
2 0 happy

! DROP SOURCE src
sqlstate: 2BP01

> DROP SOURCE src CASCADE

> SHOW TABLES
