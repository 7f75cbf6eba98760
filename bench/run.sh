#!/usr/bin/env bash
# bench/run.sh — Chronicle beside Hugo and nginx, on this machine, in one run.
#
#   bench/run.sh [--quick [--demo]] [--tenfold] [--from YEAR] [--repeat N] [--corpus FILE] [--out DIR]
#
# Times `chronicle import` (with its related step) and `chronicle build` on the
# full corpus with peak memory; builds the events from YEAR on with Chronicle
# and with Debian's hugo (same events, one page per event, entities as tags,
# four outputs, related content) on disk and in /dev/shm, beside the time to
# untar the same files; serves an event page, a day index, a topic page and
# the search (chronicle only) with `chronicle serve` and with nginx (as
# www-data) under wrk; times an incremental build after re-importing one
# changed day; renders every page the sitemaps list and the titles' year
# pages as cache misses of the server, one at a time (bench/coldpages); runs
# bench/searchbench (search latency, the static search index) and pagefind
# beside it. Results go to
# DIR (default bench/results) as Markdown and JSON. Only 127.0.0.1 is used.
#
# --repeat N (default 3, 1 with --quick): the corpus's first import, the
# builds of the events from YEAR and their untars run N times each, and the
# table shows the run of median wall time: these are the rows of the
# targets, and the machine's speed moves by a tenth from minute to minute.
# Each build of the events from YEAR is followed by its untar, so that the
# two meet the same minutes; each pair's ratio is shown too.
#
# --quick: the start year alone, 3 s loads, no full-corpus import. --demo
# (or no corpus) uses the demo's day files instead: .ci/run runs
# --quick --demo, under a minute.
# --tenfold (not with --quick): also imports and builds a synthetic archive
# ten times the corpus (bench/tenfold: its days shifted by 25-year steps), to
# show how cost grows. Both it and the corpus are built in Markdown alone
# (the site of four formats would be 34 GB), on disk and, with 16 GB of memory
# free, in /dev/shm, each followed by bench/writefloor writing as many files
# and bytes on the same file system (the machine's floor for that site):
# about 15 GB of disk and 12 GB of memory; 5 CPU-minutes for the import and 7
# for the builds and floors (about 10 more minutes of wall time on a quiet
# 2-core machine; the whole run then takes 15–21).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

QUICK=0
DEMO=0
TENFOLD=0
FROM=2024
REPEAT=
CORPUS_FILE=portal-current-events-2002-2026.xml.bz2
CORPUS=${CHRONICLE_CORPUS:-$ROOT/../shared/corpus/$CORPUS_FILE}
if [ ! -f "$CORPUS" ] && common=$(git rev-parse --path-format=absolute --git-common-dir 2>/dev/null); then
  CORPUS=$(dirname "$(dirname "$common")")/shared/corpus/$CORPUS_FILE # a worktree's main checkout
fi
OUT=$ROOT/bench/results
LOAD=10
CONNS=64
while [ $# -gt 0 ]; do
  case $1 in
    --quick) QUICK=1 ;;
    --demo) DEMO=1 ;;
    --tenfold) TENFOLD=1 ;;
    --from) FROM=$2; shift ;;
    --repeat) REPEAT=$2; shift ;;
    --corpus) CORPUS=$2; shift ;;
    --out) OUT=$2; shift ;;
    -h|--help) sed -n '2,/^set -e/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "run.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case $FROM in ''|*[!0-9]*) echo "run.sh: --from wants a year, got '$FROM'" >&2; exit 2 ;; esac
case ${REPEAT:-3} in ''|*[!0-9]*|0) echo "run.sh: --repeat wants a count of runs, got '$REPEAT'" >&2; exit 2 ;; esac
TO=9999
RANGE="$FROM–"
if [ $QUICK = 1 ]; then LOAD=3; TO=$FROM; RANGE=$FROM; TENFOLD=0; fi
[ -n "$REPEAT" ] || { [ $QUICK = 1 ] && REPEAT=1 || REPEAT=3; }

log() { printf '== %s\n' "$*" >&2; }
skip() { printf 'skip: %s\n' "$*" >&2; NOTES+=("$*"); }
NOTES=()

