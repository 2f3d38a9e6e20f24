"""Checks a source's replication slot upstream (psycopg, Debian's python3).

  slot.py check SOURCE FILE  the slot of SOURCE exists upstream and confirms
                             no more than Freshet committed; its name goes
                             to FILE
  slot.py gone FILE          the slot named in FILE disappears upstream
                             within 10 s
  slot.py drop FILE          drops the slot named in FILE upstream, ending
                             the backend that streams it

Freshet comes from FRESHET_URL, the upstream from FRESHET_TEST_UPSTREAM.
"""
import os
import sys
import time

import psycopg


def main():
    upstream = psycopg.connect(os.environ["FRESHET_TEST_UPSTREAM"], autocommit=True)
    if sys.argv[1] == "check":
        source, path = sys.argv[2], sys.argv[3]
        with psycopg.connect(os.environ["FRESHET_URL"], autocommit=True) as fr:
            slot, committed = fr.execute(
                "SELECT p.replication_slot, s.offset_committed FROM mz_internal.mz_postgres_sources p "
                "JOIN mz_sources m USING (id) JOIN mz_internal.mz_source_statistics s USING (id) "
                "WHERE m.name = %s", (source,)).fetchone()
        row = upstream.execute(
            "SELECT (confirmed_flush_lsn - '0/0')::bigint, plugin, slot_type FROM pg_replication_slots "
            "WHERE slot_name = %s", (slot,)).fetchone()
        if row is None:
            sys.exit(f"slot {slot} does not exist upstream")
        confirmed, plugin, kind = row
        if plugin != "pgoutput" or kind != "logical":
            sys.exit(f"slot {slot} is {kind}/{plugin}, not logical/pgoutput")
        if confirmed is not None and committed is not None and confirmed > committed:
            sys.exit(f"slot {slot} confirmed {confirmed} beyond Freshet's committed {committed}")
        with open(path, "w") as f:
            f.write(slot)
        print(f"slot {slot}: confirmed {confirmed} <= committed {committed}")
    elif sys.argv[1] == "gone":
        with open(sys.argv[2]) as f:
            slot = f.read().strip()
        deadline = time.time() + 10
        while upstream.execute("SELECT 1 FROM pg_replication_slots WHERE slot_name = %s", (slot,)).fetchone():
            if time.time() > deadline:
                sys.exit(f"slot {slot} still exists upstream 10 s after DROP SOURCE")
            time.sleep(0.1)
        print(f"slot {slot} is gone")
        os.remove(sys.argv[2])
    elif sys.argv[1] == "drop":
        with open(sys.argv[2]) as f:
            slot = f.read().strip()
        deadline = time.time() + 10
        while True:
            upstream.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                             "WHERE slot_name = %s AND active_pid IS NOT NULL", (slot,))
            try:
                upstream.execute("SELECT pg_drop_replication_slot(%s)", (slot,))
                break
            except psycopg.errors.ObjectInUse:
                if time.time() > deadline:
                    raise
                time.sleep(0.05)
        print(f"dropped slot {slot}")
        os.remove(sys.argv[2])
    else:
        sys.exit(__doc__)


main()
