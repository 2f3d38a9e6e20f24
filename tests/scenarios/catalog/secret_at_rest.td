# A secret's value never reaches disk or the log in plaintext: not in the
# RocksDB files (WAL, SSTs), not in the catalog rows, not in the server
# log, not after ALTER SECRET, a failing statement or a restart. Names may
# be quoted and unicode.

> CREATE SECRET "sëcret ünïcode" AS 'pläintext-Ω-4b1d9e'

> CREATE SECRET pgpass AS 'hunter2-plaintext-7c3a'

> ALTER SECRET pgpass AS 'rotated-plaintext-9f2e'

! CREATE SECRET bad AS 'not-a-number-plaintext-5e8d'::int
sqlstate: 22P02

> CREATE CONNECTION pg TO POSTGRES (HOST 'db.invalid', USER 'u', PASSWORD SECRET pgpass, DATABASE 'd') WITH (VALIDATE = false)

> SHOW SECRETS
"sëcret ünïcode" <null>
pgpass <null>

> SELECT name FROM mz_secrets WHERE name LIKE 's%'
"sëcret ünïcode"

$ python3 clients/grep_secret.py pläintext-Ω-4b1d9e hunter2-plaintext-7c3a rotated-plaintext-9f2e not-a-number-plaintext-5e8d

$ restart-freshet

> SHOW CREATE SECRET "sëcret ünïcode"
"materialize.public.sëcret ünïcode" "CREATE SECRET materialize.public.\"sëcret ünïcode\" AS '********'"

> DROP SECRET "sëcret ünïcode"

$ python3 clients/grep_secret.py pläintext-Ω-4b1d9e hunter2-plaintext-7c3a rotated-plaintext-9f2e not-a-number-plaintext-5e8d
