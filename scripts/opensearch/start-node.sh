#!/usr/bin/env bash
# Start one OpenSearch node from an assembled OPENSEARCH_HOME, on loopback only.
# Usage: start-node.sh OS_HOME NODE_DIR NAME HTTP_PORT TRANSPORT_PORT [single|cluster]
#   cluster mode: SEED_HOSTS (default 127.0.0.1:9300,127.0.0.1:9301) and
#   INITIAL_MANAGERS (default n1,n2), both comma-separated.
# env: HEAP (512m), JAVA (java), OS_USER (opensearch), START_TIMEOUT (180 s),
#      CLUSTER_NAME (tracuu), WAIT_STATUS (single: yellow; cluster: none = HTTP answers).
# Prints one line "node NAME pid PID http PORT up after S s, RSS K KiB";
# NODE_DIR/node.pid holds the PID (stop with stop-node.sh, never by name).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 5 ]; then sed -n '2,9p' "$0" >&2; exit 2; fi
OS_HOME=$1 NODE_DIR=$2 NAME=$3 HTTP=$4 TRANSPORT=$5 MODE=${6:-single}
HEAP=${HEAP:-512m} JAVA=${JAVA:-java} OS_USER=${OS_USER:-opensearch} START_TIMEOUT=${START_TIMEOUT:-180}
CLUSTER_NAME=${CLUSTER_NAME:-tracuu}
SEED_HOSTS=${SEED_HOSTS:-127.0.0.1:9300,127.0.0.1:9301} INITIAL_MANAGERS=${INITIAL_MANAGERS:-n1,n2}
if [ "$MODE" = single ]; then WAIT_STATUS=${WAIT_STATUS:-yellow}; else WAIT_STATUS=${WAIT_STATUS:-none}; fi

ls "$OS_HOME"/lib/opensearch-[0-9]*.jar >/dev/null 2>&1 \
  || { echo "start-node: step 'find home': no server jar in $OS_HOME/lib (run assemble.sh first)" >&2; exit 1; }
if [ -f "$NODE_DIR/node.pid" ] && kill -0 "$(cat "$NODE_DIR/node.pid")" 2>/dev/null; then
  echo "start-node: a node already runs from $NODE_DIR (pid $(cat "$NODE_DIR/node.pid"))" >&2; exit 1
fi
if curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$HTTP/"; then
  echo "start-node: port $HTTP already answers HTTP; pick another HTTP_PORT" >&2; exit 1
fi

json_list() { echo "$1" | python3 -c 'import json,sys; print(json.dumps(sys.stdin.read().strip().split(",")))'; }
mkdir -p "$NODE_DIR"/{config,data,logs,tmp}
cp "$HERE/config/log4j2.properties" "$NODE_DIR/config/"
{
  echo "cluster.name: $CLUSTER_NAME"
  echo "node.name: $NAME"
  echo "path.data: $NODE_DIR/data"
  echo "path.logs: $NODE_DIR/logs"
  echo "network.host: 127.0.0.1"
  echo "http.port: $HTTP"
  echo "transport.port: $TRANSPORT"
  echo "cluster.routing.allocation.disk.threshold_enabled: false"
  if [ "$MODE" = single ]; then
    echo "discovery.type: single-node"
  else
    echo "discovery.seed_hosts: $(json_list "$SEED_HOSTS")"
    echo "cluster.initial_cluster_manager_nodes: $(json_list "$INITIAL_MANAGERS")"
  fi
} > "$NODE_DIR/config/opensearch.yml"

