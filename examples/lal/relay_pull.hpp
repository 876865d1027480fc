// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <lal/base/result.hpp>

#include "hub_types.hpp"
#include "relay_context.hpp"

namespace lal::server {

class relay_push;
class pull_session;

/// How one pull behaves: an origin pull follows its players (relay_pull
/// section); a pull the API starts has its own retry and stop rules (lal-Go's
/// start_relay_pull fields).
struct pull_policy {
    bool on_demand = true;                 ///< started for players: ends when the last one left and it fails
    std::uint32_t connect_timeout_ms = 5000;
    std::uint32_t read_timeout_ms = 10000;
    std::int64_t retry_num = 3;            ///< further attempts after a failure; -1: forever
    std::uint32_t retry_interval_ms = 1000;
    std::int64_t stop_after_idle_ms = 5000;  ///< ends once no player was there this long; -1: never
    int rtsp_mode = 0;                     ///< rtsp:// pulls: 0 RTP interleaved over TCP, 1 UDP (lal-Go's rtsp_mode)
};

/// Finds where to pull a stream from: calls its argument once, on the pull's
/// worker, with the URL or an empty URL and the reason.
using resolver = std::function<void(std::function<void(std::string, std::string)>)>;

/// Origin pull (回源) for the streams of one worker: when players wait for a
/// stream that has no publisher here, one pull per stream (RTMP play or
/// HTTP-FLV GET or RTSP PLAY from relay_pull.addr) feeds a hub publication that every
/// player shares. The pull gives way to a local publisher, is retried
/// relay_pull.retry_num times after a failure, and ends once no player was
/// there for relay_pull.stop_after_idle_ms. All calls on the worker's thread.
class relay_pull {
public:
    /// `push` tells which subscribers of a stream are relay pushes, not players.
    relay_pull(relay_worker_context ctx, const relay_push& push);
    ~relay_pull();
    relay_pull(const relay_pull&) = delete;
    relay_pull& operator=(const relay_pull&) = delete;

    /// Looks at `key` again after its players or publisher changed: starts a
    /// pull for waiting players of a stream without publisher, arms or cancels
    /// the idle stop of a running one.
    void update(const stream_key& key);
    /// Players of `key` (subscribers other than relay pushes).
    std::size_t players(const stream_key& key) const;
    /// True while a pull of `key` exists (connecting, pulling or waiting to retry).
    bool pulling(const stream_key& key) const { return pulls_.count(key) != 0; }
    /// Starts a pull of `key` from `url` for the API, players or not; returns its
    /// session id, or an error text (already pulled, or published here).
    lal::result<std::string> start(const stream_key& key, const std::string& url, const pull_policy& policy,
                                   std::string& error);
    /// Ends the pulls of streams named `name` (any app); returns their session ids.
    std::vector<std::string> stop(const std::string& name);
    /// Ends every pull and refuses new ones (server shutdown).
    void stop_all();
    /// Drops hub handles without touching sockets (the loops no longer run).
    void release();

private:
    friend class pull_session;
    void remove(const stream_key& key, const pull_session* which);

    relay_worker_context ctx_;
    const relay_push& push_;
    std::string template_;
    std::unordered_map<stream_key, std::shared_ptr<pull_session>, stream_key_hash> pulls_;
    bool stopping_ = false;
};

}  // namespace lal::server
