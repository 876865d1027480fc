// SPDX-License-Identifier: MIT
#include "quic_session.hpp"

#include <optional>
#include <variant>

#include <lal/h3/error.hpp>
#include <lal/moqt/error.hpp>

#include "log.hpp"
#include "server_context.hpp"

namespace lal::server {

namespace {

constexpr std::uint64_t h3_no_error = 0x0100;          // RFC 9114 8.1
constexpr std::uint64_t h3_excessive_load = 0x0107;    // RFC 9114 8.1: the peer reads too slowly for us

// draft-ietf-webtrans-http3 4.4: WebTransport stream error codes live in a
// reserved range of the HTTP/3 error space, skipping its GREASE points.
std::uint64_t webtransport_error(std::uint64_t code) {
    return 0x52e4a40fa8dbULL + code + code / 0x1e;
}

// The paths a MoQT WebTransport session is served on (the query goes to the
// handler), and the namespace root each gives: /moq none, /<app> (app), so
// that a player at https://host/live names the broadcast test.msf, as relays
// that root a session at its URL path do. Nothing else: lal's namespaces are
// (app, stream.msf), and @moq/watch needs the broadcast name to end in .msf.
std::optional<moqt::draft20::track_namespace> moq_root(std::string_view path) {
    if (path == "/moq") return moqt::draft20::track_namespace{};
    if (path.size() < 2 || path[0] != '/' || path.find('/', 1) != std::string_view::npos) return std::nullopt;
    return moqt::draft20::track_namespace{std::string(path.substr(1))};
}

}  // namespace

quic_session::quic_session(quic_host& host, server_context& ctx, std::size_t worker, std::uint64_t handle,
                           std::unique_ptr<quic::connection> conn, std::string remote)
    : host_(host),
      ctx_(ctx),
      worker_(worker),
      handle_(handle),
      conn_(std::move(conn)),
      remote_(std::move(remote)),
      h3_(h3::session_options{{}, {std::string(moqt::draft20::alpn)}}),
      timer_(ctx.loops.context(worker)) {}

quic_session::~quic_session() = default;

void quic_session::start() { process(); }

void quic_session::on_datagram(byte_span bytes, const quic::endpoint& from) {
    if (finished_) return;
    (void)conn_->receive(bytes, from, quic_now());
    process();
}

void quic_session::shutdown(bool abort) {
    if (finished_) return;
    if (abort) {
        done();
        return;
    }
    conn_->close(h3_no_error, "server stopping");
    flush();
    done();
}

// Drains the connection's events into HTTP/3, then sends what all layers queued.
void quic_session::process() {
    if (finished_) return;
    while (auto e = conn_->next_event()) {
        if (std::holds_alternative<quic::event::handshake_completed>(*e)) {
            // RFC 9114 6.2: our control stream and the two QPACK streams, right after the handshake.
            auto c = conn_->open_uni_stream();
            auto en = conn_->open_uni_stream();
            auto de = conn_->open_uni_stream();
            if (!c || !en || !de) {
                conn_->close(0x0101, "no unidirectional streams");  // H3_GENERAL_PROTOCOL_ERROR
                break;
            }
            h3_.start(static_cast<std::uint64_t>(*c), static_cast<std::uint64_t>(*en), static_cast<std::uint64_t>(*de));
        } else if (auto* d = std::get_if<quic::event::stream_data>(&*e)) {
            if (auto ec = h3_.feed(static_cast<std::uint64_t>(d->stream_id), d->bytes, d->fin)) {
                LAL_LOG_WARN("[quic] {}: HTTP/3 error on stream {}: {}", remote_, d->stream_id, ec.message());
                conn_->close(h3::application_error_code(ec), ec.message());
                break;
            }
            on_h3_events();
        } else if (auto* r = std::get_if<quic::event::stream_reset>(&*e)) {
            (void)h3_.on_stream_reset(static_cast<std::uint64_t>(r->stream_id));
            on_h3_events();
        } else if (auto* g = std::get_if<quic::event::datagram>(&*e)) {
            (void)h3_.feed_datagram(g->bytes);  // MoQT object datagrams are only sent, never received
            on_h3_events();
        } else if (auto* cl = std::get_if<quic::event::closed>(&*e)) {
            LAL_LOG_DEBUG("[quic] {}: connection closed, code {:#x}{}", remote_, cl->code,
                          cl->reason.empty() ? "" : ": " + cl->reason);
        }
    }
    flush();
}

void quic_session::on_h3_events() {
    while (auto e = h3_.next_event()) {
        if (auto* c = std::get_if<h3::wt_event::connect>(&*e)) {
            start_moq(*c);
        } else if (auto* d = std::get_if<h3::wt_event::stream_data>(&*e)) {
            if (!moq_) continue;
            // RFC 9000 2.1: bit 0x2 of the stream id marks unidirectional streams.
            const bool uni = (d->stream_id & 0x2) != 0;
            auto ec = uni ? moq_->feed_uni(d->stream_id, d->bytes, d->fin)
                          : moq_->feed_request(d->stream_id, d->bytes, d->fin);
            if (ec) {
                end_moq(ec, ec.message());
                continue;
            }
            on_moq_events();
        } else if (auto* r = std::get_if<h3::wt_event::stream_reset>(&*e)) {
            if (moq_ && (r->stream_id & 0x2) == 0) {
                moq_->on_request_reset(r->stream_id);
                on_moq_events();
            }
        } else if (auto* cl = std::get_if<h3::wt_event::closed>(&*e)) {
            LAL_LOG_INFO("[quic] {}: WebTransport session closed ({}{})", remote_, cl->code,
                         cl->reason.empty() ? "" : ", " + cl->reason);
            if (handler_) handler_->close("WebTransport session closed");
            handler_.reset();
            moq_.reset();
        }
    }
}

void quic_session::start_moq(const h3::wt_event::connect& c) {
    const auto& req = c.request;
    const auto q = req.path.find('?');
    const std::string path = req.path.substr(0, q);
    const std::string query = q == std::string::npos ? "" : req.path.substr(q + 1);
    const auto root = moq_root(path);
    if (!root) {
        (void)h3_.reject(404);
        return;
    }
    // draft-ietf-webtrans-http3 3.3: the subprotocol is chosen from wt-available-protocols;
    // a client that offers none still speaks MoQT by the path.
    const auto protocol = h3::choose_protocol({std::string(moqt::draft20::alpn)}, req.protocols);
    if (protocol.empty() && !req.protocols.empty()) {
        (void)h3_.reject(400);
        return;
    }
    if (auto ec = h3_.accept(protocol)) {
        LAL_LOG_WARN("[quic] {}: cannot accept the WebTransport session: {}", remote_, ec.message());
        return;
    }
    LAL_LOG_INFO("[quic] {}: WebTransport session at {} ({})", remote_, path, protocol.empty() ? "no protocol" : protocol);
    moq_ = std::make_unique<moqt::session>();
    moq_->start();
    std::weak_ptr<quic_session> weak = weak_from_this();
    handler_ = std::make_shared<moq_handler>(ctx_, worker_, *moq_, remote_, query, [weak] {
        if (auto self = weak.lock()) {
            self->flush_moq();
            self->flush();
        }
    }, *root);
    // The hub bounds a slow browser by what its open MoQT streams hold unacknowledged.
    handler_->set_backlog([weak] {
        std::size_t n = 0;
        if (auto self = weak.lock(); self && self->conn_)
            for (const auto& [local, id] : self->moq_streams_) n += self->conn_->queued(id);
        return n;
    });
    flush_moq();
}

void quic_session::on_stream_live(const stream_key& key, bool live) {
    if (handler_ && !finished_) handler_->on_stream_live(key, live);  // its wake flushes
}

void quic_session::on_moq_events() {
    while (moq_) {
        auto e = moq_->next_event();
        if (!e) break;
        if (handler_) handler_->on_event(*e);
    }
    flush_moq();
}

// A MoQT error ends the WebTransport session only (draft-20 3.5), never the connection.
void quic_session::end_moq(std::error_code ec, std::string_view reason) {
    LAL_LOG_WARN("[quic] {}: MoQT session ends: {}", remote_, reason);
    if (handler_) handler_->close(reason);
    handler_.reset();
    moq_.reset();
    (void)h3_.close(static_cast<std::uint32_t>(moqt::termination_code(ec)), reason);
}

// Moves MoQT writes onto WebTransport streams; a new local number opens a stream.
void quic_session::flush_moq() {
    if (!moq_ || finished_) return;
    for (auto& o : moq_->take_output()) {
        std::uint64_t id = o.stream;
        if (o.local) {
            auto it = moq_streams_.find(o.stream);
            if (it == moq_streams_.end()) {
                auto opened = conn_->open_uni_stream();
                if (!opened) {
                    // RFC 9000 4.6: the peer's stream limit; the group is lost, not the session.
                    LAL_LOG_DEBUG("[quic] {}: no stream for MoQT local stream {}", remote_, o.stream);
                    continue;
                }
                (void)h3_.open_stream(static_cast<std::uint64_t>(*opened));
                it = moq_streams_.emplace(o.stream, *opened).first;
            }
            id = static_cast<std::uint64_t>(it->second);
            if (o.fin || o.reset) moq_streams_.erase(it);
        }
        if (o.reset) {
            (void)conn_->reset_stream(static_cast<std::int64_t>(id), webtransport_error(*o.reset));
            continue;
        }
        (void)h3_.send(id, o.bytes, o.fin);
    }
}

void quic_session::flush() {
    if (finished_) return;
    for (auto& chunk : h3_.take_output()) {
        const auto id = static_cast<std::int64_t>(chunk.stream_id);
        if (chunk.reset) {
            (void)conn_->reset_stream(id, *chunk.reset);
            continue;
        }
        if (auto ec = conn_->write(id, chunk.bytes, chunk.fin); ec == quic::errc::queue_full) {
            LAL_LOG_WARN("[quic] {}: peer reads too slowly (stream {} queue full), closing", remote_, id);
            conn_->close(h3_excessive_load, "send queue full");
            break;
        }
    }
    for (auto& d : h3_.take_datagrams()) (void)conn_->send_datagram(d);
    for (auto& p : conn_->take_datagrams(quic_now())) host_.send(p, conn_->remote());
    auto added = conn_->take_new_ids();
    auto retired = conn_->take_retired_ids();
    if (!added.empty() || !retired.empty()) host_.ids_changed(handle_, added, retired);
    if (conn_->is_done()) {
        done();
        return;
    }
    arm_timer();
}

void quic_session::arm_timer() {
    const auto expiry = conn_->expiry();
    if (expiry == quic::no_expiry) return;
    const auto now = quic_now();
    const auto wait = std::chrono::nanoseconds(expiry > now ? expiry - now : 0);
    timer_.expires_after(wait);
    timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
        if (ec) return;
        auto self = weak.lock();
        if (!self || self->finished_) return;
        (void)self->conn_->on_expiry(quic_now());
        self->process();
    });
}

void quic_session::done() {
    if (finished_) return;
    finished_ = true;
    timer_.cancel();
    if (handler_) handler_->close("connection closed");
    handler_.reset();
    moq_.reset();
    host_.finished(handle_);
}

}  // namespace lal::server
