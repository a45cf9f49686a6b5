#!/usr/bin/env bash
# Load test: requests per second and p50/p99 latency, at 32 concurrent clients, for the health
# check, the sign-in page, a signed-in GP's home page, the GP's patient search (by NHS number and
# by name and date of birth), the API's patient search, Advice & Guidance (the GP's list of the
# practice's requests and the specialist's inbox, with `sel` advice data) and letters (the GP's
# inbox of the practice's letters, the demo patient's list of their letters and one of those
# letters' page, with `sel` letters). Meant for a server holding the `sel` demo data
# (`joinedup demo --scale sel`). It only ever targets 127.0.0.1.
#
#   scripts/load.sh [--url http://127.0.0.1:8080] [--database-url URL]
#       measures a running server; DATABASE_URL (flag or environment) is the server's database,
#       read to pick real patients of the GP's practice and to issue an API token
#   scripts/load.sh --serve sqlite|postgres [--patients N]
#       builds release, seeds `sel` into a fresh database (a temporary SQLite file, or a new
#       PostgreSQL database on PG_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/postgres),
#       starts the server on a free 127.0.0.1 port, measures, stops the server and drops the data
#
# Options: --duration S (measured seconds per endpoint, default 12), --warmup S (default 3),
#          --connections N (default 32), --threads N (wrk threads, default 1: the server gets the
#          rest of a small machine), --runs N (measure every endpoint N times, round robin, and
#          report medians; default 1), --patients N (with --serve: a smaller sel, for a quick run),
#          --only REGEX (measure only the endpoints whose names match, plus /health for the ratio).
# Needs curl, python3 and wrk (installed with apt-get when missing); psql for PostgreSQL.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
URL="${LOAD_URL:-http://127.0.0.1:8080}"
DATABASE_URL="${DATABASE_URL:-}"
SERVE=""
DURATION=12
WARMUP=3
CONNECTIONS=32
THREADS=1
RUNS=1
PATIENTS=""
ONLY=""
EMAIL="gp@demo.joinedup.test"
SPECIALIST_EMAIL="specialist@demo.joinedup.test"
PATIENT_EMAIL="patient@demo.joinedup.test"
PASSWORD="joinedup-demo"
BIN="${JOINEDUP_BIN:-$ROOT/target/release/joinedup}"

die() { echo "load.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --url) URL="$2"; shift 2 ;;
    --database-url) DATABASE_URL="$2"; shift 2 ;;
    --serve) SERVE="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --threads) THREADS="$2"; shift 2 ;;
    --runs) RUNS="$2"; shift 2 ;;
    --patients) PATIENTS="$2"; shift 2 ;;
    --only) ONLY="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
done

WORK="$(mktemp -d /tmp/joinedup-load.XXXXXX)"
SERVER_PID=""
PG_DB=""
PG_ADMIN_URL="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ -n "$PG_DB" ]; then
    psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

need_wrk() {
  command -v wrk >/dev/null 2>&1 && return
  echo "Installing wrk (Debian package)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  command -v wrk >/dev/null 2>&1 || die "wrk is missing and could not be installed"
}

only_loopback() {
  case "$URL" in
    http://127.0.0.1:*|http://127.0.0.1/*|http://127.0.0.1) ;;
    *) die "refusing to load-test $URL: only http://127.0.0.1 is allowed" ;;
  esac
  URL="${URL%/}"
}

# --- signing in -----------------------------------------------------------------------------

JAR="$WORK/cookies.txt"
csrf_of() { python3 -c 'import re,sys; m=re.search(r"name=\"csrf_token\" value=\"([^\"]+)\"", sys.stdin.read()); print(m.group(1) if m else "")'; }
first_membership_of() {
  python3 -c '
import re, sys
for tag in re.findall(r"<input[^>]*>", sys.stdin.read()):
    if "name=\"membership\"" in tag:
        print(re.search(r"value=\"([^\"]+)\"", tag).group(1)); break'
}
session_cookie() { awk '$6 == "joinedup_session" { v = $7 } END { print v }' "$JAR"; }