# OpenSearch refuses to run as root ("can not run opensearch as root"): run as a plain user.
if [ "$(id -u)" = 0 ]; then
  id "$OS_USER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OS_USER"
  chown -R "$OS_USER:" "$NODE_DIR"
  AS_USER=(setpriv --reuid="$(id -u "$OS_USER")" --regid="$(id -g "$OS_USER")" --init-groups)
  # The node's user must reach the home: a checkout under /root (mode 700) is closed to it, so
  # the home is then used from a world-readable copy in /tmp, made once per assembled version.
  if ! "${AS_USER[@]}" test -r "$OS_HOME/lib" -a -x "$OS_HOME/lib"; then
    MIRROR="/tmp/tracuu-opensearch-home-$(md5sum < "$OS_HOME/.assembled" | cut -c1-12)"
    if [ ! -f "$MIRROR/.assembled" ]; then
      cp -a "$OS_HOME" "$MIRROR.$$" && chmod -R a+rX "$MIRROR.$$" \
        && { mv -T "$MIRROR.$$" "$MIRROR" 2>/dev/null || rm -rf "$MIRROR.$$"; }
    fi
    OS_HOME=$MIRROR
  fi
  if ! "${AS_USER[@]}" test -w "$NODE_DIR/data"; then
    echo "start-node: step 'node folder': the user $OS_USER cannot reach $NODE_DIR (a parent folder is closed to" \
         "other users); put node folders where others may pass, e.g. under /tmp" >&2; exit 1
  fi
else
  AS_USER=()
fi

JOPTS=(-Xms$HEAP -Xmx$HEAP -XX:+UseG1GC -Xss1m
  -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djna.nosys=true -XX:-OmitStackTraceInFastThrow
  -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true
  -Dio.netty.recycler.maxCapacityPerThread=0 -Dio.netty.allocator.numDirectArenas=0
  -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true
  -Dopensearch.networkaddress.cache.ttl=60 -Dopensearch.networkaddress.cache.negative.ttl=10
  -Djava.io.tmpdir="$NODE_DIR/tmp")
JV=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')
if [ "${JV%%.*}" -ge 24 ]; then
  echo "Java $JV: the security manager OpenSearch 2.x needs is gone from Java 24+ (JEP 486); use Java 17 or 21" >&2; exit 1
fi
if [ "${JV%%.*}" -ge 18 ]; then JOPTS+=(-Djava.security.manager=allow -Djava.locale.providers=SPI,CLDR)
else JOPTS+=(-Djava.locale.providers=SPI,COMPAT); fi

T0=$(date +%s.%N)
"${AS_USER[@]}" "$JAVA" "${JOPTS[@]}" \
  -Dopensearch.path.home="$OS_HOME" -Dopensearch.path.conf="$NODE_DIR/config" \
  -Dopensearch.distribution.type=tar -Dopensearch.bundled_jdk=false \
  -cp "$OS_HOME/lib/*" org.opensearch.bootstrap.OpenSearch \
  </dev/null >"$NODE_DIR/console.log" 2>&1 &
PID=$!
echo $PID > "$NODE_DIR/node.pid"

# Wait until HTTP answers (and, with WAIT_STATUS, the cluster reaches it), the process dies, or timeout.
ready() {
  if [ "$WAIT_STATUS" = none ]; then curl -s --max-time 2 -o /dev/null "http://127.0.0.1:$HTTP/"; return; fi
  curl -sf --max-time 3 "http://127.0.0.1:$HTTP/_cluster/health?wait_for_status=$WAIT_STATUS&timeout=2s" 2>/dev/null \
    | grep -q '"timed_out":false'
}
deadline=$(( $(date +%s) + START_TIMEOUT ))
until ready; do
  if ! kill -0 $PID 2>/dev/null; then
    echo "start-node: step 'start node $NAME': the java process died; tail of $NODE_DIR/console.log:" >&2
    tail -40 "$NODE_DIR/console.log" >&2; exit 1
  fi
  if [ "$(date +%s)" -ge $deadline ]; then
    echo "start-node: step 'start node $NAME': not ready after ${START_TIMEOUT}s (pid $PID still running; stop it with stop-node.sh $NODE_DIR)" >&2
    tail -40 "$NODE_DIR/console.log" >&2; exit 1
  fi
  sleep 0.5
done
echo "node $NAME pid $PID http $HTTP up after $(python3 -c "import time;print(round(time.time()-$T0,1))") s, RSS $(ps -o rss= -p $PID | tr -d ' ') KiB"
