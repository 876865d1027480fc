// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "hub_types.hpp"
#include "relay_context.hpp"

namespace lal::server {

class push_target;

/// Relay push (转推) for the streams of one worker: a stream published here is
/// published again to every relay_push.addr_list target, each through its own
/// RTMP client connection fed by an internal hub subscriber (metadata, sequence
/// headers and the GOP cache first, then live; the subscriber's queue limits
/// apply). A target that fails is retried with exponential backoff while the
/// stream lives; it never affects the stream, its players or other targets.
/// Pushed URLs carry the lal_relay marker. All calls on the worker's thread.
class relay_push {
public:
    explicit relay_push(relay_worker_context ctx);
    ~relay_push();
    relay_push(const relay_push&) = delete;
    relay_push& operator=(const relay_push&) = delete;

    /// Starts pushing `key` to every target; nothing when already pushing it.
    void start(const stream_key& key);
    /// Stops pushing `key` (its publisher left).
    void stop(const stream_key& key);
    /// Hub subscribers this object holds on `key`: they are not players.
    std::size_t subscribers_of(const stream_key& key) const;
    /// True while `key` is being pushed.
    bool pushing(const stream_key& key) const { return sessions_.count(key) != 0; }
    /// Ends every push and refuses new ones (server shutdown).
    void stop_all();
    /// Drops hub handles without touching sockets (the loops no longer run).
    void release();

private:
    relay_worker_context ctx_;
    std::vector<std::string> templates_;
    std::unordered_map<stream_key, std::vector<std::shared_ptr<push_target>>, stream_key_hash> sessions_;
    bool stopping_ = false;
};

}  // namespace lal::server
