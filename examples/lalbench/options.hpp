// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace lalbench {

/// What lalbench does.
enum class mode {
    play,   ///< N players
    push,   ///< N publishers
    run,    ///< publishers and players in one process (latency on one clock)
    churn,  ///< N x (connect, play, first media, close), c at a time
};

/// Everything the command line sets.
struct options {
    lalbench::mode mode = mode::play;
    std::string url;            ///< play URL (play, run, churn) or publish URL (push); may hold {i}
    std::string push_url;       ///< run/churn: publish URL when it differs from url (e.g. HTTP-FLV players)
    std::string input;          ///< FLV file to publish (push, run, churn with publishers)
    std::size_t players = 1;    ///< players, or churn connections in total
    std::size_t publishers = 0; ///< push: N; run: publishers (default 1)
    std::size_t streams = 0;    ///< play: streams {i} spreads players over (0: as many as players)
    double seconds = 10;        ///< measured window
    double rate = 1000;         ///< connections started per second (0: all at once; churn: as fast as concurrency allows, its default)
    std::size_t threads = 1;
    std::size_t concurrency = 100;  ///< churn: connections in flight
    bool churn_until_start = false; ///< churn: close at play start rather than at the first frame
    double warmup = 2;          ///< seconds between the last player's start and the window
    double publish_warmup = 2;  ///< run/churn: seconds of publishing before players join
    double connect_timeout = 10;
    double idle_timeout = 10;
    bool whep = false;          ///< an http:// play URL is a WHEP endpoint (POST an offer there)
    double lag_ms = 1000;       ///< a player whose latency went over this fell behind
    std::vector<int> server_pids;  ///< processes whose CPU and memory to report
    bool json = false;
    bool quiet = false;         ///< no once-a-second lines
};

/// Runs the benchmark; the process exit code (0 when nothing failed).
int run(const options& o);

}  // namespace lalbench
