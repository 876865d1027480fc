// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string_view>
#include <utility>
#include <vector>

#include <lal/net/acceptor.hpp>

namespace lal::net {

/// An acceptor that turns each accepted socket into an unstarted
/// `Connection(socket, options)` on the chosen worker's thread. The protocol
/// adapters name it as their acceptor (rtmp_asio::acceptor, httpflv_asio::acceptor).
template <class Connection, class Options>
class connection_acceptor {
public:
    /// Gets each new connection on its worker's thread with the worker's index;
    /// the connection may be started at once.
    using connection_handler = std::function<void(std::shared_ptr<Connection>, std::size_t worker)>;

    /// Listens on `listener`, spreads connections round robin over `workers`
    /// (none: `listener` only); `options` go to every connection.
    connection_acceptor(asio::io_context& listener, std::vector<asio::io_context*> workers, Options options = {},
                        acceptor_options accept_options = {})
        : acceptor_(listener, std::move(workers), std::move(accept_options)), options_(std::move(options)) {}
    /// One io_context does everything.
    explicit connection_acceptor(asio::io_context& context, Options options = {})
        : connection_acceptor(context, {}, std::move(options)) {}

    /// Binds and listens ("host:port", ":port", "[v6]:port"); returns the bound endpoint.
    lal::result<asio::ip::tcp::endpoint> listen(std::string_view address) { return acceptor_.listen(address); }
    /// Accepts until close().
    void start(connection_handler on_connection) {
        acceptor_.start([options = options_, on_connection = std::move(on_connection)](asio::ip::tcp::socket socket,
                                                                                        std::size_t worker) {
            on_connection(std::make_shared<Connection>(std::move(socket), options), worker);
        });
    }
    /// Stops accepting and closes the listening socket (connections stay).
    void close() { acceptor_.close(); }
    /// The bound endpoint; unspecified before listen().
    asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }

private:
    acceptor acceptor_;
    Options options_;
};

}  // namespace lal::net
