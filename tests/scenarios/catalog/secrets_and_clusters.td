# Secrets and clusters as the ingestion tutorial sets them up, their SHOW
# commands and errors, and that all of it survives restarts and kill -9.

> CREATE SECRET pgpass AS 'p@ss-w0rd'

> SHOW SECRETS
columns: name comment
pgpass <null>

> SHOW CREATE SECRET pgpass
columns: name create_sql
materialize.public.pgpass "CREATE SECRET materialize.public.pgpass AS '********'"

! CREATE SECRET pgpass AS 'other'
sqlstate: 42710
exact: catalog item 'pgpass' already exists

> CREATE SECRET IF NOT EXISTS pgpass AS 'other'

> CREATE SECRET "Mixed Case" AS 'x' || 'y'

! CREATE SECRET bad AS no_such_function('x')
sqlstate: 42883
position: 22

! CREATE SECRET bad AS NULL::text
sqlstate: 22004

> ALTER SECRET pgpass AS 'rotated'

! ALTER SECRET nope AS 'x'
sqlstate: 42P01
exact: unknown catalog item 'nope'

> SHOW SECRETS LIKE 'pg%'
pgpass <null>

> SHOW SECRETS FROM public
pgpass <null>
"Mixed Case" <null>

! SHOW SECRETS FROM nope
sqlstate: 3F000

> CREATE CLUSTER ingest_postgres (SIZE = '50cc')

! CREATE CLUSTER ingest_postgres (SIZE = '50cc')
sqlstate: 42710
exact: cluster 'ingest_postgres' already exists

! CREATE CLUSTER other (SIZE = '51cc')
sqlstate: 22023
exact: unknown cluster replica size 51cc
hint: Valid sizes are: 25cc, 50cc, 100cc

! CREATE CLUSTER other (REPLICATION FACTOR 1)
sqlstate: 22023
exact: SIZE option is required

! CREATE CLUSTER mz_mine (SIZE = '50cc')
sqlstate: 42939

! CREATE CLUSTER other REPLICAS (r1 (SIZE '25cc'))
sqlstate: 0A000

> SHOW CLUSTERS LIKE 'ingest%'
columns: name replicas comment
ingest_postgres "r1 (50cc)" <null>

> SET CLUSTER = ingest_postgres

> SHOW cluster
ingest_postgres

> ALTER CLUSTER ingest_postgres SET (SIZE = '100cc', REPLICATION FACTOR = 2)

> SHOW CLUSTER REPLICAS LIKE 'ingest_postgres'
columns: cluster replica size ready comment
ingest_postgres r1 100cc t <null>
ingest_postgres r2 100cc t <null>

> SHOW CREATE CLUSTER ingest_postgres
ingest_postgres "CREATE CLUSTER ingest_postgres (SIZE = '100cc', REPLICATION FACTOR = 2)"

! DROP CLUSTER mz_system
sqlstate: 42501

! DROP SECRET nope
sqlstate: 42P01

> DROP SECRET IF EXISTS nope

! BEGIN; CREATE SECRET in_block AS 'x'
sqlstate: 25001

> ROLLBACK

# Everything is durable: a clean restart and a kill -9 find it all again.
$ restart-freshet

> SHOW SECRETS
pgpass <null>
"Mixed Case" <null>

> SHOW CLUSTER REPLICAS LIKE 'ingest_postgres'
ingest_postgres r1 100cc t <null>
ingest_postgres r2 100cc t <null>

> DROP SECRET "Mixed Case"

> CREATE CLUSTER after_restart (SIZE = '25cc')

$ kill-freshet

> SHOW SECRETS
pgpass <null>

> SHOW CLUSTERS LIKE '%a%'
after_restart "r1 (25cc)" <null>
mz_analytics "" <null>
mz_catalog_server "r1 (25cc)" <null>
quickstart "r1 (25cc)" <null>

> DROP CLUSTER after_restart, ingest_postgres

> SHOW CLUSTERS LIKE '%_postgres'

# SHOW ... WHERE filters on the SHOW's own columns.
> CREATE CLUSTER big (SIZE = '100cc', REPLICATION FACTOR = 2)

> SHOW CLUSTER REPLICAS WHERE cluster = 'big'
big r1 100cc t <null>
big r2 100cc t <null>

> SHOW CLUSTER REPLICAS WHERE size = '100cc' AND replica <> 'r1'
big r2 100cc t <null>

> SHOW CLUSTERS WHERE name = 'big' OR replicas = ''
big "r1 (100cc), r2 (100cc)" <null>
mz_analytics "" <null>
mz_support "" <null>

! SHOW CLUSTERS WHERE nope = 1
sqlstate: 42703
exact: column "nope" does not exist
position: 21

# Options that mean nothing for thread-pool replicas are accepted.
> CREATE CLUSTER compat (SIZE = '25cc', SCHEDULE = MANUAL, INTROSPECTION DEBUGGING = false, INTROSPECTION INTERVAL = '1s')

! CREATE CLUSTER refresh (SIZE = '25cc', SCHEDULE = ON REFRESH)
sqlstate: 0A000
exact: SCHEDULE = ON REFRESH is not supported

> SHOW CLUSTERS WHERE name = 'compat'
compat "r1 (25cc)" <null>
