#!/usr/bin/env bash
# Starts or stops a private PostgreSQL and RabbitMQ on 127.0.0.1 under a project-local folder.
# Never touches system-wide services: its own data folder, ports, node name and Erlang cookie.
#   scripts/infra.sh start|stop|env <profile>     profile: dev (run command) or test (test command)
set -euo pipefail

action=${1:?usage: infra.sh start|stop|env dev|test}
profile=${2:-dev}
root=$(cd "$(dirname "$0")/.." && pwd)

case "$profile" in
  dev)  pg_port=54329; amqp_port=56729; mgmt_port=15679; dist_port=25679 ;;
  test) pg_port=54330; amqp_port=56730; mgmt_port=15680; dist_port=25680 ;;
  *) echo "unknown profile '$profile' (expected dev or test)" >&2; exit 2 ;;
esac
data="$root/.infra/$profile"
# Unique per folder: another checkout's instance on this machine must not be mistaken for this one.
node="involvement-$profile-$(printf '%s' "$data" | md5sum | head -c 8)@localhost"

# Ports are chosen once per data folder, starting from the preferred ones and skipping any already taken
# (a system PostgreSQL or RabbitMQ, another checkout), then kept in ports.env.
ports_file="$data/ports.env"
port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { local p=$1; while port_taken "$p"; do p=$((p + 1)); done; echo "$p"; }
if [ -f "$ports_file" ]; then
  . "$ports_file"
elif [ "$action" = start ]; then
  pg_port=$(free_port $pg_port); amqp_port=$(free_port $amqp_port)
  mgmt_port=$(free_port $mgmt_port); dist_port=$(free_port $dist_port)
  mkdir -p "$data"
  printf 'pg_port=%s\namqp_port=%s\nmgmt_port=%s\ndist_port=%s\n' "$pg_port" "$amqp_port" "$mgmt_port" "$dist_port" > "$ports_file"
fi

# Each service connects as its own PostgreSQL role and RabbitMQ user (password <name>-local here), never as the
# admin (involvement / guest) that these scripts and the tests' probes use. Broker permissions per user, in
# set_permissions order (configure, write, read): the same regexes as tests/Involvement.TestKit/BrokerPermissions.cs,
# which says why (a unit test keeps the two equal; docs/deployment.md has them for production).
services="recruitment payments training reporting"
broker_permissions() {
  cat <<'PERMISSIONS'
recruitment ^(recruitment-.*|Involvement\.Contracts\.Recruitment:.*|Involvement\.Contracts\.(Training):.*)$ ^(recruitment-.*|Involvement\.Contracts\.Recruitment:.*)$ ^(recruitment-.*|Involvement\.Contracts\.(Training):.*)$
payments ^(payments-.*|Involvement\.Contracts\.Payments:.*|Involvement\.Contracts\.(Recruitment|Training):.*)$ ^(payments-.*|Involvement\.Contracts\.Payments:.*)$ ^(payments-.*|Involvement\.Contracts\.(Recruitment|Training):.*)$
training ^(training-.*|Involvement\.Contracts\.Training:.*|Involvement\.Contracts\.(Recruitment):.*)$ ^(training-.*|Involvement\.Contracts\.Training:.*)$ ^(training-.*|Involvement\.Contracts\.(Recruitment):.*)$
reporting ^(reporting-.*|Involvement\.Contracts\.Reporting:.*|Involvement\.Contracts\.(Recruitment|Payments|Training):.*)$ ^(reporting-.*|Involvement\.Contracts\.Reporting:.*)$ ^(reporting-.*|Involvement\.Contracts\.(Recruitment|Payments|Training):.*)$
PERMISSIONS
}

print_env() {
  cat <<ENV
export INVOLVEMENT_PG="Host=127.0.0.1;Port=$pg_port;Username=involvement;Password=involvement"
export INVOLVEMENT_PG_PORT=$pg_port
export INVOLVEMENT_RABBITMQ_PORT=$amqp_port
export INVOLVEMENT_RABBITMQ_MANAGEMENT="http://127.0.0.1:$mgmt_port"
ENV
}

