# The tutorial's path with a plain connection: CREATE CLUSTER, SECRET,
# CONNECTION, CREATE SOURCE ... FOR ALL TABLES on its cluster; the snapshot
# and then upstream changes show up in the subsources; the catalog and
# SHOW commands describe the source; the monitoring queries tell the truth;
# ALTER CLUSTER moves the source without losing or repeating anything; DROP
# SOURCE needs CASCADE and drops the upstream slot.

$ set-timeout 30s

$ postgres-execute
DROP PUBLICATION IF EXISTS ${SCENARIO_NAME}_pub
DROP TABLE IF EXISTS ${SCENARIO_NAME}_orders, ${SCENARIO_NAME}_items
DROP ROLE IF EXISTS ${SCENARIO_NAME}_user
CREATE ROLE ${SCENARIO_NAME}_user LOGIN REPLICATION PASSWORD 'pw'
CREATE TABLE ${SCENARIO_NAME}_orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(10,2), placed timestamptz)
CREATE TABLE ${SCENARIO_NAME}_items (order_id int, sku text, qty int)
ALTER TABLE ${SCENARIO_NAME}_orders REPLICA IDENTITY FULL
ALTER TABLE ${SCENARIO_NAME}_items REPLICA IDENTITY FULL
GRANT SELECT ON ${SCENARIO_NAME}_orders, ${SCENARIO_NAME}_items TO ${SCENARIO_NAME}_user
INSERT INTO ${SCENARIO_NAME}_orders SELECT g, 'c' || (g % 7), g * 1.25, '2024-01-01 00:00:00+00'::timestamptz + g * interval '1 minute' FROM generate_series(1, 500) g
INSERT INTO ${SCENARIO_NAME}_items SELECT g % 500 + 1, 'sku-' || (g % 13), 1 FROM generate_series(1, 2000) g
INSERT INTO ${SCENARIO_NAME}_items VALUES (1, 'dup', 1), (1, 'dup', 1)
CREATE PUBLICATION ${SCENARIO_NAME}_pub FOR TABLE ${SCENARIO_NAME}_orders, ${SCENARIO_NAME}_items

> CREATE CLUSTER ingest_postgres (SIZE = '50cc')

> SET CLUSTER = ingest_postgres

> CREATE SECRET pgpass AS 'pw'

> CREATE CONNECTION pg TO POSTGRES (HOST '${UPSTREAM_HOST}', PORT ${UPSTREAM_PORT}, USER '${SCENARIO_NAME}_user', PASSWORD SECRET pgpass, DATABASE 'postgres')

> CREATE SOURCE mz_source FROM POSTGRES CONNECTION pg (PUBLICATION '${SCENARIO_NAME}_pub') FOR ALL TABLES

> SHOW SOURCES
columns: name type cluster comment
mz_source postgres ingest_postgres <null>
mz_source_progress progress ingest_postgres <null>
${SCENARIO_NAME}_items subsource ingest_postgres <null>
${SCENARIO_NAME}_orders subsource ingest_postgres <null>

> SHOW SUBSOURCES ON mz_source
columns: name type
mz_source_progress progress
${SCENARIO_NAME}_items subsource
${SCENARIO_NAME}_orders subsource

# The snapshot.
> SELECT count(*), sum(total), min(placed), count(DISTINCT customer) FROM ${SCENARIO_NAME}_orders
500 156562.50 "2024-01-01 00:01:00+00" 7

> SELECT count(*) FROM ${SCENARIO_NAME}_items WHERE sku = 'dup'
2

> SELECT snapshot_committed, snapshot_records_known, snapshot_records_staged FROM mz_internal.mz_source_statistics s JOIN mz_sources USING (id) WHERE name = 'mz_source'
t 2502 2502

> SELECT name, status, error FROM mz_internal.mz_source_statuses ORDER BY name
mz_source running <null>
mz_source_progress running <null>
${SCENARIO_NAME}_items running <null>
${SCENARIO_NAME}_orders running <null>

# Changes stream in, one upstream transaction at a time.
$ postgres-execute
BEGIN
INSERT INTO ${SCENARIO_NAME}_orders VALUES (501, 'new', 10.00, '2025-06-01 12:00:00+00')
INSERT INTO ${SCENARIO_NAME}_items VALUES (501, 'sku-new', 3)
UPDATE ${SCENARIO_NAME}_orders SET total = total + 1 WHERE id <= 10
DELETE FROM ${SCENARIO_NAME}_items WHERE sku = 'dup'
COMMIT

> SELECT o.id, o.customer, o.total, i.sku, i.qty FROM ${SCENARIO_NAME}_orders o JOIN ${SCENARIO_NAME}_items i ON i.order_id = o.id WHERE o.id = 501
501 new 10.00 sku-new 3

> SELECT count(*), sum(total) FROM ${SCENARIO_NAME}_orders
501 156582.50

> SELECT count(*) FROM ${SCENARIO_NAME}_items WHERE sku = 'dup'
0

# The progress subsource and the statistics follow the upstream LSN.
> SELECT lsn > 0 FROM mz_source_progress
t

> SELECT updates_committed >= 2502 + 24, offset_committed > 0, offset_known >= offset_committed FROM mz_internal.mz_source_statistics s JOIN mz_sources USING (id) WHERE name = 'mz_source'
t t t

# Each subsource counts its own: 500 snapshot rows, then 1 insert and 10
# updates (a retraction and an insertion each).
> SELECT messages_received, updates_staged, updates_committed FROM mz_internal.mz_source_statistics s JOIN mz_sources USING (id) WHERE name = '${SCENARIO_NAME}_orders'
511 521 521

