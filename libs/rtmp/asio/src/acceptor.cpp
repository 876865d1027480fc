// SPDX-License-Identifier: MIT
#include <lal/rtmp_asio/acceptor.hpp>

#include <charconv>
#include <string>

#include <asio/ip/v6_only.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

namespace lal::rtmp_asio {

struct acceptor::state : std::enable_shared_from_this<acceptor::state> {
    state(asio::io_context& ctx, server_options opts) : context(ctx), socket(ctx), retry(ctx), options(std::move(opts)) {}

    void accept() {
        auto& target = pick ? pick() : context;
        socket.async_accept(target, [self = shared_from_this()](std::error_code ec, asio::ip::tcp::socket peer) {
            self->on_accept(ec, std::move(peer));
        });
    }

    void on_accept(std::error_code ec, asio::ip::tcp::socket peer) {
        if (closed || ec == asio::error::operation_aborted) return;
        if (ec) {
            // Out of descriptors or memory: retrying at once would spin.
            retry.expires_after(std::chrono::milliseconds(100));
            retry.async_wait([self = shared_from_this()](std::error_code wait_ec) {
                if (!wait_ec && !self->closed) self->accept();
            });
            return;
        }
        std::error_code ignored;
        // Media leaves in gathered writes; small control answers should not wait for Nagle.
        peer.set_option(asio::ip::tcp::no_delay(true), ignored);
        auto conn = std::make_shared<server_connection>(std::move(peer), options);
        accept();
        asio::post(conn->get_executor(), [self = shared_from_this(), conn]() mutable {
            if (self->on_connection) self->on_connection(std::move(conn));
        });
    }

    asio::io_context& context;
    asio::ip::tcp::acceptor socket;
    asio::steady_timer retry;
    server_options options;
    std::function<asio::io_context&()> pick;
    connection_handler on_connection;
    bool closed = false;
};

lal::result<asio::ip::tcp::endpoint> resolve_listen_address(std::string_view address) {
    auto colon = address.rfind(':');
    if (colon == std::string_view::npos) return std::make_error_code(std::errc::invalid_argument);
    auto host = address.substr(0, colon);
    auto port_text = address.substr(colon + 1);
    unsigned port = 0;
    auto [end, err] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (port_text.empty() || err != std::errc{} || end != port_text.data() + port_text.size() || port > 65535) {
        return std::make_error_code(std::errc::invalid_argument);
    }
    auto p = static_cast<unsigned short>(port);
    if (host.empty()) return asio::ip::tcp::endpoint(asio::ip::address_v6::any(), p);
    if (host.front() == '[') {
        if (host.size() < 3 || host.back() != ']') return std::make_error_code(std::errc::invalid_argument);
        host = host.substr(1, host.size() - 2);
    } else if (host.find(':') != std::string_view::npos) {
        return std::make_error_code(std::errc::invalid_argument);  // an IPv6 address needs brackets
    }
    std::error_code ec;
    auto ip = asio::ip::make_address(std::string(host), ec);
    if (!ec) return asio::ip::tcp::endpoint(ip, p);
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    auto results = resolver.resolve(std::string(host), std::to_string(port), asio::ip::tcp::resolver::passive, ec);
    if (ec) return ec;
    if (results.empty()) return std::make_error_code(std::errc::address_not_available);
    return results.begin()->endpoint();
}

acceptor::acceptor(asio::io_context& context, server_options options)
    : state_(std::make_shared<state>(context, std::move(options))) {}

acceptor::~acceptor() { close(); }

lal::result<asio::ip::tcp::endpoint> acceptor::listen(std::string_view address) {
    auto ep = resolve_listen_address(address);
    if (!ep) return ep.error();
    auto& sock = state_->socket;
    bool any_v6 = ep->address() == asio::ip::address_v6::any();
    auto open_at = [&](const asio::ip::tcp::endpoint& at) -> std::error_code {
        std::error_code e;
        if (sock.is_open()) sock.close(e);
        sock.open(at.protocol(), e);
        if (e) return e;
        if (at.protocol() == asio::ip::tcp::v6() && any_v6) {
            sock.set_option(asio::ip::v6_only(false), e);  // ":port" serves IPv4 too
            if (e) return e;
        }
        sock.set_option(asio::socket_base::reuse_address(true), e);
        if (e) return e;
        sock.bind(at, e);
        if (e) return e;
        sock.listen(asio::socket_base::max_listen_connections, e);
        return e;
    };
    auto ec = open_at(*ep);
    if (ec && any_v6) ec = open_at(asio::ip::tcp::endpoint(asio::ip::address_v4::any(), ep->port()));
    if (ec) {
        std::error_code ignored;
        sock.close(ignored);
        return ec;
    }
    return sock.local_endpoint(ec);
}

void acceptor::set_context_picker(std::function<asio::io_context&()> pick) { state_->pick = std::move(pick); }

void acceptor::start(connection_handler on_connection) {
    state_->on_connection = std::move(on_connection);
    state_->closed = false;
    state_->accept();
}

void acceptor::close() {
    if (!state_) return;
    state_->closed = true;
    std::error_code ignored;
    state_->retry.cancel();
    state_->socket.close(ignored);
}

asio::ip::tcp::endpoint acceptor::local_endpoint() const {
    std::error_code ignored;
    return state_->socket.local_endpoint(ignored);
}

}  // namespace lal::rtmp_asio