# Signs EMAIL (or $1) in and chooses the first membership; sets SESSION and MEMBERSHIP.
sign_in() {
  local page csrf status email="${1:-$EMAIL}"
  rm -f "$JAR"
  page="$(curl -sS -c "$JAR" -b "$JAR" "$URL/sign-in")"
  csrf="$(csrf_of <<<"$page")"
  [ -n "$csrf" ] || die "no csrf_token on /sign-in"
  status="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$JAR" -b "$JAR" \
    --data-urlencode "csrf_token=$csrf" --data-urlencode "email=$email" \
    --data-urlencode "password=$PASSWORD" "$URL/sign-in")"
  case "$status" in
    30[0-9]*choose-organisation*) ;;
    30[0-9]*/home*)
      SESSION="$(session_cookie)"
      MEMBERSHIP=""
      return
      ;;
    *) die "sign-in of $email failed: $status" ;;
  esac
  page="$(curl -sS -c "$JAR" -b "$JAR" "$URL/choose-organisation")"
  csrf="$(csrf_of <<<"$page")"
  MEMBERSHIP="$(first_membership_of <<<"$page")"
  [ -n "$MEMBERSHIP" ] || die "no membership to choose on /choose-organisation"
  status="$(curl -sS -o /dev/null -w '%{http_code} %{redirect_url}' -c "$JAR" -b "$JAR" \
    --data-urlencode "csrf_token=$csrf" --data-urlencode "membership=$MEMBERSHIP" \
    "$URL/choose-organisation")"
  case "$status" in 30[0-9]*/home*) ;; *) die "choosing the organisation failed: $status" ;; esac
  SESSION="$(session_cookie)"
  [ -n "$SESSION" ] || die "no joinedup_session cookie"
  local home
  home="$(curl -sS -o /dev/null -w '%{http_code}' -b "joinedup_session=$SESSION" "$URL/home")"
  [ "$home" = 200 ] || die "/home answered $home to the signed-in session"
}

# --- real patients of the chosen practice ---------------------------------------------------

# Writes up to 200 "nhs_number|family_name|yyyy-mm-dd" lines for patients of the practice that
# MEMBERSHIP acts for, picked at random.
sample_patients() {
  [ -n "$DATABASE_URL" ] || die "DATABASE_URL is needed to pick patients (--database-url)"
  case "$DATABASE_URL" in
    sqlite:*)
      python3 - "$DATABASE_URL" "$MEMBERSHIP" <<'EOF'
import sqlite3, sys
url, membership = sys.argv[1], sys.argv[2]
path = url.split("://", 1)[1].split("?", 1)[0]
db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
rows = db.execute(
    "SELECT p.nhs_number, p.family_name, p.date_of_birth FROM patients p "
    "JOIN memberships m ON m.organisation_id = p.practice_id "
    "WHERE m.id = ? ORDER BY random() LIMIT 200",
    (bytes.fromhex(membership.replace("-", "")),),
).fetchall()
for n, f, d in rows:
    print(f"{n}|{f}|{d}")
EOF
      ;;
    postgres:*|postgresql:*)
      psql "$DATABASE_URL" -At -F '|' -c "SELECT p.nhs_number, p.family_name, p.date_of_birth \
        FROM patients p JOIN memberships m ON m.organisation_id = p.practice_id \
        WHERE m.id = '$MEMBERSHIP' ORDER BY random() LIMIT 200"
      ;;
    *) die "unsupported DATABASE_URL $DATABASE_URL" ;;
  esac
}

# Writes a wrk script that cycles through the request paths in file $1.
lua_for() {
  {
    echo "local paths = {"
    sed 's/.*/  "&",/' "$1"
    echo "}"
    echo "local i = 0"
    echo "request = function()"
    echo "  i = i % #paths + 1"
    echo "  return wrk.format(\"GET\", paths[i])"
    echo "end"
  } >"$1.lua"
  echo "$1.lua"
}

make_paths() {
  sample_patients >"$WORK/patients.txt"
  [ -s "$WORK/patients.txt" ] || die "no patients found at the chosen practice"
  python3 - "$WORK" <<'EOF'
import sys, urllib.parse as u
work = sys.argv[1]
rows = [l.rstrip("\n").split("|") for l in open(f"{work}/patients.txt")]
with open(f"{work}/by_number", "w") as f:
    for n, _, _ in rows:
        f.write(f"/patients?nhs_number={n}\n")
with open(f"{work}/by_name", "w") as f:
    for _, family, dob in rows:
        y, m, d = dob[:10].split("-")
        f.write(f"/patients?family_name={u.quote(family)}&dob_day={int(d)}&dob_month={int(m)}&dob_year={y}\n")
with open(f"{work}/api", "w") as f:
    for n, _, _ in rows:
        f.write(f"/api/v1/patients?nhs_number={n}\n")
EOF
  echo "Picked $(wc -l <"$WORK/patients.txt") patients of the chosen practice."
}