# --- tools ------------------------------------------------------------------
have() { command -v "$1" >/dev/null 2>&1; }
missing=()
for t in hugo nginx wrk; do have "$t" || missing+=("$t"); done
[ -x /usr/bin/time ] || missing+=(time)
# Chromium loads both static searches to count their bytes (not with --quick).
[ $QUICK = 1 ] || [ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && have apt-get; then
    log "installing ${missing[*]}"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 \
      || echo "warning: could not install ${missing[*]}" >&2
  else
    echo "warning: ${missing[*]} missing and not root: those parts are skipped" >&2
  fi
fi
HAVE_TIME=0; [ -x /usr/bin/time ] && HAVE_TIME=1
# pagefind, the static-search anchor, comes from npm (not with --quick).
if [ $QUICK = 0 ] && ! have pagefind && have npm; then
  log "installing pagefind (npm)"
  npm install -g --silent pagefind >/dev/null 2>&1 || echo "warning: could not install pagefind" >&2
fi

# --- work space -------------------------------------------------------------
WORK=$(mktemp -d "${TMPDIR:-/tmp}/chronicle-bench.XXXXXX")
SHM=""
if [ -d /dev/shm ] && [ -w /dev/shm ]; then SHM=$(mktemp -d /dev/shm/chronicle-bench.XXXXXX); fi
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$WORK" ${SHM:+"$SHM"}
}
trap cleanup EXIT
chmod 755 "$WORK"
BIN=$WORK/bin
log "building chronicle and the bench tools"
V_CH="$(git describe --always --dirty 2>/dev/null || echo unknown) ($(go version | awk '{print $3}'))" # what is built now
go build -o "$BIN/chronicle" ./cmd/chronicle
go build -o "$BIN/daysplit" ./bench/daysplit
go build -o "$BIN/hugosite" ./bench/hugosite
go build -o "$BIN/searchbench" ./bench/searchbench
go build -o "$BIN/browserbytes" ./bench/browserbytes
go build -o "$BIN/tenfold" ./bench/tenfold
go build -o "$BIN/writefloor" ./bench/writefloor
go build -o "$BIN/coldpages" ./bench/coldpages
CH=$BIN/chronicle

