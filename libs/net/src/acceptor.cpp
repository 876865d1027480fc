// SPDX-License-Identifier: MIT
#include <lal/net/acceptor.hpp>

#include <atomic>

#include <asio/ip/v6_only.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <lal/net/listen_address.hpp>

namespace lal::net {

struct acceptor::state : std::enable_shared_from_this<acceptor::state> {
    state(asio::io_context& listener, std::vector<asio::io_context*> contexts, acceptor_options opts)
        : socket(listener), retry(listener), workers(std::move(contexts)), options(std::move(opts)) {
        if (workers.empty()) workers.push_back(&listener);
    }

    void accept() {
        // Round robin, decided here on the listener's thread: the socket is
        // created on the chosen worker's io_context and never moves again.
        const auto worker = next++ % workers.size();
        socket.async_accept(*workers[worker],
                            [self = shared_from_this(), worker](std::error_code ec, asio::ip::tcp::socket peer) {
                                self->on_accept(ec, std::move(peer), worker);
                            });
    }

    void on_accept(std::error_code ec, asio::ip::tcp::socket peer, std::size_t worker) {
        if (closed || ec == asio::error::operation_aborted) return;
        if (ec) {
            if (options.on_accept_error) options.on_accept_error(ec);
            retry.expires_after(options.retry_after);
            retry.async_wait([self = shared_from_this()](std::error_code wait_ec) {
                if (!wait_ec && !self->closed) self->accept();
            });
            return;
        }
        std::error_code ignored;
        if (options.no_delay) peer.set_option(asio::ip::tcp::no_delay(true), ignored);
        accept();
        // Always posted, even when the worker is the listener itself: the
        // handler runs on the worker's thread, never inside the accept loop.
        asio::post(*workers[worker], [self = shared_from_this(), peer = std::move(peer), worker]() mutable {
            if (self->closed || !self->on_socket) return;  // the socket closes with `peer`
            self->on_socket(std::move(peer), worker);
        });
    }

    asio::ip::tcp::acceptor socket;
    asio::steady_timer retry;
    std::vector<asio::io_context*> workers;
    acceptor_options options;
    handler on_socket;
    std::size_t next = 0;
    std::atomic<bool> closed{false};
};

acceptor::acceptor(asio::io_context& listener, std::vector<asio::io_context*> workers, acceptor_options options)
    : state_(std::make_shared<state>(listener, std::move(workers), std::move(options))) {}

acceptor::acceptor(asio::io_context& context, acceptor_options options)
    : acceptor(context, std::vector<asio::io_context*>{}, std::move(options)) {}

acceptor::~acceptor() { close(); }

lal::result<asio::ip::tcp::endpoint> acceptor::listen(std::string_view address) {
    auto ep = resolve_listen_address(address);
    if (!ep) return ep.error();
    return listen(*ep);
}

lal::result<asio::ip::tcp::endpoint> acceptor::listen(const asio::ip::tcp::endpoint& endpoint) {
    auto& sock = state_->socket;
    const bool any_v6 = endpoint.address() == asio::ip::address_v6::any();
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
    auto ec = open_at(endpoint);
    // No IPv6 on this host: all IPv4 interfaces.
    if (ec && any_v6) ec = open_at(asio::ip::tcp::endpoint(asio::ip::address_v4::any(), endpoint.port()));
    if (ec) {
        std::error_code ignored;
        sock.close(ignored);
        return ec;
    }
    return sock.local_endpoint(ec);
}

void acceptor::start(handler on_socket) {
    state_->on_socket = std::move(on_socket);
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

std::size_t acceptor::workers() const noexcept { return state_->workers.size(); }

}  // namespace lal::net
