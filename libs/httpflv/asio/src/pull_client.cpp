// SPDX-License-Identifier: MIT
#include <lal/httpflv_asio/pull_client.hpp>

#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>

#include <lal/http_asio/connector.hpp>
#include <lal/httpflv/error.hpp>
#include <lal/net/socket_io.hpp>

namespace lal::httpflv_asio {

using clock = std::chrono::steady_clock;

/// One hop of a pull: resolve, connect, send the GET and read the response on
/// a socket_io, until the stream ends, a redirect comes, or something fails.
/// Reports its outcome to the client once, from on_closed.
class pull_client::hop final : public net::socket_owner, public std::enable_shared_from_this<hop> {
public:
    hop(std::shared_ptr<pull_client> client, net::socket_settings settings)
        : client_(std::move(client)),
          io_(*this, asio::ip::tcp::socket(client_->executor_), settings) {}

    void start() {
        connect_deadline_ = clock::now() + client_->options_.connect_timeout;
        const auto& u = client_->url_;
        connector_ = http_asio::connector::start(
            io_.socket(), u.host, u.port, connect_deadline_,
            [self = shared_from_this()](std::error_code ec, const asio::ip::tcp::endpoint& ep) {
                self->on_connected(ec, ep);
            });
    }

    /// Ends the hop with `outcome` (kept if one was already decided).
    void end(std::error_code outcome) {
        if (!decided_) {
            decided_ = true;
            outcome_ = outcome;
        }
        if (auto c = std::move(connector_)) c->cancel();
        io_.abort(outcome_);
    }

private:
    void on_connected(std::error_code ec, const asio::ip::tcp::endpoint& endpoint) {
        connector_.reset();
        if (decided_) return;
        if (ec) {
            end(ec);
            return;
        }
        io_.set_remote_endpoint(endpoint);
        const auto& u = client_->url_;
        if (u.scheme == "https") {
            io_.use_tls(client_->options_.tls ? client_->options_.tls : net::tls_context::default_client(), u.host);
        }
        io_.start();
        io_.queue().push(lal::payload::copy_from(
            std::string_view(client_->session_.begin(client_->url_, client_->options_.request))));
        io_.flush();
    }

    std::shared_ptr<void> keep_alive() override { return shared_from_this(); }

    void on_input(std::span<const std::byte> bytes) override {
        if (decided_) return;
        const bool was_streaming = client_->session_.streaming();
        std::error_code outcome;
        if (client_->on_input(bytes, outcome)) {
            end(outcome);
            return;
        }
        // The head arrived: the read timeout, usually shorter, takes over.
        if (!was_streaming && client_->session_.streaming()) io_.update_deadline();
    }

    bool input_paused() const override { return false; }
    void collect_output(net::send_queue&) override {}  // the GET goes straight into io_.queue()

    clock::time_point deadline() const override {
        // The connect timeout runs until the head; then silence is what counts.
        if (!client_->session_.streaming()) return connect_deadline_;
        return io_.last_input() + client_->options_.read_timeout;
    }

    void on_deadline() override { end(httpflv::errc::timeout); }

    void on_closed(std::error_code reason) override {
        if (!decided_) {
            decided_ = true;
            // The server closing is how a stream without framing ends.
            if (reason == asio::error::eof) {
                outcome_ = client_->session_.finish();
                bool ended = false;
                client_->deliver(ended);
            } else {
                outcome_ = reason;
            }
        }
        auto client = std::move(client_);
        client->after_hop(outcome_);
    }

    std::shared_ptr<pull_client> client_;
    std::shared_ptr<http_asio::connector> connector_;  // until TCP is up; then io_ times the rest
    net::socket_io io_;
    clock::time_point connect_deadline_{};
    std::error_code outcome_;
    bool decided_ = false;
};

pull_client::pull_client(asio::any_io_executor executor, pull_options options)
    : executor_(executor), options_(std::move(options)), session_(options_.limits) {}

pull_client::~pull_client() = default;

void pull_client::start(std::string url, pull_handlers handlers) {
    if (started_) return;
    started_ = true;
    handlers_ = std::move(handlers);
    auto parsed = httpflv::parse_url(url);
    if (!parsed) {
        // Posted, so the owner never hears the end inside start().
        asio::post(executor_, [self = shared_from_this(), ec = parsed.error()] { self->end(ec); });
        return;
    }
    url_ = *parsed;
    begin_hop();
}

void pull_client::begin_hop() {
    redirect_to_.clear();
    hop_ = std::make_shared<hop>(shared_from_this(),
                                 net::socket_settings{options_.close_timeout, options_.read_buffer_size, 0, nullptr,
                                                      options_.connect_timeout});
    hop_->start();
}

void pull_client::stop() {
    if (done_ || stopped_) return;
    stopped_ = true;
    if (hop_) hop_->end(asio::error::operation_aborted);
}

bool pull_client::on_input(std::span<const std::byte> bytes, std::error_code& outcome) {
    bytes_received_ += bytes.size();
    outcome = session_.feed(bytes);
    bool ended = false;
    deliver(ended);
    return outcome || ended || !redirect_to_.empty() || stopped_;
}

void pull_client::after_hop(std::error_code outcome) {
    hop_.reset();
    if (stopped_) {
        end(asio::error::operation_aborted);
        return;
    }
    if (outcome || redirect_to_.empty()) {
        end(outcome);
        return;
    }
    if (hops_ == options_.max_redirects) {
        end(httpflv::errc::too_many_redirects);
        return;
    }
    ++hops_;
    auto next = httpflv::resolve_reference(url_, redirect_to_);
    if (!next) {
        end(next.error());
        return;
    }
    url_ = *next;
    begin_hop();
}

void pull_client::deliver(bool& ended) {
    while (auto e = session_.next()) {
        if (stopped_) return;
        if (auto* r = std::get_if<httpflv::redirect>(&*e)) {
            redirect_to_ = std::move(r->location);
        } else if (auto* h = std::get_if<httpflv::response_head>(&*e)) {
            if (h->status == 200 && handlers_.on_response) handlers_.on_response(*h);
        } else if (auto* fh = std::get_if<flv::file_header>(&*e)) {
            if (handlers_.on_header) handlers_.on_header(*fh);
        } else if (auto* t = std::get_if<flv::tag>(&*e)) {
            if (handlers_.on_tag) handlers_.on_tag(std::move(*t));
        } else {
            ended = true;
        }
    }
}

void pull_client::end(std::error_code ec) {
    if (done_) return;
    done_ = true;
    // Released here, so an owner that holds the client forms no reference cycle.
    auto handlers = std::move(handlers_);
    handlers_ = {};
    if (handlers.on_closed) handlers.on_closed(ec);
}

}  // namespace lal::httpflv_asio
