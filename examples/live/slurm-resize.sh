#!/usr/bin/env bash
# Resizes two Slurm job arrays to the split `ce-nas serve` answers, once per epoch: one array
# of one-shot sampling workers and one of training workers (one GPU per task each).
#
#   slurm-resize.sh SAMPLING_ARRAY_JOB_ID TRAINING_ARRAY_JOB_ID
#
# Environment: CE_NAS_URL (default http://127.0.0.1:8080), CE_NAS_POOL (default), CE_NAS_EPOCH_S
# (3600), CE_NAS_EPOCHS (how many epochs; default: run until killed), CE_NAS_SERVE_TOKEN (if
# the service wants one). Needs curl and python3 (for JSON).
#
# ArrayTaskThrottle caps how many tasks of an array run at once; lowering it lets running
# tasks finish but starts no new ones. A share of 0 cannot be a throttle (0 means no limit),
# so that array is requeued and held instead: its running tasks go back to the queue (they
# should checkpoint on SIGTERM) and resume when it is released.
set -euo pipefail
sampling_job=${1:?usage: slurm-resize.sh SAMPLING_ARRAY_JOB_ID TRAINING_ARRAY_JOB_ID}
training_job=${2:?usage: slurm-resize.sh SAMPLING_ARRAY_JOB_ID TRAINING_ARRAY_JOB_ID}
url=${CE_NAS_URL:-http://127.0.0.1:8080}
pool=${CE_NAS_POOL:-default}
epoch_s=${CE_NAS_EPOCH_S:-3600}
epochs=${CE_NAS_EPOCHS:--1}

resize() { # JOB_ID TASKS
  if [ "$2" -eq 0 ]; then
    scontrol requeuehold "$1"
  else
    scontrol update JobId="$1" ArrayTaskThrottle="$2"
    scontrol release "$1"
  fi
}

epoch=0
while [ "$epochs" -lt 0 ] || [ "$epoch" -lt "$epochs" ]; do
  if answer=$(curl -fsS --max-time 10 ${CE_NAS_SERVE_TOKEN:+-H "Authorization: Bearer $CE_NAS_SERVE_TOKEN"} "$url/v1/pools/$pool/allocation"); then
    read -r sampling evaluation stale < <(python3 -c 'import json,sys; a=json.load(sys.stdin); print(a["samplingGpus"], a["evaluationGpus"], a["stale"])' <<<"$answer")
    echo "epoch $epoch: $sampling sampling, $evaluation training GPUs (stale: $stale)"
    resize "$sampling_job" "$sampling"
    resize "$training_job" "$evaluation"
  else
    echo "epoch $epoch: no answer from $url; keeping the current sizes" >&2
  fi
  epoch=$((epoch + 1))
  if [ "$epochs" -lt 0 ] || [ "$epoch" -lt "$epochs" ]; then sleep "$epoch_s"; fi
done
