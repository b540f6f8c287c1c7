#!/usr/bin/env bash
# Starts a throw-away single-node Slurm (Debian's slurm-wlm packages) on this machine, as
# root, without systemd: munge, slurmctld and slurmd in the background, one partition
# "debug" with all local cores. For trying sweep-array.sh end to end; not for production.
#
#   sudo contrib/slurm/single-node.sh start     # install if needed, configure, start
#   sudo contrib/slurm/single-node.sh stop      # stop the daemons it started
set -euo pipefail

STATE=/var/lib/amtsim-slurm
CONF=/etc/slurm/slurm.conf

start() {
    if ! command -v slurmctld >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurmd slurmctld slurm-client munge
    fi
    mkdir -p "$STATE" /etc/slurm /var/spool/slurmctld /var/spool/slurmd /var/log/slurm /run/munge
    # munge: one key, a daemon that runs as root (no systemd here).
    [ -s /etc/munge/munge.key ] || { mkdir -p /etc/munge; dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; }
    chmod 400 /etc/munge/munge.key
    chown -R root:root /etc/munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
    pgrep -x munged >/dev/null || munged --force
    local host cpus mem
    host=$(hostname -s)
    cpus=$(nproc)
    mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
    cat > "$CONF" <<CONF
ClusterName=amtsim
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=/var/spool/slurmctld
SlurmdSpoolDir=/var/spool/slurmd
SlurmctldPidFile=$STATE/slurmctld.pid
SlurmdPidFile=$STATE/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
    pgrep -x slurmctld >/dev/null || slurmctld
    pgrep -x slurmd >/dev/null || slurmd
    for _ in $(seq 1 30); do
        if sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'; then
            sinfo
            return 0
        fi
        sleep 1
    done
    echo "slurm did not come up; see /var/log/slurm/*.log" >&2
    return 1
}

stop() {
    # munged too: this script started it (a machine with its own munge service has systemd).
    for pidfile in "$STATE/slurmd.pid" "$STATE/slurmctld.pid" /run/munge/munged.pid; do
        [ -s "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
    done
}

case "${1:-start}" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
