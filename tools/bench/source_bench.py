#!/usr/bin/python3
"""The client half of source_bench.sh: Freshet's PostgreSQL source next to
PostgreSQL's own logical replication (a second PostgreSQL 15 subscribing to
the same publication), on the same machine, in the same run.

source_bench.sh makes the scratch directory and checks the tools; this
script starts and stops everything else: per scale a fresh upstream and a
fresh subscriber (tools/pg_cluster.sh) and a fresh Freshet per cluster size.
  source_bench.py --work DIR --freshet-bin BIN --fr-root DIR --pg-port P
      --sub-port S --fr-port F [--scales 10,50] [--sizes 25cc,100cc]
      [--load-tx 2500] [--fresh-seconds 20] [--timeout 900]
Prints what it measures as it goes, then the summary table. Exit status 1
if a system's data differ from upstream's, or a measurement did not finish.
"""

import argparse
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time

import psycopg

ROWS_PER_SCALE = 100000
PUBLICATION = "bench_pub"
SUBSCRIPTION = "bench_sub"
DECODE_SLOT = "bench_decode"
TABLES = ["pgbench_accounts", "pgbench_branches", "pgbench_tellers", "pgbench_history", "heartbeat"]
POLL_S = 0.02


class BenchError(Exception):
    pass


def log(*parts):
    print(*parts, flush=True)


def connect(port, user="postgres"):
    return psycopg.connect(host="127.0.0.1", port=port, user=user, dbname=user, autocommit=True,
                           prepare_threshold=None, connect_timeout=30)


def one(conn, sql, params=None):
    row = conn.execute(sql, params).fetchone()
    return None if row is None else row[0]


def wait_until(what, fn, timeout_s, diagnose=None):
    """Calls fn every POLL_S until it returns a true value; -> (seconds, value)."""
    start = time.perf_counter()
    while True:
        v = fn()
        if v:
            return time.perf_counter() - start, v
        if time.perf_counter() - start > timeout_s:
            detail = diagnose() if diagnose else ""
            raise BenchError(f"{what}: not done after {timeout_s} s{detail}")
        time.sleep(POLL_S)


def proc_status_kib(pid, field):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def proc_sched(pid):
    """(seconds on a CPU, seconds runnable but waiting for one, seconds on a
    CPU of RocksDB's background threads) of pid. The CPU time is the
    process's (/proc/PID/stat: every thread, also those that ended, such as
    snapshot workers); the wait is summed over the threads still alive
    (/proc/PID/task/*/schedstat) and says how much a shared machine held the
    process back; RocksDB's flush and compaction threads are named
    rocksdb:low and rocksdb:high."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        run_s = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        wait_ns = rocks_ns = 0
        for tid in os.listdir(f"/proc/{pid}/task"):
            try:
                with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                    stat = f.read().split()
                wait_ns += int(stat[1])
                with open(f"/proc/{pid}/task/{tid}/comm") as f:
                    if f.read().startswith("rocksdb:"):
                        rocks_ns += int(stat[0])
            except OSError:
                pass  # a thread that ended meanwhile
    except OSError:
        return None
    return run_s, wait_ns / 1e9, rocks_ns / 1e9


def cpu_s(before, after):
    """CPU seconds between two proc_sched readings, None if either is missing."""
    return None if before is None or after is None else after[0] - before[0]


def sched_delta(before, after):
    if before is None or after is None:
        return "CPU time unknown"
    text = f"{after[0] - before[0]:.1f} CPU-s, {after[1] - before[1]:.1f} s waiting for a CPU"
    if after[2] > 0:
        text += f", RocksDB background threads {after[2] - before[2]:.1f} CPU-s"
    return text


def reset_hwm(pid):
    """Resets VmHWM of pid to its current RSS (Linux >= 4.0)."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def loadavg():
    """The machine may be shared: the load average says how much."""
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]


def run(cmd, what=None):
    """Runs cmd -> its stdout and stderr."""
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise BenchError(f"{what or cmd[0]} failed ({r.returncode}): {r.stderr.strip() or r.stdout.strip()}")
    return r.stdout + r.stderr


class Cluster:
    """A throwaway PostgreSQL through tools/pg_cluster.sh."""

    def __init__(self, directory, port):
        self.dir, self.port = directory, port

    def start(self):
        run(["tools/pg_cluster.sh", "start", self.dir, str(self.port)], what="pg_cluster.sh start")

    def stop(self):
        subprocess.run(["tools/pg_cluster.sh", "stop", self.dir, str(self.port)], capture_output=True)

    def conn(self):
        return connect(self.port)

    def client_args(self):
        return ["-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres"]


