// SPDX-License-Identifier: MIT
#include <lal/httpflv_asio/server_connection.hpp>

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

net::socket_settings socket_settings_of(const server_options& o) {
    return {o.close_timeout, o.read_buffer_size, o.max_write_buffers};
}

}  // namespace

server_connection::server_connection(asio::ip::tcp::socket socket, server_options options)
    : options_(std::move(options)), io_(*this, std::move(socket), socket_settings_of(options_)) {}

server_connection::~server_connection() = default;

void server_connection::start(server_handlers handlers) {
    if (io_.started()) return;
    handlers_ = std::move(handlers);
    parser_.emplace(options_.limits);
    state_ = state::reading_request;
    io_.start();
}

void server_connection::on_input(std::span<const std::byte> bytes) {
    // After the request, input is dropped: reading goes on only to see the peer leave.
    if (state_ != state::reading_request) return;
    auto err = parser_->feed(bytes);
    if (auto req = parser_->next()) {
        parser_.reset();  // one request per connection; free its buffers
        state_ = state::awaiting_decision;
        io_.update_deadline();
        // Only one request is ever delivered: let the handler go with it, so
        // an owner that holds this connection forms no reference cycle.
        auto handler = std::move(handlers_.on_request);
        handlers_.on_request = nullptr;
        if (handler) handler(shared_from_this(), std::move(*req));
        return;
    }
    if (err) answer_error(httpflv::status_for(err), err);
}

std::chrono::steady_clock::time_point server_connection::deadline() const {
    if (state_ == state::reading_request) return io_.started_at() + options_.request_timeout;
    return std::chrono::steady_clock::time_point::max();
}

void server_connection::on_deadline() {
    // RFC 9110 15.5.9: 408 tells the client why the connection goes away.
    if (state_ == state::reading_request) answer_error(408, httpflv::errc::timeout);
}

void server_connection::answer_error(int status, std::error_code reason) {
    parser_.reset();
    state_ = state::done;
    io_.queue().push(encode_with_date(httpflv::error_response(status, options_.response), false));
    io_.close(reason);
}

void server_connection::respond(const httpflv::response& r, bool head_only) {
    if (state_ != state::reading_request && state_ != state::awaiting_decision) return;
    parser_.reset();
    state_ = state::done;
    io_.queue().push(encode_with_date(r, head_only));
    io_.close({});
}

void server_connection::start_stream(const httpflv::response& head) {
    if (state_ != state::reading_request && state_ != state::awaiting_decision) return;
    parser_.reset();
    chunked_ = head.chunked();
    state_ = state::streaming;
    io_.update_deadline();
    io_.queue().push(encode_with_date(head, false));
    if (options_.auto_flush) io_.schedule_flush();
}

bool server_connection::send(lal::payload p) { return send(std::span<const lal::payload>(&p, 1)); }

bool server_connection::send(std::span<const lal::payload> payloads) {
    if (!streaming()) return false;
    auto& queue = io_.queue();
    if (chunked_) {
        framed_.clear();
        httpflv::append_chunk(payloads, framed_);
        for (auto& p : framed_) queue.push(std::move(p));
        framed_.clear();
    } else {
        for (const auto& p : payloads) queue.push(p);
    }
    if (options_.auto_flush) io_.schedule_flush();
    return true;
}

void server_connection::flush() { io_.flush(); }

void server_connection::schedule_flush() { io_.schedule_flush(); }

void server_connection::close(std::error_code reason) {
    if (streaming() && chunked_) io_.queue().push(httpflv::last_chunk());
    if (state_ != state::idle) state_ = state::done;
    io_.close(reason);
}

void server_connection::abort(std::error_code reason) { io_.abort(reason); }

void server_connection::on_closed(std::error_code reason) {
    state_ = state::done;
    parser_.reset();
    // Handlers go first, so captures that point back here cannot keep us alive.
    auto handlers = std::move(handlers_);
    handlers_ = {};
    if (handlers.on_closed) handlers.on_closed(shared_from_this(), reason, io_.stats());
}

}  // namespace lal::httpflv_asio
