#!/usr/bin/python3
"""Differential correctness oracle: runs the query corpus on PostgreSQL 15
and on Freshet and compares what a client sees.

  run_oracle.py --pg CONNINFO --freshet CONNINFO [--only PATTERN]
                [--update-known-failures] [--fresh-freshet] [--verbose]

Both sides get the schema and data of tests/oracle/schema.sql and
tests/oracle/data/*.sql (the PostgreSQL side in a freshly created database,
named like Freshet's so that current_database() agrees). Every query of
tests/oracle/queries/*.sql then runs on both over the simple query protocol
with text results, and the two answers are compared: column names, column
type OIDs, and rows as lists of text values (None for NULL) -- as sequences
when the query has a top-level ORDER BY (the corpus only writes total
orders), as multisets otherwise. A query that fails on PostgreSQL must fail
on Freshet with the same SQLSTATE (messages are printed, not compared).

known_failures.txt lists the queries Freshet does not yet answer
identically. The run fails (exit 1) when a query not listed there differs;
listed queries that now pass are reported, so the list only shrinks.
Exit 2 means the harness or the corpus is broken (PostgreSQL could not load
the data, a query annotated `-- error` succeeded on PostgreSQL, ...).
"""

import argparse
import fnmatch
import os
import re
import select
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

import psycopg
from psycopg import pq

HERE = os.path.dirname(os.path.abspath(__file__))
KNOWN_FAILURES = os.path.join(HERE, "known_failures.txt")
QUERY_TIMEOUT_S = 20.0
CONNECT_TIMEOUT_S = 10


# ---------------------------------------------------------------- SQL text


