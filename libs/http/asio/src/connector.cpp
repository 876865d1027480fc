// SPDX-License-Identifier: MIT
#include <lal/http_asio/connector.hpp>

#include <asio/connect.hpp>

#include <lal/http/error.hpp>

namespace lal::http_asio {

connector::connector(asio::ip::tcp::socket& socket, handler done)
    : socket_(socket), resolver_(socket.get_executor()), timer_(socket.get_executor()), done_(std::move(done)) {}

std::shared_ptr<connector> connector::start(asio::ip::tcp::socket& socket, const std::string& host,
                                            std::uint16_t port, std::chrono::steady_clock::time_point deadline,
                                            handler done) {
    auto c = std::make_shared<connector>(socket, std::move(done));
    c->timer_.expires_at(deadline);
    c->timer_.async_wait([c](std::error_code ec) {
        if (!ec) c->finish(http::errc::timeout);
    });
    c->resolver_.async_resolve(host, std::to_string(port),
                               [c](std::error_code ec, const asio::ip::tcp::resolver::results_type& endpoints) {
                                   if (!c->done_) return;
                                   if (ec) return c->finish(ec);
                                   asio::async_connect(c->socket_, endpoints,
                                                       [c](std::error_code cec, const asio::ip::tcp::endpoint& ep) {
                                                           c->finish(cec, ep);
                                                       });
                               });
    return c;
}

void connector::cancel() { finish(asio::error::operation_aborted); }

void connector::finish(std::error_code ec, const asio::ip::tcp::endpoint& ep) {
    if (!done_) return;
    auto done = std::move(done_);
    done_ = nullptr;
    timer_.cancel();
    resolver_.cancel();
    if (ec) {
        std::error_code ignored;
        socket_.close(ignored);  // ends a connect still in flight
    } else {
        std::error_code ignored;
        socket_.set_option(asio::ip::tcp::no_delay(true), ignored);
    }
    done(ec, ep);
}

}  // namespace lal::http_asio
