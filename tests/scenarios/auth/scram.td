# SCRAM-SHA-256 authentication against --users-file, with plaintext and
# verifier secrets; a wrong password is FATAL 28P01 and closes the connection.

$ start-freshet-args --auth=scram-sha-256 --users-file=${SCENARIO_DIR}/users.txt

$ connect name=alice user=alice password=wonderland

$ use alice

> SELECT current_user
alice

$ connect name=bob user=bob password=builder

$ use bob

> SELECT current_user
bob

! connect user=alice password=wrong
contains: password authentication failed for user "alice"

! connect user=nobody password=whatever
contains: password authentication failed for user "nobody"

# A password message where SCRAM is expected is a protocol violation.
$ raw
send-startup user=alice database=materialize
expect-message R
send 70 0000000a 77726f6e6700
expect-error 08P01
expect-closed
