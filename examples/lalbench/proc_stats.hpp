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

}  // namespace lalbench
