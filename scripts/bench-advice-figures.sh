#!/usr/bin/env bash
# Benchmark: how long the Advice & Guidance monthly figures for a year take, per service and per
# practice, on a database holding the `sel` demo data (about 150,000 requests a year). Goal: the
# per-service figures for a year in under 1 second.
#
#   scripts/bench-advice-figures.sh [--database-url URL] [--runs N]
#       measures an existing database (DATABASE_URL, flag or environment)
#   scripts/bench-advice-figures.sh --seed sqlite|postgres [--runs N]
#       builds release, seeds `sel` into a fresh database (a temporary SQLite file, or a new
#       PostgreSQL database on PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres),
#       measures, then drops it
#
# Each run is a fresh `joinedup advice figures` process; the time is what the command reports
# for reading the facts and computing the figures (stderr), and the script prints the median
# and the range over the runs.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${JOINEDUP_BIN:-$ROOT/target/release/joinedup}"
RUNS=5
SEED=""
PG_ADMIN_URL="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
WORK="$(mktemp -d /tmp/joinedup-figures.XXXXXX)"
PG_DB=""

die() { echo "bench-advice-figures.sh: $*" >&2; exit 1; }
cleanup() {
  if [ -n "$PG_DB" ]; then
    psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

while [ $# -gt 0 ]; do
  case "$1" in
    --database-url) DATABASE_URL="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

if [ -n "$SEED" ]; then
  echo "Building the release binary..."
  (cd "$ROOT" && cargo build --release -q -p joinedup)
  BIN="$ROOT/target/release/joinedup"
  case "$SEED" in
    sqlite) DATABASE_URL="sqlite://$WORK/figures.db?mode=rwc" ;;
    postgres)
      PG_DB="joinedup_figures_$$"
      psql "$PG_ADMIN_URL" -qc "CREATE DATABASE \"$PG_DB\"" >/dev/null
      DATABASE_URL="${PG_ADMIN_URL%/*}/$PG_DB"
      ;;
    *) die "--seed takes sqlite or postgres" ;;
  esac
  echo "Seeding the sel scale into $SEED..."
  DATABASE_URL="$DATABASE_URL" "$BIN" demo --scale sel >/dev/null
fi
[ -n "${DATABASE_URL:-}" ] || die "give --database-url or --seed"
[ -x "$BIN" ] || die "no binary at $BIN (cargo build --release)"

for by in service practice; do
  : >"$WORK/times"
  for _ in $(seq 1 "$RUNS"); do
    DATABASE_URL="$DATABASE_URL" RUST_LOG=warn "$BIN" advice figures --by "$by" \
      >"$WORK/out.csv" 2>"$WORK/err.txt"
    grep -o 'in [0-9]* ms' "$WORK/err.txt" | awk '{ print $2 }' >>"$WORK/times"
  done
  rows=$(($(wc -l <"$WORK/out.csv") - 1))
  python3 - "$WORK/times" "$by" "$rows" "$(grep -o 'from [0-9]* requests' "$WORK/err.txt")" <<'PY'
import statistics, sys
times = [int(l) for l in open(sys.argv[1]) if l.strip()]
print(f"per {sys.argv[2]:8}: median {statistics.median(times):6.0f} ms "
      f"(min {min(times)}, max {max(times)}) over {len(times)} runs; {sys.argv[3]} rows {sys.argv[4]}")
PY
done