as_pg_owner() {
  # initdb and postgres refuse to run as root: use the postgres account the Debian package creates.
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

install_missing() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || missing+=(rabbitmq-server)
  # The board report's test checks the document in a real browser (headless Chromium from Debian's packages).
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} ..."
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -q
    # A policy-rc.d that refuses (exit 101) keeps the packages from starting and enabling their system-wide
    # services; ours run privately. An existing policy is left as it is.
    local policy=/usr/sbin/policy-rc.d placed=""
    if [ ! -e "$policy" ]; then
      printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null && $sudo chmod 755 "$policy" && placed=1
    fi
    local status=0
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" || status=$?
    if [ -n "$placed" ]; then $sudo rm -f "$policy"; fi
    [ "$status" -eq 0 ] || { echo "installing ${missing[*]} failed" >&2; exit 1; }
  fi
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1; }

# PostgreSQL's own folder. As root the server runs as the postgres account, which may not be able to reach a
# checkout under a private home (/root is 0700): then it lives under /var/tmp, keyed to this checkout.
pg_dir="$data/pg"
if [ "$(id -u)" -eq 0 ] && id postgres >/dev/null 2>&1; then
  mkdir -p "$data"
  if ! runuser -u postgres -- test -x "$data"; then
    pg_dir="/var/tmp/involvement-$(printf '%s' "$data" | md5sum | head -c 8)/pg"
  fi
fi

start_postgres() {
  local bin; bin=$(pg_bin)
  local top; top=$(dirname "$pg_dir")
  mkdir -p "$top"
  if [ ! -f "$pg_dir/PG_VERSION" ]; then
    mkdir -p "$pg_dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$top" "$pg_dir"; fi
    echo involvement > "$top/pwfile"; chmod 644 "$top/pwfile"
    as_pg_owner "$bin/initdb" -D "$pg_dir" -U involvement --pwfile="$top/pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >"$top/initdb.log" 2>&1 \
      || { echo "initdb failed: see $top/initdb.log" >&2; exit 1; }
  fi
  if as_pg_owner "$bin/pg_ctl" -D "$pg_dir" status >/dev/null 2>&1; then return; fi
  as_pg_owner "$bin/pg_ctl" -D "$pg_dir" -l "$top/postgres.log" -w -t 60 start \
    -o "-h 127.0.0.1 -p $pg_port -k $pg_dir -c max_connections=300" >/dev/null \
    || { echo "postgresql did not start: see $top/postgres.log" >&2; exit 1; }
  echo "postgresql on 127.0.0.1:$pg_port ($pg_dir)"
}

psql_admin() {  # database, then psql arguments
  local db=$1; shift
  PGPASSWORD=involvement "$(pg_bin)/psql" -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U involvement -d "$db" "$@"
}

# A role per service: may log in, nothing more (no superuser, CREATEDB or CREATEROLE). In dev, also its database
# (the run command's), owned by it and closed to every other role; tests make their own databases the same way.
grant_postgres() {
  local svc
  for svc in $services; do
    psql_admin postgres -v svc="$svc" -v pw="$svc-local" <<'SQL'
select format('create role %I', :'svc') where not exists (select from pg_roles where rolname = :'svc') \gexec
alter role :"svc" login nosuperuser nocreatedb nocreaterole password :'pw';
SQL
    [ "$profile" = dev ] || continue
    local db="involvement_$svc"
    psql_admin postgres -v svc="$svc" -v db="$db" <<'SQL'
select format('create database %I owner %I', :'db', :'svc') where not exists (select from pg_database where datname = :'db') \gexec
alter database :"db" owner to :"svc";
revoke connect on database :"db" from public;
SQL
    # A database an earlier run command made as the admin: hand its objects to the service's role.
    psql_admin "$db" -v svc="$svc" <<'SQL'
select format('alter %s %s owner to %I', case when c.relkind = 'v' then 'view' when c.relkind = 'S' then 'sequence' else 'table' end,
              c.oid::regclass, :'svc')
from pg_class c join pg_namespace n on n.oid = c.relnamespace
where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'S') and pg_get_userbyid(c.relowner) <> :'svc'
  and not exists (select from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i')) \gexec
select format('alter function %s owner to %I', p.oid::regprocedure, :'svc')
from pg_proc p join pg_namespace n on n.oid = p.pronamespace
where n.nspname = 'public' and pg_get_userbyid(p.proowner) <> :'svc' \gexec
SQL
  done
}

