#!/usr/bin/env bash
# Measures `chronicle deploy` on the shared corpus against a local versitygw:
# the first deploy, a deploy of the unchanged site and the deploy after a
# one-day edit (objects/s, MB, requests, seconds). Years: $1, a comma list,
# or "all" (the whole corpus: 582k files, several GB on disk twice); default 2024.
# CHRONICLE_CORPUS=FILE names the dump when ../shared/corpus is not beside the repo.
#   bench/deploy.sh 2023,2024
set -euo pipefail
cd "$(dirname "$0")/.."
CHRONICLE_BENCH_YEARS=${1:-2024} exec go test ./bench -run '^$' -bench '^BenchmarkDeployCorpus$' -benchtime 1x -timeout 2h -v
