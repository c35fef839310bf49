#!/usr/bin/env bash
# The README quickstart: create an embedded graph on local disk, load data, run a query.
set -euo pipefail
cd "$(dirname "$0")/.."
OG=build/bin/omnigraph
G=quickstart-graph
rm -rf "$G"
$OG init --schema examples/quickstart/schema.pg "$G"
$OG load --data examples/quickstart/data.jsonl --mode overwrite "$G"
$OG query build_tool_users --store "$G" --query examples/quickstart/queries.gq --params '{"lead": "ada"}'
