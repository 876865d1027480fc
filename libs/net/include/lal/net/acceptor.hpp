// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <system_error>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <lal/base/result.hpp>

namespace lal::net {

/// Settings of an acceptor.
struct acceptor_options {
    /// Pause after a failed accept (EMFILE, ENFILE, ENOBUFS): retrying at once would spin.
    std::chrono::milliseconds retry_after{100};
    /// Set TCP_NODELAY on accepted sockets: media leaves in gathered writes, and
    /// small answers (command results, HTTP heads) should not wait for Nagle.
    bool no_delay = true;
    /// Called on the listener's thread with each failed accept, before the pause
    /// (for a log line); unset, failures are only retried.
    std::function<void(std::error_code)> on_accept_error;
};

/// Accepts TCP connections and spreads them over a set of worker io_contexts,
/// one thread each. The one rule for where a connection runs: the acceptor
/// picks the worker (round robin), accepts the socket onto that worker's
/// io_context and calls the handler on that worker's thread with the worker's
/// index. Destroying it stops accepting; connections already handed over stay.
class acceptor {
public:
    /// Gets each accepted socket, on the thread of worker `worker` (an index
    /// into the workers given at construction). Called from several threads
    /// at once when there are several workers.
    using handler = std::function<void(asio::ip::tcp::socket socket, std::size_t worker)>;

    /// The listening socket lives on `listener`; connections go to `workers`
    /// (none: `listener` is the only worker). Every context must outlive the
    /// acceptor, and the workers must outlive `listener`: a pending accept on
    /// `listener` holds a socket of the worker it will go to.
    acceptor(asio::io_context& listener, std::vector<asio::io_context*> workers, acceptor_options options = {});
    /// One io_context does everything (worker 0).
    explicit acceptor(asio::io_context& context, acceptor_options options = {});
    ~acceptor();
    acceptor(const acceptor&) = delete;
    acceptor& operator=(const acceptor&) = delete;

    /// Binds and listens on a listen address (see listen_address.hpp); returns
    /// the bound endpoint (the real port for port 0). `:port` listens on IPv6
    /// and IPv4 where the system allows, else on IPv4 only.
    lal::result<asio::ip::tcp::endpoint> listen(std::string_view address);
    /// Binds and listens on `endpoint`, as above.
    lal::result<asio::ip::tcp::endpoint> listen(const asio::ip::tcp::endpoint& endpoint);
    /// Accepts until close(), handing each socket to `on_socket`.
    void start(handler on_socket);
    /// Stops accepting and closes the listening socket. Sockets accepted but
    /// not yet handed over are closed.
    void close();
    /// The bound endpoint; unspecified before listen().
    asio::ip::tcp::endpoint local_endpoint() const;
    /// How many worker io_contexts connections are spread over.
    std::size_t workers() const noexcept;

private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace lal::net
