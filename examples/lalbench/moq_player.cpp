// SPDX-License-Identifier: MIT
#include "moq_player.hpp"

#include <variant>

#include <lal/h3/error.hpp>
#include <lal/h3/varint.hpp>
#include <lal/moqt/error.hpp>
#include <lal/quic/credentials.hpp>

#include "error.hpp"
#include "video_prefix.hpp"

namespace lalbench {
namespace {

namespace d20 = lal::moqt::draft20;
namespace sub = lal::moqt::subscriber_event;

// Datagrams taken per readiness report before the other players get their turn.
constexpr int max_reads_per_wakeup = 16;
// Larger than any QUIC packet (ngtcp2 sends at most 1452-byte UDP payloads;
// a bigger datagram would be cut and dropped as undecryptable).
constexpr std::size_t max_datagram = 4096;
// As for WHEP players: a key frame arrives as a burst of packets, and the
// default receive buffer overflows when the worker runs a little late (capped by net.core.rmem_max).
constexpr int receive_buffer = 2 << 20;
// The path lal serves MoQT sessions on (examples/lal/quic_session.cpp).
constexpr std::string_view moq_path = "/moq";
// RFC 9114 8.1: H3_NO_ERROR, to close at the end of the run.
constexpr std::uint64_t h3_no_error = 0x0100;
// @moq/watch names an MSF broadcast "<name>.msf"; lal serves (app, stream.msf).
constexpr std::string_view msf_suffix = ".msf";

lal::quic::timestamp quic_now() {
    return static_cast<lal::quic::timestamp>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now().time_since_epoch()).count());
}

}  // namespace

std::optional<moq_target> parse_moq_target(std::string_view text) {
    constexpr std::string_view scheme = "moq://";
    if (!text.starts_with(scheme)) return std::nullopt;
    auto rest = text.substr(scheme.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto hp = split_authority(rest.substr(0, slash), 0);  // no default QUIC port
    if (!hp) return std::nullopt;
    const auto path = rest.substr(slash + 1);
    const auto mid = path.find('/');
    if (mid == std::string_view::npos || mid == 0 || mid + 1 == path.size()) return std::nullopt;
    const auto app = path.substr(0, mid);
    const auto stream = path.substr(mid + 1);
    if (stream.find_first_of("/?#") != std::string_view::npos) return std::nullopt;
    return moq_target{std::move(hp->host), hp->port, std::string(app), std::string(stream)};
}

moq_player::moq_player(worker& w, const player_settings& settings, const moq_target& target)
    : player(w, settings),
      target_(target),
      udp_(w.io()),
      timer_(w.io()),
      moq_(lal::moqt::subscriber_options{{}, "lalbench"}),
      buffer_(max_datagram) {}

moq_player::~moq_player() = default;

void moq_player::open() {
    const asio::ip::udp::endpoint to(settings_.endpoint.address(), settings_.endpoint.port());
    std::error_code ec;
    udp_.open(to.protocol(), ec);
    if (!ec) udp_.connect(to, ec);  // only the server's datagrams come in
    if (!ec) udp_.non_blocking(true, ec);
    if (ec) return fail(ec, "UDP socket");
    udp_.set_option(asio::socket_base::receive_buffer_size(receive_buffer), ec);  // best effort (capped)
    const auto local = udp_.local_endpoint(ec);
    if (ec) return fail(ec, "UDP socket");
    if (!worker_.watch(udp_.native_handle(), this)) return fail(std::error_code(errno, std::generic_category()), "epoll");
    udp_watched_ = true;
    remote_ = lal::quic::make_endpoint(to.data(), to.size());
    lal::quic::options o;
    o.alpn = "h3";  // WebTransport over HTTP/3 (RFC 9114 3.1)
    o.server_name = target_.host;
    auto c = lal::quic::connection::connect(lal::quic::credentials::insecure_client(), o,
                                            lal::quic::make_endpoint(local.data(), local.size()), remote_, quic_now());
    if (!c) return fail(c.error(), "QUIC client");
    conn_ = std::move(*c);
    transport_up();
}

void moq_player::on_connected() { flush(); }  // the client's first Initial

void moq_player::on_readable() {
    if (closed() || !udp_watched_) return;
    for (int i = 0; i < max_reads_per_wakeup; ++i) {
        std::error_code ec;
        const auto n = udp_.receive(asio::buffer(buffer_.data(), buffer_.size()), 0, ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) break;
        if (ec) return fail(ec, "UDP receive");
        received(lal::payload::adopt(std::vector<std::byte>(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n))));
        if (closed()) return;
    }
    flush();  // acknowledgements and our answers, once per batch
}