def split_statements(text):
    """Splits SQL text into (statement, leading_comment_lines) at top-level
    semicolons, honouring '...' (with E'' backslash escapes), "...",
    -- comments and /* */ comments. Comment lines that precede a statement
    are returned with it (they carry the `-- name:` directives)."""
    out = []
    buf = []
    comments = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "-" and text.startswith("--", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            if not "".join(buf).strip():
                comments.append(text[i + 2:end].strip())
            else:
                buf.append(text[i:end])
            i = end
            continue
        if c == "/" and text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            buf.append(text[i:end])
            i = end
            continue
        if c == "'":
            escapes = i > 0 and text[i - 1] in "eE" and (i < 2 or not (text[i - 2].isalnum() or text[i - 2] == "_"))
            j = i + 1
            while j < n:
                if escapes and text[j] == "\\":
                    j += 2
                    continue
                if text[j] == "'":
                    if j + 1 < n and text[j + 1] == "'":
                        j += 2
                        continue
                    break
                j += 1
            buf.append(text[i:j + 1])
            i = j + 1
            continue
        if c == '"':
            j = i + 1
            while j < n:
                if text[j] == '"':
                    if j + 1 < n and text[j + 1] == '"':
                        j += 2
                        continue
                    break
                j += 1
            buf.append(text[i:j + 1])
            i = j + 1
            continue
        if c == ";":
            stmt = "".join(buf).strip()
            if stmt:
                out.append((stmt, comments))
            buf, comments = [], []
            i += 1
            continue
        buf.append(c)
        i += 1
    stmt = "".join(buf).strip()
    if stmt:
        out.append((stmt, comments))
    return out


def strip_literals(sql):
    """The statement with string literals, quoted identifiers and comments
    blanked out, for keyword scans."""
    sql = re.sub(r"/\*.*?\*/", " ", sql, flags=re.S)
    sql = re.sub(r"--[^\n]*", " ", sql)
    sql = re.sub(r"'(?:[^']|'')*'", "''", sql)
    sql = re.sub(r'"(?:[^"]|"")*"', '""', sql)
    return sql


def has_top_level_order_by(sql):
    """True when ORDER BY appears outside every parenthesis: the result
    order is then part of the answer."""
    s = strip_literals(sql)
    depth = 0
    for m in re.finditer(r"\(|\)|\border\s+by\b", s, flags=re.I):
        tok = m.group(0)
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif depth == 0:
            return True
    return False


# ---------------------------------------------------------------- corpus


@dataclass
class Query:
    name: str
    sql: str
    file: str
    expect_error: bool
    ordered: bool


def load_corpus():
    qdir = os.path.join(HERE, "queries")
    queries = []
    seen = {}
    problems = []
    for fname in sorted(os.listdir(qdir)):
        if not fname.endswith(".sql"):
            continue
        stem = fname[:-4]
        with open(os.path.join(qdir, fname), encoding="utf-8") as f:
            text = f.read()
        for idx, (stmt, comments) in enumerate(split_statements(text), 1):
            name = None
            expect_error = False
            for c in comments:
                m = re.match(r"name:\s*(\S+)", c)
                if m:
                    name = m.group(1)
                if re.match(r"error\b", c):
                    expect_error = True
            full = f"{stem}/{name or idx}"
            if full in seen:
                problems.append(f"duplicate query name {full}")
            seen[full] = True
            queries.append(Query(full, stmt, fname, expect_error, has_top_level_order_by(stmt)))
    return queries, problems


TABLE_RE = re.compile(r"^\s*(?:create\s+table|insert\s+into)\s+([A-Za-z_][A-Za-z0-9_]*)", re.I)


def load_data_statements():
    """(table, statement) in load order: schema.sql, then data/*.sql."""
    files = [os.path.join(HERE, "schema.sql")]
    ddir = os.path.join(HERE, "data")
    if os.path.isdir(ddir):
        files += [os.path.join(ddir, f) for f in sorted(os.listdir(ddir)) if f.endswith(".sql")]
    out = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for stmt, _ in split_statements(f.read()):
                m = TABLE_RE.match(stmt)
                if not m:
                    raise SystemExit(f"{path}: only CREATE TABLE and INSERT INTO belong there: {stmt[:60]}")
                out.append((m.group(1).lower(), stmt))
    return out


# ---------------------------------------------------------------- running


@dataclass
class Answer:
    names: list = field(default_factory=list)
    oids: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    sqlstate: Optional[str] = None
    message: Optional[str] = None

    @property
    def ok(self):
        return self.sqlstate is None


def _decode(b):
    return None if b is None else b.decode("utf-8", "surrogateescape")


class Server:
    """One libpq connection, reopened after a timeout or a lost connection."""

    def __init__(self, label, conninfo, extended=False):
        self.label = label
        self.conninfo = conninfo
        self.extended = extended
        self.conn = None

    def connect(self):
        if self.conn is not None:
            self.conn.finish()
        self.conn = pq.PGconn.connect(f"{self.conninfo} connect_timeout={CONNECT_TIMEOUT_S}".encode())
        if self.conn.status != pq.ConnStatus.OK:
            msg = _decode(self.conn.error_message)
            self.conn = None
            raise ConnectionError(f"{self.label}: cannot connect: {msg.strip()}")

    def run(self, sql, timeout=QUERY_TIMEOUT_S):
        """Runs one statement over the simple query protocol, or the
        extended one (unnamed statement, no parameters, text results)."""
        if self.conn is None or self.conn.status != pq.ConnStatus.OK:
            try:
                self.connect()
            except ConnectionError as e:
                return Answer(sqlstate="08006", message=str(e))
        conn = self.conn
        try:
            if self.extended:
                conn.send_query_params(sql.encode(), None, result_format=pq.Format.TEXT)
            else:
                conn.send_query(sql.encode())
        except psycopg.Error:
            return self._lost()
        deadline = time.monotonic() + timeout
        answer = None
        while True:
            while conn.is_busy():
                left = deadline - time.monotonic()
                if left <= 0:
                    return self._timed_out(timeout)
                ready, _, _ = select.select([conn.socket], [], [], left)
                if ready:
                    try:
                        conn.consume_input()
                    except psycopg.Error:
                        return self._lost()
            res = conn.get_result()
            if res is None:
                break
            got = self._answer(res)
            # The first error wins; otherwise the last result.
            if answer is None or answer.ok:
                answer = got
        if conn.status != pq.ConnStatus.OK:
            self.conn = None
        return answer if answer is not None else Answer(sqlstate="XX000", message="no result")

    def _answer(self, res):
        if res.status == pq.ExecStatus.TUPLES_OK:
            a = Answer()
            a.names = [_decode(res.fname(c)) for c in range(res.nfields)]
            a.oids = [res.ftype(c) for c in range(res.nfields)]
            a.rows = [[_decode(res.get_value(r, c)) for c in range(res.nfields)] for r in range(res.ntuples)]
            return a
        if res.status in (pq.ExecStatus.COMMAND_OK, pq.ExecStatus.EMPTY_QUERY):
            return Answer()
        state = _decode(res.error_field(pq.DiagnosticField.SQLSTATE)) or "?????"
        msg = _decode(res.error_field(pq.DiagnosticField.MESSAGE_PRIMARY)) or _decode(res.error_message) or ""
        return Answer(sqlstate=state, message=msg.strip())

    def _lost(self):
        msg = _decode(self.conn.error_message).strip() if self.conn else ""
        self.conn = None
        return Answer(sqlstate="08006", message=f"connection lost: {msg}")

    def _timed_out(self, timeout):
        try:
            self.conn.get_cancel().cancel()
        except psycopg.Error:
            pass
        # Whatever the server does with the cancel, start over.
        self.conn.finish()
        self.conn = None
        return Answer(sqlstate="57014", message=f"no answer within {timeout:.0f} s (harness timeout)")


def fresh_database(conninfo, label):
    """Makes the database Freshet uses (materialize, UTC) from scratch on a
    PostgreSQL and returns a conninfo for it, as the user of the same name."""
    admin = Server(label, conninfo)
    admin.connect()
    steps = [
        "SELECT 1 FROM pg_roles WHERE rolname = 'materialize'",
    ]
    a = admin.run(steps[0])
    if not a.ok:
        raise SystemExit(f"{label}: {a.message}")
    if not a.rows:
        a = admin.run("CREATE ROLE materialize LOGIN SUPERUSER")
        if not a.ok:
            raise SystemExit(f"{label}: CREATE ROLE materialize: {a.message}")
    for sql in ("DROP DATABASE IF EXISTS materialize WITH (FORCE)",
                "CREATE DATABASE materialize OWNER materialize TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'",
                "ALTER DATABASE materialize SET timezone TO 'UTC'",
                "ALTER DATABASE materialize SET datestyle TO 'ISO, MDY'",
                "ALTER DATABASE materialize SET intervalstyle TO 'postgres'",
                "ALTER DATABASE materialize SET extra_float_digits TO 1"):
        a = admin.run(sql)
        if not a.ok:
            raise SystemExit(f"{label}: {sql}: {a.message}")
    admin.conn.finish()
    return f"{conninfo} dbname=materialize user=materialize"


def load_data(server, statements, strict):
    """Runs the schema and data statements; returns {table: error} for the
    tables whose CREATE or an INSERT failed (later statements of a failed
    table are skipped)."""
    failed = {}
    for table, stmt in statements:
        if table in failed:
            continue
        a = server.run(stmt, timeout=120)
        if not a.ok:
            failed[table] = f"{a.sqlstate} {a.message}"
            if strict:
                raise SystemExit(f"{server.label}: loading {table} failed: {a.sqlstate} {a.message}\n{stmt[:300]}")
    return failed


# ---------------------------------------------------------------- comparing


def short(row, width=100):
    s = repr(row)
    return s if len(s) <= width else s[:width - 3] + "..."


def row_key(row):
    return tuple((v is None, v or "") for v in row)


def row_diff(names, ra, rb):
    """Two rows of the same width: the columns that differ, as
    `col: pg_value vs freshet_value`."""
    cols = [f"{names[i]}: {ra[i]!r} vs {rb[i]!r}" for i in range(len(ra)) if ra[i] != rb[i]]
    return "; ".join(cols)


def compare(q, pg, fr):
    """None when Freshet's answer matches PostgreSQL's, else a one-line
    description of the first difference (PostgreSQL's side first)."""
    if not pg.ok:
        if fr.ok:
            return f"PostgreSQL fails with {pg.sqlstate} \"{pg.message}\", Freshet returns {len(fr.rows)} rows"
        if pg.sqlstate != fr.sqlstate:
            return f"SQLSTATE {pg.sqlstate} \"{pg.message}\" vs Freshet {fr.sqlstate} \"{fr.message}\""
        return None
    if not fr.ok:
        return f"Freshet fails with {fr.sqlstate} \"{fr.message}\""
    if pg.names != fr.names:
        return f"column names {pg.names} vs Freshet {fr.names}"
    if pg.oids != fr.oids:
        return f"column type OIDs {pg.oids} vs Freshet {fr.oids}"
    a, b = pg.rows, fr.rows
    if a == b:
        return None
    count = f"{len(a)} vs {len(b)} rows" if len(a) != len(b) else f"{len(a)} rows"
    if q.ordered:
        if sorted(a, key=row_key) == sorted(b, key=row_key):
            return f"same rows in another order (the query has ORDER BY); {count}"
        for i in range(max(len(a), len(b))):
            ra = a[i] if i < len(a) else None
            rb = b[i] if i < len(b) else None
            if ra != rb:
                if ra is None or rb is None:
                    return f"{count}; row {i + 1}: {short(ra)} vs Freshet {short(rb)}"
                return f"{count}; row {i + 1}: {row_diff(pg.names, ra, rb)}"
    # As multisets: what is missing from Freshet's answer, what is extra.
    ca = Counter(tuple(r) for r in a)
    cb = Counter(tuple(r) for r in b)
    if ca == cb:
        return None
    missing = sorted((ca - cb).elements(), key=row_key)
    extra = sorted((cb - ca).elements(), key=row_key)
    if len(missing) == len(extra):
        # Pair them up: usually the same rows with a value printed differently.
        return (f"{count}, {len(missing)} differ; first: {row_diff(pg.names, missing[0], extra[0])}")
    parts = [count]
    if missing:
        parts.append(f"{len(missing)} missing from Freshet, e.g. {short(list(missing[0]))}")
    if extra:
        parts.append(f"{len(extra)} extra in Freshet, e.g. {short(list(extra[0]))}")
    return "; ".join(parts)


def tables_of(sql, tables):
    words = set(w.lower() for w in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", strip_literals(sql)))
    return sorted(t for t in tables if t in words)


# ---------------------------------------------------------------- known failures


def read_known_failures():
    known = {}
    if not os.path.exists(KNOWN_FAILURES):
        return known
    with open(KNOWN_FAILURES, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split(None, 1)
            known[parts[0]] = parts[1].strip() if len(parts) > 1 else ""
    return known


def write_known_failures(entries):
    header = (
        "# Queries of tests/oracle/queries whose Freshet answer differs from PostgreSQL 15's.\n"
        "# One per line: name, then why (as the last run saw it). Written by\n"
        "# `run_oracle.py --update-known-failures`; see README.md. The list only shrinks:\n"
        "# a query that is not listed here and differs fails the run.\n"
    )
    with open(KNOWN_FAILURES, "w", encoding="utf-8") as f:
        f.write(header)
        for name in sorted(entries):
            reason = " ".join(entries[name].split())
            if len(reason) > 150:
                reason = reason[:147] + "..."
            f.write(f"{name}  {reason}\n")


# ---------------------------------------------------------------- main


def selected(name, pattern):
    if pattern is None:
        return True
    if any(ch in pattern for ch in "*?["):
        return fnmatch.fnmatchcase(name, pattern)
    return pattern in name


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pg", required=True, help="libpq conninfo of a PostgreSQL 15 (a superuser)")
    ap.add_argument("--freshet", required=True, help="libpq conninfo of Freshet ('' = the PG* environment)")
    ap.add_argument("--only", help="run only queries whose name contains PATTERN (a glob if it has * ? [)")
    ap.add_argument("--update-known-failures", action="store_true",
                    help="rewrite known_failures.txt from this run")
    ap.add_argument("--fresh-freshet", action="store_true",
                    help="treat the --freshet side like --pg (a fresh database): for checking the harness "
                         "with PostgreSQL on both sides")
    ap.add_argument("--protocol", choices=["simple", "extended"], default="simple",
                    help="how the data and the queries are sent (results are always text); "
                         "known_failures.txt is about the simple protocol")
    ap.add_argument("--verbose", "-v", action="store_true", help="print each differing query's SQL too")
    args = ap.parse_args()
    if args.fresh_freshet and args.update_known_failures:
        ap.error("--update-known-failures is about Freshet; not with --fresh-freshet")

    queries, problems = load_corpus()
    if problems:
        for p in problems:
            print(f"corpus: {p}")
        return 2
    queries = [q for q in queries if selected(q.name, args.only)]
    statements = load_data_statements()
    all_tables = sorted(set(t for t, _ in statements))

    extended = args.protocol == "extended"
    pg = Server("PostgreSQL", fresh_database(args.pg, "PostgreSQL"), extended)
    fr_conninfo = fresh_database(args.freshet, "Freshet side") if args.fresh_freshet else args.freshet
    fr = Server("Freshet", fr_conninfo, extended)
    try:
        pg.connect()
        fr.connect()
    except ConnectionError as e:
        print(e)
        return 2

    load_data(pg, statements, strict=True)
    failed_tables = load_data(fr, statements, strict=False)
    for table in all_tables:
        if table in failed_tables:
            print(f"LOAD FAILED {table}: {failed_tables[table]}")
    loaded = len(all_tables) - len(failed_tables)
    print(f"loaded {loaded} of {len(all_tables)} tables into Freshet")
    # ORACLE_IDLE_SECONDS: leave Freshet idle this long after loading, so
    # that storage settles the tables (--settle-min-bytes) before the queries.
    idle = float(os.environ.get("ORACLE_IDLE_SECONDS", "0"))
    if idle > 0:
        print(f"idle for {idle:g} s (storage settles the tables)")
        time.sleep(idle)

    # A self-check compares PostgreSQL with itself: Freshet's list is moot.
    known = {} if args.fresh_freshet else read_known_failures()
    differing = {}
    identical = 0
    errors_matched = 0
    corpus_broken = []
    new_failures = []
    fixed = []
    for q in queries:
        pa = pg.run(q.sql)
        if pa.ok == q.expect_error:
            want = "an error" if q.expect_error else "rows"
            got = f"{pa.sqlstate} {pa.message}" if not pa.ok else f"{len(pa.rows)} rows"
            corpus_broken.append(f"{q.name}: PostgreSQL should give {want}, gives {got}")
            continue
        missing = [t for t in tables_of(q.sql, all_tables) if t in failed_tables]
        if missing:
            # Freshet never got the data: a failure whatever it answers.
            fa = None
            diff = f"table {', '.join(missing)} not loaded: {failed_tables[missing[0]]}"
        else:
            fa = fr.run(q.sql)
            diff = compare(q, pa, fa)
        if diff is None:
            identical += 1
            if not pa.ok:
                errors_matched += 1
            if q.name in known:
                fixed.append(q.name)
            continue
        differing[q.name] = diff
        tag = "known" if q.name in known else "NEW"
        if q.name not in known:
            new_failures.append(q.name)
        print(f"DIFF [{tag}] {q.name}: {diff}")
        if args.verbose:
            print("    " + q.sql.replace("\n", "\n    "))

    for p in corpus_broken:
        print(f"CORPUS {p}")
    for name in fixed:
        print(f"FIXED {name}: now identical; remove it from known_failures.txt (or --update-known-failures)")
    names = set(q.name for q in queries)
    all_names = set(q.name for q in load_corpus()[0])
    stale = sorted(n for n in known if n not in all_names)
    for name in stale:
        print(f"STALE {name}: listed in known_failures.txt but not in the corpus")

    print(f"\n{len(queries)} queries: {identical} identical ({errors_matched} of them matching errors), "
          f"{len(differing)} differing ({len(differing) - len(new_failures)} known, {len(new_failures)} new), "
          f"{len(fixed)} fixed, {len(corpus_broken)} corpus errors")

    if args.update_known_failures:
        entries = {n: r for n, r in known.items() if n not in names and n in all_names}
        entries.update(differing)
        write_known_failures(entries)
        print(f"wrote {KNOWN_FAILURES} ({len(entries)} entries)")
    if corpus_broken:
        return 2
    if new_failures and not args.update_known_failures:
        print(f"FAILED: {len(new_failures)} queries differ that known_failures.txt does not list")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
