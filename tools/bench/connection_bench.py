"""Snapshot and streaming throughput of a Freshet source over a plain
connection, TLS, an SSH tunnel and both, in one run (connection_bench.sh
starts the servers; README.md in this directory says what is measured)."""
import argparse
import os
import statistics
import time

import psycopg

p = argparse.ArgumentParser()
p.add_argument("--pg-port", required=True)
p.add_argument("--fr-port", required=True)
p.add_argument("--ssh-port", required=True)
p.add_argument("--sshd-dir", required=True)
p.add_argument("--tls-dir", required=True)
p.add_argument("--ssh-user", required=True)
p.add_argument("--rows", type=int, default=1_000_000)
p.add_argument("--stream-rows", type=int, default=500_000)
p.add_argument("--rounds", type=int, default=2)
p.add_argument("--variants", default="plain,tls,ssh,ssh_tls")
p.add_argument("--timeout", type=float, default=600)
args = p.parse_args()

up = psycopg.connect(f"host=127.0.0.1 port={args.pg_port} user=postgres dbname=postgres", autocommit=True)
# No server-side prepared statements: Freshet has no DEALLOCATE yet, which
# psycopg sends once it has prepared a few.
fr = psycopg.connect(f"host=127.0.0.1 port={args.fr_port} user=materialize dbname=materialize", autocommit=True,
                     prepare_threshold=None)


def literal(text):
    return "'" + text.replace("'", "''") + "'"


with open(os.path.join(args.tls_dir, "ca.crt")) as f:
    fr.execute(f"CREATE SECRET ca AS {literal(f.read())}")
fr.execute(f"CREATE CONNECTION bastion TO SSH TUNNEL (HOST '127.0.0.1', PORT {args.ssh_port}, USER '{args.ssh_user}')")
k1, k2 = fr.execute("SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections").fetchone()
with open(os.path.join(args.sshd_dir, "authorized_keys"), "w") as f:
    f.write(f"{k1}\n{k2}\n")

# TLS as it is meant to be used: verify-full against the test CA.
common = f"PORT {args.pg_port}, USER 'postgres', DATABASE 'postgres'"
tls = "SSL MODE 'verify-full', SSL CERTIFICATE AUTHORITY SECRET ca"
definitions = {
    "plain": f"HOST '127.0.0.1', {common}",
    "tls": f"HOST 'localhost', {common}, {tls}",
    "ssh": f"HOST '127.0.0.1', {common}, SSH TUNNEL bastion",
    "ssh_tls": f"HOST 'localhost', {common}, {tls}, SSH TUNNEL bastion",
}
variants = args.variants.split(",")
for v in variants:
    fr.execute(f"CREATE CONNECTION {v} TO POSTGRES ({definitions[v]})")


def wait(what, check):
    deadline = time.monotonic() + args.timeout
    while True:
        value = check()
        if value:
            return time.monotonic()
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        time.sleep(0.02)


def source_stat(source_id, column):
    row = fr.execute(f"SELECT {column} FROM mz_internal.mz_source_statistics WHERE id = %s", (source_id,)).fetchone()
    return row[0] if row else None


results = {v: {"snapshot": [], "stream": []} for v in variants}
for r in range(args.rounds):
    order = variants[r % len(variants):] + variants[:r % len(variants)]
    for v in order:
        t = f"bench_{v}_{r}"
        up.execute(f"DROP PUBLICATION IF EXISTS {t}")
        up.execute(f"DROP TABLE IF EXISTS {t}")
        up.execute(f"CREATE TABLE {t} (id int8, amount int8, note text, at timestamptz)")
        up.execute(f"ALTER TABLE {t} REPLICA IDENTITY FULL")
        up.execute(f"INSERT INTO {t} SELECT g, g::int8 * 7919 % 100000, md5(g::text) || ' ' || repeat('x', 20), "
                   f"'2026-01-01'::timestamptz + g * interval '1 second' FROM generate_series(1, {args.rows}) g")
        up.execute(f"VACUUM ANALYZE {t}")
        up.execute(f"CREATE PUBLICATION {t} FOR TABLE {t}")

        start = time.monotonic()
        fr.execute(f"CREATE SOURCE src_{t} FROM POSTGRES CONNECTION {v} (PUBLICATION '{t}') FOR ALL TABLES")
        source_id = fr.execute("SELECT id FROM mz_sources WHERE name = %s", (f"src_{t}",)).fetchone()[0]
        done = wait("the snapshot", lambda: source_stat(source_id, "snapshot_committed"))
        snapshot_s = done - start
        wait("streaming", lambda: fr.execute(
            "SELECT status = 'running' FROM mz_internal.mz_source_statuses WHERE id = %s", (source_id,)).fetchone()[0])
        time.sleep(0.5)  # let the stream settle on its first keepalive
        before = source_stat(source_id, "updates_committed") or 0

        up.execute(f"INSERT INTO {t} SELECT g, g % 1000, md5(g::text) || ' streamed ' || repeat('y', 10), now() "
                   f"FROM generate_series({args.rows} + 1, {args.rows} + {args.stream_rows}) g")
        committed = time.monotonic()
        done = wait("the stream", lambda: (source_stat(source_id, "updates_committed") or 0) >= before + args.stream_rows)
        stream_s = done - committed

        count = fr.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        assert count == args.rows + args.stream_rows, (v, count)
        results[v]["snapshot"].append(args.rows / snapshot_s)
        results[v]["stream"].append(args.stream_rows / stream_s)
        print(f"round {r + 1} {v:8} snapshot {args.rows} rows in {snapshot_s:6.2f} s ({args.rows / snapshot_s:9.0f} rows/s)"
              f"   stream {args.stream_rows} rows in {stream_s:6.2f} s ({args.stream_rows / stream_s:9.0f} rows/s)",
              flush=True)
        fr.execute(f"DROP SOURCE src_{t} CASCADE")
        up.execute(f"DROP PUBLICATION {t}")
        up.execute(f"DROP TABLE {t}")

print()
print(f"medians of {args.rounds} rounds; ratio = variant / plain (1.00 = as fast as plain)")
print(f"| connection | snapshot rows/s | ratio | streaming rows/s | ratio |")
print(f"|---|---:|---:|---:|---:|")
base_snap = statistics.median(results["plain"]["snapshot"]) if "plain" in results else None
base_stream = statistics.median(results["plain"]["stream"]) if "plain" in results else None
for v in variants:
    snap = statistics.median(results[v]["snapshot"])
    stream = statistics.median(results[v]["stream"])
    rs = f"{snap / base_snap:.2f}" if base_snap else "-"
    rt = f"{stream / base_stream:.2f}" if base_stream else "-"
    print(f"| {v} | {snap:.0f} | {rs} | {stream:.0f} | {rt} |")
