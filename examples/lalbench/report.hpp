// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "histogram.hpp"
#include "options.hpp"
#include "proc_stats.hpp"

namespace lalbench {

/// Sums of every worker's live counters at one moment.
struct snapshot {
    double at_seconds = 0;  ///< since the run started
    double unix_seconds = 0;  ///< wall-clock time, to line up with other programs' logs
    std::uint64_t players_started = 0, players_connected = 0, players_active = 0, players_failed = 0,
                  players_done = 0;
    std::uint64_t bytes = 0, frames = 0, video_frames = 0, stamped_frames = 0;
    std::uint64_t publishers_started = 0, publishers_connected = 0, publishers_active = 0,
                  publishers_failed = 0;
    std::uint64_t sent_frames = 0, sent_bytes = 0, skipped_frames = 0;
    double self_cpu = 0;                ///< lalbench's CPU seconds so far
    std::optional<proc_sample> server;  ///< the --server-pid processes
    std::optional<machine_cpu> machine;  ///< the whole machine's CPU
};

/// Everything the end-of-run summary reports.
struct summary {
    const options* opts = nullptr;
    std::size_t streams = 0;
    snapshot end;                       ///< totals at the end
    snapshot window_start, window_end;  ///< the measured window
    histogram latency, play_start, first_media, loop_lag;
    std::uint64_t lost = 0, lost_lagging = 0, lagging_players = 0, sequence_resets = 0;
    std::map<std::string, std::uint64_t> failures;
    double media_bitrate_bps = 0;       ///< of the published file, when publishing
    std::optional<proc_sample> server_baseline;  ///< before players joined
    double churn_seconds = 0;           ///< churn: from the first start to the last end
    bool interrupted = false;

    /// Nothing failed.
    bool ok() const noexcept { return end.players_failed == 0 && end.publishers_failed == 0; }
};

/// The once-a-second line.
void print_progress(std::FILE* out, const options& o, const snapshot& now, const snapshot& before);
/// The summary for people.
void print_summary(std::FILE* out, const summary& s);
/// The summary as one JSON object on one line.
std::string summary_json(const summary& s);

}  // namespace lalbench
