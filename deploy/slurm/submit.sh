#!/bin/bash
# Scores a cohort on a Slurm cluster: an array of N shard tasks (score-array.sbatch), then a merge job that
# starts only when every task succeeded (merge.sbatch, --dependency=afterok). No scheduler of our own: Slurm
# queues, places, retries (sbatch --requeue) and accounts as it always does.
#
#   deploy/slurm/submit.sh --input DIR|LIST --out DIR --shards N [--model DIR] [--labels CSV]
#       [--partition NAME] [--gpu] [--ep auto|cpu|cuda|webgpu] [--cpus-per-task N] [--time T] [--wait]
#
# --gpu asks for one GPU per task (--gres=gpu:1) and defaults --ep to cuda. --wait blocks until the merge job
# ends and exits with its status. Extra sbatch options: SBATCH_* environment variables (e.g. SBATCH_ACCOUNT).
# Output: OUT/cohort.shard-K-of-N.db per task, OUT/cohort.db merged, OUT/logs/*.out.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

input='' out='' shards='' model='' labels='' partition='' gpu=0 ep='' cpus=4 time_limit='' wait=0
while [ $# -gt 0 ]; do
  case "$1" in
    --input) input=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --shards) shards=$2; shift 2 ;;
    --model) model=$2; shift 2 ;;
    --labels) labels=$2; shift 2 ;;
    --partition) partition=$2; shift 2 ;;
    --gpu) gpu=1; shift ;;
    --ep) ep=$2; shift 2 ;;
    --cpus-per-task) cpus=$2; shift 2 ;;
    --time) time_limit=$2; shift 2 ;;
    --wait) wait=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [ -z "$input" ] || [ -z "$out" ] || ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: submit.sh --input DIR|LIST --out DIR --shards N [options] (see --help)" >&2
  exit 2
fi
if [ -z "$ep" ]; then if [ "$gpu" = 1 ]; then ep=cuda; else ep=auto; fi; fi

input=$(realpath "$input")
mkdir -p "$out/logs"
out=$(realpath "$out")
if [ -n "$model" ]; then model=$(realpath "$model"); fi
if [ -n "$labels" ]; then labels=$(realpath "$labels"); fi

common=()
if [ -n "$partition" ]; then common+=(--partition="$partition"); fi
if [ -n "$time_limit" ]; then common+=(--time="$time_limit"); fi
task=(--array="0-$((shards - 1))" --cpus-per-task="$cpus" --output="$out/logs/score-%A_%a.out")
if [ "$gpu" = 1 ]; then task+=(--gres=gpu:1); fi

array_id=$(sbatch --parsable "${common[@]}" "${task[@]}" "$here/score-array.sbatch" "$input" "$out" "$model" "$ep")
array_id=${array_id%%;*}
echo "score array: job $array_id ($shards tasks, ep=$ep)"
merge=(--dependency="afterok:$array_id" --kill-on-invalid-dep=yes --output="$out/logs/merge-%j.out")
if [ "$wait" = 1 ]; then merge+=(--wait); fi
merge_id=$(sbatch --parsable "${common[@]}" "${merge[@]}" "$here/merge.sbatch" "$out" "$labels")
echo "merge: job ${merge_id%%;*} (after the array succeeds) -> $out/cohort.db"
