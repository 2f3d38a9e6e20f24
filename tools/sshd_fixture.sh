#!/bin/sh
# sshd_fixture.sh start|resume|stop DIR PORT
#
# A throwaway OpenSSH server (Debian's openssh-server) on 127.0.0.1:PORT,
# the bastion of the SSH tunnel tests: its own host key (made once in DIR
# and kept, so a client that pinned it keeps trusting it), public key
# authentication only, against DIR/authorized_keys (the tests fill it from
# mz_ssh_tunnel_connections), local port forwarding allowed, no shell, no
# TTY. The account is the user running this script (root in CI).
#
# `start` empties DIR/authorized_keys and starts sshd (stopping one left
# running in DIR). `resume` starts it again keeping authorized_keys (a
# bastion coming back after an outage). `stop` ends the sshd of DIR and
# every session it has open (the tunnels through it die), by the pid in
# DIR/sshd.pid and that process's descendants only; it succeeds when none
# runs.
set -eu

usage() { echo "usage: $0 start|resume|stop DIR PORT" >&2; exit 2; }
[ $# -eq 3 ] || usage
cmd=$1 dir=$2 port=$3
case $dir in /*) ;; *) dir=$(pwd)/$dir ;; esac
sshd=/usr/sbin/sshd
[ -x $sshd ] || { echo "$0: $sshd is missing (apt-get install openssh-server)" >&2; exit 1; }

# The pids of $1's descendants, children first.
descendants() {
  for child in $(ps -o pid= --ppid "$1" 2>/dev/null); do
    descendants "$child"
    echo "$child"
  done
}

stop_sshd() {
  [ -f "$dir/sshd.pid" ] || return 0
  pid=$(cat "$dir/sshd.pid")
  if [ -n "$pid" ] && ps -p "$pid" -o comm= 2>/dev/null | grep -q sshd; then
    victims="$(descendants "$pid") $pid"
    kill $victims 2>/dev/null || true
    for _ in $(seq 50); do
      alive=""
      for v in $victims; do ps -p "$v" >/dev/null 2>&1 && alive="$alive $v"; done
      [ -z "$alive" ] && break
      sleep 0.1
    done
  fi
  rm -f "$dir/sshd.pid"
}

start_sshd() {
  mkdir -p "$dir"
  chmod 700 "$dir"
  [ -f "$dir/host_ed25519_key" ] || ssh-keygen -q -t ed25519 -N '' -C freshet-test-bastion -f "$dir/host_ed25519_key"
  touch "$dir/authorized_keys"
  chmod 600 "$dir/authorized_keys"
  user=$(id -un)
  cat >"$dir/sshd_config" <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $dir/host_ed25519_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
AllowUsers $user
StrictModes no
UsePAM no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowTcpForwarding local
AllowAgentForwarding no
AllowStreamLocalForwarding no
X11Forwarding no
PermitTTY no
PermitUserRC no
ClientAliveInterval 5
LogLevel VERBOSE
CONF
  # Privilege separation needs this directory when sshd runs as root.
  [ "$(id -u)" = 0 ] && mkdir -p /run/sshd && chmod 755 /run/sshd
  $sshd -t -f "$dir/sshd_config"
  $sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
  for _ in $(seq 100); do
    if ssh-keyscan -T 1 -p "$port" 127.0.0.1 >/dev/null 2>&1; then
      echo "sshd running on 127.0.0.1:$port for user $user (in $dir)"
      return 0
    fi
    sleep 0.1
  done
  echo "$0: sshd did not start; its log:" >&2
  tail -n 20 "$dir/sshd.log" >&2
  exit 1
}

case $cmd in
start)
  stop_sshd
  mkdir -p "$dir"
  : >"$dir/authorized_keys"
  start_sshd
  ;;
resume)
  stop_sshd
  start_sshd
  ;;
stop)
  [ -d "$dir" ] || exit 0
  stop_sshd
  ;;
*)
  usage
  ;;
esac
