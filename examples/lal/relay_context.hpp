// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstddef>

#include <asio/io_context.hpp>

#include "server_context.hpp"

namespace lal::server {

/// What the relay parts of one worker share. Relay state for a stream lives on
/// the worker its key hashes to; everything here is used on that worker only,
/// except the counter.
struct relay_worker_context {
    server_context& server;
    std::size_t worker;
    asio::io_context& io;
    /// Relay client connections open on all workers (shutdown waits for 0).
    std::atomic<std::size_t>& open_clients;
};

}  // namespace lal::server
