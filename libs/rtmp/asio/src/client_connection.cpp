// SPDX-License-Identifier: MIT
#include <lal/rtmp_asio/client_connection.hpp>

#include <asio/connect.hpp>
#include <asio/post.hpp>

#include <lal/rtmp/error.hpp>
#include <lal/net/error.hpp>
#include <lal/rtmp_asio/error.hpp>

#include "io_support.hpp"

namespace lal::rtmp_asio {
namespace {

using clock = std::chrono::steady_clock;

// C0 + S1 + S2 (RTMP spec 5.2.2, 5.2.3): received once the handshake is over.
constexpr std::uint64_t handshake_bytes = 1 + 2 * rtmp::handshake_size;

net::socket_settings socket_settings_of(const client_options& o) {
    // TLS is chosen per URL (use_tls); its handshake counts against connect_timeout.
    return {o.close_timeout, o.read_buffer_size, o.max_write_buffers, nullptr, o.connect_timeout};
}

std::string join(std::string_view a, std::string_view b) {
    if (a.empty()) return std::string(b);
    if (b.empty()) return std::string(a);
    return std::string(a) + " " + std::string(b);
}

/// One line for a failed event: what was refused and the server's own words.
std::string describe_failure(const rtmp::client_events::failed& f) {
    auto words = join(f.code, f.description);
    if (words.empty()) words = f.error.message();
    if (f.error == rtmp::errc::connect_rejected) return "connect rejected: " + words;
    if (f.error == rtmp::errc::publish_rejected) return "publish rejected: " + words;
    if (f.error == rtmp::errc::play_rejected) return "play failed: " + words;
    if (f.error == rtmp::errc::command_failed) return "command failed: " + words;
    return "protocol error from the server: " + join(f.error.message(), f.description);
}

}  // namespace

client_connection::client_connection(asio::any_io_executor executor, client_options options)
    : executor_(executor),
      options_(std::move(options)),
      resolver_(executor),
      connect_timer_(executor),
      io_(*this, asio::ip::tcp::socket(executor), socket_settings_of(options_)) {}

client_connection::~client_connection() = default;

void client_connection::start(std::string_view url, rtmp::client_role role, client_handlers handlers) {
    auto parsed = parse_rtmp_url(url);
    if (parsed) {
        start(*parsed, role, std::move(handlers));
        return;
    }
    if (started_) return;
    started_ = true;
    handlers_ = std::move(handlers);
    error_ = parsed.error();
    description_ = "bad URL '" + std::string(url) + "': " + parsed.error().message();
    phase_ = phase::closing;
    io_.abort(error_);
}

void client_connection::start(const rtmp_url& url, rtmp::client_role role, client_handlers handlers) {
    if (started_) return;
    started_ = true;
    url_ = url;
    role_ = role;
    handlers_ = std::move(handlers);
    phase_ = phase::resolving;
    connect_deadline_ = clock::now() + options_.connect_timeout;
    connect_timer_.expires_at(connect_deadline_);
    connect_timer_.async_wait([self = shared_from_this()](std::error_code ec) {
        if (ec) return;
        if (self->phase_ == phase::resolving || self->phase_ == phase::connecting) {
            self->fail(errc::connect_timeout, "timed out connecting to " + self->url_.host_port());
        }
    });
    resolver_.async_resolve(url_.host, std::to_string(url_.port),
                            [self = shared_from_this()](std::error_code ec, asio::ip::tcp::resolver::results_type r) {
                                self->on_resolved(ec, r);
                            });
}

void client_connection::on_resolved(std::error_code ec, const asio::ip::tcp::resolver::results_type& endpoints) {
    if (phase_ != phase::resolving) return;
    if (ec) {
        fail(ec, "cannot resolve " + url_.host + ": " + ec.message());
        return;
    }
    phase_ = phase::connecting;
    asio::async_connect(io_.socket(), endpoints,
                        [self = shared_from_this()](std::error_code connect_ec, const asio::ip::tcp::endpoint& ep) {
                            self->on_connected(connect_ec, ep);
                        });
}

void client_connection::on_connected(std::error_code ec, const asio::ip::tcp::endpoint& endpoint) {
    if (phase_ != phase::connecting) return;
    if (ec) {
        fail(ec, "cannot connect to " + url_.host_port() + ": " + ec.message());
        return;
    }
    connect_timer_.cancel();
    phase_ = phase::handshaking;
    std::error_code ignored;
    io_.socket().set_option(asio::ip::tcp::no_delay(true), ignored);
    io_.set_remote_endpoint(endpoint);
    if (url_.secure) io_.use_tls(options_.tls ? options_.tls : net::tls_context::default_client(), url_.host);

    auto session_options = options_.session;
    session_options.app = url_.app;
    session_options.tc_url = url_.tc_url;
    session_options.stream_name = url_.stream_with_query();
    session_options.role = role_;
    auto random = detail::handshake_random();
    session_.emplace(std::move(session_options), random, detail::handshake_epoch_ms());
    io_.start();
    io_.flush();  // C0 + C1
}

void client_connection::on_input(std::span<const std::byte> bytes) {
    if (phase_ == phase::handshaking && io_.bytes_read() >= handshake_bytes) phase_ = phase::connecting_app;
    auto ec = session_->feed(bytes);
    drain();
    if (ec && open()) fail(ec, "protocol error from " + url_.host_port() + ": " + ec.message());
}

void client_connection::drain() {
    if (draining_) return;
    draining_ = true;
    while (open() && session_) {
        auto ev = session_->next_event();
        if (!ev) break;
        std::optional<std::pair<std::error_code, std::string>> failure;
        if (std::holds_alternative<rtmp::client_events::connected>(*ev)) {
            phase_ = phase::starting;
        } else if (std::holds_alternative<rtmp::client_events::publish_started>(*ev) ||
                   std::holds_alternative<rtmp::client_events::play_started>(*ev)) {
            phase_ = phase::started;
            io_.update_deadline();
        } else if (auto* f = std::get_if<rtmp::client_events::failed>(&*ev)) {
            failure.emplace(f->error, describe_failure(*f));
        }
        if (handlers_.on_event) handlers_.on_event(*ev);
        if (failure) fail(failure->first, failure->second);
    }
    draining_ = false;
    if (open()) io_.flush();
}

void client_connection::collect_output(net::send_queue& queue) {
    if (!session_ || session_->output_bytes_pending() == 0) return;
    for (auto& p : session_->take_output()) queue.push(std::move(p));
}

clock::time_point client_connection::deadline() const {
    if (phase_ != phase::started) return connect_deadline_;
    if (options_.idle_timeout.count() > 0) return io_.last_input() + options_.idle_timeout;
    return clock::time_point::max();
}

std::string client_connection::phase_text() const {
    switch (phase_) {
    case phase::handshaking: return "during the RTMP handshake";
    case phase::connecting_app: return "waiting for the answer to connect";
    case phase::starting:
        return std::string("waiting for ") + (role_ == rtmp::client_role::publish ? "publish" : "play") + " to start";
    default: return "connecting";
    }
}

void client_connection::on_deadline() {
    if (phase_ == phase::started) {
        fail(errc::idle_timeout,
             "no data from " + url_.host_port() + " for " + std::to_string(options_.idle_timeout.count()) + " ms");
    } else {
        fail(errc::connect_timeout, "timed out " + phase_text() + " (" + url_.host_port() + ")");
    }
}

void client_connection::on_drained() {
    if (handlers_.on_drained) handlers_.on_drained();
}

void client_connection::fail(std::error_code ec, std::string description) {
    if (!started_ || finished_ || phase_ == phase::closing) return;
    error_ = ec;
    description_ = std::move(description);
    phase_ = phase::closing;
    resolver_.cancel();
    connect_timer_.cancel();
    // A refusal is an answer: say goodbye properly. A timeout or a broken
    // stream is not worth waiting for.
    if (ec.category() == rtmp::category() && session_ && ec != rtmp::errc::bad_version &&
        ec != rtmp::errc::bad_digest) {
        io_.close(ec);
    } else {
        io_.abort(ec);
    }
}

bool client_connection::send(const rtmp::message& msg) {
    if (!publishing()) return false;
    if (!session_->send(msg)) return false;
    if (options_.auto_flush) io_.schedule_flush();
    return true;
}

void client_connection::flush() { io_.flush(); }

void client_connection::schedule_flush() { io_.schedule_flush(); }

void client_connection::close() {
    if (!started_ || finished_ || phase_ == phase::closing) return;
    bool connected = session_.has_value();
    phase_ = phase::closing;
    resolver_.cancel();
    connect_timer_.cancel();
    if (!connected) {
        io_.abort({});
        return;
    }
    session_->close();  // FCUnpublish / deleteStream when a stream was started
    io_.close({});
}

void client_connection::abort() {
    if (!started_ || finished_) return;
    if (phase_ != phase::closing) {
        error_ = asio::error::operation_aborted;
        description_ = "aborted";
        phase_ = phase::closing;
    }
    resolver_.cancel();
    connect_timer_.cancel();
    io_.abort(error_);
}

std::size_t client_connection::bytes_queued() const noexcept {
    return (session_ ? session_->output_bytes_pending() : 0) + io_.bytes_queued();
}

void client_connection::on_closed(std::error_code reason) {
    finished_ = true;
    client_result result;
    result.error = error_ ? error_ : reason;
    result.description = description_;
    if (result.description.empty()) {
        if (!reason) result.description = "closed";
        else if (reason == asio::error::eof) {
            result.description = "connection closed by " + url_.host_port();
            if (phase_ != phase::started && phase_ != phase::closing) result.description += " " + phase_text();
        }
        else if (reason == net::errc::close_timeout) result.description = "close did not complete in time";
        else result.description = "connection to " + url_.host_port() + " failed: " + reason.message();
    }
    result.stats = io_.stats();
    auto handlers = std::move(handlers_);
    handlers_ = {};
    if (handlers.on_closed) handlers.on_closed(result);
}

}  // namespace lal::rtmp_asio
