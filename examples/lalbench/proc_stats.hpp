// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace lalbench {

/// CPU and memory of a group of processes, from /proc (Linux).
struct proc_sample {
    double cpu_seconds = 0;       ///< user + system time (/proc/PID/stat utime + stime) of every process
    std::uint64_t rss_kb = 0;     ///< sum of VmRSS
    std::uint64_t hwm_kb = 0;     ///< sum of VmHWM (each process's peak resident set)
    std::size_t processes = 0;    ///< processes found
};

/// Samples each of `pids` and its child processes (e.g. nginx's workers, from
/// /proc/PID/task/*/children). nullopt when a pid is gone.
std::optional<proc_sample> sample_processes(const std::vector<int>& pids);

/// CPU seconds (user + system) this process used so far.
double self_cpu_seconds();

/// The whole machine's busy CPU time so far, from /proc/stat's "cpu" line.
struct machine_cpu {
    double busy_seconds = 0;     ///< every core's user, nice, system, irq, softirq and steal time
    double softirq_seconds = 0;  ///< of which softirq: the network stack's receive and deferred work,
                                 ///< wherever it ran (ksoftirqd, or any task it interrupted)
};

/// Samples /proc/stat; nullopt when it cannot be read.
std::optional<machine_cpu> sample_machine_cpu();

}  // namespace lalbench