rabbit_env() {
  export HOME="$data/rabbit-home"   # private Erlang cookie
  export RABBITMQ_NODENAME="$node" RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$amqp_port
  export RABBITMQ_DIST_PORT=$dist_port RABBITMQ_MNESIA_BASE="$data/rabbit/mnesia" RABBITMQ_LOG_BASE="$data/rabbit/log"
  export RABBITMQ_CONFIG_FILE="$data/rabbit/rabbitmq" RABBITMQ_ENABLED_PLUGINS_FILE="$data/rabbit/enabled_plugins"
  export RABBITMQ_PID_FILE="$data/rabbit/rabbit.pid" ERL_EPMD_ADDRESS=127.0.0.1
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
}

start_rabbitmq() {
  rabbit_env
  mkdir -p "$HOME" "$data/rabbit/mnesia" "$data/rabbit/log"
  cat > "$data/rabbit/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$amqp_port
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt_port
loopback_users = none
CONF
  echo '[rabbitmq_management].' > "$data/rabbit/enabled_plugins"
  if /usr/lib/rabbitmq/bin/rabbitmqctl -q status >/dev/null 2>&1; then return; fi
  /usr/lib/rabbitmq/bin/rabbitmq-server -detached >/dev/null 2>&1
  # -detached returns before the node registers with epmd; await_startup needs it registered.
  for _ in $(seq 60); do
    /usr/lib/rabbitmq/bin/rabbitmqctl -q --timeout 120 await_startup >/dev/null 2>&1 && break
    sleep 1
  done
  /usr/lib/rabbitmq/bin/rabbitmqctl -q status >/dev/null || { echo "rabbitmq did not start: see $data/rabbit/log" >&2; exit 1; }
  echo "rabbitmq on 127.0.0.1:$amqp_port, management on :$mgmt_port ($data/rabbit)"
}

# A user per service with no tags (no management access) and only its own permissions on the default virtual host;
# fixtures grant the same on each virtual host they make. Only what differs is changed (each rabbitmqctl call is slow).
grant_rabbitmq() {
  rabbit_env
  local ctl=/usr/lib/rabbitmq/bin/rabbitmqctl users granted user configure write read
  users=$($ctl -q list_users | awk '{print $1}')
  granted=$($ctl -q list_permissions -p / | tr '\t' ' ')
  while read -r user configure write read; do
    # </dev/null: rabbitmqctl would otherwise read the rest of this loop's input.
    grep -qx "$user" <<<"$users" || $ctl -q add_user "$user" "$user-local" </dev/null >/dev/null
    grep -qxF "$user $configure $write $read" <<<"$granted" \
      || $ctl -q set_permissions -p / "$user" "$configure" "$write" "$read" </dev/null >/dev/null
  done < <(broker_permissions)
}

stop_all() {
  local bin; bin=$(pg_bin 2>/dev/null) || true
  if [ -n "${bin:-}" ] && [ -f "$pg_dir/PG_VERSION" ]; then
    as_pg_owner "$bin/pg_ctl" -D "$pg_dir" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ -x /usr/lib/rabbitmq/bin/rabbitmqctl ] && [ -d "$data/rabbit" ]; then
    rabbit_env
    /usr/lib/rabbitmq/bin/rabbitmqctl -q stop >/dev/null 2>&1 || true
  fi
}

case "$action" in
  start) install_missing; start_postgres; start_rabbitmq; grant_postgres; grant_rabbitmq ;;
  stop)  stop_all ;;
  env)   print_env ;;
  *) echo "unknown action '$action'" >&2; exit 2 ;;
esac
