# The catalog relations users inspect: what CREATE CLUSTER / SECRET /
# CONNECTION made is visible with SELECT over mz_catalog and mz_internal
# (one relation per query for now: WHERE, *, ORDER BY, LIMIT), and secret
# values appear nowhere.

> CREATE SECRET pgpass AS 'never-shown-anywhere'

> CREATE CONNECTION ssh TO SSH TUNNEL (HOST 'bastion.example.com', USER 'materialize')

> CREATE CONNECTION pg TO POSTGRES (HOST 'db.example.com', USER 'materialize', PASSWORD SECRET pgpass, DATABASE 'postgres', SSH TUNNEL ssh) WITH (VALIDATE = false)

> CREATE CLUSTER ingest_postgres (SIZE = '50cc')

> SELECT name, managed, size, replication_factor FROM mz_clusters WHERE id LIKE 'u%' ORDER BY name
columns: name managed size replication_factor
ingest_postgres t 50cc 1
quickstart t 25cc 1

> SELECT r.name, r.size FROM mz_catalog.mz_cluster_replicas r WHERE r.cluster_id = 'u2'
r1 50cc

> SELECT size, workers, credits_per_hour FROM mz_cluster_replica_sizes ORDER BY workers DESC, size LIMIT 2
3200cc 62 32
6400cc 62 64

> SELECT replica_id, status FROM mz_internal.mz_cluster_replica_statuses WHERE replica_id = 'u2'
u2 online

> SELECT name FROM mz_secrets
pgpass

> SELECT name, type FROM mz_connections ORDER BY 1
pg postgres
ssh ssh-tunnel

> SELECT create_sql FROM mz_connections WHERE name = 'pg'
"CREATE CONNECTION materialize.public.pg TO POSTGRES (HOST = 'db.example.com', PORT = 5432, USER = 'materialize', PASSWORD = SECRET materialize.public.pgpass, DATABASE = 'postgres', SSL MODE = 'disable', SSH TUNNEL = materialize.public.ssh)"

# Both public keys are OpenSSH ed25519 keys, and they differ.
> SELECT public_key_1 LIKE 'ssh-ed25519 AAAA%', public_key_2 LIKE 'ssh-ed25519 AAAA%', public_key_1 <> public_key_2 FROM mz_ssh_tunnel_connections
t t t

> SELECT * FROM mz_internal.mz_object_dependencies ORDER BY referenced_object_id
columns: object_id referenced_object_id
u3 u1
u3 u2

> SELECT name, type FROM mz_objects ORDER BY name
pg connection
pgpass secret
ssh connection

> SELECT name FROM mz_schemas WHERE database_id IS NULL AND name LIKE 'mz_%' ORDER BY name DESC
mz_introspection
mz_internal
mz_catalog

> SELECT name, position, type FROM mz_columns WHERE id = 's1002' ORDER BY position LIMIT 3
id 1 text
name 2 text
owner_id 3 text

> SELECT count(*) = count(DISTINCT size), avg(workers) >= 1, string_agg(size, ',' ORDER BY workers, size) LIKE '%25cc%' FROM mz_cluster_replica_sizes
t t t

! WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r
sqlstate: 0A000

! SELECT * FROM no_such_relation
sqlstate: 42P01
exact: unknown catalog item 'no_such_relation'
position: 15

! SELECT * FROM mz_object_dependencies
sqlstate: 42P01

! SELECT nope FROM mz_clusters
sqlstate: 42703
exact: column "nope" does not exist

# Joins: the tutorial's own query for the keys to install on the bastion.
> SELECT mz_connections.name, public_key_1 LIKE 'ssh-ed25519 %', public_key_2 LIKE 'ssh-ed25519 %' FROM mz_ssh_tunnel_connections JOIN mz_connections USING (id)
ssh t t

> SELECT c.name, r.name, r.size FROM mz_clusters c JOIN mz_cluster_replicas r ON c.id = r.cluster_id WHERE c.id LIKE 'u%' ORDER BY 1
ingest_postgres r1 50cc
quickstart r1 25cc

