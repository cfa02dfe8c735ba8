#!/usr/bin/env bash
# Copies the CLI's jars into DIR/jars once (building them first if there are none), so a long run
# keeps its own classpath: rebuilding the project while it runs would replace jars under the JVM.
#   worker/model/scripts/snapshot-jars.sh DIR      (run from the repository root)
set -euo pipefail
dir=$1
if [ ! -d "$dir/jars" ]; then
  [ -d cli/target/lib ] || ./mvnw -B -q install -DskipTests
  mkdir -p "$dir/jars.tmp" && cp -r cli/target/lib "$dir/jars.tmp/lib"
  cp "$(ls cli/target/scalingar-cli-*.jar | grep -v -- -sources | head -n 1)" "$dir/jars.tmp/"
  mv "$dir/jars.tmp" "$dir/jars"
fi
