# A CancelRequest cancels the running statement of the matching session,
# and the session carries on.

$ cancel-after 500ms

! SELECT pg_sleep(30)
sqlstate: 57014
exact: canceling statement due to user request

> SELECT 1
1

> SET statement_timeout = '300ms'

! SELECT pg_sleep(10)
sqlstate: 57014
exact: canceling statement due to statement timeout
