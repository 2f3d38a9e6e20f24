"""TLS material of the test upstream (tools/pg_tls.sh) put into Freshet.

  tls_material.py secrets           CREATE SECRET ca, wrong_ca, client_cert,
                                    client_key from $FRESHET_TEST_PG_TLS_DIR/tls
  tls_material.py inline-ca NAME    CREATE CONNECTION NAME with the CA as a
                                    text SSL CERTIFICATE AUTHORITY (verify-full)
  tls_material.py upstream-ssl USER every session USER has upstream, the
                                    walsender included, uses TLS
"""
import os
import sys

import psycopg

tls_dir = os.path.join(os.environ["FRESHET_TEST_PG_TLS_DIR"], "tls")
upstream = os.environ["FRESHET_TEST_UPSTREAM"]


def pem(name):
    with open(os.path.join(tls_dir, name)) as f:
        return f.read()


def literal(text):
    return "'" + text.replace("'", "''") + "'"


cmd = sys.argv[1]
if cmd == "secrets":
    conn = psycopg.connect(autocommit=True)
    for name, file in [("ca", "ca.crt"), ("wrong_ca", "wrong_ca.crt"),
                       ("client_cert", "client.crt"), ("client_key", "client.key")]:
        conn.execute(f"CREATE SECRET {name} AS {literal(pem(file))}")
        print(f"CREATE SECRET {name} AS <{file}>")
elif cmd == "inline-ca":
    name = sys.argv[2]
    port = psycopg.conninfo.conninfo_to_dict(upstream)["port"]
    conn = psycopg.connect(autocommit=True)
    conn.execute(f"CREATE CONNECTION {name} TO POSTGRES (HOST 'localhost', PORT {port}, "
                 f"USER 'freshet_tls_user', DATABASE 'postgres', SSL MODE 'verify-full', "
                 f"SSL CERTIFICATE AUTHORITY {literal(pem('ca.crt'))})")
    sql = conn.execute("SELECT create_sql FROM mz_connections WHERE name = %s", (name,)).fetchone()[0]
    assert "BEGIN CERTIFICATE" in sql, sql  # a text CA is part of the definition, unlike a secret
    print(f"CREATE CONNECTION {name} ... SSL CERTIFICATE AUTHORITY '<ca.crt>': ok")
elif cmd == "upstream-ssl":
    user = sys.argv[2]
    with psycopg.connect(upstream, autocommit=True) as up:
        rows = up.execute(
            "SELECT a.backend_type, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) "
            "WHERE a.usename = %s", (user,)).fetchall()
    print(rows)
    assert any(t == "walsender" for t, _ in rows), "no replication session"
    assert rows and all(ssl for _, ssl in rows), "a session without TLS"
else:
    sys.exit(f"unknown command {cmd}")
