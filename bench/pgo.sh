#!/usr/bin/env bash
# bench/pgo.sh — writes cmd/chronicle/default.pgo, the CPU profile `go build`
# optimises the chronicle binary with (profile-guided optimisation: Go reads
# default.pgo beside a main package by itself, -pgo=auto).
#
#   bench/pgo.sh [--corpus FILE] [--out FILE]
#   bench/pgo.sh --demo --out FILE
#
# The profile is Chronicle's own work on the shared corpus, one run of each:
# the first import of the corpus, the full build of the events from 2024 on
# (twice) and of the whole corpus, and `chronicle serve` answering an event
# page, a day, a topic and searches under wrk on 127.0.0.1 (skipped without
# wrk). Everything runs in a temporary directory, in /dev/shm when there is
# one; the binary is built with -pgo=off, so that the profile does not feed on
# itself. Under a minute on a 2-core machine. Run it again when the hot paths
# change (docs/performance.md, "Profile-guided optimisation"). --demo profiles
# the demo's day files instead of the corpus, in seconds: .ci/run runs it
# (into another file) so that the script cannot rot.
set -euo pipefail
CALLER=$PWD
cd "$(dirname "$0")/.."
ROOT=$PWD

CORPUS=${CHRONICLE_CORPUS:-$ROOT/../shared/corpus/portal-current-events-2002-2026.xml.bz2}
OUT=$ROOT/cmd/chronicle/default.pgo
DEMO=0
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) CORPUS=$2; shift ;;
    --out) OUT=$2; shift ;;
    --demo) DEMO=1; CORPUS=$ROOT/internal/demo/days ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "pgo.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case $OUT in /*) ;; *) OUT=$CALLER/$OUT ;; esac
case $CORPUS in /*) ;; *) CORPUS=$CALLER/$CORPUS ;; esac
[ -e "$CORPUS" ] || { echo "pgo.sh: corpus $CORPUS not found (give --corpus FILE, or --demo)" >&2; exit 1; }

base=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && base=/dev/shm
WORK=$(mktemp -d "$base/chronicle-pgo.XXXXXX")
SERVER=
cleanup() {
  [ -z "$SERVER" ] || kill "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "== $*" >&2; }

log "building chronicle (without a profile)"
go build -pgo=off -o "$WORK/chronicle" ./cmd/chronicle
CH=$WORK/chronicle
P=$WORK/profiles
mkdir -p "$P"

log "importing $CORPUS"
CHRONICLE_CPUPROFILE=$P/import.prof "$CH" import --db "$WORK/full.db" "$CORPUS" >/dev/null
if [ $DEMO = 1 ]; then
  cp "$WORK/full.db" "$WORK/sub.db" # the demo's days are few: its "events from 2024 on" are all of them
else
  go run ./bench/daysplit --from 2024 --out "$WORK/days" "$CORPUS" 2>/dev/null
  "$CH" import --db "$WORK/sub.db" "$WORK/days" >/dev/null
fi

log "building the events from 2024 on, twice, and the whole archive"
for i in 1 2; do
  CHRONICLE_CPUPROFILE=$P/build-sub-$i.prof "$CH" build --db "$WORK/sub.db" --out "$WORK/sub-site" >/dev/null
  rm -rf "$WORK/sub-site" "$WORK/sub-site.builds"
done
CHRONICLE_CPUPROFILE=$P/build-full.prof "$CH" build --db "$WORK/full.db" --out "$WORK/full-site" >/dev/null
rm -rf "$WORK/full-site" "$WORK/full-site.builds"

if command -v wrk >/dev/null; then
  log "serving under wrk"
  port=$((20000 + RANDOM % 20000))
  url=http://127.0.0.1:$port
  CHRONICLE_CPUPROFILE=$P/serve.prof "$CH" serve --db "$WORK/full.db" --addr "127.0.0.1:$port" >/dev/null 2>&1 &
  SERVER=$!
  for _ in $(seq 50); do curl -sf -o /dev/null "$url/" && break; sleep 0.2; done
  # The newest event on the home page, its day, and a topic both archives have.
  curl -sf -o "$WORK/home.json" "$url/index.json"
  event=$(sed -n 's/.*"path": *"\(\/news\/[^"]*\)".*/\1/p' "$WORK/home.json" | grep -v '/index$' | sed -n 1p)
  [ -n "$event" ] || { echo "pgo.sh: no event on the home page" >&2; exit 1; }
  for page in "$event.html" "${event%/*}/index.html" /topics/ukraine/index.html; do
    wrk -t2 -c64 -d3s "$url$page" >/dev/null
  done
  for q in ukraine+war earthquake election+president flood+rescue; do
    wrk -t2 -c4 -d1s "$url/search?q=$q" >/dev/null
  done
  kill -INT "$SERVER"
  wait "$SERVER" || true
  SERVER=
else
  log "no wrk: the profile leaves out serving"
fi

go tool pprof -proto "$P"/*.prof >"$WORK/merged.pgo"
mv "$WORK/merged.pgo" "$OUT"
log "wrote $OUT ($(wc -c <"$OUT") bytes) from $(ls "$P" | paste -sd' ')"
