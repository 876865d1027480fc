// SPDX-License-Identifier: MIT
#include <lal/http_asio/client.hpp>

#include <memory>
#include <optional>
#include <variant>

#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>

#include <lal/http/error.hpp>
#include <lal/http/url.hpp>
#include <lal/http_asio/connector.hpp>
#include <lal/net/socket_io.hpp>

namespace lal::http_asio {
namespace {

using clock = std::chrono::steady_clock;

/// What every hop of one fetch shares.
struct exchange {
    asio::any_io_executor executor;
    client_request request;
    client_handler done;
    http::url target;
    clock::time_point deadline;
    unsigned redirects = 0;
};

/// The bytes of the request for `u` (RFC 9112 3): request line, Host, the
/// caller's fields, Content-Length with a body, Connection: close.
std::string encode_request(const client_request& r, const http::url& u) {
    std::string out = r.method + " " + u.target + " HTTP/1.1\r\nHost: " + http::host_header(u) + "\r\n";
    if (!r.user_agent.empty()) out += "User-Agent: " + r.user_agent + "\r\n";
    for (const auto& f : r.headers) out += f.name + ": " + f.value + "\r\n";
    if (!r.body.empty() || r.method == "POST" || r.method == "PUT")
        out += "Content-Length: " + std::to_string(r.body.size()) + "\r\n";
    out += "Connection: close\r\n\r\n";
    out += r.body;
    return out;
}

void start_hop(std::shared_ptr<exchange> x);

/// One connection of a fetch: resolve, connect, send, read the response on a
/// socket_io; a redirect starts the next hop, anything else ends the fetch.
class hop final : public net::socket_owner, public std::enable_shared_from_this<hop> {
public:
    explicit hop(std::shared_ptr<exchange> x)
        : x_(std::move(x)),
          io_(*this, asio::ip::tcp::socket(x_->executor), net::socket_settings{std::chrono::milliseconds(1000), 16 * 1024, 0}),
          parser_(x_->request.limits) {
        if (x_->request.method == "HEAD") parser_.expect_head_response();
    }

    void start() {
        connector_ = connector::start(io_.socket(), x_->target.host, x_->target.port, x_->deadline,
                                      [self = shared_from_this()](std::error_code ec, const asio::ip::tcp::endpoint& ep) {
                                          self->on_connected(ec, ep);
                                      });
    }

private:
    void on_connected(std::error_code ec, const asio::ip::tcp::endpoint& ep) {
        connector_.reset();
        if (decided_) return;
        if (ec) return end(ec);
        io_.set_remote_endpoint(ep);
        if (x_->target.scheme == "https") {
            auto& tls = x_->request.tls;
            io_.use_tls(tls ? tls : net::tls_context::default_client(), x_->target.host);
        }
        io_.start();
        io_.queue().push(lal::payload::copy_from(std::string_view(encode_request(x_->request, x_->target))));
        io_.flush();
    }

    /// Decides the outcome once and closes the socket; on_closed reports it.
    void end(std::error_code outcome) {
        if (!decided_) {
            decided_ = true;
            outcome_ = outcome;
        }
        if (auto c = std::move(connector_)) c->cancel();
        if (io_.started()) {
            io_.abort(outcome_);
        } else {
            // Never connected: no on_closed will come from io_.
            asio::post(x_->executor, [self = shared_from_this()] { self->report(); });
        }
    }

    std::shared_ptr<void> keep_alive() override { return shared_from_this(); }

    void on_input(std::span<const std::byte> bytes) override {
        if (decided_) return;
        if (auto ec = parser_.feed(bytes)) return end(ec);
        drain();
    }

    void drain() {
        while (auto e = parser_.next()) {
            if (auto* h = std::get_if<http::response_head>(&*e)) {
                response_.status = h->status;
                response_.headers = std::move(h->headers);
                if (h->framing == http::body_framing::content_length && h->content_length > x_->request.max_body_bytes)
                    return end(http::errc::body_too_large);  // refused before reading it
            } else if (auto* b = std::get_if<http::body_data>(&*e)) {
                if (response_.body.size() + b->bytes.size() > x_->request.max_body_bytes)
                    return end(http::errc::body_too_large);
                response_.body.append(reinterpret_cast<const char*>(b->bytes.data()), b->bytes.size());
            } else if (auto* r = std::get_if<http::redirect>(&*e)) {
                redirect_ = *r;
                return end({});
            } else {
                complete_ = true;
                return end({});
            }
        }
    }

    bool input_paused() const override { return false; }
    void collect_output(net::send_queue&) override {}
    clock::time_point deadline() const override { return x_->deadline; }
    void on_deadline() override { end(http::errc::timeout); }

    void on_closed(std::error_code reason) override {
        if (!decided_) {
            decided_ = true;
            outcome_ = reason;
            // A body delimited by the close ends here (RFC 9112 6.3 point 8).
            if (reason == asio::error::eof) {
                outcome_ = parser_.finish();
                if (!outcome_) drain();
                if (!complete_ && !redirect_ && !outcome_) outcome_ = http::errc::truncated_message;
            }
        }
        report();
    }

    void report() {
        if (reported_) return;
        reported_ = true;
        auto x = std::move(x_);
        if (outcome_) return finish(x, outcome_);
        if (redirect_) {
            if (x->redirects == x->request.max_redirects) return finish(x, http::errc::too_many_redirects);
            auto next = http::resolve_reference(x->target, redirect_->location);
            if (!next) return finish(x, next.error());
            ++x->redirects;
            x->target = *next;
            // RFC 9110 15.4.2-4: user agents turn POST into GET on 301, 302 and 303.
            if (redirect_->status <= 303 && x->request.method == "POST") {
                x->request.method = "GET";
                x->request.body.clear();
            }
            return start_hop(std::move(x));
        }
        response_.url = http::to_string(x->target);
        auto done = std::move(x->done);
        done(std::move(response_));
    }

    static void finish(const std::shared_ptr<exchange>& x, std::error_code ec) {
        auto done = std::move(x->done);
        done(ec);
    }

    std::shared_ptr<exchange> x_;
    std::shared_ptr<connector> connector_;  // until TCP is up; then io_ times the rest
    net::socket_io io_;
    http::response_parser parser_;
    client_response response_;
    std::optional<http::redirect> redirect_;
    std::error_code outcome_;
    bool decided_ = false;
    bool complete_ = false;
    bool reported_ = false;
};

void start_hop(std::shared_ptr<exchange> x) { std::make_shared<hop>(std::move(x))->start(); }

}  // namespace

void fetch(asio::any_io_executor executor, client_request req, client_handler done) {
    auto x = std::make_shared<exchange>();
    x->executor = executor;
    x->deadline = clock::now() + req.timeout;
    x->done = std::move(done);
    auto u = http::parse_url(req.url);
    x->request = std::move(req);
    if (!u) {
        asio::post(executor, [x, ec = u.error()] {
            auto d = std::move(x->done);
            d(ec);
        });
        return;
    }
    x->target = *u;
    start_hop(std::move(x));
}

}  // namespace lal::http_asio
