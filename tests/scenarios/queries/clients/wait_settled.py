"""Waits until Freshet's log shows that storage has settled a collection of
at least MIN_ROWS rows at least N times (docs/storage.md, "Settled bases");
fails after 60 s. Usage: wait_settled.py N MIN_ROWS"""
import os
import re
import sys
import time

want, min_rows = int(sys.argv[1]), int(sys.argv[2])
pattern = re.compile(r"storage: settled collection \d+: (\d+) rows in (\d+) pages")
deadline = time.monotonic() + 60
seen = []
while time.monotonic() < deadline:
    with open(os.environ["FRESHET_LOG"], errors="replace") as f:
        seen = [m for m in pattern.finditer(f.read()) if int(m.group(1)) >= min_rows]
    if len(seen) >= want:
        print(f"settled {len(seen)} times: " + "; ".join(m.group(0) for m in seen))
        sys.exit(0)
    time.sleep(0.2)
print(f"the log shows {len(seen)} settles of a collection of at least {min_rows} rows, not {want}", file=sys.stderr)
sys.exit(1)
