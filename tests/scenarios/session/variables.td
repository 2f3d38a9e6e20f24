# SET / SHOW / RESET of the session variables drivers touch, with
# Materialize's defaults and its "only one value" rules.

> SHOW transaction_isolation
"strict serializable"

> SHOW DateStyle
columns: DateStyle
"ISO, MDY"

> SET DateStyle = 'ISO'

> SET client_encoding TO 'utf8'

> SHOW client_encoding
UTF8

! SET DateStyle = 'German'
sqlstate: 22023
contains: invalid value for parameter "DateStyle": "German"

! SET TimeZone = 'Europe/Berlin'
sqlstate: 22023

> SET TIME ZONE 'UTC'

! SHOW no_such_setting
sqlstate: 42704
exact: unrecognized configuration parameter "no_such_setting"

! SET server_version = '10'
sqlstate: 55P02
exact: parameter "server_version" cannot be changed

> SET application_name = 'scenario test'

> SHOW application_name
"scenario test"

> SET search_path = a, b

> SHOW search_path
"a, b"

> SELECT current_schema()
a

> RESET search_path

> SHOW search_path
public

> SET statement_timeout = 5000

> SHOW statement_timeout
5s

> SET transaction_isolation = 'read committed'

> SHOW transaction_isolation
serializable

> SET extra_float_digits = 3

> SHOW extra_float_digits
3

> RESET ALL

> SHOW application_name
""
