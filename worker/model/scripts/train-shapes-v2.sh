#!/usr/bin/env bash
# Trains shapes-v2 in the background, resumably: run it again (any day) and it continues from the
# newest checkpoint. 4,000 steps × 32 images (33.7 M tokens, twice shapes-v1's) on the
# compositional task mix, v1's shape (192 wide, 6 layers, 6 heads): the scaling sweep's choice
# (worker/model/README.md, "Choosing shapes-v2"). About 4.7 h on one core of this machine.
#
# Like scaling-sweep.sh: nice 10, one intra-op thread (leaves the other core usable; two threads
# collapse when a core is taken), and its own copy of the jars, so rebuilding the project meanwhile
# does not replace them under the running JVM.
#
#   worker/model/scripts/train-shapes-v2.sh [DIR]      (default .scalingar/train/shapes-v2)
set -euo pipefail
cd "$(dirname "$0")/../../.."
dir=${1:-.scalingar/train/shapes-v2}
mkdir -p "$dir"
worker/model/scripts/snapshot-jars.sh "$dir"
resume=()
ls "$dir"/checkpoint-*.safetensors >/dev/null 2>&1 && resume=(--resume)
exec nice -n 10 java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 \
  -cp "$dir/jars/*:$dir/jars/lib/*" dev.scalingar.cli.Main train --model shapes-v2 --mix compositional \
  --steps 4000 --batch 32 --lr 1.5e-3 --warmup 100 --checkpoint-every 50 --seed 20261202 \
  --eval-limit 96 --eval-n 8 --dir "$dir" "${resume[@]}"