# --- measuring --------------------------------------------------------------
# timed NAME CMD…: runs CMD, sets SECS, and PEAK_MB, CPU_S (user + system
# seconds) and USER_S (user seconds) — empty without GNU time.
# Each step starts with no write-back of an earlier one pending: on two
# cores the kernel's flush of the last build's gigabyte to disk would take
# CPU from the step timed after it (sync's own time is not counted).
timed() {
  local name=$1; shift
  local start end
  sync
  start=$(date +%s.%N)
  if [ $HAVE_TIME = 1 ]; then
    /usr/bin/time -v -o "$WORK/time.$name" "$@" >"$WORK/out.$name" 2>&1 || { cat "$WORK/out.$name" >&2; return 1; }
    PEAK_MB=$(awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$WORK/time.$name")
    CPU_S=$(awk -F: '/(User|System) time \(seconds\)/ {t += $2} END {printf "%.1f", t}' "$WORK/time.$name")
    USER_S=$(awk -F: '/User time \(seconds\)/ {printf "%.1f", $2}' "$WORK/time.$name")
  else
    "$@" >"$WORK/out.$name" 2>&1 || { cat "$WORK/out.$name" >&2; return 1; }
    PEAK_MB=""; CPU_S=""; USER_S=""
  fi
  end=$(date +%s.%N)
  SECS=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.2f", b - a}')
}
# timed_median PREP NAME CMD…: runs PREP then `timed NAME CMD…`, REPEAT
# times, and sets SECS, PEAK_MB, CPU_S and USER_S to the run of median wall
# time (CMD's output files are the last run's).
timed_median() {
  local prep=$1 name=$2 runs=() i
  shift 2
  for i in $(seq "$REPEAT"); do
    "$prep"
    timed "$name" "$@"
    runs+=("$SECS|${CPU_S:-}|${PEAK_MB:-}|${USER_S:-}")
  done
  set_measures "$(median_run "${runs[@]}")"
  [ "$REPEAT" = 1 ] || log "$name: ${REPEAT} runs, ${SECS}s the median (of $(printf '%s\n' "${runs[@]}" | cut -d'|' -f1 | sort -g | paste -sd' '))"
}
# median_run MEASURES…: of runs given as "seconds|CPU s|peak MB|user s", the
# one of median wall time.
median_run() { printf '%s\n' "$@" | sort -t'|' -k1,1g | sed -n "$((($# + 1) / 2))p"; }
# set_measures MEASURES: sets SECS, CPU_S, PEAK_MB and USER_S from one run.
set_measures() { IFS='|' read -r SECS CPU_S PEAK_MB USER_S <<<"$1"; }
# A built site is a link to its current version (docs/build.md): "$1/"
# follows it.
count_files() { find "$1/" -type f | wc -l | tr -d ' '; }
# measures: the last timed command's "seconds|CPU s|peak MB|user s".
measures() { echo "$SECS|${CPU_S:-}|${PEAK_MB:-}|${USER_S:-}"; }
# count_files_bytes DIR: "FILES BYTES" of the site, in one walk.
count_files_bytes() { find "$1/" -type f -printf '%s\n' | awk '{n++; b += $1} END {printf "%d %.0f\n", n, b}'; }
rm_site() { rm -rf "$1" "$1.builds"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "–"; else printf "%.2f", a / b }'; }
rate() { awk -v n="$1" -v s="$2" 'BEGIN { if (s + 0 == 0) print "–"; else printf "%.0f", n / s }'; }

BUILD_ROWS=()   # name|where|seconds|peak MB|files|CPU s
SERVE_ROWS=()   # page|chronicle req/s|p50|p99|nginx req/s|p50|p99
OTHER_ROWS=()   # name|seconds|peak MB|note|CPU s
build_row() { BUILD_ROWS+=("$1|$2|$SECS|${PEAK_MB:-–}|$3|${CPU_S:-–}"); log "$1 ($2): ${SECS}s, ${CPU_S:-?} CPU-s, ${PEAK_MB:-?} MB, $3 files"; }
other_row() { OTHER_ROWS+=("$1|$SECS|${PEAK_MB:-–}|$2|${CPU_S:-–}"); log "$1: ${SECS}s, ${CPU_S:-?} CPU-s, ${PEAK_MB:-?} MB $2"; }

# --- inputs -----------------------------------------------------------------
DAYS=$WORK/days
if [ $DEMO = 0 ] && [ -f "$CORPUS" ]; then
  log "splitting the days of $RANGE out of the corpus"
  "$BIN/daysplit" --from "$FROM" --to "$TO" --out "$DAYS" "$CORPUS" 2>/dev/null
else
  [ $QUICK = 1 ] || { echo "run.sh: corpus $CORPUS not found (give --corpus FILE, or --quick --demo)" >&2; exit 1; }
  [ $DEMO = 1 ] || skip "corpus absent"
  NOTES+=("the demo's day files (2023–2025) stand in for the corpus")
  mkdir -p "$DAYS" && cp internal/demo/days/*.wiki "$DAYS/"
  CORPUS=""
fi

# --- full corpus: import and build ------------------------------------------
INCR_DB=$WORK/sub.db
INCR_SITE=$WORK/sub-site
if [ $QUICK = 0 ]; then
  no_full_db() { rm -f "$WORK"/full.db*; }
  timed_median no_full_db import-full "$CH" import --db "$WORK/full.db" "$CORPUS"
  other_row "import full corpus (parse, store, related)" "$(grep -o '[0-9][0-9]* events' "$WORK/out.import-full" | head -1)"
  ONE_IMPORT=$(measures)
  timed build-full "$CH" build --db "$WORK/full.db" --out "$WORK/full-site"
  build_row "chronicle build, full corpus" disk "$(count_files "$WORK/full-site")"
  if [ -n "$SHM" ]; then
    timed build-full-shm "$CH" build --db "$WORK/full.db" --out "$SHM/full-site"
    build_row "chronicle build, full corpus" "/dev/shm" "$(count_files "$SHM/full-site")"
    rm_site "$SHM/full-site"
  fi
  INCR_DB=$WORK/full.db
  INCR_SITE=$WORK/full-site
fi

# --- a synthetic archive ten times the corpus (--tenfold) --------------------
# Both archives are built in Markdown alone, on disk and — when memory allows
# the 10× site (about 8 GB) beside the build — in /dev/shm, where the disk's
# write-back, which slows down once gigabytes are dirty, does not set the pace.
TENFOLD_ROWS=()
# tenfold_row WHAT ONE TEN: a row of ratios, each "seconds|CPU s|peak MB|user s".
tenfold_row() {
  local s1 c1 m1 u1 s10 c10 m10 u10
  IFS='|' read -r s1 c1 m1 u1 <<<"$2"; IFS='|' read -r s10 c10 m10 u10 <<<"$3"
  TENFOLD_ROWS+=("| $1 | $(ratio "$s10" "$s1") | $(ratio "$c10" "$c1") | $(ratio "$u10" "$u1") | $(ratio "$m10" "$m1") |")
}
# md_site DB DIR LABEL KEY WHAT: builds DB in Markdown into DIR, then writes
# as many files and bytes with writefloor (the file system's floor for that
# site, on the same file system) once the site is removed; sets BUILT and
# FLOOR to their measures.
md_site() {
  local db=$1 dir=$2 label=$3 key=$4 what=$5 files bytes
  timed "build-$key" "$CH" build --db "$db" --formats md --out "$dir"
  read -r files bytes < <(count_files_bytes "$dir")
  build_row "chronicle build, $what, Markdown only" "$label" "$files"
  BUILT=$(measures)
  rm_site "$dir"
  timed "floor-$key" "$BIN/writefloor" --files "$files" --bytes "$bytes" --out "$dir-floor"
  build_row "writing as many files and bytes (floor), $what" "$label" "$files"
  FLOOR=$(measures)
  rm -rf "$dir-floor"
}
# md_builds DIR LABEL [KEY]: builds the corpus and the 10× archive in Markdown under DIR.
md_builds() {
  local where=$1 label=$2 key=${3:-$2} one floor
  md_site "$WORK/full.db" "$where/md-site" "$label" "md-$key" "full corpus"
  one=$BUILT floor=$FLOOR
  md_site "$WORK/tenfold.db" "$where/tenfold-site" "$label" "tenfold-$key" "10× archive"
  tenfold_row "build, Markdown only ($label)" "$one" "$BUILT"
  tenfold_row "floor: writing as many files and bytes ($label)" "$floor" "$FLOOR"
}
if [ $TENFOLD = 1 ]; then
  log "writing the 10× archive"
  "$BIN/tenfold" --copies 10 --out "$WORK/tenfold" "$CORPUS" 2>/dev/null
  timed import-tenfold "$CH" import --db "$WORK/tenfold.db" "$WORK/tenfold"
  other_row "import 10× archive (parse, store, related)" "$(grep -o '[0-9][0-9]* events' "$WORK/out.import-tenfold" | head -1)"
  tenfold_row "import (parse, store, related)" "$ONE_IMPORT" "$(measures)"
  rm -rf "$WORK/tenfold"
  md_builds "$WORK" disk
  free_kb=$(awk '/MemAvailable/ {print $2}' /proc/meminfo)
  if [ -n "$SHM" ] && [ "${free_kb:-0}" -gt $((16 * 1024 * 1024)) ]; then
    md_builds "$SHM" /dev/shm shm
  else
    skip "less than 16 GB of memory free: the 10× archive is not built in /dev/shm"
  fi
  rm -f "$WORK"/tenfold.db*
fi

# --- the same events: Chronicle, Hugo, untar ---------------------------------
timed import-sub "$CH" import --db "$WORK/sub.db" "$DAYS"
other_row "import $RANGE (parse, store, related)" "$(grep -o '[0-9][0-9]* events' "$WORK/out.import-sub" | head -1)"
# build_untar_pairs DIR KEY: REPEAT times in turn, a build of the events from
# FROM into DIR/sub-site and an untar of the same files into DIR/untar, so that
# the build and its floor meet the machine of the same minutes (its speed moves
# several-fold within an hour: docs/performance.md). Sets BUILD_RUN and
# UNTAR_RUN to the run of median wall time of each, and PAIRS to each pair's
# build ÷ untar, from the least. The first build's files make the tar.
build_untar_pairs() {
  local dir=$1 key=$2 builds=() untars=() pairs=() i build_secs
  for i in $(seq "$REPEAT"); do
    rm -rf "$dir/untar"; rm_site "$dir/sub-site"
    timed "build-sub-$key" "$CH" build --db "$WORK/sub.db" --out "$dir/sub-site"
    builds+=("$(measures)"); build_secs=$SECS
    [ -f "$WORK/sub-site.tar" ] || tar -cf "$WORK/sub-site.tar" -C "$dir/sub-site" .
    mkdir -p "$dir/untar"
    timed "untar-$key" tar -xf "$WORK/sub-site.tar" -C "$dir/untar"
    untars+=("$(measures)"); pairs+=("$(ratio "$build_secs" "$SECS")")
  done
  rm -rf "$dir/untar"
  BUILD_RUN=$(median_run "${builds[@]}"); UNTAR_RUN=$(median_run "${untars[@]}")
  PAIRS=$(printf '%s\n' "${pairs[@]}" | sort -g | paste -sd' ')
  log "build-sub-$key, each followed by untar-$key: build ÷ untar $PAIRS"
}
build_untar_pairs "$WORK" disk
set_measures "$BUILD_RUN"
SUB_FILES=$(count_files "$WORK/sub-site"); SUB_SECS=$SECS; SUB_MB=$PEAK_MB
build_row "chronicle build $RANGE" disk "$SUB_FILES"
UNTAR_DISK_RUN=$UNTAR_RUN PAIRS_DISK=$PAIRS
if [ -n "$SHM" ]; then
  build_untar_pairs "$SHM" shm
  set_measures "$BUILD_RUN"
  SUB_SHM_SECS=$SECS; SUB_SHM_MB=$PEAK_MB
  build_row "chronicle build $RANGE" "/dev/shm" "$(count_files "$SHM/sub-site")"
  rm_site "$SHM/sub-site"
  UNTAR_SHM_RUN=$UNTAR_RUN PAIRS_SHM=$PAIRS
fi
rm -f "$WORK/sub-site.tar"

"$CH" export --db "$WORK/sub.db" >"$WORK/sub.ndjson"
"$BIN/hugosite" --out "$WORK/hugo-src" <"$WORK/sub.ndjson" 2>/dev/null
if have hugo; then
  timed hugo-disk hugo --quiet --source "$WORK/hugo-src" --destination "$WORK/hugo-site"
  HUGO_FILES=$(count_files "$WORK/hugo-site"); HUGO_SECS=$SECS; HUGO_MB=$PEAK_MB
  build_row "hugo $RANGE" disk "$HUGO_FILES"
  rm -rf "$WORK/hugo-site"
  if [ -n "$SHM" ]; then
    timed hugo-shm hugo --quiet --source "$WORK/hugo-src" --destination "$SHM/hugo-site"
    HUGO_SHM_SECS=$SECS; HUGO_SHM_MB=$PEAK_MB
    build_row "hugo $RANGE" "/dev/shm" "$(count_files "$SHM/hugo-site")"
    rm -rf "$SHM/hugo-site"
  fi
else
  skip "hugo not installed: no Hugo build"
fi

set_measures "$UNTAR_DISK_RUN"
UNTAR_SECS=$SECS; build_row "untar of chronicle's $RANGE files (floor)" disk "$SUB_FILES"
if [ -n "$SHM" ]; then
  set_measures "$UNTAR_SHM_RUN"
  UNTAR_SHM_SECS=$SECS; build_row "untar of chronicle's $RANGE files (floor)" "/dev/shm" "$SUB_FILES"
fi

# --- serving ----------------------------------------------------------------
free_port() { # a port of 127.0.0.1 nobody listens on
  local p
  for p in $(seq "$1" $(($1 + 100))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
  return 1
}
wait_up() { # URL: until it answers, at most 10 s
  local i
  for i in $(seq 100); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  return 1
}
# wrk_load URL [SCRIPT]: sets RPS, P50, P99 (ms)
wrk_load() {
  curl -fs -o /dev/null "$1" || true # the first answer of a page is its render
  wrk -t2 -c"$CONNS" -d"${LOAD}s" --timeout 10s --latency ${2:+-s "$2"} "$1" >"$WORK/wrk.txt" 2>&1 || true
  RPS=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$WORK/wrk.txt")
  P50=$(awk '$1 == "50%" {print $2}' "$WORK/wrk.txt" | to_ms)
  P99=$(awk '$1 == "99%" {print $2}' "$WORK/wrk.txt" | to_ms)
}
to_ms() { awk '{ v = $1; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
  f = (u == "us") ? 0.001 : (u == "s") ? 1000 : (u == "m") ? 60000 : 1; printf "%.2f", v * f }'; }

SERVE_RSS=""
if have wrk && have curl; then
  event=$(sed -n "$(( $(wc -l <"$WORK/sub.ndjson") / 2 + 1 ))p" "$WORK/sub.ndjson" | grep -o '"path":"[^"]*"' | head -1 | cut -d'"' -f4)
  day=${event%/*}/index.html
  topic=$(find "$WORK/sub-site/topics" -mindepth 2 -maxdepth 2 -name index.html -printf '%s %h\n' | sort -n | tail -1 | awk '{print $2}')
  topic=${topic#"$WORK/sub-site"}/index.html
  PAGES=("event|$event.html" "day index|$day" "topic|$topic")

  CPORT=$(free_port 18180)
  "$CH" serve --db "$WORK/sub.db" --addr "127.0.0.1:$CPORT" --base-url "http://localhost:8080" >/dev/null 2>&1 &
  CPID=$!; PIDS+=("$CPID")
  wait_up "http://127.0.0.1:$CPORT/style.css" || { echo "run.sh: chronicle serve did not start" >&2; exit 1; }

  NPORT=""
  if have nginx && [ "$(id -u)" = 0 ] && id www-data >/dev/null 2>&1; then
    chmod -R a+rX "$WORK/sub-site"
    NPORT=$(free_port 18280)
    mkdir -p "$WORK/nginx"
    cat >"$WORK/nginx/nginx.conf" <<EOF
user www-data;
worker_processes auto;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  types { text/markdown md; }
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NPORT;
    root $WORK/sub-site;
    location / { try_files \$uri \$uri/index.html =404; }
  }
}
EOF
    nginx -c "$WORK/nginx/nginx.conf" -g 'daemon off;' 2>"$WORK/nginx/stderr" &
    NPID=$!; PIDS+=("$NPID")
    wait_up "http://127.0.0.1:$NPORT/style.css" || { cat "$WORK/nginx/stderr" >&2; skip "nginx did not start"; NPORT=""; }
  else
    skip "nginx missing or not root (it must run as www-data): chronicle serve alone"
  fi

  for entry in "${PAGES[@]}"; do
    name=${entry%%|*}; path=${entry#*|}
    wrk_load "http://127.0.0.1:$CPORT$path"; c_rps=$RPS; c50=$P50; c99=$P99
    n_rps=""; n50=""; n99=""
    if [ -n "$NPORT" ]; then wrk_load "http://127.0.0.1:$NPORT$path"; n_rps=$RPS; n50=$P50; n99=$P99; fi
    SERVE_ROWS+=("$name|$path|$c_rps|$c50|$c99|$n_rps|$n50|$n99")
    log "$name: chronicle ${c_rps} req/s p50 ${c50} ms p99 ${c99} ms; nginx ${n_rps:-–} req/s p50 ${n50:-–} ms p99 ${n99:-–} ms"
  done
  # The search: the benchmark's 100 queries, each in turn, answered by
  # chronicle serve; nginx has none (the static site searches in the
  # browser, over the index files: see the search table).
  "$BIN/searchbench" -queries bench/search-queries.txt -wrk-script "$WORK/search.lua"
  wrk_load "http://127.0.0.1:$CPORT/search" "$WORK/search.lua"
  SERVE_ROWS+=("search (100 queries in turn)|/search?q=…|$RPS|$P50|$P99|||")
  log "search: chronicle ${RPS} req/s p50 ${P50} ms p99 ${P99} ms"
  SERVE_RSS=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$CPID/status" 2>/dev/null || true)
else
  skip "wrk or curl missing: no load test"
fi

# --- incremental build after one changed day ---------------------------------
changed=$(ls "$DAYS" | tail -1)
mkdir -p "$WORK/changed"
# The day's first event that starts with a letter gets a word more.
sed '0,/^\(\*\+\)\([A-Z]\)/s//\1Reportedly, \2/' "$DAYS/$changed" >"$WORK/changed/$changed"
cmp -s "$DAYS/$changed" "$WORK/changed/$changed" && skip "no event line to change in $changed"
touch "$WORK/changed/$changed"
# The first build over a full one links every file of the site into its new
# version (docs/build.md); later ones, as on a site updated every day, start
# from the spare version and its change log. That first build is a row of
# its own, so that the timed incremental build is the daily one.
timed incremental-first "$CH" build --db "$INCR_DB" --out "$INCR_SITE"
other_row "first build over a full one (nothing changed; links every file)" "$(grep -oE '(built|updated a site of) .*' "$WORK/out.incremental-first" | head -1)"
timed reimport "$CH" import --db "$INCR_DB" "$WORK/changed"
other_row "re-import one changed day (${changed%.wiki})" ""
timed incremental "$CH" build --db "$INCR_DB" --out "$INCR_SITE"
other_row "incremental build after it" "$(grep -oE '(built|updated a site of) .*' "$WORK/out.incremental" | head -1)"

# --- cold pages: every page rendered as a cache miss -------------------------
# On the incremental build's database (the full corpus, or the start year's
# events with --quick): every page the sitemaps list, the titles' year pages,
# the sitemaps and feeds, one at a time as the server renders a page its
# cache does not hold (bench/coldpages; 40 s on the corpus).
log "cold pages"
SEARCH_DB=$([ $QUICK = 0 ] && echo "full corpus" || echo "$RANGE") # the database of the cold pages and of search
"$BIN/coldpages" -db "$INCR_DB" -json "$WORK/cold.json" >"$WORK/cold.md"
cget() { sed -n "s/^  \"$1\": \([0-9.e+-]*\).*/\1/p" "$WORK/cold.json" | head -1; }
log "cold pages: $(cget rendered) rendered, p99 $(cget p99_ms) ms, slowest $(cget max_ms) ms"

# --- search: latency, the static index, pagefind beside it -------------------
SEARCH_ROWS=()  # what|value
"$BIN/searchbench" -db "$INCR_DB" -queries bench/search-queries.txt -static -json >"$WORK/search.json"
jget() { sed -n "s/.*\"$1\": \([0-9.e+-]*\).*/\1/p" "$WORK/search.json" | head -1; }
r2() { awk -v v="$1" 'BEGIN { printf "%.2f", v }'; }
kb() { awk -v b="$1" 'BEGIN { printf "%.0f KB", b / 1000 }'; }
SEARCH_ROWS+=("search latency, 100 queries × 3 ($SEARCH_DB), wall|p50 $(r2 "$(jget p50_ms)") ms, p99 $(r2 "$(jget p99_ms)") ms")
SEARCH_ROWS+=("search latency, querying thread's CPU|p50 $(r2 "$(jget cpu_p50_ms)") ms, p99 $(r2 "$(jget cpu_p99_ms)") ms")
SEARCH_ROWS+=("static search index ($SEARCH_DB)|$(jget files) files, $(kb "$(jget bytes)"), built in $(r2 "$(jget build_seconds)") s")
SEARCH_ROWS+=("static search: bytes one query loads|p50 $(kb "$(jget query_bytes_p50)"), max $(kb "$(jget query_bytes_max)"); gzipped p50 $(kb "$(jget query_gzip_bytes_p50)"), max $(kb "$(jget query_gzip_bytes_max)")")
log "search: $(jget p99_ms) ms p99 wall, $(jget cpu_p99_ms) ms CPU; static query bytes max $(jget query_bytes_max)"
if have pagefind; then
  timed pagefind pagefind --site "$WORK/sub-site" --output-path "$WORK/pagefind" --glob "news/**/*.html" --silent
  other_row "pagefind $RANGE (event and day pages)" "$(count_files "$WORK/pagefind") files"
  pf=$WORK/pagefind
  fsize() { stat -c %s "$@" 2>/dev/null | awk '{s += $1} END {print s + 0}'; }
  mean() { find "$1" -type f -printf '%s\n' | awk '{s += $1} END {print (NR ? s / NR : 0)}'; }
  # A query's files in pagefind's own UI-less API: its script, its WebAssembly,
  # the language's metadata, the index chunks of two words and the fragments
  # of five results (pagefind's files are gzipped already).
  PF_QUERY=$(awk -v a="$(fsize "$pf/pagefind.js" "$pf/pagefind-entry.json" "$pf"/wasm.en.pagefind "$pf"/*.pf_meta)" \
    -v i="$(mean "$pf/index")" -v f="$(mean "$pf/fragment")" 'BEGIN { printf "%.0f", a + 2 * i + 5 * f }')
  SEARCH_ROWS+=("pagefind $RANGE: index|$(count_files "$pf") files, $(kb "$(du -sb "$pf" | cut -f1)"), built in $SECS s (peak ${PEAK_MB:-?} MB)")
  SEARCH_ROWS+=("pagefind: bytes one two-word query loads (estimate from its files)|$(kb "$PF_QUERY") (gzipped files)")
  if [ -x /usr/bin/chromium ]; then
    # Both searches in Chromium, bytes counted at the file server.
    if "$BIN/browserbytes" -site "$WORK/sub-site" -pagefind "$pf" -queries bench/search-queries.txt >"$WORK/browserbytes.txt" 2>&1; then
      while IFS= read -r line; do
        SEARCH_ROWS+=("in Chromium, $RANGE: ${line%%:*}|${line#*: }")
      done <"$WORK/browserbytes.txt"
    else
      skip "browserbytes failed: $(tail -1 "$WORK/browserbytes.txt")"
    fi
  else
    skip "chromium not installed (apt-get install -y chromium): the searches' bytes in a browser are not measured"
  fi
else
  skip "pagefind not installed (npm install -g pagefind): no comparison"
fi

# --- report -----------------------------------------------------------------
mkdir -p "$OUT"
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
NAME=$STAMP$([ $QUICK = 1 ] && echo -quick || true)
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)
MEM=$(awk '/MemTotal/ {printf "%.1f GB", $2/1048576}' /proc/meminfo 2>/dev/null || echo unknown)
LOADAVG=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)
V_HUGO=$(have hugo && hugo version 2>/dev/null | awk '{print $2}' || echo none)
V_NGINX=$(have nginx && nginx -v 2>&1 | awk -F/ '{print $2}' || echo none)
V_WRK=$( (wrk -v 2>&1 || true) | awk 'NR==1 {print $2}')