void moq_player::on_input(const lal::payload& in) {
    // An error means the connection is closing; its `closed` event says why.
    (void)conn_->receive(in.bytes(), remote_, quic_now());
    on_quic_events();
}

void moq_player::on_quic_events() {
    while (!closed()) {
        auto e = conn_->next_event();
        if (!e) return;
        if (auto* hs = std::get_if<lal::quic::event::handshake_completed>(&*e)) {
            if (hs->alpn != "h3") return fail(errc::connect_failed, "QUIC: ALPN '" + hs->alpn + "', not h3");
            // RFC 9114 6.2: our control and QPACK streams; the CONNECT goes on a bidirectional one.
            auto control = conn_->open_uni_stream();
            auto encoder = conn_->open_uni_stream();
            auto decoder = conn_->open_uni_stream();
            auto request = conn_->open_bidi_stream();
            if (!control || !encoder || !decoder || !request)
                return fail(errc::connect_failed, "QUIC: the server allows too few streams for HTTP/3");
            wt_ = std::make_unique<lal::h3::wt_client>(lal::h3::client_options{
                {}, target_.host + ":" + std::to_string(target_.port), std::string(moq_path), {std::string(d20::alpn)}});
            wt_->start(static_cast<std::uint64_t>(*control), static_cast<std::uint64_t>(*encoder),
                       static_cast<std::uint64_t>(*decoder), static_cast<std::uint64_t>(*request));
            step_ = step::connect;
        } else if (auto* d = std::get_if<lal::quic::event::stream_data>(&*e)) {
            if (!wt_) continue;
            if (auto ec = wt_->feed(static_cast<std::uint64_t>(d->stream_id), d->bytes, d->fin)) {
                conn_->close(lal::h3::application_error_code(ec), ec.message());
                return fail(ec, "HTTP/3");
            }
            on_wt_events();
        } else if (auto* r = std::get_if<lal::quic::event::stream_reset>(&*e)) {
            if (!wt_) continue;
            (void)wt_->on_stream_reset(static_cast<std::uint64_t>(r->stream_id));
            on_wt_events();
        } else if (auto* cl = std::get_if<lal::quic::event::closed>(&*e)) {
            return fail(errc::closed_by_server, std::string("QUIC connection closed (") +
                                                    (cl->application ? "application" : "transport") + " code " +
                                                    std::to_string(cl->code) + (cl->reason.empty() ? "" : ", ") +
                                                    cl->reason + ")");
        }
        // DATAGRAM frames: lal sends MoQT objects on streams only.
    }
}

