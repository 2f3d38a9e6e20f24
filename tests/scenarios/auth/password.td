# Cleartext password authentication (--auth=password), e.g. behind TLS.

$ start-freshet-args --auth=password --users-file=${SCENARIO_DIR}/users.txt

$ connect name=alice user=alice password=wonderland

$ use alice

> SELECT current_user
alice

$ connect name=bob user=bob password=builder

$ use bob

> SELECT 1
1

! connect user=alice password=nope
contains: password authentication failed for user "alice"

$ raw
send-startup user=bob database=materialize
expect-message R
send 70 00000009 6e6f706500
expect-error 28P01
expect-closed
