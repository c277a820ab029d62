#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at PostgreSQL: the one given, the local server on 127.0.0.1:5432,
# or a throwaway server started here with initdb/pg_ctl and removed afterwards. Never silently skips.
set -euo pipefail

if [[ "${DATABASE_URL:-}" == postgres* ]]; then
  exec "$@"
fi

if command -v psql >/dev/null && psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atc 'select 1' >/dev/null 2>&1; then
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/cocreate"
  echo "PostgreSQL: using the local server on 127.0.0.1:5432"
  exec "$@"
fi

bindir=""
if command -v pg_config >/dev/null; then bindir="$(pg_config --bindir)"; fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
fi
if [[ -z "$bindir" || ! -x "$bindir/initdb" ]]; then
  echo "PostgreSQL is needed for the test suite: set DATABASE_URL, run a server on 127.0.0.1:5432," >&2
  echo "or install it (Debian: apt-get install postgresql) so a throwaway server can be started." >&2
  exit 1
fi

tmp="$(mktemp -d)"
port=54329
as=()
if [[ "$(id -u)" == 0 ]]; then
  # PostgreSQL refuses to run as root: run the throwaway server as the postgres (or nobody) user.
  runas="$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)"
  chown "$runas" "$tmp"
  as=(runuser -u "$runas" --)
fi
cleanup() { "${as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
"${as[@]}" "$bindir/initdb" -D "$tmp/data" -A trust -U postgres >/dev/null
"${as[@]}" "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/log" -w \
  -o "-p $port -k $tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
echo "PostgreSQL: started a throwaway server on 127.0.0.1:$port"
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/cocreate"
"$@"