void moq_player::on_wt_events() {
    while (!closed()) {
        auto e = wt_->next_event();
        if (!e) return;
        if (auto* a = std::get_if<lal::h3::wt_event::answered>(&*e)) {
            on_answered(*a);
        } else if (auto* d = std::get_if<lal::h3::wt_event::stream_data>(&*e)) {
            // RFC 9000 2.1: bit 0x2 marks unidirectional streams (the server's control and subgroup streams).
            const bool uni = (d->stream_id & 0x2) != 0;
            auto ec = uni ? moq_.feed_uni(d->stream_id, d->bytes, d->fin)
                          : moq_.feed_request(d->stream_id, d->bytes, d->fin);
            if (ec) {
                (void)wt_->close(static_cast<std::uint32_t>(lal::moqt::termination_code(ec)), ec.message());
                flush();
                return fail(ec, "MoQT");
            }
            on_moq_events();
        } else if (auto* r = std::get_if<lal::h3::wt_event::stream_reset>(&*e)) {
            moq_.on_stream_reset(r->stream_id);  // an abandoned group: its frames show as loss
            on_moq_events();
        } else if (auto* c = std::get_if<lal::h3::wt_event::closed>(&*e)) {
            return fail(errc::closed_by_server, "WebTransport session closed (code " + std::to_string(c->code) +
                                                    (c->reason.empty() ? "" : ", " + c->reason) + ")");
        }
    }
}

void moq_player::on_answered(const lal::h3::wt_event::answered& a) {
    if (a.status != 200)
        return fail(errc::http_status, "WebTransport CONNECT " + std::string(moq_path) + ": " + std::to_string(a.status));
    if (!a.protocol.empty() && a.protocol != d20::alpn)
        return fail(errc::connect_failed, "WebTransport: the server chose protocol '" + a.protocol + "'");
    auto control = open_stream(false, "the MoQT control stream");
    if (!control) return;
    moq_.start(static_cast<std::uint64_t>(*control));  // draft-20 3.3: SETUP first
    step_ = step::setup;
}

std::optional<std::int64_t> moq_player::open_stream(bool bidirectional, const char* what) {
    auto id = bidirectional ? conn_->open_bidi_stream() : conn_->open_uni_stream();
    if (!id) {
        fail(id.error(), what);
        return std::nullopt;
    }
    if (auto ec = wt_->open_stream(static_cast<std::uint64_t>(*id))) {
        fail(ec, what);
        return std::nullopt;
    }
    return *id;
}

void moq_player::subscribe_all() {
    const d20::track_namespace ns{target_.app, target_.stream + std::string(msf_suffix)};
    const auto one = [&](const char* name, std::optional<std::uint64_t>& request) {
        auto stream = open_stream(true, "a MoQT request stream");
        if (!stream) return false;
        auto id = moq_.subscribe(static_cast<std::uint64_t>(*stream), ns, name);
        if (!id) {
            fail(id.error(), std::string("SUBSCRIBE ") + name);
            return false;
        }
        request = *id;
        return true;
    };
    play_requested();  // objects stamped before this came from the server's GOP cache
    if (!one("catalog", catalog_) || !one("video", video_) || !one("audio", audio_)) return;
    step_ = step::subscribe;
}

void moq_player::on_moq_events() {
    while (!closed()) {
        auto e = moq_.next_event();
        if (!e) return;
        if (std::holds_alternative<sub::setup>(*e)) {
            subscribe_all();
        } else if (auto* ok = std::get_if<sub::subscribed>(&*e)) {
            if (ok->request_id == video_) {
                step_ = step::media;
                play_started();
            }
        } else if (auto* o = std::get_if<sub::object>(&*e)) {
            on_object(*o);
        } else if (auto* r = std::get_if<sub::refused>(&*e)) {
            if (r->request_id == audio_) continue;  // a stream without audio
            return fail(errc::play_failed, std::string("SUBSCRIBE ") + (r->request_id == video_ ? "video" : "catalog") +
                                               ": REQUEST_ERROR " + std::to_string(r->error_code) + " " + r->reason);
        } else if (auto* d = std::get_if<sub::done>(&*e)) {
            if (d->request_id != video_) continue;
            return fail(errc::closed_by_server,
                        "the video subscription ended: status " + std::to_string(d->status_code) + ", " + d->reason);
        }
        // GOAWAY: the run ends first.
    }
}

