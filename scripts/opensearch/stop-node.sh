#!/usr/bin/env bash
# Stop a node started by start-node.sh, by the PID in NODE_DIR/node.pid (never by name):
# TERM, then KILL after STOP_TIMEOUT (30) seconds. Removes node.pid once the process is gone.
NODE_DIR=$1; STOP_TIMEOUT=${STOP_TIMEOUT:-30}
PID=$(cat "$NODE_DIR/node.pid" 2>/dev/null) || { echo "no pid file in $NODE_DIR"; exit 0; }
if ! kill -TERM "$PID" 2>/dev/null; then echo "pid $PID already gone"; rm -f "$NODE_DIR/node.pid"; exit 0; fi
for _ in $(seq $((STOP_TIMEOUT * 4))); do
  kill -0 "$PID" 2>/dev/null || { echo "pid $PID stopped"; rm -f "$NODE_DIR/node.pid"; exit 0; }; sleep 0.25
done
kill -KILL "$PID" 2>/dev/null; sleep 0.5; rm -f "$NODE_DIR/node.pid"; echo "pid $PID killed after ${STOP_TIMEOUT} s"
