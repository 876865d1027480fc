// SPDX-License-Identifier: MIT
#pragma once

#include <memory>
#include <string>

#include "config.hpp"

namespace lal::server {

/// The whole server: worker threads, the stream hub and the protocol services,
/// built from a config. run() serves until SIGINT/SIGTERM, then shuts down
/// gracefully (stop accepting, close sessions, flush logs).
class server {
public:
    explicit server(config c);
    ~server();
    /// Binds every enabled listener; the error text names the one that failed.
    std::string listen();
    /// Serves until a stop signal; returns the process exit code.
    int run();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace lal::server
