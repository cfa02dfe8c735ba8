#!/usr/bin/env bash
# The shapes-v2 scaling sweep (worker/model/README.md, "Choosing shapes-v2"): three widths at six
# layers on the compositional task mix (the one shapes-v2 trains on), each trained for the same compute, 6e13 FLOPs (6 · non-embedding parameters · tokens),
# then evaluated on the whole dev set. Resumable: run it again and each configuration continues
# from its newest checkpoint (or is skipped when finished).
#
# Runs at nice 10 on one intra-op thread: with two OpenMP threads, one core taken by other work
# collapses training ~8× (4,300 → 550 tokens/s here); one thread keeps ~2,100 of its 2,700 tokens/s
# and leaves the other core usable. It runs from a copy of the jars under its directory, so
# rebuilding the project meanwhile does not replace them under the running JVM.
#
#   worker/model/scripts/scaling-sweep.sh [DIR]      (default .scalingar/sweep)
set -euo pipefail
cd "$(dirname "$0")/../../.."
dir=${1:-.scalingar/sweep}
mkdir -p "$dir"
worker/model/scripts/snapshot-jars.sh "$dir"
train() { # name dim layers heads steps
  local name=$1 run="$dir/$1"
  if [ -f "$run/eval-dev.json" ]; then echo "sweep: $name done" >&2; return; fi
  local resume=()
  ls "$run"/checkpoint-*.safetensors >/dev/null 2>&1 && resume=(--resume)
  nice -n 10 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
    -cp "$dir/jars/*:$dir/jars/lib/*" dev.scalingar.cli.Main train --model "$name" --dim "$2" --layers "$3" --heads "$4" \
    --mix compositional --steps "$5" --warmup $(( $5 / 10 )) --checkpoint-every 25 --eval-limit 96 --eval-n 8 --dir "$run" "${resume[@]}"
}
# steps = 6e13 / (6 · N · 32 images · 263 positions), N the non-embedding parameters
train sweep-192x6 192 6 6 448   # N = 2.65 M
train sweep-288x6 288 6 6 199   # N = 5.97 M
train sweep-384x6 384 6 6 112   # N = 10.6 M
