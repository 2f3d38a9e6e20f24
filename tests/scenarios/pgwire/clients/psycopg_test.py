"""psycopg 3 against Freshet: what a Python application does.

Run by the scenario runner with PGHOST/PGPORT/PGUSER/PGDATABASE set.
Every check asserts on what the driver returns to the application.
"""
import threading
import time

import psycopg
from psycopg import errors

conn = psycopg.connect(autocommit=True)

# Server-side parameters (psycopg 3 sends them with the extended protocol).
cur = conn.execute("SELECT %s::int4 + %s::int4 AS total, %s::text AS label", (40, 2, "x"))
assert [d.name for d in cur.description] == ["total", "label"], cur.description
assert cur.fetchall() == [(42, "x")]

# Python types map to PostgreSQL types and back.
row = conn.execute("SELECT %s::int8, %s::float8, %s::bool, %s::text, %s::bytea",
                   (2**40, 0.25, True, "ünï", b"\x00\x01")).fetchone()
assert row == (2**40, 0.25, True, "ünï", b"\x00\x01"), row

# Binary results.
with conn.cursor(binary=True) as bcur:
    bcur.execute("SELECT 123::int4, 'bin'::text, 1.5::float8")
    assert bcur.fetchone() == (123, "bin", 1.5)

# Explicitly prepared statements are reused across executions.
for i in range(5):
    got = conn.execute("SELECT %s::int4 * 2", (i,), prepare=True).fetchone()[0]
    assert got == 2 * i, got

# A prepared statement re-binds when the session state it depends on changes.
assert conn.execute("SELECT current_schema()", prepare=True).fetchone() == ("public",)
conn.execute("SET search_path = elsewhere")
assert conn.execute("SELECT current_schema()", prepare=True).fetchone() == ("elsewhere",)
conn.execute("RESET search_path")
assert conn.execute("SELECT current_schema()", prepare=True).fetchone() == ("public",)

# Errors arrive as the right exception classes with diagnostics.
try:
    conn.execute("SELECT 1 / 0")
    raise AssertionError("expected division by zero")
except errors.DivisionByZero as e:
    assert e.diag.sqlstate == "22012"
    assert e.diag.message_primary == "division by zero"

try:
    conn.execute("CREATE MATERIALIZED VIEW v AS SELECT 1")
    raise AssertionError("expected feature not supported")
except errors.FeatureNotSupported as e:
    assert "CREATE MATERIALIZED VIEW" in e.diag.message_primary

# Transactions with the driver's own BEGIN/COMMIT.
tx = psycopg.connect()
assert tx.execute("SELECT 1").fetchone() == (1,)
assert tx.info.transaction_status == psycopg.pq.TransactionStatus.INTRANS
tx.commit()
assert tx.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
tx.close()

# Server parameters the driver reads at startup.
assert conn.info.parameter_status("server_version") == "9.5.0"
assert conn.info.parameter_status("client_encoding") == "UTF8"
assert conn.info.server_version == 90500

# Cancel a running statement from another thread.
def cancel_soon():
    time.sleep(0.5)
    conn.cancel()

t = threading.Thread(target=cancel_soon)
t.start()
start = time.monotonic()
try:
    conn.execute("SELECT pg_sleep(30)")
    raise AssertionError("expected cancel")
except errors.QueryCanceled:
    pass
t.join()
assert time.monotonic() - start < 10
assert conn.execute("SELECT 'alive'").fetchone() == ("alive",)

conn.close()
print("psycopg: all checks passed")
