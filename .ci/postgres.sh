#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests and exports its connection string as
# GITJIT_TEST_POSTGRES. Installs the Debian package when no server is present. PostgreSQL refuses
# to run as root, so the cluster runs as the postgres user. Source this file; the cluster stops
# when the sourcing shell exits.

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin)" ]; then
  echo "postgres: no server found; installing the postgresql package"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN="$(pg_bin)"
id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres

GITJIT_PG_PORT="${GITJIT_PG_PORT:-55432}"
GITJIT_PG_DATA="$(mktemp -d /tmp/gitjit-pg.XXXXXX)"
chown postgres: "$GITJIT_PG_DATA"
# Passwords are checked over TCP, as on a real server, so tests that log in with issued credentials prove them.
echo "gitjit-test-cluster" > "$GITJIT_PG_DATA/password"
chown postgres: "$GITJIT_PG_DATA/password"
runuser -u postgres -- "$PGBIN/initdb" --pgdata="$GITJIT_PG_DATA/data" --username=postgres --auth-local=trust --auth-host=scram-sha-256 \
  --pwfile="$GITJIT_PG_DATA/password" --encoding=UTF8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" --pgdata="$GITJIT_PG_DATA/data" --wait --log="$GITJIT_PG_DATA/log" \
  -o "-p $GITJIT_PG_PORT -c listen_addresses=127.0.0.1 -k $GITJIT_PG_DATA -c max_connections=500 -c fsync=off" start >/dev/null

gitjit_stop_postgres() {
  runuser -u postgres -- "$PGBIN/pg_ctl" --pgdata="$GITJIT_PG_DATA/data" --mode=immediate stop >/dev/null 2>&1 || true
  rm -rf "$GITJIT_PG_DATA"
}
trap gitjit_stop_postgres EXIT

export GITJIT_TEST_POSTGRES="Host=127.0.0.1;Port=$GITJIT_PG_PORT;Username=postgres;Password=gitjit-test-cluster;Database=postgres"
PGPASSWORD=gitjit-test-cluster "$PGBIN/psql" -h 127.0.0.1 -p "$GITJIT_PG_PORT" -U postgres -d postgres -Atqc "select 'postgres: ' || version()"
