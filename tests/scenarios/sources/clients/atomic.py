"""Samples a table on Freshet until it shows the final state, checking that
every answer is one of the allowed states (a transaction seen whole).

  atomic.py TABLE "COUNT DISTINCT_BATCHES MIN_BATCH" (allowed state) ... (the last is final)
"""
import os
import sys
import time

import psycopg


def main():
    table, allowed = sys.argv[1], sys.argv[2:]
    final = allowed[-1]
    deadline = time.time() + 60
    seen = set()
    with psycopg.connect(os.environ["FRESHET_URL"], autocommit=True) as conn:
        while True:
            row = conn.execute(f"SELECT count(*), count(DISTINCT batch), min(batch) FROM {table}").fetchone()
            state = " ".join(str(v) for v in row)
            if state not in allowed:
                sys.exit(f"{table} showed {state!r}, a transaction seen in part (allowed: {allowed})")
            seen.add(state)
            if state == final:
                break
            if time.time() > deadline:
                sys.exit(f"{table} did not reach {final!r} within 60 s (last {state!r})")
    print(f"{table}: states seen {sorted(seen)}")


main()
