// SPDX-License-Identifier: MIT
#include <lal/httpflv_asio/server_connection.hpp>

#include <asio/post.hpp>

#include <lal/httpflv/chunked.hpp>
#include <lal/httpflv/error.hpp>

namespace lal::httpflv_asio {
namespace {

/// The response with a Date field (RFC 9110 6.6.1: a server with a clock sends it).
lal::payload encode_with_date(const httpflv::response& r, bool head_only) {
    auto dated = r;
    auto now = std::chrono::system_clock::now().time_since_epoch();
    dated.set("Date", httpflv::http_date(std::chrono::duration_cast<std::chrono::seconds>(now).count()));
    return dated.encode(head_only);
}

}  // namespace

server_connection::server_connection(asio::ip::tcp::socket socket, server_options options)
    : socket_(std::move(socket)), options_(std::move(options)), timer_(socket_.get_executor()) {
    std::error_code ignored;
    remote_ = socket_.remote_endpoint(ignored);
    started_ = ended_ = std::chrono::steady_clock::now();
}

server_connection::~server_connection() = default;

void server_connection::start(request_handler on_request, close_handler on_close) {
    if (state_ != state::idle) return;
    on_request_ = std::move(on_request);
    on_close_ = std::move(on_close);
    parser_.emplace(options_.limits);
    state_ = state::reading_request;
    started_ = std::chrono::steady_clock::now();
    timer_.expires_after(options_.request_timeout);
    timer_.async_wait([self = shared_from_this()](std::error_code ec) {
        if (!ec) self->on_request_timeout();
    });
    do_read();
}

void server_connection::do_read() {
    socket_.async_read_some(asio::buffer(read_buffer_), [self = shared_from_this()](std::error_code ec, std::size_t n) {
        self->on_read(ec, n);
    });
}

void server_connection::on_read(std::error_code ec, std::size_t n) {
    if (state_ == state::closed) return;
    if (ec) {
        // The peer closed (or the socket failed). While closing that is the FIN
        // we waited for; otherwise it is why the session ends.
        finish_close(state_ == state::closing && shut_down_ ? close_reason_ : ec);
        return;
    }
    bytes_received_ += n;
    if (state_ == state::reading_request) {
        auto err = parser_->feed(std::span(read_buffer_.data(), n));
        if (auto req = parser_->next()) {
            timer_.cancel();
            parser_.reset();  // one request per connection; free its buffers
            state_ = state::awaiting_decision;
            do_read();        // keep reading: a read that ends tells us the peer left
            // Only one request is ever delivered: let the handler go with it, so
            // an owner that holds this connection forms no reference cycle.
            auto handler = std::move(on_request_);
            on_request_ = nullptr;
            auto self = shared_from_this();
            handler(self, std::move(*req));
            return;
        }
        if (err) {
            answer_error(httpflv::status_for(err), err);
            do_read();
            return;
        }
    }
    // Anything after the request is ignored; the read only watches for the close.
    do_read();
}

void server_connection::on_request_timeout() {
    if (state_ != state::reading_request) return;
    // RFC 9110 15.5.9: 408 tells the client why the connection goes away.
    answer_error(408, httpflv::errc::timeout);
}

void server_connection::answer_error(int status, std::error_code reason) {
    close_reason_ = reason;
    parser_.reset();
    queue_.push(encode_with_date(httpflv::error_response(status, options_.response), false));
    begin_close();
}

void server_connection::respond(const httpflv::response& r, bool head_only) {
    if (state_ != state::reading_request && state_ != state::awaiting_decision) return;
    timer_.cancel();
    queue_.push(encode_with_date(r, head_only));
    begin_close();
}

void server_connection::start_stream(const httpflv::response& head) {
    if (state_ != state::awaiting_decision && state_ != state::reading_request) return;
    timer_.cancel();
    chunked_ = head.chunked();
    state_ = state::streaming;
    queue_.push(encode_with_date(head, false));
    schedule_flush();
}

bool server_connection::send(lal::payload p) { return send(std::span<const lal::payload>(&p, 1)); }

bool server_connection::send(std::span<const lal::payload> payloads) {
    if (state_ != state::streaming) return false;
    if (chunked_) {
        framed_.clear();
        httpflv::append_chunk(payloads, framed_);
        for (auto& p : framed_) queue_.push(std::move(p));
        framed_.clear();
    } else {
        for (const auto& p : payloads) queue_.push(p);
    }
    schedule_flush();
    return true;
}

void server_connection::schedule_flush() {
    if (!options_.auto_flush || flush_posted_) return;
    flush_posted_ = true;
    // Posted, so everything queued by the current handler leaves in one write.
    asio::post(socket_.get_executor(), [self = shared_from_this()] {
        self->flush_posted_ = false;
        self->flush();
    });
}

void server_connection::flush() {
    if (state_ == state::closed || write_waiting_) return;
    std::error_code ec;
    bytes_sent_ += queue_.write_some(socket_.native_handle(), ec);
    if (ec == std::errc::operation_would_block) {
        wait_writable();
        return;
    }
    if (ec) {
        finish_close(ec);
        return;
    }
    if (state_ == state::closing) after_drain();
}

void server_connection::wait_writable() {
    write_waiting_ = true;
    socket_.async_wait(asio::ip::tcp::socket::wait_write, [self = shared_from_this()](std::error_code ec) {
        self->write_waiting_ = false;
        if (self->state_ == state::closed) return;
        if (ec) {
            self->finish_close(ec);
            return;
        }
        self->flush();
    });
}

void server_connection::close(std::error_code reason) {
    if (state_ == state::closing || state_ == state::closed) return;
    if (reason) close_reason_ = reason;
    begin_close();
}

void server_connection::begin_close() {
    if (state_ == state::closing || state_ == state::closed) return;
    if (state_ == state::streaming && chunked_) queue_.push(httpflv::last_chunk());
    state_ = state::closing;
    timer_.cancel();
    timer_.expires_after(options_.close_timeout);
    timer_.async_wait([self = shared_from_this()](std::error_code ec) {
        if (!ec && self->state_ == state::closing) self->finish_close(self->close_reason_);
    });
    if (state_ != state::closed) flush();
}

void server_connection::after_drain() {
    if (!queue_.empty() || shut_down_) return;
    // Half-close, then read until the peer's FIN: closing with unread input
    // would send RST, which can destroy the response before the client reads it.
    shut_down_ = true;
    std::error_code ignored;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
}

void server_connection::abort(std::error_code reason) { finish_close(reason ? reason : close_reason_); }

void server_connection::finish_close(std::error_code reason) {
    if (state_ == state::closed) return;
    state_ = state::closed;
    ended_ = std::chrono::steady_clock::now();
    std::error_code ignored;
    timer_.cancel();
    socket_.close(ignored);
    queue_.clear();
    parser_.reset();
    on_request_ = nullptr;
    if (on_close_) {
        // Posted so the owner never sees the connection close inside its own call.
        asio::post(socket_.get_executor(), [self = shared_from_this(), reason] {
            auto handler = std::move(self->on_close_);
            self->on_close_ = nullptr;
            handler(self->stats(), reason);
        });
    }
}

session_stats server_connection::stats() const {
    auto end = state_ == state::closed ? ended_ : std::chrono::steady_clock::now();
    return {bytes_sent_, bytes_received_, end - started_};
}

}  // namespace lal::httpflv_asio