class Freshet:
    """One freshet process at a time; its pid also goes to pid_file so that
    source_bench.sh can stop it if this script dies."""

    def __init__(self, binary, port, log_path, pid_file, extra_args):
        self.binary, self.port, self.log_path, self.pid_file = binary, port, log_path, pid_file
        self.extra_args = extra_args
        self.proc = None

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    def spawn(self, data_dir):
        self.log_file = open(self.log_path, "a")
        self.proc = subprocess.Popen([self.binary, f"--listen=127.0.0.1:{self.port}", f"--data-dir={data_dir}",
                                      "--log-level=info"] + self.extra_args,
                                     stdout=subprocess.DEVNULL, stderr=self.log_file)
        with open(self.pid_file, "w") as f:
            f.write(str(self.proc.pid))

    def wait_ready(self, timeout_s=120):
        def ready():
            if self.proc.poll() is not None:
                raise BenchError(f"freshet exited with status {self.proc.returncode}: {self.log_tail()}")
            try:
                connect(self.port, "materialize").close()
                return True
            except psycopg.OperationalError:
                return False
        return wait_until("freshet accepting connections", ready, timeout_s)[0]

    def start(self, data_dir):
        self.spawn(data_dir)
        return self.wait_ready()

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(120)
            except subprocess.TimeoutExpired:
                log(f"freshet did not stop within 120 s of SIGTERM; killing it (log: {self.log_path})")
                self.proc.kill()
                self.proc.wait()
        if self.proc.returncode not in (0, -signal.SIGTERM):
            log(f"freshet exited with status {self.proc.returncode} (log: {self.log_path})")
        self.proc = None
        self.log_file.close()
        os.unlink(self.pid_file)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def conn(self):
        if not self.alive():
            raise BenchError(f"freshet is not running: {self.log_tail()}")
        return connect(self.port, "materialize")

    def log_tail(self, n=15):
        try:
            with open(self.log_path) as f:
                return "\n  " + "\n  ".join(f.read().splitlines()[-n:])
        except OSError:
            return ""


class Sampler(threading.Thread):
    """Every 100 ms: Freshet's VmHWM, the subscriber's replication workers'
    VmHWM, and every upstream slot's retained WAL (current WAL position -
    restart_lsn); the maximum of each per phase."""

    def __init__(self, bench):
        super().__init__(daemon=True)
        self.bench = bench
        self.phase = None
        self.max = {}  # (phase, key) -> max value
        self.stop_event = threading.Event()
        self.lock = threading.Lock()
        self.error = None

    def note(self, key, value):
        if value is None or self.phase is None:
            return
        with self.lock:
            k = (self.phase, key)
            self.max[k] = max(self.max.get(k, 0), value)

    def get(self, phase, key):
        with self.lock:
            return self.max.get((phase, key))

    def run(self):
        up = sub = None
        while not self.stop_event.wait(0.1):
            try:
                b = self.bench
                if b.freshet.alive():
                    self.note("freshet_hwm_kib", proc_status_kib(b.freshet.pid, "VmHWM"))
                if up is None or up.closed:
                    up = b.upstream.conn() if b.upstream_up else None
                if sub is None or sub.closed:
                    sub = b.subscriber.conn() if b.subscriber_up else None
                if up is not None:
                    for name, retained in up.execute(
                            "SELECT slot_name, (pg_current_wal_lsn() - restart_lsn)::bigint FROM pg_replication_slots "
                            "WHERE restart_lsn IS NOT NULL").fetchall():
                        self.note("retained_" + b.slot_owner(name), retained)
                if sub is not None:
                    for (pid,) in sub.execute("SELECT pid FROM pg_stat_subscription WHERE pid IS NOT NULL").fetchall():
                        self.note("native_hwm_kib", proc_status_kib(pid, "VmHWM"))
            except psycopg.Error:
                # A cluster being restarted between scales: reconnect next time.
                for c in (up, sub):
                    if c is not None:
                        c.close()
                up = sub = None
            except Exception as e:  # noqa: BLE001 - reported at the end, never swallowed
                self.error = e
                return


