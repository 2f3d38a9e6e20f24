#!/bin/sh
# pg_tls.sh start|stop DIR PORT
# pg_tls.sh restart DIR PORT [NAME=VALUE ...]
#
# The TLS upstream of the connection tests: a throwaway PostgreSQL 15 made by
# pg_cluster.sh (same settings), plus ssl=on with certificates this script
# makes with the openssl CLI, in DIR/tls (readable by the tests):
#   ca.crt          the CA that signed the server's and the client's certificates
#   wrong_ca.crt    another CA, which signed nothing here
#   server.crt/key  CN and subjectAltName DNS:localhost only (so verify-full
#                   accepts HOST 'localhost' and refuses HOST '127.0.0.1')
#   client.crt/key  CN=freshet_cert_user, signed by ca.crt
# and pg_hba rules, before pg_cluster.sh's trust rules:
#   hostssl   all freshet_cert_user 127.0.0.1/32 cert   (a client certificate, no password)
#   host      all freshet_cert_user 127.0.0.1/32 reject
#   hostnossl all freshet_tls_user  127.0.0.1/32 reject (TLS or nothing)
#   host      all freshet_password_user 127.0.0.1/32 scram-sha-256
# Everyone else is trusted over TCP with or without TLS, as in pg_cluster.sh.
# `stop` is pg_cluster.sh stop. `restart` restarts the cluster with these
# server settings (-c NAME=VALUE, e.g. wal_level=replica) instead of the
# configured ones, or with the configured ones when none is given: how the
# validation tests meet an upstream that cannot serve as a source.
set -eu

usage() { echo "usage: $0 start|stop DIR PORT | restart DIR PORT [NAME=VALUE ...]" >&2; exit 2; }
[ $# -ge 3 ] || usage
cmd=$1 dir=$2 port=$3
shift 3
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac
here=$(cd "$(dirname "$0")" && pwd)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case $cmd in
stop)
  [ $# -eq 0 ] || usage
  exec "$here/pg_cluster.sh" stop "$dir" "$port"
  ;;
restart)
  real=$dir
  [ -f "$dir/location" ] && real=$(cat "$dir/location")
  opts="-p $port"
  for setting in "$@"; do opts="$opts -c $setting"; done
  as_pg /usr/lib/postgresql/15/bin/pg_ctl -D "$real/data" -l "$real/server.log" -m fast -w -t 60 -o "$opts" restart >/dev/null
  echo "PostgreSQL 15 with TLS restarted on 127.0.0.1:$port${1:+ with $*}"
  exit 0
  ;;
start) [ $# -eq 0 ] || usage ;;
*) usage ;;
esac

"$here/pg_cluster.sh" start "$dir" "$port"
real=$dir
[ -f "$dir/location" ] && real=$(cat "$dir/location")
tls=$dir/tls
rm -rf "$tls"
mkdir -p "$tls"
cd "$tls"

ossl() { openssl "$@" 2>/dev/null; }
ca() { # name subject
  ossl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
    -subj "/CN=$2" -keyout "$1.key" -out "$1.crt"
}
signed() { # name subject extensions
  ossl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$2" -keyout "$1.key" -out "$1.csr"
  printf '%s\n' "$3" >"$1.ext"
  ossl x509 -req -in "$1.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 3650 -extfile "$1.ext" -out "$1.crt"
  rm -f "$1.csr" "$1.ext"
}
ca ca "Freshet test CA"
ca wrong_ca "Freshet test CA that signed nothing"
signed server localhost "subjectAltName=DNS:localhost"
signed client freshet_cert_user "extendedKeyUsage=clientAuth"
chmod 600 ./*.key

data=$real/data
cp server.crt server.key ca.crt "$data/"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data/server.crt" "$data/server.key" "$data/ca.crt"; fi
chmod 600 "$data/server.key"
cat >>"$data/postgresql.conf" <<CONF
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
ssl_ca_file = 'ca.crt'
CONF
{
  echo "hostssl   all freshet_cert_user 127.0.0.1/32 cert"
  echo "host      all freshet_cert_user 127.0.0.1/32 reject"
  echo "hostnossl all freshet_tls_user  127.0.0.1/32 reject"
  echo "host      all freshet_password_user 127.0.0.1/32 scram-sha-256"
  cat "$data/pg_hba.conf"
} >"$data/pg_hba.conf.new"
mv "$data/pg_hba.conf.new" "$data/pg_hba.conf"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$data/pg_hba.conf"; fi
as_pg /usr/lib/postgresql/15/bin/pg_ctl -D "$data" -w -t 60 reload >/dev/null
# reload returns before the server has read the files: wait for TLS.
for _ in $(seq 100); do
  if psql -X -Atq "host=127.0.0.1 port=$port user=postgres dbname=postgres sslmode=require" -c "SELECT 1" >/dev/null 2>&1; then
    echo "PostgreSQL 15 with TLS on 127.0.0.1:$port (certificates in $tls)"
    exit 0
  fi
  sleep 0.1
done
echo "$0: TLS did not come up; the server log:" >&2
tail -n 20 "$real/server.log" >&2
exit 1