# The HTTP status of GET path $2 with header $1.
status_of() { curl -sS -o /dev/null -w '%{http_code}' -H "$1" "$URL$2"; }

# Sets LETTER to the path of the first letter on the /letters page that cookie header $1 sees
# (the demo patient's: their most recent sent letter), or leaves it empty.
first_letter_of() {
  LETTER="$(curl -sS -H "$1" "$URL/letters" |
    grep -o 'href="/letters/[0-9a-f-]\{36\}"' | head -n1 | sed 's/^href="//; s/"$//')"
}

# Sets TOKEN from `joinedup api-token issue`, or leaves it empty with TOKEN_NOTE saying why.
issue_token() {
  TOKEN=""
  TOKEN_NOTE=""
  if [ ! -x "$BIN" ]; then
    TOKEN_NOTE="skipped: no binary at $BIN to issue a token"
    return
  fi
  if ! "$BIN" api-token --help >/dev/null 2>&1; then
    TOKEN_NOTE="skipped: this build has no 'joinedup api-token issue' command yet"
    return
  fi
  local out
  if ! out="$(DATABASE_URL="$DATABASE_URL" "$BIN" api-token issue --email "$EMAIL" --name load-test 2>&1)"; then
    TOKEN_NOTE="skipped: 'joinedup api-token issue' failed: $(tail -n1 <<<"$out")"
    return
  fi
  TOKEN="$(tail -n1 <<<"$out" | tr -d '[:space:]')"
}

# --- measuring -------------------------------------------------------------------------------

to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

