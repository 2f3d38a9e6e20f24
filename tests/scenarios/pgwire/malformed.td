# Malformed or hostile clients cost only their own connection.

# A startup packet whose length is too small.
$ raw
send 00000004
expect-error 08P01
expect-closed

# A startup packet for protocol 2.0.
$ raw
send 00000008 00020000
expect-error 0A000
expect-closed

# SSLRequest without TLS configured is answered 'N'; GSSENCRequest too.
$ raw
send 00000008 04d2162f
expect-byte N
send 00000008 04d21630
expect-byte N
send-startup user=materialize database=materialize
expect-message Z
send-query SELECT 1
expect-message Z

# An unknown message type after startup.
$ raw
send-startup user=materialize database=materialize
expect-message Z
send 7a 00000004
expect-error 08P01
expect-closed

# A message claiming to be larger than the limit.
$ raw
send-startup user=materialize database=materialize
expect-message Z
send 51 7fffffff
expect-error 54000
expect-closed

# A connection that dies in the middle of a message.
$ raw
send-startup user=materialize database=materialize
expect-message Z
send 51 00000100 53454c
close

# A client that sends queries and never reads the answers.
$ raw
send-startup user=materialize database=materialize
expect-message Z
send-no-read SELECT 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' 20000

# Meanwhile everybody else is served.
> SELECT 'still here'
"still here"

# Protocol 3.1 with a _pq_ option: the server answers NegotiateProtocolVersion
# (3.0, the option unrecognized) and carries on, as PostgreSQL does.
$ raw
send 00000027 00030001 75736572006d6174657269616c697a6500 5f70715f2e666f6f0062617200 00
expect-sequence vR
expect-message Z
send-query SELECT 1
expect-sequence TDCZ