void moq_player::on_object(const sub::object& o) {
    if (o.request_id == audio_) return on_audio();
    if (o.request_id != video_) return;  // the catalog: nothing to measure
    // lal's "legacy" object: the time in microseconds as a QUIC varint (RFC 9000 16), then the frame.
    const auto time = lal::h3::read_varint(o.payload);
    if (!time) return fail(lal::moqt::errc::bad_object, "a video object without its time");
    // A group opens at a key frame (its first object).
    flv_video_prefix(lal::byte_span(o.payload).subspan(time->size), o.object_id == 0, prefix_);
    on_video(prefix_);
}

void moq_player::flush() {
    if (closed() || !conn_) return;
    if (wt_) {
        for (auto& w : moq_.take_output()) {
            if (w.reset) {
                (void)conn_->reset_stream(static_cast<std::int64_t>(w.stream_id), *w.reset);
                continue;
            }
            (void)wt_->send(w.stream_id, w.bytes, w.fin);
        }
        for (auto& chunk : wt_->take_output()) {
            const auto id = static_cast<std::int64_t>(chunk.stream_id);
            if (chunk.reset) {
                (void)conn_->reset_stream(id, *chunk.reset);
                continue;
            }
            if (auto ec = conn_->write(id, chunk.bytes, chunk.fin)) return fail(ec, "QUIC write");
        }
    }
    for (auto& d : conn_->take_datagrams(quic_now())) {
        send_datagram(d);
        if (closed()) return;
    }
    if (conn_->is_done()) return fail(errc::closed_by_server, "QUIC connection done");
    arm_timer();
}

void moq_player::arm_timer() {
    const auto expiry = conn_->expiry();
    if (expiry == timer_at_) return;  // already waiting for it
    timer_at_ = expiry;
    if (expiry == lal::quic::no_expiry) {
        timer_.cancel();
        return;
    }
    timer_.expires_at(clock_type::time_point(std::chrono::duration_cast<clock_type::duration>(
        std::chrono::nanoseconds(expiry))));
    timer_.async_wait([weak = std::weak_ptr<player>(shared_from_this())](std::error_code ec) {
        if (ec) return;  // re-armed or closed
        auto self = std::static_pointer_cast<moq_player>(weak.lock());
        if (!self || self->closed()) return;
        self->timer_at_ = lal::quic::no_expiry;
        // RFC 9002 6: loss detection, acknowledgement and idle timers; a
        // connection that ends here reports why as a `closed` event.
        const auto e = self->conn_->on_expiry(quic_now());
        self->on_quic_events();
        self->flush();
        if (e) self->fail(e, "QUIC timer");
    });
}

void moq_player::send_datagram(lal::byte_span bytes) {
    std::error_code ec;
    udp_.send(asio::buffer(bytes.data(), bytes.size()), 0, ec);
    // A full socket buffer drops the datagram, as the network would; QUIC retransmits.
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) fail(ec, "UDP send");
}

void moq_player::check(clock_type::time_point now) {
    if (closed()) return;
    if (step_ != step::media && now - started_at() >= settings_.connect_timeout)
        return fail(errc::connect_timeout, step_text());
    player::check(now);
}

const char* moq_player::step_text() const noexcept {
    switch (step_) {
    case step::handshake: return "QUIC handshake unfinished";
    case step::connect: return "no answer to the WebTransport CONNECT";
    case step::setup: return "no MoQT SETUP from the server";
    case step::subscribe: return "no SUBSCRIBE_OK for video";
    case step::media: return "playing";
    }
    return "";
}

void moq_player::close_transport() {
    if (conn_ && !conn_->is_done()) {
        // RFC 9000 10.2: CONNECTION_CLOSE, so the server drops the session now rather than at its idle timeout.
        conn_->close(h3_no_error, "");
        for (auto& d : conn_->take_datagrams(quic_now())) {
            std::error_code ignored;
            udp_.send(asio::buffer(d.data(), d.size()), 0, ignored);
        }
    }
    timer_.cancel();
    if (udp_watched_) worker_.unwatch(udp_.native_handle());
    udp_watched_ = false;
    std::error_code ignored;
    udp_.close(ignored);
}

}  // namespace lalbench