# measure NAME TARGET [HEADER]: TARGET is a path, or @FILE of paths to cycle through.
RESULTS="$WORK/results.txt"
measure() {
  local name="$1" target="$2" header="${3:-}" args=() out
  if [ -n "$ONLY" ] && [ "$name" != "/health" ] && ! grep -Eq -- "$ONLY" <<<"$name"; then
    return
  fi
  if [[ "$target" == @* ]]; then
    args+=(-s "$(lua_for "${target#@}")" "$URL")
    target="$(head -n1 "${target#@}")"
  else
    args+=("$URL$target")
  fi
  [ -n "$header" ] && args=(-H "$header" "${args[@]}")
  local check
  check="$(curl -sS -o /dev/null -w '%{http_code}' ${header:+-H "$header"} "$URL$target")"
  [ "$check" = 200 ] || die "$name: $target answered $check before the run"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "${args[@]}" >/dev/null
  out="$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "${args[@]}")"
  local rps p50 p99 bad
  rps="$(awk '/^Requests\/sec/ { print $2 }' <<<"$out")"
  p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
  p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
  # Responses other than 2xx/3xx, plus connect/read/write errors and timeouts.
  bad="$(awk '/Non-2xx/ { n = $5 } /Socket errors/ { gsub(",", ""); e = $4 + $6 + $8 + $10 }
    END { print n + e }' <<<"$out")"
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "${bad:-0}" >>"$RESULTS"
  printf '  %-34s %10s rps  p50 %8s ms  p99 %8s ms\n' "$name" "$rps" "$p50" "$p99"
}

# Prints the table: per endpoint, the median over runs of rps, p50 and p99 (each separately),
# the median rps as a share of /health's, and the errors summed over runs.
report() {
  echo
  python3 - "$RESULTS" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    name, rps, p50, p99, bad = line.rstrip("\n").split("\t")
    rows.setdefault(name, []).append((float(rps), float(p50), float(p99), int(bad)))
med = lambda runs, i: statistics.median(r[i] for r in runs)
health = med(rows["/health"], 0)
print(f"{'endpoint':34} {'rps':>10} {'p50 ms':>9} {'p99 ms':>9} {'vs health':>10} {'errors':>7}")
for name, runs in rows.items():
    print(f"{name:34} {med(runs, 0):10.0f} {med(runs, 1):9.2f} {med(runs, 2):9.2f} "
          f"{100 * med(runs, 0) / health:9.1f}% {sum(r[3] for r in runs):7d}")
EOF
  [ -z "${TOKEN_NOTE:-}" ] || printf '%-34s %s\n' "/api/v1/patients?nhs_number=" "$TOKEN_NOTE"
  [ -z "${ADVICE_NOTE:-}" ] || printf '%-34s %s\n' "/advice" "$ADVICE_NOTE"
  [ -z "${LETTERS_NOTE:-}" ] || printf '%-34s %s\n' "/letters" "$LETTERS_NOTE"
  echo
  echo "$CONNECTIONS connections, ${DURATION}s per endpoint after ${WARMUP}s warm-up, median of $RUNS run(s);"
  echo "wrk with $THREADS thread(s) on the same machine as the server."
}

run_measurements() {
  only_loopback
  need_wrk
  curl -fsS -o /dev/null "$URL/health" || die "$URL/health does not answer"
  sign_in "$SPECIALIST_EMAIL"
  local specialist="Cookie: joinedup_session=$SESSION"
  sign_in "$PATIENT_EMAIL"
  local patient="Cookie: joinedup_session=$SESSION"
  sign_in
  make_paths
  issue_token
  local cookie="Cookie: joinedup_session=$SESSION" run advice=""
  if [ "$(status_of "$cookie" /advice)" = 200 ] && [ "$(status_of "$specialist" /advice)" = 200 ]; then
    advice=1
  else
    ADVICE_NOTE="skipped: /advice does not answer 200 to the GP and the specialist in this build"
  fi
  LETTER=""
  if [ "$(status_of "$cookie" /letters)" = 200 ] && [ "$(status_of "$patient" /letters)" = 200 ]; then
    first_letter_of "$patient"
    [ -n "$LETTER" ] || LETTERS_NOTE="skipped: the demo patient's /letters page lists no letter"
  else
    LETTERS_NOTE="skipped: /letters does not answer 200 to the GP and the patient in this build"
  fi
  : >"$RESULTS"
  echo "Measuring $URL ..."
  for run in $(seq 1 "$RUNS"); do
    [ "$RUNS" = 1 ] || echo " run $run of $RUNS"
    measure "/health" "/health"
    measure "/sign-in" "/sign-in"
    measure "/home (GP)" "/home" "$cookie"
    measure "/patients?nhs_number= (GP)" "@$WORK/by_number" "$cookie"
    measure "/patients?family_name=&dob= (GP)" "@$WORK/by_name" "$cookie"
    if [ -n "$TOKEN" ]; then
      measure "/api/v1/patients?nhs_number=" "@$WORK/api" "Authorization: Bearer $TOKEN"
    fi
    if [ -n "$advice" ]; then
      measure "/advice (GP: practice requests)" "/advice" "$cookie"
      measure "/advice (specialist: inbox)" "/advice" "$specialist"
    fi
    if [ -n "$LETTER" ]; then
      measure "/letters (GP: practice inbox)" "/letters" "$cookie"
      measure "/letters (patient: their letters)" "/letters" "$patient"
      measure "/letters/{id} (patient: a letter)" "$LETTER" "$patient"
    fi
  done
  report
}

# --- --serve: build, seed, serve, measure, stop -------------------------------------------------

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

serve_and_measure() {
  case "$SERVE" in
    sqlite) DATABASE_URL="sqlite://$WORK/load.db?mode=rwc" ;;
    postgres)
      PG_DB="joinedup_load_$$"
      psql "$PG_ADMIN_URL" -qc "CREATE DATABASE \"$PG_DB\"" >/dev/null
      DATABASE_URL="${PG_ADMIN_URL%/*}/$PG_DB"
      ;;
    *) die "--serve takes sqlite or postgres" ;;
  esac
  export DATABASE_URL
  echo "Building the release binary..."
  (cd "$ROOT" && cargo build --release -q -p joinedup)
  BIN="$ROOT/target/release/joinedup"
  echo "Seeding the sel scale into $SERVE..."
  local seed_args=(demo --scale sel)
  [ -z "$PATIENTS" ] || seed_args+=(--patients "$PATIENTS")
  /usr/bin/time -v "$BIN" "${seed_args[@]}" 2>"$WORK/seed-time.txt" | tail -n1
  awk -F': ' '/Elapsed \(wall clock\)/ { w = $2 } /Maximum resident/ { m = $2 }
    END { printf "Seed: %s wall clock, %.0f MB peak memory\n", w, m / 1024 }' "$WORK/seed-time.txt"
  local port
  port="$(free_port)"
  URL="http://127.0.0.1:$port"
  "$BIN" serve --listen "127.0.0.1:$port" >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "$URL/health" 2>/dev/null && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; die "the server stopped"; }
    sleep 0.2
  done
  run_measurements
}

if [ -n "$SERVE" ]; then
  serve_and_measure
else
  run_measurements
fi
