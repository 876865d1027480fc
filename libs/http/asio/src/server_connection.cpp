// SPDX-License-Identifier: MIT
#include <lal/http_asio/server_connection.hpp>

#include <variant>

#include <asio/post.hpp>

#include <lal/http/chunked.hpp>
#include <lal/http/error.hpp>
#include <lal/http/websocket_error.hpp>
#include <lal/http/websocket_handshake.hpp>

namespace lal::http_asio {
namespace {

using clock = std::chrono::steady_clock;

/// `r` with a Date field (RFC 9110 6.6.1: a server with a clock sends it).
void add_date(http::response& r) {
    auto now = std::chrono::system_clock::now().time_since_epoch();
    r.set("Date", http::http_date(std::chrono::duration_cast<std::chrono::seconds>(now).count()));
}

net::socket_settings socket_settings_of(const server_options& o) {
    return {o.close_timeout, o.read_buffer_size, o.max_write_buffers, o.tls, o.request_timeout};
}

}  // namespace

server_connection::server_connection(asio::ip::tcp::socket socket, server_options options)
    : options_(std::move(options)), io_(*this, std::move(socket), socket_settings_of(options_)) {}

server_connection::~server_connection() = default;

void server_connection::start(std::shared_ptr<const router> routes, closed_handler on_closed) {
    if (io_.started()) return;
    routes_ = std::move(routes);
    on_closed_ = std::move(on_closed);
    parser_.emplace(options_.limits);
    state_ = state::reading;
    waiting_since_ = clock::now();
    io_.start();
}

void server_connection::on_input(std::span<const std::byte> bytes) {
    if (state_ == state::websocket) return on_websocket_input(bytes);
    // A live body goes one way: input is dropped, read only to see the peer leave.
    if (state_ != state::reading || parse_error_) return;
    if (current_) fed_while_pending_ = true;
    if (auto ec = parser_->feed(bytes)) parse_error_ = ec;
    io_.update_deadline();
    process();
}

bool server_connection::input_paused() const {
    if (state_ != state::reading) return false;
    // One request at a time: the parser holds what arrived, the socket the rest.
    // One read goes on while a request waits for its answer, so a peer that
    // leaves (EOF) is seen even when the answer takes long (a player waiting for
    // its stream); what that read brings waits in the parser.
    if (current_) return fed_while_pending_;
    return io_.bytes_queued() > options_.max_queued_while_reading;
}

void server_connection::process() {
    if (processing_) return;  // respond() inside a handler: the loop below goes on
    processing_ = true;
    while (state_ == state::reading && !current_ && io_.bytes_queued() <= options_.max_queued_while_reading) {
        auto req = parser_->next();
        if (!req) {
            // Requests before a malformed one are answered first, in order.
            if (parse_error_) answer_error(http::status_for(parse_error_), parse_error_);
            break;
        }
        ++requests_;
        current_ = std::move(*req);
        fed_while_pending_ = false;
        io_.update_deadline();
        auto self = shared_from_this();
        if (!routes_) {
            respond(http::error_response(404, options_.response));
            continue;
        }
        if (auto answer = routes_->dispatch(*current_, self)) {
            // 404, 405 and OPTIONS answers have a length: the connection may stay.
            answer->set("Connection", "keep-alive");
            respond(std::move(*answer));
        }
    }
    processing_ = false;
}

void server_connection::respond(http::response r) { respond(std::move(r), {}, nullptr); }

void server_connection::respond(http::response r, lal::payload body) {
    respond(std::move(r), std::move(body), nullptr);
}

void server_connection::respond(http::response r, lal::payload body, std::shared_ptr<const net::shared_file> file) {
    if (state_ != state::reading || !current_) return;
    add_date(r);
    if (!body.empty()) r.set("Content-Length", std::to_string(body.size()));
    const bool keep = http::decide_keep_alive(*current_, r);
    push(r.encode(current_->is_head()));
    if (!body.empty() && !current_->is_head()) io_.queue().push(std::move(body), std::move(file));
    const bool upgrade_declined = parser_->paused();
    current_.reset();
    if (!keep) {
        state_ = state::done;
        parser_.reset();
        io_.close({});
        return;
    }
    if (upgrade_declined) {
        // RFC 9110 7.8: a server may ignore Upgrade; what followed is HTTP again.
        if (auto ec = parser_->resume(); ec && !parse_error_) parse_error_ = ec;
    }
    waiting_since_ = clock::now();
    io_.update_deadline();
    io_.schedule_flush();  // answers go out whatever auto_flush says (it is for media)
    if (!processing_) {
        // Answered later than its handler: go on with what the parser holds.
        process();
        if (state_ == state::reading && !input_paused()) io_.resume_reading();
    }
}

void server_connection::start_stream(const http::response& head) {
    if (state_ != state::reading || !current_) return;
    auto h = head;
    add_date(h);
    chunked_ = h.chunked();
    state_ = state::streaming;
    current_.reset();
    parser_.reset();
    io_.update_deadline();
    push(h.encode(false));
    if (options_.auto_flush) io_.schedule_flush();
    io_.resume_reading();
}

bool server_connection::accept_websocket(websocket_handlers handlers, std::string_view protocol) {
    if (state_ != state::reading || !current_) return false;
    auto hs = http::ws::check_request(*current_);
    if (!hs) {
        auto refusal = http::ws::reject_response(hs.error(), options_.response);
        refusal.set("Connection", "close");  // the held bytes were meant for a WebSocket
        respond(std::move(refusal));
        return false;
    }
    auto accept = http::ws::accept_response(*hs, protocol);
    add_date(accept);
    push(accept.encode(false));
    auto held = parser_->take_held();
    parser_.reset();
    current_.reset();
    state_ = state::websocket;
    ws_handlers_ = std::move(handlers);
    ws_reader_.emplace(http::ws::role::server, options_.websocket);
    io_.update_deadline();
    if (options_.auto_flush) io_.schedule_flush();
    // Bytes that came with the handshake are the first frames (RFC 6455 4.2.2).
    if (!held.empty()) {
        auto self = shared_from_this();
        asio::post(get_executor(), [self, held = std::move(held)] {
            if (self->state_ == state::websocket) self->on_websocket_input(held);
        });
    }
    io_.resume_reading();
    return true;
}

void server_connection::on_websocket_input(std::span<const std::byte> bytes) {
    if (!ws_reader_ || ws_reader_->closed()) return;
    auto err = ws_reader_->feed(bytes);
    auto self = shared_from_this();
    while (auto e = ws_reader_->next()) {
        if (state_ != state::websocket) return;
        if (auto* m = std::get_if<http::ws::message>(&*e)) {
            if (ws_handlers_.on_message) ws_handlers_.on_message(self, std::move(*m));
        } else if (auto* p = std::get_if<http::ws::ping>(&*e)) {
            // RFC 6455 5.5.2: a pong with the ping's data, as soon as practical.
            if (!close_sent_ && !io_.closing()) {
                framed_.clear();
                http::ws::append_frame(http::ws::opcode::pong, std::span<const lal::payload>(&p->data, 1), framed_);
                for (auto& f : framed_) push(std::move(f));
                framed_.clear();
                io_.schedule_flush();
            }
        } else if (auto* c = std::get_if<http::ws::close_frame>(&*e)) {
            if (ws_handlers_.on_close) ws_handlers_.on_close(self, *c);
            // RFC 6455 5.5.1: echo the code, then close the TCP connection.
            const auto code = c->code == static_cast<std::uint16_t>(http::ws::close_code::no_status)
                                  ? static_cast<std::uint16_t>(http::ws::close_code::normal)
                                  : c->code;
            close_websocket(code, {});
            return;
        }
        // pongs need no answer
    }
    if (err) close_websocket(static_cast<std::uint16_t>(http::ws::close_code_for(err)), err);
}

void server_connection::close_websocket(std::uint16_t code, std::error_code reason) {
    if (!close_sent_ && io_.is_open() && !io_.closing()) {
        close_sent_ = true;
        push(http::ws::encode_close(static_cast<http::ws::close_code>(code)));
    }
    io_.close(reason);
}

void server_connection::push(lal::payload p) { io_.queue().push(std::move(p)); }

bool server_connection::send(lal::payload p) { return send(std::span<const lal::payload>(&p, 1)); }

bool server_connection::send(std::span<const lal::payload> payloads) {
    if (!streaming()) return false;
    if (state_ == state::websocket) {
        // RFC 6455 5.6: one binary message; its header apart, the payloads shared.
        if (close_sent_) return false;
        std::uint64_t total = 0;
        for (const auto& p : payloads) total += p.size();
        push(http::ws::binary_message_header(total));
        for (const auto& p : payloads) push(p);
    } else if (chunked_) {
        framed_.clear();
        http::append_chunk(payloads, framed_);
        for (auto& p : framed_) push(std::move(p));
        framed_.clear();
    } else {
        for (const auto& p : payloads) push(p);
    }
    if (options_.auto_flush) io_.schedule_flush();
    return true;
}

bool server_connection::send_text(std::string_view text) {
    if (state_ != state::websocket || !streaming() || close_sent_) return false;
    push(http::ws::encode_frame(http::ws::opcode::text, std::as_bytes(std::span<const char>(text.data(), text.size()))));
    if (options_.auto_flush) io_.schedule_flush();
    return true;
}

bool server_connection::send_ping(std::string_view data) {
    if (state_ != state::websocket || !streaming() || close_sent_ || data.size() > http::ws::max_control_payload)
        return false;
    push(http::ws::encode_frame(http::ws::opcode::ping, std::as_bytes(std::span<const char>(data.data(), data.size()))));
    if (options_.auto_flush) io_.schedule_flush();
    return true;
}

void server_connection::flush() { io_.flush(); }

void server_connection::schedule_flush() { io_.schedule_flush(); }

void server_connection::close(std::error_code reason) {
    if (state_ == state::websocket) return close_websocket(static_cast<std::uint16_t>(http::ws::close_code::normal), reason);
    if (streaming() && chunked_) push(http::last_chunk());
    if (state_ != state::idle) state_ = state::done;
    io_.close(reason);
}

void server_connection::abort(std::error_code reason) { io_.abort(reason); }

clock::time_point server_connection::deadline() const {
    if (state_ != state::reading || current_) return clock::time_point::max();
    // The first request and any request begun must come in time; silence
    // between requests is idle time.
    return waiting_since_ + (awaiting_request() ? options_.request_timeout : options_.idle_timeout);
}

void server_connection::on_deadline() {
    if (state_ != state::reading || current_) return;
    if (awaiting_request()) {
        // RFC 9110 15.5.9: 408 tells the client why the connection goes away.
        answer_error(408, http::errc::timeout);
        return;
    }
    // RFC 9112 9.5: an idle persistent connection may be closed at any time.
    state_ = state::done;
    parser_.reset();
    io_.close(http::errc::timeout);
}

bool server_connection::awaiting_request() const noexcept {
    return requests_ == 0 || (parser_ && parser_->in_progress());
}

void server_connection::on_drained() {
    if (state_ == state::reading && !current_) {
        process();
        if (state_ == state::reading && !input_paused()) io_.resume_reading();
    }
}

void server_connection::answer_error(int status, std::error_code reason) {
    parser_.reset();
    current_.reset();
    state_ = state::done;
    auto r = http::error_response(status, options_.response);
    add_date(r);
    push(r.encode(false));
    io_.close(reason);
}

void server_connection::on_closed(std::error_code reason) {
    state_ = state::done;
    parser_.reset();
    ws_reader_.reset();
    current_.reset();
    // Handlers go first, so captures that point back here cannot keep us alive.
    auto handler = std::move(on_closed_);
    on_closed_ = nullptr;
    ws_handlers_ = {};
    routes_.reset();
    if (handler) handler(shared_from_this(), reason, io_.stats());
}

}  // namespace lal::http_asio
