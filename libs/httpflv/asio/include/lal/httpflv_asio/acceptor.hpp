// SPDX-License-Identifier: MIT
#pragma once

#include <functional>
#include <memory>
#include <string_view>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <lal/base/result.hpp>
#include <lal/httpflv_asio/server_connection.hpp>

namespace lal::httpflv_asio {

/// Parses a listen address, `host:port` or `:port` (all interfaces); the host may
/// be a name, an IPv4 address or a bracketed IPv6 address. Port 0 picks a free port.
/// Fails with std::errc::invalid_argument, or the resolver's error for a name.
lal::result<asio::ip::tcp::endpoint> resolve_listen_address(std::string_view address);

/// Accepts TCP connections and hands each over as an unstarted server_connection.
/// Safe to destroy at any time: pending accepts are cancelled.
class acceptor {
public:
    /// Receives each new connection on the acceptor's thread; start it on the
    /// connection's own executor (the same one unless a context picker is set).
    using connection_handler = std::function<void(std::shared_ptr<server_connection>)>;

    explicit acceptor(asio::io_context& context, server_options options = {});
    ~acceptor();
    acceptor(const acceptor&) = delete;
    acceptor& operator=(const acceptor&) = delete;

    /// Binds and listens; returns the bound endpoint (the real port for port 0).
    /// `:port` listens on IPv6 and IPv4 where the system allows, else IPv4 only.
    lal::result<asio::ip::tcp::endpoint> listen(std::string_view address);
    /// Picks the io_context each new connection lives on, e.g. round-robin over
    /// one context per thread. Default: the acceptor's own.
    void set_context_picker(std::function<asio::io_context&()> pick);
    /// Accepts until close(); accept failures such as EMFILE are retried after a pause.
    void start(connection_handler on_connection);
    /// Stops accepting and closes the listening socket.
    void close();
    /// The bound endpoint; unspecified before listen().
    asio::ip::tcp::endpoint local_endpoint() const;

private:
    struct state;
    std::shared_ptr<state> state_;
};

}  // namespace lal::httpflv_asio