class Bench:
    def __init__(self, a):
        self.a = a
        self.upstream = Cluster(os.path.join(a.work, "upstream"), a.pg_port)
        self.subscriber = Cluster(os.path.join(a.work, "subscriber"), a.sub_port)
        self.upstream_up = self.subscriber_up = False
        self.freshet = Freshet(a.freshet_bin, a.fr_port, os.path.join(a.fr_root, "freshet.log"),
                               os.path.join(a.work, "freshet.pid"), a.freshet_args.split())
        self.sampler = Sampler(self)
        self.rows = []  # summary rows
        self.failed = []
        self.freshet_slot = None

    # ---- helpers ----

    def slot_owner(self, name):
        if name == SUBSCRIPTION or re.match(r"pg_\d+_sync_\d+_\d+$", name):
            return "native"
        if name == DECODE_SLOT:
            return "decode"
        return "freshet"

    def fr_stats(self, fr):
        return fr.execute("SELECT snapshot_committed, snapshot_records_staged, snapshot_records_known, "
                          "offset_committed, offset_known FROM mz_internal.mz_source_statistics "
                          "WHERE id = (SELECT id FROM mz_sources WHERE name = 'src')").fetchone()

    def fr_diagnose(self):
        try:
            with self.freshet.conn() as fr:
                st = fr.execute("SELECT status, error FROM mz_internal.mz_source_statuses WHERE name = 'src'").fetchone()
                return f"\n  statistics {self.fr_stats(fr)}, status {st}{self.freshet.log_tail()}"
        except Exception as e:  # noqa: BLE001 - a diagnosis must not hide the error it explains
            return f"\n  (no statistics: {e}){self.freshet.log_tail()}"

    def upstream_sums(self, conn):
        return conn.execute(
            "SELECT (SELECT count(*) FROM pgbench_accounts), (SELECT sum(abalance) FROM pgbench_accounts), "
            "(SELECT sum(bbalance) FROM pgbench_branches), (SELECT sum(tbalance) FROM pgbench_tellers), "
            "(SELECT count(*) FROM pgbench_history), (SELECT sum(delta) FROM pgbench_history)").fetchone()

    def check_same(self, what, conn, expected):
        got = self.upstream_sums(conn)
        if tuple(int(v or 0) for v in got) != tuple(int(v or 0) for v in expected):
            self.failed.append(f"{what}: data differ from upstream: {got} vs {expected}")
            log(f"  DIFFER: {what} has (count, sum abalance, sum bbalance, sum tbalance, history rows, sum delta) "
                f"= {got}, upstream {expected}")
            return False
        return True

    def add(self, figure, freshet, native=None, ref=None, ref_name="", target=None, lower_is_better=False):
        """A row of the summary; target = (text, check(freshet, native, ref))."""
        self.rows.append(dict(figure=figure, freshet=freshet, native=native, ref=ref, ref_name=ref_name,
                              target=target, lower=lower_is_better))

    def pgbench(self, *args):
        out = run(["pgbench", "-n", *args, *self.upstream.client_args(), "postgres"], what="pgbench")
        tps = re.search(r"tps = ([\d.]+) \(without", out)
        n = re.search(r"number of transactions actually processed: (\d+)", out)
        return (float(tps.group(1)) if tps else None), (int(n.group(1)) if n else None)

    def native_remote_lsn(self, sub):
        return one(sub, "SELECT (remote_lsn - '0/0')::bigint FROM pg_replication_origin_status "
                        "WHERE external_id = 'pg_' || (SELECT oid FROM pg_subscription WHERE subname = %s)",
                   (SUBSCRIPTION,))

    def marker(self, up):
        """Ends a load with one more published transaction and returns T0, the
        WAL insert position before its commit record: a consumer whose
        commit-based progress is past T0 has applied the whole load (nothing
        else published commits after it). The commit is flushed (synchronous
        commit) so that walsenders can send it at once."""
        up.execute("SET synchronous_commit = on")
        with up.transaction():
            up.execute("UPDATE heartbeat SET ts = clock_timestamp() WHERE id = 1")
            t0 = one(up, "SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint")
            t0_text = one(up, "SELECT pg_current_wal_insert_lsn()::text")
        up.execute("RESET synchronous_commit")
        return t0, t0_text

    def walsender(self, up, slot):
        """CPU use of the walsender serving slot, since it started."""
        pid = one(up, "SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", (slot,))
        return sched_delta((0, 0, 0), proc_sched(pid)) if pid else "CPU time unknown"

    def wait_slot_inactive(self, up, slot):
        wait_until(f"slot {slot} released", lambda: not one(
            up, "SELECT coalesce(bool_or(active), false) FROM pg_replication_slots WHERE slot_name = %s", (slot,)),
            60)

    def phase(self, name):
        self.sampler.phase = name

    # ---- setup ----

    def start_clusters(self, scale):
        self.upstream_up = self.subscriber_up = False
        self.upstream.start()
        self.subscriber.start()
        self.upstream_up = self.subscriber_up = True
        init = run(["pgbench", "-i", "-q", "-s", str(scale), *self.upstream.client_args(), "postgres"],
                   what="pgbench -i")
        done = re.search(r"^done in .*", init, re.M)
        with self.upstream.conn() as up:
            for t in TABLES[:4]:
                up.execute(f"ALTER TABLE {t} REPLICA IDENTITY FULL")
            up.execute("CREATE TABLE heartbeat (id int PRIMARY KEY, ts timestamptz)")
            up.execute("ALTER TABLE heartbeat REPLICA IDENTITY FULL")
            up.execute("INSERT INTO heartbeat VALUES (1, clock_timestamp())")
            up.execute(f"CREATE PUBLICATION {PUBLICATION} FOR TABLE {', '.join(TABLES)}")
            # Each commit flushes WAL (cheap with fsync off) as with PostgreSQL's
            # defaults: with pg_cluster.sh's synchronous_commit = off, WAL
            # reaches walsenders in bursts (at 1 MiB or every 200 ms), so a
            # heartbeat waits behind a whole burst of pgbench transactions.
            up.execute("ALTER SYSTEM SET synchronous_commit = on")
            up.execute("SELECT pg_reload_conf()")
            up.execute("CHECKPOINT")
        # The subscriber is durable, as Freshet is (it syncs every commit):
        # pg_cluster.sh turns fsync and friends off. Its apply worker keeps
        # PostgreSQL's default for subscriptions, synchronous_commit = off.
        with self.subscriber.conn() as sub:
            for setting in ("fsync", "synchronous_commit", "full_page_writes"):
                sub.execute(f"ALTER SYSTEM SET {setting} = on")
            sub.execute("SELECT pg_reload_conf()")
        # The subscriber gets the tables (with their primary keys) from a
        # schema-only dump.
        dump = run(["pg_dump", "--schema-only", "--no-publications", *sum((["-t", t] for t in TABLES), []),
                    *self.upstream.client_args(), "postgres"], what="pg_dump")
        r = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *self.subscriber.client_args(), "postgres"],
                           input=dump, capture_output=True, text=True)
        if r.returncode != 0:
            raise BenchError(f"restoring the schema on the subscriber: {r.stderr}")
        return done.group(0) if done else ""

    # ---- 1. snapshot ----

    def copy_rates(self, rows):
        """Best of two runs of COPY pgbench_accounts TO STDOUT through psql into
        /dev/null, text and binary -> {format: rows/s}."""
        rates = {}
        for fmt, opt in (("text", ""), ("binary", " (FORMAT binary)")):
            best = None
            for _ in range(2):
                start = time.perf_counter()
                r = subprocess.run(["psql", "-X", "-q", *self.upstream.client_args(), "-d", "postgres", "-c",
                                    f"COPY pgbench_accounts TO STDOUT{opt}"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True)
                took = time.perf_counter() - start
                if r.returncode != 0:
                    raise BenchError(f"COPY {fmt}: {r.stderr}")
                best = took if best is None else min(best, took)
            rates[fmt] = rows / best
        return rates

    def native_snapshot(self, rows):
        conninfo = f"host=127.0.0.1 port={self.upstream.port} user=postgres dbname=postgres"
        with self.subscriber.conn() as sub:
            start = time.perf_counter()
            sub.execute(f"CREATE SUBSCRIPTION {SUBSCRIPTION} CONNECTION '{conninfo}' PUBLICATION {PUBLICATION}")
            wait_until("native subscriber: pgbench_accounts ready", lambda: one(
                sub, "SELECT srsubstate FROM pg_subscription_rel WHERE srrelid = 'pgbench_accounts'::regclass") == "r",
                self.a.timeout)
            took = time.perf_counter() - start
            count = one(sub, "SELECT count(*) FROM pgbench_accounts")
            if count != rows:
                self.failed.append(f"native snapshot: {count} rows, expected {rows}")
                log(f"  DIFFER: the native subscriber has {count} rows, expected {rows}")
        return took

    def freshet_snapshot(self, scale, size, rows):
        """A fresh Freshet; CREATE SOURCE in a cluster of `size`, timed until the
        snapshot is committed and count(*) has every row."""
        self.phase(f"snapshot-{scale}-{size}")
        data_dir = os.path.join(self.a.fr_root, f"data-{scale}-{size}")
        self.freshet.start(data_dir)
        sched0 = proc_sched(self.freshet.pid)
        with self.freshet.conn() as fr:
            fr.execute(f"CREATE CONNECTION pg TO POSTGRES (HOST '127.0.0.1', PORT {self.upstream.port}, "
                       "USER 'postgres', DATABASE 'postgres')")
            fr.execute(f"CREATE CLUSTER ingest (SIZE = '{size}')")
            workers = one(fr, "SELECT workers FROM mz_catalog.mz_cluster_replica_sizes WHERE size = %s", (size,))
            if workers is None and size.isdigit():
                workers = int(size)  # a test size: "W" workers
            start = time.perf_counter()
            fr.execute(f"CREATE SOURCE src IN CLUSTER ingest FROM POSTGRES CONNECTION pg "
                       f"(PUBLICATION '{PUBLICATION}') FOR ALL TABLES")
            created = time.perf_counter() - start
            staged_at = []  # when snapshot_records_staged first covered every row: copying is over

            def committed():
                st = self.fr_stats(fr)
                if st and not staged_at and (st[1] or 0) >= rows:
                    staged_at.append(time.perf_counter() - start)
                return st and st[0]
            wait_until(f"freshet snapshot at scale {scale}, size {size}", committed, self.a.timeout,
                       self.fr_diagnose)
            # The snapshot is done when it is committed and every row is
            # visible: the time of the first count(*) to see them all, which
            # is normally the one sent right after snapshot_committed. The
            # count's own duration (a full scan) is reported, not counted.
            took = time.perf_counter() - start
            sched1 = proc_sched(self.freshet.pid)
            count_start = time.perf_counter()
            count = one(fr, "SELECT count(*) FROM pgbench_accounts")
            count_s = time.perf_counter() - count_start
            deadline = count_start + 60
            while count != rows:
                if time.perf_counter() > deadline:
                    raise BenchError(f"freshet at scale {scale}, size {size}: count(*) is {count} a minute after "
                                     f"snapshot_committed, expected {rows}{self.fr_diagnose()}")
                time.sleep(POLL_S)
                took = time.perf_counter() - start
                count = one(fr, "SELECT count(*) FROM pgbench_accounts")
            self.freshet_slot = one(fr, "SELECT replication_slot FROM mz_internal.mz_postgres_sources LIMIT 1")
        staged = f"every row staged after {staged_at[0]:.2f} s" if staged_at else "staging not seen"
        return took, count_s, created, staged, workers, sched_delta(sched0, sched1)

    def retire_freshet(self):
        """Stops Freshet after a snapshot that is not the last one: drops its
        source (Freshet drops the slot too, asynchronously), stops it, then
        drops whatever slot of it is left upstream."""
        if self.freshet.alive():
            try:
                with self.freshet.conn() as fr:
                    fr.execute("DROP SOURCE src CASCADE")
            except psycopg.Error as e:
                log(f"  DROP SOURCE failed: {e}")
        self.freshet.stop()
        with self.upstream.conn() as up:
            def leftovers():
                return [name for name, active in up.execute(
                    "SELECT slot_name, active FROM pg_replication_slots").fetchall()
                    if self.slot_owner(name) == "freshet"]
            wait_until("freshet's slots released", lambda: not one(
                up, "SELECT count(*) FROM pg_replication_slots WHERE active AND slot_name = ANY(%s)",
                (leftovers(),)), 60)
            for name in leftovers():
                up.execute("SELECT pg_drop_replication_slot(%s)", (name,))

    def snapshot(self, scale, last_scale):
        rows = scale * ROWS_PER_SCALE
        log(f"== scale {scale}: {rows} rows in pgbench_accounts ({loadavg()})")
        log(f"  upstream: pgbench -i -s {scale}: {self.start_clusters(scale)}")
        copy = self.copy_rates(rows)
        log(f"  COPY pgbench_accounts TO STDOUT through psql, best of 2: text {copy['text']:,.0f} rows/s, "
            f"binary {copy['binary']:,.0f} rows/s")
        self.phase(f"snapshot-{scale}-native")
        native_s = self.native_snapshot(rows)
        log(f"  native subscriber: {native_s:.2f} s until pgbench_accounts is ready ({rows / native_s:,.0f} rows/s)")
        for i, size in enumerate(self.a.sizes):
            last = last_scale and i == len(self.a.sizes) - 1
            try:
                took, count_s, created, staged, workers, cpu = self.freshet_snapshot(scale, size, rows)
            except BenchError as e:
                self.failed.append(str(e))
                log(f"  FAILED: {e}")
                self.add(f"snapshot s{scale} {size} rows/s", None, rows / native_s, copy["text"], "COPY text")
                self.retire_freshet()
                continue
            hwm = self.sampler.get(f"snapshot-{scale}-{size}", "freshet_hwm_kib")
            log(f"  freshet, cluster size {size} ({workers} workers): {took:.2f} s until committed with every row "
                f"visible ({rows / took:,.0f} rows/s; CREATE SOURCE returned after {created:.2f} s, {staged}; the count(*) "
                f"that checked took {count_s:.2f} s more); {cpu}, peak RSS {hwm / 1024 if hwm else 0:.0f} MiB")
            self.add(f"snapshot s{scale} {size} rows/s", rows / took, rows / native_s, copy["text"], "COPY text",
                     (">= 2x native", lambda f, n, r: f >= 2 * n))
            self.add("  same, vs COPY binary", rows / took, None, copy["binary"], "COPY binary")
            if not last:
                self.retire_freshet()
        native_hwm = self.sampler.get(f"snapshot-{scale}-native", "native_hwm_kib")
        size = self.a.sizes[-1]
        fr_hwm = self.sampler.get(f"snapshot-{scale}-{size}", "freshet_hwm_kib")
        self.add(f"peak RSS MiB, snapshot s{scale} {size}", fr_hwm and fr_hwm / 1024, native_hwm and native_hwm / 1024,
                 lower_is_better=True)

    # ---- 2. backlog drain ----

    def drain(self, scale):
        a = self.a
        log(f"== backlog drain at scale {scale}: both consumers stopped, then pgbench -c 4 -j 2 -t {a.load_tx} "
            f"(tpcb-like) and -b simple-update -t {a.load_tx} upstream ({loadavg()})")
        self.phase("drain-load")
        fr_data = os.path.join(a.fr_root, f"data-{scale}-{a.sizes[-1]}")
        self.freshet.stop()
        with self.upstream.conn() as up, self.subscriber.conn() as sub:
            sub.execute(f"ALTER SUBSCRIPTION {SUBSCRIPTION} DISABLE")
            self.wait_slot_inactive(up, SUBSCRIPTION)
            self.wait_slot_inactive(up, self.freshet_slot)
            run(["pg_recvlogical", *self.upstream.client_args(), "-d", "postgres", "-S", DECODE_SLOT,
                 "--create-slot", "-P", "pgoutput"], what="pg_recvlogical --create-slot")
            lsn0 = one(up, "SELECT (pg_current_wal_lsn() - '0/0')::bigint")
            start = time.perf_counter()
            tps_tpcb, _ = self.pgbench("-c", "4", "-j", "2", "-t", str(a.load_tx))
            tps_simple, _ = self.pgbench("-c", "4", "-j", "2", "-t", str(a.load_tx), "-b", "simple-update")
            load_s = time.perf_counter() - start
            t0, t0_text = self.marker(up)
            wal = t0 - lsn0
            txns = 2 * 4 * a.load_tx + 1
            changes = 4 * 4 * a.load_tx + 2 * 4 * a.load_tx + 1
            expected = self.upstream_sums(up)
            log(f"  load: {txns} transactions, {changes} row changes, {wal / 2**20:.1f} MiB of WAL in {load_s:.1f} s "
                f"(tpcb-like {tps_tpcb or 0:.0f} tps, simple-update {tps_simple or 0:.0f} tps)")

            self.phase("drain-decode")
            start = time.perf_counter()
            recv = subprocess.Popen(
                ["pg_recvlogical", *self.upstream.client_args(), "-d", "postgres", "-S", DECODE_SLOT, "--start",
                 "-o", "proto_version=1", "-o", f"publication_names={PUBLICATION}", "-f", "/dev/null",
                 f"--endpos={t0_text}", "--no-loop"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            # The walsender's CPU time, read until it ends (every 10 ms).
            sender, decode_cpu = None, None
            while recv.poll() is None:
                sender = sender or one(up, "SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s",
                                       (DECODE_SLOT,))
                if sender:
                    decode_cpu = proc_sched(sender) or decode_cpu
                time.sleep(0.01)
            decode_s = time.perf_counter() - start
            if recv.returncode != 0:
                raise BenchError(f"pg_recvlogical --start failed ({recv.returncode}): {recv.stderr.read().strip()}")
            run(["pg_recvlogical", *self.upstream.client_args(), "-d", "postgres", "-S", DECODE_SLOT, "--drop-slot"],
                what="pg_recvlogical --drop-slot")
            log(f"  decode limit: pg_recvlogical (pgoutput) read the backlog in {decode_s:.2f} s "
                f"({txns / decode_s:,.0f} tx/s, {wal / 2**20 / decode_s:.1f} MiB WAL/s); its walsender "
                f"{sched_delta((0, 0, 0), decode_cpu)} (read until 10 ms before the end)")

            self.phase("drain-freshet")
            fr_s = fr_cpu = nat_cpu = None
            start = time.perf_counter()
            try:
                self.freshet.spawn(fr_data)
                ready_s = self.freshet.wait_ready()
                sched0 = proc_sched(self.freshet.pid)
                with self.freshet.conn() as fr:
                    wait_until("freshet drain", lambda: (one(fr, "SELECT lsn FROM src_progress") or 0) > t0,
                               a.timeout, self.fr_diagnose)
                    fr_s = time.perf_counter() - start
                    sched1 = proc_sched(self.freshet.pid)
                    cpu, fr_cpu = sched_delta(sched0, sched1), cpu_s(sched0, sched1)
                    sender = self.walsender(up, self.freshet_slot)
                    log(f"  freshet: restarted and caught up in {fr_s:.2f} s ({ready_s:.2f} s of it until it "
                        f"accepted connections; after that {cpu}; its walsender {sender}), "
                        f"{txns / fr_s:,.0f} tx/s")
                    self.check_same("freshet after the drain", fr, expected)
            except BenchError as e:
                self.failed.append(str(e))
                log(f"  FAILED: {e}")

            self.phase("drain-native")
            start = time.perf_counter()
            sub.execute(f"ALTER SUBSCRIPTION {SUBSCRIPTION} ENABLE")
            native_s = None
            try:
                wait_until("native drain", lambda: (self.native_remote_lsn(sub) or 0) > t0, a.timeout)
                native_s = time.perf_counter() - start
                worker = one(sub, "SELECT pid FROM pg_stat_subscription WHERE relid IS NULL AND pid IS NOT NULL")
                sched1 = proc_sched(worker) if worker else None
                cpu, nat_cpu = sched_delta((0, 0, 0), sched1), cpu_s((0, 0, 0), sched1)
                log(f"  native subscriber: enabled and caught up in {native_s:.2f} s (apply worker {cpu}; "
                    f"its walsender {self.walsender(up, SUBSCRIPTION)}), {txns / native_s:,.0f} tx/s")
                self.check_same("native subscriber after the drain", sub, expected)
            except BenchError as e:
                self.failed.append(str(e))
                log(f"  FAILED: {e}")
        rate = lambda s: s and txns / s  # noqa: E731
        self.add(f"drain tx/s ({txns} tx, {wal / 2**20:.0f} MiB WAL)", rate(fr_s), rate(native_s), rate(decode_s),
                 "decode limit", (">= 0.9x decode limit", lambda f, n, r: f >= 0.9 * r))
        # CPU time does not depend on what else the machine runs: on a shared
        # machine these say more than the rates above.
        per_tx = lambda c: c and c / txns * 1e6  # noqa: E731
        self.add("drain CPU us/tx (F: process, native: apply worker)", per_tx(fr_cpu), per_tx(nat_cpu),
                 per_tx(cpu_s((0, 0, 0), decode_cpu)), "walsender decoding", lower_is_better=True)

    # ---- 3. freshness ----

    def freshness(self, who, conn_fn, pid_fn):
        """pgbench -T upstream while a heartbeat row is updated every 100 ms;
        `who` is sampled every 50 ms, the CPU time of process pid_fn() is
        read before and after. -> dict of results."""
        a = self.a
        beats = []  # (ts as seconds since the epoch, client time when its commit returned)
        samples = []  # (sent, received, visible ts)
        stop = threading.Event()
        errors = []

        def beat():
            try:
                with self.upstream.conn() as up:
                    up.execute("SET synchronous_commit = on")  # walsenders see each beat at once
                    nxt = time.time()
                    while not stop.is_set():
                        ts = one(up, "UPDATE heartbeat SET ts = clock_timestamp() WHERE id = 1 RETURNING ts")
                        beats.append((ts.timestamp(), time.time()))
                        nxt += 0.1
                        stop.wait(max(0, nxt - time.time()))
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

        def sample():
            try:
                with conn_fn() as c:
                    while not stop.is_set():
                        sent = time.time()
                        ts = one(c, "SELECT ts FROM heartbeat WHERE id = 1")
                        samples.append((sent, time.time(), ts.timestamp()))
                        # 50 ms on average, jittered so that the samples do not
                        # lock onto the heartbeat's phase.
                        stop.wait(max(0, random.uniform(0.025, 0.075) - (time.time() - sent)))
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

        threads = [threading.Thread(target=beat), threading.Thread(target=sample)]
        for t in threads:
            t.start()
        time.sleep(1)
        window_start = time.time()
        pid = pid_fn()
        sched0 = proc_sched(pid) if pid else None
        try:
            tps, txns = self.pgbench("-c", "4", "-j", "2", "-T", str(a.fresh_seconds))
        finally:
            window_end = time.time()
            sched1 = proc_sched(pid) if pid else None
            stop.set()
            for t in threads:
                t.join()
        if errors:
            raise BenchError(f"freshness of {who}: {errors[0]}")
        # age = now - ts of the visible heartbeat: it includes the heartbeat
        # period (a perfect replica shows up to 100 ms). lag = how long the
        # visible state had been stale: now - the commit time of the oldest
        # heartbeat not yet visible (0 when the newest committed one is).
        beats.sort()
        ages, lags = [], []
        per_second = {}  # second of the run -> its largest lag: steady, growing, or spikes?
        for sent, received, visible in samples:
            if not window_start <= sent <= window_end:
                continue
            ages.append((received - visible) * 1000)
            lag = 0.0
            for ts, committed in beats:
                if ts > visible + 1e-6:
                    if committed <= sent:
                        lag = (sent - committed) * 1000
                    break
            lags.append(lag)
            second = int(sent - window_start)
            per_second[second] = max(per_second.get(second, 0), lag)
        rtts = [(r - s) * 1000 for s, r, _ in samples]
        gaps = [(later[1] - earlier[1]) * 1000 for earlier, later in zip(beats, beats[1:])
                if window_start <= later[1] <= window_end]
        cpu = cpu_s(sched0, sched1)
        res = dict(tps=tps, n=len(ages), age50=pct(ages, 50), age99=pct(ages, 99), lag50=pct(lags, 50),
                   lag99=pct(lags, 99), lagmax=max(lags) if lags else None, rtt50=pct(rtts, 50),
                   cpu_per_tx=cpu / txns * 1e6 if cpu is not None and txns else None)
        log(f"  {who}: pgbench {tps or 0:.0f} tps; {res['n']} samples: now - ts p50 {res['age50']:.1f} ms, "
            f"p99 {res['age99']:.1f} ms; lag p50 {res['lag50']:.1f} ms, p99 {res['lag99']:.1f} ms, "
            f"max {res['lagmax']:.1f} ms; sample round trip p50 {res['rtt50']:.2f} ms; heartbeat commits "
            f"{pct(gaps, 50) or 0:.0f} ms apart (p50), {max(gaps, default=0):.0f} ms at most; "
            f"{sched_delta(sched0, sched1)} during pgbench")
        log(f"    largest lag in each second (ms): {' '.join(f'{v:.0f}' for _, v in sorted(per_second.items()))}")
        return res

    def fresh(self, scale):
        a = self.a
        log(f"== freshness at scale {scale}: heartbeat every 100 ms, pgbench -c 4 -j 2 -T {a.fresh_seconds} "
            f"(tpcb-like) upstream, sampled every 50 ms; each system alone, the other stopped ({loadavg()})")
        fr_res = nat_res = None
        with self.upstream.conn() as up, self.subscriber.conn() as sub:
            sub.execute(f"ALTER SUBSCRIPTION {SUBSCRIPTION} DISABLE")
            self.wait_slot_inactive(up, SUBSCRIPTION)
            if self.freshet.alive():
                reset_hwm(self.freshet.pid)
                self.phase("fresh-freshet")
                try:
                    fr_res = self.freshness("freshet", self.freshet.conn, lambda: self.freshet.pid)
                except BenchError as e:
                    self.failed.append(str(e))
                    log(f"  FAILED: {e}")
                fr_hwm = self.sampler.get("fresh-freshet", "freshet_hwm_kib")
            else:
                log("  freshet is not running: no freshness figures for it")
                fr_hwm = None
            # The native subscriber catches up on what it missed, alone.
            self.phase("fresh-catch-up")
            self.freshet.stop()
            t0, _ = self.marker(up)
            sub.execute(f"ALTER SUBSCRIPTION {SUBSCRIPTION} ENABLE")
            wait_until("native catching up before its freshness run",
                       lambda: (self.native_remote_lsn(sub) or 0) > t0, a.timeout)
            self.phase("fresh-native")
            try:
                nat_res = self.freshness("native subscriber (apply worker)", self.subscriber.conn, lambda: one(
                    sub, "SELECT pid FROM pg_stat_subscription WHERE relid IS NULL AND pid IS NOT NULL"))
            except BenchError as e:
                self.failed.append(str(e))
                log(f"  FAILED: {e}")
        g = lambda r, k: r and r[k]  # noqa: E731
        self.add("pgbench tps during the freshness run", g(fr_res, "tps"), g(nat_res, "tps"))
        self.add("now - ts p50 ms (incl. 100 ms beat)", g(fr_res, "age50"), g(nat_res, "age50"), lower_is_better=True)
        self.add("now - ts p99 ms (incl. 100 ms beat)", g(fr_res, "age99"), g(nat_res, "age99"), lower_is_better=True)
        self.add("lag p50 ms", g(fr_res, "lag50"), g(nat_res, "lag50"), lower_is_better=True)
        self.add("lag p99 ms", g(fr_res, "lag99"), g(nat_res, "lag99"), lower_is_better=True,
                 target=("< 50 ms", lambda f, n, r: f < 50))
        self.add("CPU us per pgbench tx (F: process, native: apply worker)", g(fr_res, "cpu_per_tx"),
                 g(nat_res, "cpu_per_tx"), lower_is_better=True)
        nat_hwm = self.sampler.get("fresh-native", "native_hwm_kib")
        self.add("peak RSS MiB, streaming", fr_hwm and fr_hwm / 1024, nat_hwm and nat_hwm / 1024,
                 lower_is_better=True)
        fr_wal = self.sampler.get("fresh-freshet", "retained_freshet")
        nat_wal = self.sampler.get("fresh-native", "retained_native")
        self.add("slot retained WAL MiB, max under load", fr_wal and fr_wal / 2**20, nat_wal and nat_wal / 2**20,
                 lower_is_better=True)

    # ---- the run ----

    def main(self):
        self.sampler.start()
        try:
            for i, scale in enumerate(self.a.scales):
                last = i == len(self.a.scales) - 1
                self.snapshot(scale, last)
                if last and self.freshet.alive():
                    self.drain(scale)
                    self.fresh(scale)
                elif last:
                    log("freshet did not finish its snapshot: no drain or freshness figures")
                self.freshet.stop()
                self.upstream_up = self.subscriber_up = False
                self.upstream.stop()
                self.subscriber.stop()
                log(f"  {loadavg()} at the end of scale {scale}")
        except BenchError as e:
            self.failed.append(str(e))
            log(f"FAILED: {e}")
        finally:
            self.freshet.stop()
            self.sampler.stop_event.set()
            self.sampler.join()
        if self.sampler.error:
            self.failed.append(f"sampler: {self.sampler.error}")
        whole = [v for (p, k), v in self.sampler.max.items() if k == "retained_freshet"]
        if whole:
            log(f"freshet's slot retained at most {max(whole) / 2**20:.1f} MiB of WAL over the whole run "
                "(the drain's backlog is retained by design)")
        self.summary()
        for f in self.failed:
            log(f"FAILED: {f}")
        return 1 if self.failed else 0

    def summary(self):
        def fmt(v):
            if v is None:
                return "n/a"
            return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.1f}" if abs(v) >= 10 else f"{v:.2f}"

        def ratio(x, y):
            return "n/a" if x is None or not y else f"{x / y:.2f}"

        log("")
        log("Summary: F = Freshet, native = the PostgreSQL subscriber; rates: higher is better, ms and MiB: lower "
            "is better; ref = the limit both are compared with")
        head = ("figure", "freshet", "native", "F/native", "ref", "F/ref", "native/ref", "target", "met")
        rows = [head]
        for r in self.rows:
            ref = f"{fmt(r['ref'])} {r['ref_name']}" if r["ref"] is not None else ""
            native = fmt(r["native"]) if r["native"] is not None or r["ref"] is None else ""
            target, met = "", ""
            if r["target"]:
                target = r["target"][0]
                if r["freshet"] is not None:
                    met = "yes" if r["target"][1](r["freshet"], r["native"], r["ref"]) else "no"
            rows.append((r["figure"], fmt(r["freshet"]), native,
                         ratio(r["freshet"], r["native"]) if native else "", ref,
                         ratio(r["freshet"], r["ref"]) if r["ref"] else "",
                         ratio(r["native"], r["ref"]) if r["ref"] and r["native"] else "", target, met))
        widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
        for row in rows:
            log("  ".join(c.ljust(w) if i in (0, 4, 7, 8) else c.rjust(w)
                          for i, (c, w) in enumerate(zip(row, widths))).rstrip())


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--work", required=True)
    p.add_argument("--freshet-bin", required=True)
    p.add_argument("--fr-root", required=True)
    p.add_argument("--freshet-args", default="")
    p.add_argument("--pg-port", type=int, required=True)
    p.add_argument("--sub-port", type=int, required=True)
    p.add_argument("--fr-port", type=int, required=True)
    p.add_argument("--scales", default="10,50")
    p.add_argument("--sizes", default="25cc,100cc")
    p.add_argument("--load-tx", type=int, default=5000)
    p.add_argument("--fresh-seconds", type=int, default=20)
    p.add_argument("--timeout", type=int, default=900)
    a = p.parse_args()
    a.scales = [int(s) for s in a.scales.split(",")]
    a.sizes = a.sizes.split(",")
    sys.exit(Bench(a).main())


if __name__ == "__main__":
    main()
