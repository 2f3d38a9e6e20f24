#!/usr/bin/python3
"""The client half of query_bench.sh: loads one scale into Freshet (and the
extra data into PostgreSQL, which pgbench -i has filled), checks that both
sides hold the same rows, then times the queries on both, alternating.

Run by query_bench.sh, which starts and stops the servers; on its own:
  query_bench.py --pg-port P --fr-port F --fr-pid PID --scale 10 [--rounds 3]
Prints a table per scale and appends one tab-separated line per query to
--results (scale, query, rows, Freshet ms, PostgreSQL ms, ratio, PostgreSQL
without parallel workers ms, ratio, note) and one of peak RSS.
Exit status 1 if a query's results differ between the two systems, 2 if the
loaded data differ (nothing is timed then).
"""

import argparse
import decimal
import os
import statistics
import sys
import threading
import time

import psycopg

ROWS_PER_SCALE = 100000
# abalance is 0 everywhere after pgbench -i: both sides get this instead, so
# that sums and the top-k mean something. 7919 is prime to 100000, so each
# value in [-50000, 49999] occurs exactly once per 100,000 aids (ties in the
# top-k, broken by aid).
ABALANCE = "((aid::int8 * 7919) % 100000)::int4 - 50000"
ABALANCE_OF_G = ABALANCE.replace("aid", "g")


def queries(join_rows):
    """(name, sql, ordered): ordered = compare the rows in order, else as
    multisets."""
    return [
        ("scan_filter_agg",
         "SELECT count(*), sum(abalance), avg(aid) FROM pgbench_accounts WHERE aid % 7 = 3", True),
        # 100k groups, folded into one row by an outer aggregate so that the
        # transfer of 100,000 rows to the client does not dominate.
        ("group_by_100k",
         "SELECT count(*), sum(c), sum(s), min(s), max(s) FROM (SELECT aid % 100000 AS k, count(*) AS c, "
         "sum(abalance) AS s FROM pgbench_accounts GROUP BY 1) t", True),
        # The same 100k groups, all sent to the client (compared as multisets).
        ("group_by_100k_rows",
         "SELECT aid % 100000 AS k, count(*), sum(abalance) FROM pgbench_accounts GROUP BY 1", False),
        # Every account matches exactly one of the join_rows branches.
        (f"join_x{join_rows // 1000}k",
         "SELECT b.region, count(*), sum(a.abalance), min(a.aid), max(a.aid) FROM pgbench_accounts a "
         f"JOIN branches_big b ON a.aid % {join_rows} = b.bid GROUP BY b.region ORDER BY b.region", True),
        ("top10",
         "SELECT aid, abalance FROM pgbench_accounts ORDER BY abalance DESC, aid LIMIT 10", True),
        ("point_lookup",
         "SELECT * FROM pgbench_accounts WHERE aid = 123456", True),
    ]


def connect(port, user, timeout_s):
    conn = psycopg.connect(host="127.0.0.1", port=port, user=user, dbname=user, autocommit=True,
                           prepare_threshold=None, connect_timeout=30)
    conn.execute(f"SET statement_timeout = '{timeout_s}s'")
    return conn


class Timeout(Exception):
    pass


def run(conn, sql, timeout_s):
    """-> (seconds, rows). statement_timeout bounds the query on the server;
    a client-side cancel 30 s later catches a server that ignores it."""
    timer = threading.Timer(timeout_s + 30, conn.cancel)
    timer.start()
    try:
        start = time.perf_counter()
        cur = conn.execute(sql)
        rows = cur.fetchall() if cur.description is not None else []
        return time.perf_counter() - start, rows
    except psycopg.errors.QueryCanceled as e:
        raise Timeout(str(e).strip()) from e
    finally:
        timer.cancel()


def value(text):
    """A result value for comparing: a number if it reads as one (so that
    numeric 2.50 equals 2.5), else the text."""
    if text is None:
        return None
    s = text.decode()
    try:
        return decimal.Decimal(s)
    except decimal.InvalidOperation:
        return s