# The catalog.
> SELECT name, type, connection_id IS NOT NULL, cluster_id = (SELECT id FROM mz_clusters WHERE name = 'ingest_postgres') FROM mz_sources ORDER BY name
mz_source postgres t t
mz_source_progress progress f t
${SCENARIO_NAME}_items subsource f t
${SCENARIO_NAME}_orders subsource f t

> SELECT replication_slot LIKE 'materialize\_%', length(replication_slot), timeline_id FROM mz_internal.mz_postgres_sources
t 44 1

> SELECT s.name, t.schema_name, t.table_name FROM mz_internal.mz_postgres_source_tables t JOIN mz_sources s USING (id) ORDER BY 1
${SCENARIO_NAME}_items public ${SCENARIO_NAME}_items
${SCENARIO_NAME}_orders public ${SCENARIO_NAME}_orders

> SELECT o.name, r.name FROM mz_internal.mz_object_dependencies d JOIN mz_objects o ON o.id = d.object_id JOIN mz_objects r ON r.id = d.referenced_object_id WHERE o.name LIKE '%mz_source%' OR o.name LIKE '${SCENARIO_NAME}%' ORDER BY 1, 2
mz_source mz_source_progress
mz_source pg
${SCENARIO_NAME}_items mz_source
${SCENARIO_NAME}_orders mz_source

> SHOW COLUMNS FROM ${SCENARIO_NAME}_orders
columns: name nullable type comment
id f integer <null>
customer f text <null>
total t numeric <null>
placed t "timestamp with time zone" <null>

> SELECT create_sql LIKE 'CREATE SOURCE materialize.public.mz_source IN CLUSTER ingest_postgres FROM POSTGRES CONNECTION materialize.public.pg (PUBLICATION = ''${SCENARIO_NAME}_pub'') FOR TABLES (%' FROM mz_sources WHERE name = 'mz_source'
t

# The upstream slot exists and confirms only what Freshet committed.
$ python3 clients/slot.py check mz_source /tmp/${SCENARIO_NAME}.slot

# The monitoring guide's snapshot progress query: nothing left to snapshot.
> SELECT
    o.name,
    s.snapshot_records_staged,
    s.snapshot_records_known,
    round(100.0 * s.snapshot_records_staged / NULLIF(s.snapshot_records_known, 0), 2) AS snapshot_completed_pct
  FROM mz_internal.mz_source_statistics AS s
  INNER JOIN mz_objects AS o ON (s.id = o.id)
  WHERE NOT s.snapshot_committed

# The tutorial's statistics query over the source and its subsources.
> WITH
    source_ids AS (SELECT id FROM mz_sources WHERE name = 'mz_source')
  SELECT o.name, s.snapshot_committed, s.updates_committed > 0
  FROM mz_internal.mz_source_statistics AS s
  JOIN (
    SELECT object_id, referenced_object_id FROM mz_internal.mz_object_dependencies
    WHERE referenced_object_id IN (SELECT id FROM source_ids)
    UNION SELECT id, id FROM source_ids
  ) AS source_objects ON (s.id = source_objects.object_id)
  JOIN mz_objects o ON o.id = s.id
mz_source t t
${SCENARIO_NAME}_items t t
${SCENARIO_NAME}_orders t t

# The tutorial's status query.
> WITH
    source_ids AS (SELECT id FROM mz_sources WHERE name = 'mz_source'),
    statuses AS (SELECT s.id, s.status, s.error FROM mz_internal.mz_source_statuses s JOIN source_ids USING (id))
  SELECT status, error IS NULL FROM statuses
  UNION ALL
  SELECT 'committed', snapshot_committed FROM mz_internal.mz_source_statistics JOIN source_ids USING (id)
running t
committed t

# Sources are read-only.
! INSERT INTO ${SCENARIO_NAME}_orders VALUES (1000, 'x', 1, now())
contains: ${SCENARIO_NAME}_orders

# Resizing the cluster moves the source to the new replica; it resumes
# from its committed LSN: nothing lost, nothing twice.
> ALTER CLUSTER ingest_postgres SET (SIZE = '100cc')

$ postgres-execute
INSERT INTO ${SCENARIO_NAME}_orders SELECT g, 'after-resize', 1, now() FROM generate_series(502, 600) g

> SELECT count(*), count(DISTINCT id), sum(total) FROM ${SCENARIO_NAME}_orders
600 600 156681.50

> SELECT status FROM mz_internal.mz_source_statuses WHERE name = 'mz_source'
running

> SELECT count(*) FROM mz_internal.mz_source_statistics s JOIN mz_cluster_replicas r ON r.id = s.replica_id JOIN mz_clusters c ON c.id = r.cluster_id WHERE c.name = 'ingest_postgres' AND r.size = '100cc'
3

# Dropping needs CASCADE; the progress subsource cannot go alone.
! DROP SOURCE mz_source
sqlstate: 2BP01

! DROP SOURCE mz_source_progress
sqlstate: 2BP01

> DROP SOURCE mz_source CASCADE

> SHOW SOURCES

> SELECT count(*) FROM mz_internal.mz_source_statuses
0

> SELECT count(*) FROM mz_internal.mz_postgres_sources
0

# ... and the slot is dropped upstream.
$ python3 clients/slot.py gone /tmp/${SCENARIO_NAME}.slot
