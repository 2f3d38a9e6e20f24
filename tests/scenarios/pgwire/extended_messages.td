# The extended protocol message by message: Describe of statements and
# portals, Execute with a row limit (PortalSuspended), Close, Flush, and
# skip-to-Sync after an error. Tags: 1 ParseComplete, 2 BindComplete,
# t ParameterDescription, T RowDescription, n NoData, D DataRow,
# s PortalSuspended, C CommandComplete, 3 CloseComplete, E ErrorResponse,
# Z ReadyForQuery.

$ raw
send-startup user=materialize database=materialize
expect-message Z
send-parse q VALUES (1), (2), (3)
send-describe S q
send-bind p q
send-describe P p
send-execute p 2
send-flush
expect-sequence 1tT2TDDs
send-execute p 2
send-sync
expect-sequence DCZ
send-close P p
send-close S q
send-sync
expect-sequence 33Z

# Portals end with the implicit transaction at Sync, as in PostgreSQL;
# named statements stay.
$ raw
send-startup user=materialize database=materialize
expect-message Z
send-parse q VALUES (1), (2), (3)
send-bind p q
send-execute p 1
send-sync
expect-sequence 12DsZ
send-execute p 1
send-sync
expect-error 34000 contains portal "p" does not exist
expect-message Z
send-bind p q
send-execute p 0
send-sync
expect-sequence 2DDDCZ

# Flush sends what is buffered without ending the batch.
$ raw
send-startup user=materialize database=materialize
expect-message Z
send-parse "" SELECT $1::int4 + 1
send-bind "" "" 41
send-execute "" 0
send-flush
expect-sequence 12DC
send-sync
expect-sequence Z

# After an error every message up to Sync is skipped; then the session works.
$ raw
send-startup user=materialize database=materialize
expect-message Z
send-parse bad SELECT 1 / 0
send-bind "" bad
send-execute "" 0
send-parse good SELECT 1
send-sync
expect-error 22012
expect-message Z
send-parse good SELECT 'ok'
send-bind "" good
send-execute "" 0
send-sync
expect-sequence 12DCZ

# Describe of a statement that returns nothing, and of unknown names.
$ raw
send-startup user=materialize database=materialize
expect-message Z
send-parse s SET cluster = quickstart
send-describe S s
send-sync
expect-sequence 1tnZ
send-describe S nosuch
send-sync
expect-error 26000 contains prepared statement "nosuch" does not exist
expect-message Z
send-describe P nosuch
send-sync
expect-error 34000
expect-message Z