def timed(conn, sql, timeout_s):
    """-> (seconds, rows) of one query, timed from sending it until libpq
    holds every row of the result (as psql's \\timing): psycopg's Python
    decoding of values stays out of the time, it would dominate 100,000 rows.
    The rows are decoded for comparison afterwards."""
    timer = threading.Timer(timeout_s + 30, conn.cancel)
    timer.start()
    try:
        start = time.perf_counter()
        res = conn.pgconn.exec_(sql.encode())
        seconds = time.perf_counter() - start
    finally:
        timer.cancel()
    if res.status != psycopg.pq.ExecStatus.TUPLES_OK:
        sqlstate = (res.error_field(psycopg.pq.DiagnosticField.SQLSTATE) or b"").decode()
        message = (res.error_message or b"").decode().strip()
        if sqlstate == "57014":
            raise Timeout(message)
        raise psycopg.Error(f"{sqlstate}: {message}")
    rows = [tuple(value(res.get_value(i, j)) for j in range(res.nfields)) for i in range(res.ntuples)]
    return seconds, rows


def vm_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def wait_idle(pid, limit_s=300):
    """Waits until pid used under 5% of a core for two whole seconds in a
    row: storage's background work after the load (compaction, and settling
    the tables into pages, which starts after a second without commits) has
    finished, as PostgreSQL's VACUUM FULL and ANALYZE have by the time they
    return. Returns the wait."""
    start = time.perf_counter()
    last = cpu_seconds(pid)
    quiet = 0
    while time.perf_counter() - start < limit_s and quiet < 2:
        time.sleep(1)
        now = cpu_seconds(pid)
        quiet = quiet + 1 if now - last < 0.05 else 0
        last = now
    return time.perf_counter() - start