> SELECT c.name, r.name FROM mz_clusters c LEFT JOIN mz_cluster_replicas r ON c.id = r.cluster_id WHERE c.name LIKE 'mz_%' ORDER BY c.name
mz_analytics <null>
mz_catalog_server r1
mz_probe r1
mz_support <null>
mz_system r1

> SELECT o.name, d.referenced_object_id FROM mz_objects o RIGHT JOIN mz_internal.mz_object_dependencies d ON o.id = d.object_id ORDER BY 2
pg u1
pg u2

> SELECT s.name, d.name FROM mz_schemas s, mz_databases d WHERE s.database_id = d.id
public materialize

# USING merges the column: unqualified it is one column, and * shows it once, first.
> SELECT * FROM mz_ssh_tunnel_connections JOIN mz_connections USING (id) WHERE id = 'x'
columns: id public_key_1 public_key_2 oid schema_id name type owner_id create_sql redacted_create_sql

! SELECT id FROM mz_clusters JOIN mz_cluster_replicas ON true
sqlstate: 42702
exact: column reference "id" is ambiguous

! SELECT * FROM mz_clusters JOIN mz_cluster_replicas USING (nope)
sqlstate: 42703
exact: column "nope" specified in USING clause does not exist in left table

> WITH u AS (SELECT id, name FROM mz_clusters WHERE id LIKE 'u%') SELECT u.name, r.name FROM u JOIN mz_cluster_replicas r ON r.cluster_id = u.id ORDER BY 1
ingest_postgres r1
quickstart r1

> SELECT name FROM mz_secrets UNION ALL SELECT name FROM mz_connections ORDER BY 1
pg
pgpass
ssh

> SELECT DISTINCT size FROM mz_cluster_replicas ORDER BY size DESC
50cc
25cc

! SELECT DISTINCT size FROM mz_cluster_replicas ORDER BY name
sqlstate: 42P10

# Aggregates and GROUP BY over catalog relations.
> SELECT count(*) FROM mz_clusters
7

> SELECT count(*), max(name), sum(replication_factor) FROM mz_clusters WHERE name = 'nope'
0 <null> <null>

> SELECT c.name, count(r.id) AS replicas FROM mz_clusters c LEFT JOIN mz_cluster_replicas r ON c.id = r.cluster_id GROUP BY c.name HAVING count(r.id) = 0 ORDER BY c.name
mz_analytics 0
mz_support 0

> SELECT size, count(*) FROM mz_cluster_replicas GROUP BY 1 ORDER BY 1
25cc 4
50cc 1

> SELECT count(DISTINCT size), bool_and(NOT disk), bool_or(size = '50cc'), min(name), max(size) FROM mz_cluster_replicas
2 t t r1 50cc

> SELECT sum(memory_bytes) > 0, sum(workers) FROM mz_cluster_replica_sizes
t 229

! SELECT name FROM mz_clusters GROUP BY replication_factor
sqlstate: 42803
exact: column "name" must appear in the GROUP BY clause or be used in an aggregate function
position: 8

! SELECT name FROM mz_clusters WHERE count(*) > 1
sqlstate: 42803

# Secret values are in no catalog relation.
> SELECT name FROM mz_connections WHERE create_sql LIKE '%never-shown%' OR redacted_create_sql LIKE '%never-shown%'

$ restart-freshet

> SELECT name, size FROM mz_cluster_replicas WHERE cluster_id = 'u2'
r1 50cc

# SSH key pairs survive restarts and kill -9, and rotate as documented.
$ python3 clients/ssh_keys.py save /tmp/${SCENARIO_NAME}_keys.json

$ restart-freshet

$ python3 clients/ssh_keys.py same /tmp/${SCENARIO_NAME}_keys.json

$ python3 clients/ssh_keys.py rotate

$ python3 clients/ssh_keys.py save /tmp/${SCENARIO_NAME}_keys.json

$ kill-freshet

$ python3 clients/ssh_keys.py same /tmp/${SCENARIO_NAME}_keys.json
