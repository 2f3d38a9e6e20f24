# What a psql user does first: the queries of the issue's first user story
# answer as they do against Materialize.

> SELECT 1
columns: ?column?
types: int4
1

> SELECT mz_version() LIKE 'v0.1.0 (_________)', version() LIKE 'PostgreSQL 9.5 on % (Freshet v0.1.0, Materialize-compatible)'
t t

> SHOW server_version
columns: server_version
9.5.0

> SET cluster = quickstart

> SHOW cluster
columns: cluster
quickstart

> BEGIN

> SELECT 1
1

> COMMIT

> SELECT current_user, current_database(), current_schema()
materialize materialize public