md=$OUT/$NAME.md
json=$OUT/$NAME.json
{
  echo "# Chronicle benchmark $STAMP$([ $QUICK = 1 ] && echo ' (quick)' || true)"
  echo
  echo "Machine: $(nproc) cores, $CPU, $MEM; load average at the end $LOADAVG. Kernel $(uname -r)."
  echo "Versions: chronicle $V_CH, hugo $V_HUGO, nginx $V_NGINX, wrk $V_WRK."
  echo "Events from $FROM$([ $TO = 9999 ] || echo " to $TO"); loads of ${LOAD} s at $CONNS connections on 127.0.0.1."
  [ "$REPEAT" = 1 ] || echo "The corpus's first import, the builds of the events from $FROM and their untars: each row is the run of median wall time among $REPEAT."
  echo
  echo "## Builds"
  echo
  echo "| what | output | seconds | CPU s | peak MB | files | files/s |"
  echo "| --- | --- | ---: | ---: | ---: | ---: | ---: |"
  for r in "${BUILD_ROWS[@]}"; do
    IFS='|' read -r n w s m f c <<<"$r"
    echo "| $n | $w | $s | $c | $m | $f | $(rate "$f" "$s") |"
  done
  if [ -n "${HUGO_SECS:-}" ]; then
    echo
    echo "Chronicle ÷ Hugo on the same events: files/s ×$(ratio "$(rate "$SUB_FILES" "$SUB_SECS")" "$(rate "$HUGO_FILES" "$HUGO_SECS")") on disk$([ -n "${HUGO_SHM_SECS:-}" ] && echo ", ×$(ratio "$(rate "$SUB_FILES" "$SUB_SHM_SECS")" "$(rate "$HUGO_FILES" "$HUGO_SHM_SECS")") in /dev/shm"); peak memory ×$(ratio "$SUB_MB" "$HUGO_MB")$([ -n "${HUGO_SHM_MB:-}" ] && echo " (×$(ratio "$SUB_SHM_MB" "$HUGO_SHM_MB") in /dev/shm)"). Chronicle's build ÷ untar floor: ×$(ratio "$SUB_SECS" "$UNTAR_SECS") on disk$([ -n "${UNTAR_SHM_SECS:-}" ] && echo ", ×$(ratio "$SUB_SHM_SECS" "$UNTAR_SHM_SECS") in /dev/shm") (each build followed by its untar, the pairs' ratios ×${PAIRS_DISK// /, ×} on disk$([ -n "${PAIRS_SHM:-}" ] && echo ", ×${PAIRS_SHM// /, ×} in /dev/shm"))."
  fi
  echo
  echo "## Import and incremental build"
  echo
  echo "| what | seconds | CPU s | peak MB | note |"
  echo "| --- | ---: | ---: | ---: | --- |"
  for r in "${OTHER_ROWS[@]}"; do
    IFS='|' read -r n s m note c <<<"$r"
    echo "| $n | $s | $c | $m | $note |"
  done
  if [ ${#TENFOLD_ROWS[@]} -gt 0 ]; then
    echo
    echo "## The 10× archive against the corpus"
    echo
    echo "| what | seconds ÷ | CPU s ÷ | of it user ÷ | peak MB ÷ |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    for r in "${TENFOLD_ROWS[@]}"; do echo "$r"; done
    echo
    echo "The floor rows write as many files and bytes as each Markdown site (bench/writefloor) into the same file system, with nothing to compute: how the machine's cost of storing the sites grows, against which the build's can be read; \"of it user\" leaves out the kernel's share of the CPU."
  fi
  echo
  echo "## Cold pages ($SEARCH_DB)"
  echo
  cat "$WORK/cold.md"
  echo
  echo "## Search"
  echo
  echo "| what | measured |"
  echo "| --- | --- |"
  for r in "${SEARCH_ROWS[@]}"; do
    IFS='|' read -r n v <<<"$r"
    echo "| $n | $v |"
  done
  if [ ${#SERVE_ROWS[@]} -gt 0 ]; then
    echo
    echo "## Serving (wrk, ${LOAD} s, $CONNS connections)"
    echo
    echo "| page | chronicle req/s | p50 ms | p99 ms | nginx req/s | p50 ms | p99 ms | req/s ÷ nginx | p99 ÷ nginx |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    for r in "${SERVE_ROWS[@]}"; do
      IFS='|' read -r n p cr c5 c9 nr n5 n9 <<<"$r"
      echo "| $n | $cr | $c5 | $c9 | ${nr:-–} | ${n5:-–} | ${n9:-–} | $(ratio "$cr" "$nr") | $(ratio "$c9" "$n9") |"
    done
    echo
    echo "nginx has no search: the static site's search runs in the browser, over the index files (bytes per query in the search table)."
    echo "chronicle serve peak RSS: ${SERVE_RSS:-?} MB."
  fi
  if [ ${#NOTES[@]} -gt 0 ]; then
    echo
    for n in "${NOTES[@]}"; do echo "- note: $n"; done
  fi
} >"$md"

jstr() { printf '"%s"' "$(printf '%s' "$1" | sed 's/\\/\\\\/g; s/"/\\"/g')"; }
jnum() { case $1 in ''|–) printf 'null' ;; *) printf '%s' "$1" ;; esac; }
{
  printf '{\n  "date": %s,\n  "quick": %s,\n  "from_year": %s,\n  "repeat": %s,\n' "$(jstr "$STAMP")" "$([ $QUICK = 1 ] && echo true || echo false)" "$FROM" "$REPEAT"
  printf '  "machine": {"cores": %s, "cpu": %s, "memory": %s, "load_average": %s, "kernel": %s},\n' \
    "$(nproc)" "$(jstr "$CPU")" "$(jstr "$MEM")" "$(jstr "$LOADAVG")" "$(jstr "$(uname -r)")"
  printf '  "versions": {"chronicle": %s, "hugo": %s, "nginx": %s, "wrk": %s},\n' \
    "$(jstr "$V_CH")" "$(jstr "$V_HUGO")" "$(jstr "$V_NGINX")" "$(jstr "$V_WRK")"
  printf '  "load": {"seconds": %s, "connections": %s},\n  "builds": [' "$LOAD" "$CONNS"
  sep=""
  for r in "${BUILD_ROWS[@]}"; do
    IFS='|' read -r n w s m f c <<<"$r"
    printf '%s\n    {"what": %s, "output": %s, "seconds": %s, "cpu_seconds": %s, "peak_mb": %s, "files": %s}' "$sep" "$(jstr "$n")" "$(jstr "$w")" "$s" "$(jnum "$c")" "$(jnum "$m")" "$f"
    sep=,
  done
  printf '\n  ],\n  "build_untar_pairs": {"disk": [%s], "shm": [%s]},' "${PAIRS_DISK// /, }" "${PAIRS_SHM:+${PAIRS_SHM// /, }}"
  printf '\n  "steps": ['
  sep=""
  for r in "${OTHER_ROWS[@]}"; do
    IFS='|' read -r n s m note c <<<"$r"
    printf '%s\n    {"what": %s, "seconds": %s, "cpu_seconds": %s, "peak_mb": %s, "note": %s}' "$sep" "$(jstr "$n")" "$s" "$(jnum "$c")" "$(jnum "$m")" "$(jstr "$note")"
    sep=,
  done
  printf '\n  ],\n  "serve": ['
  sep=""
  for r in "${SERVE_ROWS[@]}"; do
    IFS='|' read -r n p cr c5 c9 nr n5 n9 <<<"$r"
    printf '%s\n    {"page": %s, "path": %s, "chronicle": {"rps": %s, "p50_ms": %s, "p99_ms": %s}, "nginx": {"rps": %s, "p50_ms": %s, "p99_ms": %s}}' \
      "$sep" "$(jstr "$n")" "$(jstr "$p")" "$(jnum "$cr")" "$(jnum "$c5")" "$(jnum "$c9")" "$(jnum "$nr")" "$(jnum "$n5")" "$(jnum "$n9")"
    sep=,
  done
  printf '\n  ],\n  "search": %s,' "$(cat "$WORK/search.json")"
  printf '\n  "cold_pages": %s,' "$(cat "$WORK/cold.json")"
  printf '\n  "serve_peak_rss_mb": %s,\n  "notes": [' "$(jnum "$SERVE_RSS")"
  sep=""
  for n in "${NOTES[@]}"; do printf '%s%s' "$sep" "$(jstr "$n")"; sep=", "; done
  printf ']\n}\n'
} >"$json"

cat "$md"
log "results: $md and $json"
