#!/usr/bin/env bash
# Assemble an OPENSEARCH_HOME (bin/, lib/, modules/, plugins/) from Maven Central artifacts.
# Needs mvn reaching Maven Central; downloads land in the Maven cache (~/.m2) and are reused.
# Usage: assemble.sh [OS_HOME]   (default: <repo>/.opensearch/home, git-ignored)
#   env: OS_VERSION (2.19.1), KNN_VERSION (2.19.1.0, empty = no k-NN),
#        KNN_RELAX=1 to let a k-NN zip built for 2.19.x run on another 2.19.y,
#        FORCE=1 to rebuild a home whose stamp already matches.
# A home is stamped (OS_HOME/.assembled) with its versions; a matching stamp means nothing to do.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
OS_HOME=${1:-$REPO/.opensearch/home}
OS_VERSION=${OS_VERSION:-2.19.1}
KNN_VERSION=${KNN_VERSION-2.19.1.0}
STAMP="opensearch=$OS_VERSION knn=${KNN_VERSION:-none} relax=${KNN_RELAX:-0}"
if [ "${FORCE:-0}" != 1 ] && [ "$(cat "$OS_HOME/.assembled" 2>/dev/null)" = "$STAMP" ]; then
  echo "== $OS_HOME already assembled ($STAMP)"; exit 0
fi
MVN_BIN=${MVN_BIN:-mvn}
command -v "$MVN_BIN" >/dev/null || { echo "assemble: step 'find mvn': $MVN_BIN is not on PATH (apt-get install maven)" >&2; exit 1; }
STAGE=$(mktemp -d /tmp/os-stage.XXXXXX)
trap 'rm -rf "$STAGE"' EXIT
MVN=(mvn_plain -B -q -Dstyle.color=never -f "$HERE/pom.xml" -Dopensearch.version="$OS_VERSION")

rm -rf "$OS_HOME"; mkdir -p "$OS_HOME"/{lib,modules,plugins}
# The bootstrap's security policy grants read on path.home/bin and fails when it is missing.
mkdir -p "$OS_HOME/bin"

# mvn -q still prints colour resets; drop them (pipefail keeps mvn's exit status)
mvn_plain() { timeout 900 "$MVN_BIN" "$@" 2>&1 | sed -E 's/\x1b\[[0-9;]*m//g; /^$/d'; }

fetch_profile() { # profile dest
  "${MVN[@]}" -P "$1" dependency:copy-dependencies \
      -DincludeScope=runtime -DoutputDirectory="$2" \
    || { echo "assemble: step 'maven profile $1' failed (org.opensearch $OS_VERSION)" >&2; exit 1; }
}

# "artifact" part of a jar file name: strip "-<digit>.<digit>..." like the server's codebase naming does
short() { basename "$1" | sed -E 's/-[0-9]+\.[0-9]+.*\.jar$//; s/\.jar$//'; }

