# Transaction blocks: status, failed blocks, and SET being transactional.

> BEGIN

> SET cluster = in_block

> ROLLBACK

> SHOW cluster
quickstart

> BEGIN

> SET cluster = committed

> COMMIT

> SHOW cluster
committed

> BEGIN

> SET LOCAL cluster = local_only

> SHOW cluster
local_only

> COMMIT

> SHOW cluster
committed

> BEGIN

! SELECT 1 / 0
sqlstate: 22012
exact: division by zero

! SELECT 1
sqlstate: 25P02
exact: current transaction is aborted, commands ignored until end of transaction block

> ROLLBACK

> SELECT 1
1
