// SPDX-License-Identifier: MIT
#include <lal/rtmp_asio/server_connection.hpp>

#include <asio/post.hpp>

#include <lal/rtmp_asio/error.hpp>

#include "io_support.hpp"

namespace lal::rtmp_asio {
namespace {

net::socket_settings socket_settings_of(const server_options& o) {
    return {o.close_timeout, o.read_buffer_size, o.max_write_buffers, o.tls, o.handshake_timeout};
}

rtmp::server_session make_session(const server_options& o) {
    auto random = detail::handshake_random();
    return rtmp::server_session(o.session, random, detail::handshake_epoch_ms());
}

}  // namespace

server_connection::server_connection(asio::ip::tcp::socket socket, server_options options)
    : options_(std::move(options)),
      session_(make_session(options_)),
      io_(*this, std::move(socket), socket_settings_of(options_)) {}

server_connection::~server_connection() = default;

void server_connection::start(server_handlers handlers) {
    if (io_.started()) return;
    handlers_ = std::move(handlers);
    io_.start();
}

bool server_connection::send(const rtmp::message& msg) {
    if (!is_open() || closing()) return false;
    session_.send(msg);
    if (options_.auto_flush) io_.schedule_flush();
    return true;
}

bool server_connection::send_encoded(lal::payload chunks) {
    return send_encoded(std::span<const lal::payload>(&chunks, 1));
}

bool server_connection::send_encoded(std::span<const lal::payload> pieces) {
    if (!is_open() || closing()) return false;
    // Straight into the socket's queue, after what the session holds: a
    // player's media does not pass through a piece list of the session that
    // is allocated anew for every write.
    auto& queue = io_.queue();
    collect_output(queue);
    session_.sent_encoded(pieces);
    queue.push(pieces);
    if (options_.auto_flush) io_.schedule_flush();
    return true;
}

void server_connection::resume() {
    if (!is_open() || closing() || resume_posted_) return;
    resume_posted_ = true;
    asio::post(get_executor(), [self = shared_from_this()] {
        self->resume_posted_ = false;
        self->drain();
    });
}

void server_connection::flush() { io_.flush(); }

void server_connection::schedule_flush() { io_.schedule_flush(); }

void server_connection::close(std::error_code reason) { io_.close(reason); }

void server_connection::abort(std::error_code reason) { io_.abort(reason); }

void server_connection::set_idle_timeout(std::chrono::milliseconds timeout) {
    options_.idle_timeout = timeout;
    io_.update_deadline();
}

void server_connection::on_input(std::span<const std::byte> bytes) {
    if (session_.decision_pending()) input_while_pending_ += bytes.size();
    if (auto ec = session_.feed(bytes)) {
        report_error(ec);
        return;
    }
    drain();
}

bool server_connection::input_paused() const {
    return session_.decision_pending() && input_while_pending_ >= options_.max_input_while_pending;
}

void server_connection::collect_output(net::send_queue& queue) {
    if (session_.output_bytes_pending() == 0) return;
    for (auto& p : session_.take_output()) queue.push(std::move(p));
}

std::chrono::steady_clock::time_point server_connection::deadline() const {
    if (!connect_decided_) return io_.started_at() + options_.handshake_timeout;
    if (options_.idle_timeout.count() > 0) return io_.last_input() + options_.idle_timeout;
    return std::chrono::steady_clock::time_point::max();
}

void server_connection::on_deadline() {
    close(connect_decided_ ? errc::idle_timeout : errc::handshake_timeout);
}

void server_connection::drain() {
    // A decision made inside on_event lets the loop below go on by itself.
    if (draining_ || !is_open() || closing()) return;
    draining_ = true;
    auto self = shared_from_this();
    bool any = false;
    while (is_open() && !closing()) {
        auto ev = session_.next_event();
        if (!ev) break;
        any = true;
        // The session reports nothing after connect until connect is decided.
        if (connect_seen_) connect_decided_ = true;
        if (std::holds_alternative<rtmp::server_events::connect>(*ev)) connect_seen_ = true;
        if (handlers_.on_event) handlers_.on_event(self, *ev);
    }
    draining_ = false;
    if (!session_.decision_pending()) input_while_pending_ = 0;
    if (connect_seen_ && !connect_decided_ && !session_.decision_pending()) {
        connect_decided_ = true;
        io_.update_deadline();
    }
    if (any && handlers_.on_batch_done && is_open() && !closing()) handlers_.on_batch_done(self);
    if (!is_open() || closing()) return;
    if (session_.wants_close()) {
        // A rejected connect or a protocol error: its answer goes out, then the close.
        close(session_.error());
        return;
    }
    io_.flush();
    io_.resume_reading();
}

void server_connection::report_error(std::error_code ec) {
    if (handlers_.on_event) {
        rtmp::server_event ev = rtmp::server_events::error{ec};
        handlers_.on_event(shared_from_this(), ev);
    }
    close(ec);
}

void server_connection::on_closed(std::error_code reason) {
    // Handlers go first, so captures that point back here cannot keep us alive.
    auto handlers = std::move(handlers_);
    handlers_ = {};
    if (handlers.on_closed) handlers.on_closed(shared_from_this(), reason, io_.stats());
}

}  // namespace lal::rtmp_asio