# remove from dir $1 every jar whose short name already exists in any of the dirs $2..
dedupe() {
  local dir=$1; shift
  local j o
  for j in "$dir"/*.jar; do
    [ -e "$j" ] || continue
    for o in "$@"; do
      for k in "$o"/*.jar; do
        [ -e "$k" ] || continue
        if [ "$(short "$j")" = "$(short "$k")" ]; then
          rm -f "$j"; [ "$(basename "$j")" = "$(basename "$k")" ] || echo "  dedupe: dropped $(basename "$j") (have $(basename "$k"))"
          break 2
        fi
      done
    done
  done
}

# first candidate class that exists in the jar
pick_class() { # jar cand...
  local jar=$1; shift; local listing; listing=$(unzip -Z1 "$jar")
  for c in "$@"; do
    if grep -qx "$(echo "$c" | tr . /).class" <<<"$listing"; then echo "$c"; return 0; fi
  done
  echo "no plugin class found in $jar among: $*" >&2; return 1
}

write_module() { # name artifact-prefix "description" "extended" policy-file-or-empty class-candidates...
  local name=$1 art=$2 desc=$3 ext=$4 pol=$5; shift 5
  local dir="$OS_HOME/modules/$name" jar cls
  mkdir -p "$dir"; cp "$STAGE/$name"/*.jar "$dir"/
  jar=$(ls "$dir"/"$art"-"$OS_VERSION".jar)
  if unzip -Z1 "$jar" | grep -qx plugin-descriptor.properties; then
    echo "  $name: jar carries its own plugin-descriptor.properties"; unzip -p "$jar" plugin-descriptor.properties > "$dir/plugin-descriptor.properties"
  else
    cls=$(pick_class "$jar" "$@")
    echo "  $name: writing descriptor by hand (classname $cls)"
    cat > "$dir/plugin-descriptor.properties" <<PROPS
description=$desc
version=$OS_VERSION
name=$name
classname=$cls
java.version=11
opensearch.version=$OS_VERSION
extended.plugins=$ext
has.native.controller=false
PROPS
  fi
  [ -n "$pol" ] && cp "$HERE/config/$pol" "$dir/plugin-security.policy"
  true
}

echo "== server $OS_VERSION -> lib/"
fetch_profile server "$OS_HOME/lib"
echo "== modules"
for p in transport-netty4 lang-painless analysis-common; do fetch_profile "$p" "$STAGE/$p"; done

write_module transport-netty4 transport-netty4-client "Netty 4 based transport implementation" "" netty4.policy \
  org.opensearch.transport.Netty4ModulePlugin org.opensearch.transport.Netty4Plugin
dedupe "$OS_HOME/modules/transport-netty4" "$OS_HOME/lib"

write_module lang-painless lang-painless "Painless scripting language" "" painless.policy \
  org.opensearch.painless.PainlessModulePlugin org.opensearch.painless.PainlessPlugin
dedupe "$OS_HOME/modules/lang-painless" "$OS_HOME/lib"

write_module analysis-common analysis-common "Built-in analyzers (asciifolding etc.)" "lang-painless" "" \
  org.opensearch.analysis.common.CommonAnalysisModulePlugin org.opensearch.analysis.common.CommonAnalysisPlugin \
  org.opensearch.analysis.common.CommonAnalysisModule
dedupe "$OS_HOME/modules/analysis-common" "$OS_HOME/lib" "$OS_HOME/modules/lang-painless"

if [ -n "$KNN_VERSION" ]; then
  echo "== opensearch-knn $KNN_VERSION (zip) -> plugins/opensearch-knn"
  "${MVN[@]}" dependency:copy -Dartifact="org.opensearch.plugin:opensearch-knn:$KNN_VERSION:zip" \
      -DoutputDirectory="$STAGE/knn" \
    || { echo "assemble: step 'maven org.opensearch.plugin:opensearch-knn:$KNN_VERSION:zip' failed" >&2; exit 1; }
  mkdir -p "$OS_HOME/plugins/opensearch-knn"
  unzip -q "$STAGE"/knn/*.zip -d "$OS_HOME/plugins/opensearch-knn"
  # some plugin zips nest everything under one folder
  if [ ! -f "$OS_HOME/plugins/opensearch-knn/plugin-descriptor.properties" ]; then
    sub=$(dirname "$(find "$OS_HOME/plugins/opensearch-knn" -name plugin-descriptor.properties | head -1)")
    mv "$sub"/* "$OS_HOME/plugins/opensearch-knn/"
  fi
  echo "  knn descriptor: $(grep -E '^(version|opensearch.version|extended.plugins)=' "$OS_HOME/plugins/opensearch-knn/plugin-descriptor.properties" | tr '\n' ' ')"
  echo "  knn native libs in zip:"; (find "$OS_HOME/plugins/opensearch-knn" -name '*.so*' | sed 's/^/    /') || true
  dedupe "$OS_HOME/plugins/opensearch-knn" "$OS_HOME/lib" "$OS_HOME/modules/lang-painless"
  if [ "${KNN_RELAX:-0}" = 1 ]; then
    sed -i -E 's/^opensearch\.version=([0-9]+)\.([0-9]+)\..*/dependencies={"opensearch": "~\1.\2.0"}/' \
      "$OS_HOME/plugins/opensearch-knn/plugin-descriptor.properties"
  fi
fi
echo "$STAMP" > "$OS_HOME/.assembled"
echo "== done: $(ls "$OS_HOME/lib" | wc -l) jars in lib/, modules: $(ls "$OS_HOME/modules" | tr '\n' ' '), plugins: $(ls "$OS_HOME/plugins" | tr '\n' ' ')"
du -sh "$OS_HOME"
