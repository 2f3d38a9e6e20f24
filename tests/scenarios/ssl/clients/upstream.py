"""Restarts the TLS upstream (tools/pg_tls.sh restart) with other settings.

  upstream.py restart [NAME=VALUE ...]   no settings: as configured again
"""
import os
import subprocess
import sys

fixture = os.path.join(os.environ["SCENARIO_DIR"], "..", "..", "..", "tools", "pg_tls.sh")
port = dict(kv.split("=", 1) for kv in os.environ["FRESHET_TEST_UPSTREAM"].split())["port"]
assert sys.argv[1] == "restart", sys.argv
subprocess.run([fixture, "restart", os.environ["FRESHET_TEST_PG_TLS_DIR"], port] + sys.argv[2:], check=True)
