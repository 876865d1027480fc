// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>

#include "hub_types.hpp"
#include "relay_context.hpp"

namespace lal::server {

class relay_push;
class pull_session;

/// Origin pull (回源) for the streams of one worker: when players wait for a
/// stream that has no publisher here, one pull per stream (RTMP play or
/// HTTP-FLV GET from relay_pull.addr) feeds a hub publication that every
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
