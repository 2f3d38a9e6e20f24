"""The test bastion (tools/sshd_fixture.sh) as an SSH tunnel user handles it.

  bastion.py create NAME          CREATE CONNECTION NAME TO SSH TUNNEL for the
                                  bastion ($FRESHET_TEST_SSH_PORT, this user)
  bastion.py authorize NAME       put NAME's two public keys (from
                                  mz_ssh_tunnel_connections, as the tutorial
                                  shows them) into the bastion's
                                  authorized_keys, replacing what was there
  bastion.py stop | resume        take the bastion down (its sessions, and so
                                  every tunnel, die with it) / bring it back
  bastion.py new-host-key         the bastion comes back with a new host key
  bastion.py forget-host-key NAME an operator accepts the new host key of NAME
                                  (removes Freshet's pinned one)
  bastion.py keys-gone            every ssh Freshet runs has deleted its key
                                  files once logged in
"""
import getpass
import glob
import os
import subprocess
import sys

import psycopg

sshd_dir = os.environ["FRESHET_TEST_SSHD_DIR"]
ssh_port = os.environ["FRESHET_TEST_SSH_PORT"]
fixture = os.path.join(os.environ["SCENARIO_DIR"], "..", "..", "..", "tools", "sshd_fixture.sh")


def freshet():
    return psycopg.connect(autocommit=True)


def connection_id(conn, name):
    return conn.execute("SELECT id FROM mz_connections WHERE name = %s", (name,)).fetchone()[0]


def run_fixture(cmd):
    subprocess.run([fixture, cmd, sshd_dir, ssh_port], check=True)


cmd = sys.argv[1]
if cmd == "create":
    sql = (f"CREATE CONNECTION {sys.argv[2]} TO SSH TUNNEL "
           f"(HOST '127.0.0.1', PORT {ssh_port}, USER '{getpass.getuser()}')")
    with freshet() as conn:
        conn.execute(sql)
    print(sql.replace(ssh_port, "<bastion port>"))
elif cmd == "authorize":
    with freshet() as conn:
        rows = conn.execute(
            "SELECT mz_connections.name, public_key_1, public_key_2 "
            "FROM mz_ssh_tunnel_connections JOIN mz_connections USING (id) "
            "WHERE mz_connections.name = %s", (sys.argv[2],)).fetchall()
    assert len(rows) == 1, rows
    _, k1, k2 = rows[0]
    with open(os.path.join(sshd_dir, "authorized_keys"), "w") as f:
        f.write(f"{k1} freshet-key-1\n{k2} freshet-key-2\n")
    print(f"authorized_keys: the two public keys of {sys.argv[2]}")
elif cmd in ("stop", "resume"):
    run_fixture(cmd)
elif cmd == "new-host-key":
    run_fixture("stop")
    for f in glob.glob(os.path.join(sshd_dir, "host_ed25519_key*")):
        os.remove(f)
    run_fixture("resume")
elif cmd == "forget-host-key":
    with freshet() as conn:
        cid = connection_id(conn, sys.argv[2])
    path = os.path.join(os.environ["FRESHET_DATA_DIR"], "ssh_known_hosts", cid)
    os.remove(path)
    print(f"removed data/ssh_known_hosts/{cid}")
elif cmd == "keys-gone":
    # The ssh processes Freshet started: children of its pid.
    pid = None
    for p in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            with open(p, "rb") as f:
                args = f.read().split(b"\0")
        except (FileNotFoundError, ProcessLookupError):
            continue  # the process ended since the listing
        if args and args[0].endswith(b"freshet") and any(a.startswith(b"--data-dir=" + os.environ["FRESHET_DATA_DIR"].encode()) for a in args):
            pid = p.split("/")[2]
    assert pid is not None, "Freshet's process not found"
    found = 0
    for p in glob.glob("/proc/[0-9]*/stat"):
        try:
            with open(p) as f:
                stat = f.read()
            if stat.rsplit(")", 1)[1].split()[1] != pid:
                continue
            with open(p.replace("stat", "cmdline"), "rb") as f:
                args = [a.decode() for a in f.read().split(b"\0") if a]
        except FileNotFoundError:
            continue
        if not args or not args[0].endswith("/ssh"):
            continue
        found += 1
        keys = [args[i + 1] for i, a in enumerate(args) if a == "-i"]
        assert len(keys) == 2, args
        for k in keys:
            assert not os.path.exists(k), f"{k} still exists"
            assert not os.path.exists(os.path.dirname(k)), f"{os.path.dirname(k)} still exists"
        assert f"{ssh_port}" in args, args
    assert found >= 1, "no ssh process"
    print(f"{found} ssh process(es), key files removed")
else:
    sys.exit(f"unknown command {cmd}")
