#!/usr/bin/env bash
# Load radkg's N-Quads into Virtuoso (Debian virtuoso-opensource) with its bulk loader, then run
# every named query there and on the embedded store, timing both and comparing the rows.
#
#   sudo apt-get install virtuoso-opensource          # asks for the dba password
#   benchmarks/virtuoso.sh [ARTICLES]                 # default: the bundled data; N: N synthetic articles
#
# Environment: VIRTUOSO_PASSWORD (default dba), VIRTUOSO_PORT (isql, default 1111),
# VIRTUOSO_SPARQL (default http://localhost:8890/sparql), VIRTUOSO_LOAD_DIR (a folder listed in
# DirsAllowed of /etc/virtuoso-opensource-7/virtuoso.ini; default /var/lib/virtuoso-opensource-7/db).
# Not run in CI: it needs a running Virtuoso and root to install it.
set -euo pipefail

ARTICLES="${1:-0}"
PASSWORD="${VIRTUOSO_PASSWORD:-dba}"
ISQL_PORT="${VIRTUOSO_PORT:-1111}"
SPARQL="${VIRTUOSO_SPARQL:-http://localhost:8890/sparql}"
LOAD_DIR="${VIRTUOSO_LOAD_DIR:-/var/lib/virtuoso-opensource-7/db}"
ISQL="$(command -v isql-vt || command -v isql)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

isql_exec() { "$ISQL" "$ISQL_PORT" dba "$PASSWORD" "exec=$1" >/dev/null; }

echo "== building radkg's N-Quads"
if [ "$ARTICLES" -gt 0 ]; then
  python - "$WORK/pages" "$ARTICLES" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, "benchmarks")
from synthetic import write_pages
folder = Path(sys.argv[1]); folder.mkdir()
write_pages(folder, int(sys.argv[2]))
PY
  radkg build -q --validate none --format nq -o "$WORK/out" "$WORK"/pages/*.txt
else
  radkg build -q --validate none --format nq -o "$WORK/out"
fi
cp "$WORK/out/radkg.nq" "$LOAD_DIR/radkg.nq"

echo "== bulk-loading into Virtuoso (one named graph per source, as in the N-Quads)"
start=$(date +%s.%N)
isql_exec "DELETE FROM DB.DBA.load_list WHERE ll_file LIKE '%radkg.nq';"
isql_exec "ld_dir('$LOAD_DIR', 'radkg.nq', 'https://w3id.org/radkg/id/graph/unnamed');"
isql_exec "rdf_loader_run();"
isql_exec "checkpoint;"
end=$(date +%s.%N)
echo "loaded $(wc -l < "$WORK/out/radkg.nq") quads in $(echo "$end - $start" | bc) s"

echo "== every named query: Virtuoso vs the embedded store"
python - "$SPARQL" "$WORK/out/radkg.nq" <<'PY'
import statistics, sys, time
from kg.sparql import Endpoint, library, run
endpoint, graph = Endpoint(sys.argv[1], timeout=600), sys.argv[2]
print(f"{'query':34} {'rows':>6} {'virtuoso ms':>12} {'embedded ms':>12}  same rows")
for name in library():
    timings = {}
    results = {}
    for label, target in (("virtuoso", endpoint), ("embedded", graph)):
        run(target, name)
        samples = []
        for _ in range(3):
            t = time.perf_counter(); results[label] = run(target, name); samples.append((time.perf_counter() - t) * 1000)
        timings[label] = statistics.median(samples)
    same = results["virtuoso"].rows == results["embedded"].rows
    print(f"{name:34} {len(results['embedded']):>6} {timings['virtuoso']:>12.1f} {timings['embedded']:>12.1f}  {same}")
PY
rm -f "$LOAD_DIR/radkg.nq"
