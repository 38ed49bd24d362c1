#!/usr/bin/env bash
# A ce-nas sweep as a Slurm job array: each array task runs its share of the grid (ce-nas
# reads SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT), writing runs-K-of-N.jsonl into the
# shared results folder; a task that is requeued or resubmitted resumes its own share.
#
#   sbatch --array=0-3 examples/cluster/slurm-sweep.sh examples/sweep-1000.json results/sweep
#   npx ce-nas merge results/sweep --out results/sweep.jsonl      # after the array finishes
#
#SBATCH --job-name=ce-nas-sweep
#SBATCH --cpus-per-task=1
#SBATCH --output=ce-nas-sweep-%A_%a.out
set -euo pipefail
config=${1:?usage: slurm-sweep.sh SWEEP.json RESULTS_DIR}
out=${2:?usage: slurm-sweep.sh SWEEP.json RESULTS_DIR}
# One worker thread per CPU Slurm gave the task.
exec npx --no-install ce-nas sweep --config "$config" --out "$out" --workers "${SLURM_CPUS_PER_TASK:-1}"
