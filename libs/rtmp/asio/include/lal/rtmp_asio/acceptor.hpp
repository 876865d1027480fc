// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <lal/base/result.hpp>
#include <lal/rtmp_asio/server_connection.hpp>

namespace lal::rtmp_asio {

/// Parses a listen address, `host:port` or `:port` (all interfaces); the host
/// may be a name, an IPv4 address or a bracketed IPv6 address. Port 0 picks a
/// free port. Errors: std::errc::invalid_argument, or the resolver's error for a name.
lal::result<asio::ip::tcp::endpoint> resolve_listen_address(std::string_view address);

/// Accepts RTMP connections, each onto the io_context a caller-supplied picker
/// chooses (e.g. round robin over one context per worker thread), and hands it
/// over as an unstarted server_connection. Destroying it stops accepting.
class acceptor {
public:
    /// Gets each new connection on the connection's own executor, where it may
    /// call start() at once. With a picker, several threads may call it at the same time.
    using connection_handler = std::function<void(std::shared_ptr<server_connection>)>;

    /// An acceptor whose listening socket lives on `context`; `options` go to every connection.
    explicit acceptor(asio::io_context& context, server_options options = {});
    ~acceptor();
    acceptor(const acceptor&) = delete;
    acceptor& operator=(const acceptor&) = delete;

    /// Binds and listens; returns the bound endpoint (the real port for port 0).
    /// `:port` listens on IPv6 and IPv4 where the system allows, else IPv4 only.
    lal::result<asio::ip::tcp::endpoint> listen(std::string_view address);
    /// Picks the io_context of each new connection. Default: the acceptor's own.
    void set_context_picker(std::function<asio::io_context&()> pick);
    /// Accepts until close(). Failures such as EMFILE are retried after a pause.
    void start(connection_handler on_connection);
    /// Stops accepting and closes the listening socket (connections stay).
    void close();
    /// The bound endpoint; unspecified before listen().
    asio::ip::tcp::endpoint local_endpoint() const;

private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace lal::rtmp_asio
