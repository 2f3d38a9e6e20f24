"""SSH tunnel key pairs as a user sees them in mz_ssh_tunnel_connections.

  ssh_keys.py save FILE     record the keys of connection `ssh` in FILE
  ssh_keys.py same FILE     the keys are still those in FILE (after a restart)
  ssh_keys.py rotate        ROTATE KEYS promotes key 2 and makes a new key 2
"""
import json
import sys

import psycopg

QUERY = "SELECT public_key_1, public_key_2 FROM mz_ssh_tunnel_connections WHERE id = %s"

conn = psycopg.connect(autocommit=True)
conn_id = conn.execute("SELECT id FROM mz_connections WHERE name = 'ssh'").fetchone()[0]


def keys():
    k1, k2 = conn.execute(QUERY, (conn_id,)).fetchone()
    for k in (k1, k2):
        assert k.startswith("ssh-ed25519 AAAA") and len(k.split()) == 2, k
    assert k1 != k2
    return [k1, k2]


cmd = sys.argv[1]
if cmd == "save":
    with open(sys.argv[2], "w") as f:
        json.dump(keys(), f)
elif cmd == "same":
    with open(sys.argv[2]) as f:
        saved = json.load(f)
    assert keys() == saved, (keys(), saved)
elif cmd == "rotate":
    before = keys()
    conn.execute("ALTER CONNECTION ssh ROTATE KEYS")
    after = keys()
    assert after[0] == before[1], "key 2 becomes key 1"
    assert after[1] not in before, "a new key 2"
else:
    sys.exit(f"unknown command {cmd}")
print(f"{cmd}: ok")
