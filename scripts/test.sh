#!/usr/bin/env bash
# The one test command (README, .ci/run): unit, store (SQLite, and PostgreSQL when DATABASE_URL is set), CLI and HTTP tests.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(find src test -name '*.test.ts' | sort)
exec node --import tsx --test --test-concurrency=2 "${files[@]}"
