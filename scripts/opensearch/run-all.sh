#!/usr/bin/env bash
# End-to-end check: assemble (cached), single node + smoke (BM25/asciifolding + k-NN),
# then a 2-node cluster on loopback + smoke. Every node is stopped by PID on exit.
# env: W (<repo>/.opensearch), KNN_VERSION (empty = no k-NN), ports 9200/9201 and 9300/9301.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); W=${W:-$(cd "$HERE/../.." && pwd)/.opensearch}; H=$W/home
mkdir -p "$W"
NODES=()
cleanup() { for n in "${NODES[@]}"; do "$HERE/stop-node.sh" "$n"; done; }
trap cleanup EXIT
"$HERE/assemble.sh" "$H" || exit 1
rm -rf "$W/n1" "$W/n2"
NODES+=("$W/n1"); "$HERE/start-node.sh" "$H" "$W/n1" n1 9200 9300 single || exit 1
KNNFLAG=--knn; [ -n "${KNN_VERSION-2.19.1.0}" ] || KNNFLAG=   # KNN_VERSION= (empty) skips k-NN
"$HERE/smoke.sh" http://127.0.0.1:9200 $KNNFLAG; rc1=$?
curl -s --max-time 10 'http://127.0.0.1:9200/_cat/plugins?v'
"$HERE/stop-node.sh" "$W/n1"; NODES=()
rm -rf "$W/n1" "$W/n2"
NODES+=("$W/n1" "$W/n2")
"$HERE/start-node.sh" "$H" "$W/n1" n1 9200 9300 cluster & P1=$!
"$HERE/start-node.sh" "$H" "$W/n2" n2 9201 9301 cluster; r2=$?
wait $P1; r1=$?
[ $r1 = 0 ] && [ $r2 = 0 ] || { echo "cluster start failed (n1 rc=$r1, n2 rc=$r2)"; exit 1; }
"$HERE/smoke.sh" http://127.0.0.1:9200 $KNNFLAG --cluster 2; rc2=$?
curl -s --max-time 10 'http://127.0.0.1:9200/_cat/nodes?v'
echo "single-node smoke rc=$rc1, cluster smoke rc=$rc2"
[ $rc1 = 0 ] && [ $rc2 = 0 ]