def reset_hwm(pid):
    """Resets the peak RSS (VmHWM) of pid to its current RSS (Linux >= 4.0;
    needs the right to write /proc/pid/clear_refs). False if not allowed."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def mib(kib):
    return f"{kib / 1024:.0f}"


def load(pg, fr, scale, join_rows, chunk, timeout_s):
    n = scale * ROWS_PER_SCALE
    print(f"PostgreSQL: UPDATE pgbench_accounts SET abalance = {ABALANCE}; VACUUM FULL; ANALYZE ...", flush=True)
    start = time.perf_counter()
    for sql in [f"UPDATE pgbench_accounts SET abalance = {ABALANCE}", "VACUUM FULL pgbench_accounts",
                "DROP TABLE IF EXISTS branches_big",
                "CREATE TABLE branches_big (bid int4 NOT NULL, name text, region int4 NOT NULL)",
                f"INSERT INTO branches_big SELECT g, 'branch ' || g::text, g % 10 FROM generate_series(0, {join_rows - 1}) g",
                "ANALYZE pgbench_accounts", "ANALYZE branches_big"]:
        run(pg, sql, timeout_s)
    print(f"  {time.perf_counter() - start:.1f} s", flush=True)

    print(f"Freshet: CREATE TABLE pgbench_accounts, INSERT ... SELECT ... FROM generate_series "
          f"({n} rows, {chunk} per INSERT) ...", flush=True)
    for sql in ["DROP TABLE IF EXISTS pgbench_accounts", "DROP TABLE IF EXISTS branches_big",
                "CREATE TABLE pgbench_accounts (aid int4 NOT NULL, bid int4 NOT NULL, abalance int4 NOT NULL, "
                "filler char(84))",
                "CREATE TABLE branches_big (bid int4 NOT NULL, name text, region int4 NOT NULL)"]:
        run(fr, sql, timeout_s)
    start = time.perf_counter()
    last_report = start
    for lo in range(1, n + 1, chunk):
        hi = min(lo + chunk - 1, n)
        # pgbench -i's values: bid = (aid - 1) / 100000 + 1, filler '' (blank-padded to 84).
        run(fr, f"INSERT INTO pgbench_accounts SELECT g, (g - 1) / {ROWS_PER_SCALE} + 1, {ABALANCE_OF_G}, '' "
                f"FROM generate_series({lo}, {hi}) g", timeout_s)
        now = time.perf_counter()
        if now - last_report > 30 and hi < n:
            print(f"  {hi} rows in {now - start:.0f} s ({hi / (now - start):.0f} rows/s)", flush=True)
            last_report = now
    load_s = time.perf_counter() - start
    run(fr, f"INSERT INTO branches_big SELECT g, 'branch ' || g::text, g % 10 FROM generate_series(0, {join_rows - 1}) g",
        timeout_s)
    print(f"  {n} rows in {load_s:.1f} s: {n / load_s:.0f} rows/s", flush=True)
    return load_s


def verify(pg, fr, timeout_s):
    """The same aggregates over the loaded data on both sides; False if any differ."""
    checks = [
        "SELECT count(*), sum(aid), sum(bid), count(DISTINCT bid), min(aid), max(aid), min(bid), max(bid) "
        "FROM pgbench_accounts",
        "SELECT sum(abalance), sum(abalance::int8 * aid), min(abalance), max(abalance), count(DISTINCT abalance), "
        "sum(bid::int8 * aid) FROM pgbench_accounts",
        "SELECT count(*) FROM pgbench_accounts WHERE filler = ''",
        "SELECT count(*), sum(bid), sum(region), count(DISTINCT name), min(name), max(name) FROM branches_big",
    ]
    ok = True
    for sql in checks:
        _, want = run(pg, sql, timeout_s)
        _, got = run(fr, sql, timeout_s)
        same = want == got
        ok = ok and same
        print(f"  {'same' if same else 'DIFFERENT'}: {sql}\n    PostgreSQL {want}" +
              ("" if same else f"\n    Freshet    {got}"), flush=True)
    return ok


def plan(conn, sql, timeout_s):
    """The plan's nodes on one line: EXPLAIN (COSTS OFF), or plain EXPLAIN
    where that option is not supported."""
    try:
        _, rows = run(conn, "EXPLAIN (COSTS OFF) " + sql, timeout_s)
    except psycopg.Error:
        _, rows = run(conn, "EXPLAIN " + sql, timeout_s)
    lines = [l for r in rows for l in str(r[0]).splitlines() if l.strip()]
    return " | ".join(l.strip().removeprefix("-> ") for l in lines)


def same_rows(a, b, ordered):
    return a == b if ordered else sorted(a) == sorted(b)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pg-port", type=int, required=True)
    p.add_argument("--fr-port", type=int, required=True)
    p.add_argument("--fr-pid", type=int, required=True)
    p.add_argument("--scale", type=int, required=True)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--lookups", type=int, default=20, help="point lookups per system")
    p.add_argument("--join-rows", type=int, default=100000)
    p.add_argument("--chunk", type=int, default=100000, help="rows per INSERT into Freshet")
    p.add_argument("--timeout", type=int, default=300, help="seconds per statement")
    p.add_argument("--results", help="append tab-separated results here")
    a = p.parse_args()

    pg = connect(a.pg_port, "postgres", a.timeout)
    fr = connect(a.fr_port, "materialize", a.timeout)
    load_s = load(pg, fr, a.scale, a.join_rows, a.chunk, a.timeout)
    fr_load_hwm = vm_kib(a.fr_pid, "VmHWM")
    print(f"Freshet idle (compaction and settling done) after {wait_idle(a.fr_pid):.0f} s", flush=True)
    print("Same data on both sides?", flush=True)
    if not verify(pg, fr, a.timeout):
        print("the data loaded into Freshet and PostgreSQL differ: not timing anything", file=sys.stderr)
        return 2

    # Fresh connections for the queries, so that the PostgreSQL backend's
    # peak RSS is the queries' alone; Freshet's peak is reset after the load.
    pg.close()
    fr.close()
    pg = connect(a.pg_port, "postgres", a.timeout)
    fr = connect(a.fr_port, "materialize", a.timeout)
    pg_pid = pg.execute("SELECT pg_backend_pid()").fetchone()[0]
    hwm_reset = reset_hwm(a.fr_pid)
    rss_before = {"freshet": vm_kib(a.fr_pid, "VmRSS"), "postgresql": vm_kib(pg_pid, "VmRSS")}
    # For reference, PostgreSQL on one core: a second connection with
    # max_parallel_workers_per_gather = 0 (Freshet runs a query on one core).
    pg1 = connect(a.pg_port, "postgres", a.timeout)
    pg1.execute("SET max_parallel_workers_per_gather = 0")
    systems = [("freshet", fr), ("postgresql", pg), ("pg_serial", pg1)]

    results = []  # (name, rows, {system: median ms or None}, note)
    mismatch = False
    for name, sql, ordered in queries(a.join_rows):
        count = a.lookups if name == "point_lookup" else a.rounds
        print(f"{name}: {sql}", flush=True)
        for system, conn in systems[:2]:
            print(f"  {system} plan: {plan(conn, sql, a.timeout)}", flush=True)
        times = {system: [] for system, _ in systems}
        rows = {}
        failed = {}  # system -> "timeout" or "error"
        # One untimed warm-up run each, then `count` timed runs alternating.
        for i in range(count + 1):
            for system, conn in systems:
                if system in failed:
                    continue
                try:
                    seconds, got = timed(conn, sql, a.timeout)
                except Timeout as e:
                    print(f"  {system}: {e}", flush=True)
                    failed[system] = f"timeout after {a.timeout} s"
                    continue
                except psycopg.Error as e:
                    print(f"  {system}: ERROR {str(e).strip()}", flush=True)
                    failed[system] = "error"
                    continue
                if i > 0:
                    times[system].append(seconds * 1000)
                rows.setdefault(system, got)
        note = ", ".join(f"{s}: {f}" for s, f in failed.items())
        want = rows.get("postgresql")
        for system in ("freshet", "pg_serial"):
            if want is not None and system in rows and not same_rows(rows[system], want, ordered):
                mismatch = True
                note = (note + "; " if note else "") + f"RESULTS DIFFER ({system})"
                print(f"  RESULTS DIFFER\n    postgresql {want[:10]}\n    {system} {rows[system][:10]}",
                      file=sys.stderr, flush=True)
        for system, t in times.items():
            if t:
                print(f"  {system}: " + " ".join(f"{v:.1f}" for v in t) + " ms", flush=True)
        med = {s: statistics.median(t) if t else None for s, t in times.items()}
        nrows = len(next(iter(rows.values()), []))
        results.append((name, nrows, med, note))

    hwm = {"freshet": vm_kib(a.fr_pid, "VmHWM"), "postgresql": vm_kib(pg_pid, "VmHWM")}
    alive_rss = {"freshet": vm_kib(a.fr_pid, "VmRSS"), "postgresql": vm_kib(pg_pid, "VmRSS")}

    def ms(v):
        return f"{v:.1f}" if v is not None else "-"

    def ratio(f, p):
        return f"{f / p:.2f}" if f is not None and p else "-"

    n = a.scale * ROWS_PER_SCALE
    print()
    print(f"Scale {a.scale}: pgbench_accounts {n} rows, branches_big {a.join_rows} rows; median of {a.rounds} "
          f"runs ({a.lookups} for point_lookup), systems alternating, after one warm-up run each")
    header = f"{'query':<20} {'rows':>7} {'freshet_ms':>11} {'pg_ms':>9} {'ratio':>7} {'pg_serial_ms':>13} {'ratio':>7}  note"
    print(header)
    for name, nrows, med, note in results:
        f_ms, p_ms, s_ms = med["freshet"], med["postgresql"], med["pg_serial"]
        print(f"{name:<20} {nrows:>7} {ms(f_ms):>11} {ms(p_ms):>9} {ratio(f_ms, p_ms):>7} {ms(s_ms):>13} "
              f"{ratio(f_ms, s_ms):>7}  {note}")
        if a.results:
            with open(a.results, "a") as f:
                f.write(f"{a.scale}\t{name}\t{nrows}\t{ms(f_ms)}\t{ms(p_ms)}\t{ratio(f_ms, p_ms)}\t{ms(s_ms)}\t"
                        f"{ratio(f_ms, s_ms)}\t{note}\n")
    print("ratio = Freshet / PostgreSQL (<= 1.00 meets the target); pg_serial: PostgreSQL with "
          "max_parallel_workers_per_gather = 0, for reference.")
    print(f"Freshet load: {n / load_s:.0f} rows/s; peak RSS after the load {mib(fr_load_hwm)} MiB.")
    print(f"RSS MiB before the queries / peak during them / after: Freshet {mib(rss_before['freshet'])} / "
          f"{mib(hwm['freshet']) if hwm_reset else mib(hwm['freshet']) + ' (process peak, not reset)'} / "
          f"{mib(alive_rss['freshet'])}; PostgreSQL backend {mib(rss_before['postgresql'])} / "
          f"{mib(hwm['postgresql'])} / {mib(alive_rss['postgresql'])} (includes the shared buffers it touched; "
          "parallel workers not counted)")
    if a.results:
        with open(a.results, "a") as f:
            f.write(f"{a.scale}\tRSS\t{mib(fr_load_hwm)}\t{mib(hwm['freshet'])}\t{mib(hwm['postgresql'])}\t"
                    f"{n / load_s:.0f}\n")
    return 1 if mismatch else 0


if __name__ == "__main__":
    sys.exit(main())
