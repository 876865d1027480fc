// SPDX-License-Identifier: MIT
#include "whep_player.hpp"

#include <algorithm>
#include <array>
#include <mutex>
#include <random>

#include <asio/connect.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include <lal/rtp/packet.hpp>
#include <lal/webrtc/ice_lite.hpp>

#include "error.hpp"
#include "video_prefix.hpp"

namespace lalbench {
namespace {

namespace wt = lal::webrtc_transport;

// Datagrams taken per readiness report before the other players get their turn.
constexpr int max_reads_per_wakeup = 16;
// Larger than any datagram the server sends (it keeps under 1200 bytes).
constexpr std::size_t max_datagram = 2048;
// RFC 7675 5.1 asks for a consent check every 5 s on average; a player checks
// more often so a server with a short session timeout keeps it.
constexpr std::chrono::seconds consent_interval{2};
// Binding requests go again at the worker's sweep (every 250 ms) until answered
// (RFC 8489 6.2.1 retransmits; loopback needs no backoff).
constexpr std::chrono::milliseconds check_retransmit{200};
// RFC 8445 5.1.2.1: type preference 126 (host), local preference 65535, component 1.
constexpr std::uint32_t host_priority = (126u << 24) | (65535u << 8) | 255u;
// The server sends each frame's packets in one burst (a key frame of a 2 Mbit/s
// stream is around 100 packets), and a datagram costs its buffer about twice
// its size (the kernel counts the whole allocation): the default receive
// buffer (net.core.rmem_default, 208 KiB) overflows when the worker is a few
// milliseconds late, which would show as loss the server did not cause. The
// kernel caps this at net.core.rmem_max.
constexpr int receive_buffer = 2 << 20;
// A best-effort DELETE gives up after this.
constexpr std::chrono::seconds delete_timeout{2};

std::mt19937_64& rng() {
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return engine;
}

// One certificate for every player of the process (RFC 8827 6.5 allows one
// per endpoint): made once, shared read-only by the worker threads.
lal::result<std::shared_ptr<const wt::certificate>> shared_certificate() {
    static std::once_flag once;
    static lal::result<std::shared_ptr<const wt::certificate>> cert{std::shared_ptr<const wt::certificate>{}};
    std::call_once(once, [] { cert = wt::certificate::generate(); });
    return cert;
}

lal::webrtc::ice_credentials new_credentials() {
    std::array<std::byte, 32> random{};
    for (auto& b : random) b = static_cast<std::byte>(rng()());
    return lal::webrtc::make_ice_credentials(random);
}

std::string host_header(const whep_target& t) {
    const bool v6 = t.host.find(':') != std::string::npos;
    return (v6 ? "[" + t.host + "]" : t.host) + ":" + std::to_string(t.port);
}

// The path of a Location (RFC 9110 10.2.2: a URI reference): absolute URLs lose scheme and authority.
std::string location_path(std::string_view location) {
    if (auto scheme = location.find("://"); scheme != std::string_view::npos) {
        auto slash = location.find('/', scheme + 3);
        return slash == std::string_view::npos ? "/" : std::string(location.substr(slash));
    }
    return std::string(location);
}

// DELETE of the session resource (WHEP 4.3), best effort: connect, send,
// wait for the answer or the timeout, close. Keeps itself alive until done.
class session_delete : public std::enable_shared_from_this<session_delete> {
public:
    session_delete(asio::io_context& io, std::string request)
        : socket_(io), timer_(io), request_(std::move(request)) {}

    void start(const asio::ip::tcp::endpoint& to) {
        timer_.expires_after(delete_timeout);
        timer_.async_wait([self = shared_from_this()](std::error_code ec) {
            if (!ec) self->close();
        });
        socket_.async_connect(to, [self = shared_from_this()](std::error_code ec) {
            if (ec) return self->close();
            asio::async_write(self->socket_, asio::buffer(self->request_),
                              [self](std::error_code wec, std::size_t) {
                                  if (wec) return self->close();
                                  self->read();
                              });
        });
    }

private:
    // Reads the answer to the end (Connection: close), so the server's close comes first.
    void read() {
        socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](std::error_code ec, std::size_t) {
            if (ec) return self->close();
            self->read();
        });
    }
    void close() {
        std::error_code ignored;
        socket_.close(ignored);
        timer_.cancel();
    }

    asio::ip::tcp::socket socket_;
    asio::steady_timer timer_;
    std::string request_;
    std::array<char, 512> buffer_{};
};

}  // namespace

whep_player::whep_player(worker& w, const player_settings& settings, const whep_target& target)
    : player(w, settings), target_(target), udp_(w.io()) {}

whep_player::~whep_player() = default;

void whep_player::on_connected() {
    auto cert = shared_certificate();
    if (!cert) return fail(cert.error(), "DTLS certificate");
    const auto ice = new_credentials();
    local_ = {ice.ufrag, ice.pwd, (*cert)->fingerprint()};
    const auto offer = make_whep_offer(local_);
    // Kept alive (RFC 9112 9.3), so the answer comes with its length rather than up to a close
    // (which the player would take for the server giving up); the player closes after it.
    std::string request = "POST " + target_.path + " HTTP/1.1\r\nHost: " + host_header(target_) +
                          "\r\nContent-Type: application/sdp\r\nContent-Length: " + std::to_string(offer.size()) +
                          "\r\n\r\n" + offer;
    play_requested();
    send(lal::as_byte_span(request));
}

void whep_player::on_readable() {
    if (closed()) return;
    if (step_ == step::http) return player::on_readable();
    if (!udp_watched_) return;
    for (int i = 0; i < max_reads_per_wakeup; ++i) {
        std::vector<std::byte> d(max_datagram);
        std::error_code ec;
        const auto n = udp_.receive(asio::buffer(d.data(), d.size()), 0, ec);
        if (ec == asio::error::would_block || ec == asio::error::try_again) return;
        if (ec) return fail(ec, "UDP receive");
        d.resize(n);
        decrypted_ = false;
        const auto first = n > 1 ? std::to_integer<std::uint8_t>(d[0]) : 0;
        // RFC 7983 7: 128..191 is RTP or RTCP; RFC 5761 4 tells them apart by the packet type.
        if (srtp_ && first >= 128 && first <= 191 && !lal::rtp::looks_like_rtcp(std::to_integer<std::uint8_t>(d[1]))) {
            if (srtp_->unprotect_rtp(d)) {
                counters::bump(worker_.live().bytes, n);  // counted, then dropped (replay or forgery)
                continue;
            }
            counters::bump(worker_.live().bytes, n - d.size());  // the tag: bytes on the wire
            decrypted_ = true;
        }
        received(lal::payload::adopt(std::move(d)));
        if (closed()) return;
    }
}

void whep_player::on_input(const lal::payload& in) {
    if (step_ == step::http) {
        if (auto ec = response_.feed(in.bytes())) return fail(ec, "WHEP answer");
        while (auto e = response_.next()) {
            if (auto* head = std::get_if<lal::http::response_head>(&*e)) {
                status_ = head->status;
                if (auto l = head->headers.find("Location")) location_ = location_path(*l);
            } else if (auto* body = std::get_if<lal::http::body_data>(&*e)) {
                const auto b = body->bytes.bytes();
                if (body_.size() + b.size() > 64 * 1024) return fail(errc::bad_http_response, "answer over 64 KiB");
                body_.append(reinterpret_cast<const char*>(b.data()), b.size());
            } else if (std::holds_alternative<lal::http::redirect>(*e)) {
                return fail(errc::http_status, "POST " + target_.path + ": redirected");
            } else {
                return on_response_end();
            }
        }
        return;
    }
    const auto bytes = in.bytes();
    if (bytes.empty()) return;
    const auto first = std::to_integer<std::uint8_t>(bytes[0]);
    if (first <= 3) return on_stun(bytes);
    if (first >= 20 && first <= 63) return on_dtls(bytes);
    if (decrypted_) return on_rtp(in);
    // SRTCP (sender reports) and anything else: counted, not needed.
}

void whep_player::on_response_end() {
    if (status_ != 201) {
        auto text = body_.substr(0, 200);
        std::replace(text.begin(), text.end(), '\n', ' ');
        return fail(errc::http_status, "POST " + target_.path + ": " + std::to_string(status_) + " " + text);
    }
    std::string error;
    auto a = parse_whep_answer(body_, error);
    if (!a) return fail(errc::bad_http_response, error);
    answer_ = std::move(*a);
    body_.clear();
    step_ = step::ice;
    // The read loop that delivered the answer may still touch the TCP socket: switch after it.
    asio::post(worker_.io(), [self = std::static_pointer_cast<whep_player>(shared_from_this())] {
        if (!self->closed()) self->start_udp();
    });
}

void whep_player::start_udp() {
    player::close_transport();  // the POST's connection
    std::error_code ec;
    const auto address = asio::ip::make_address(answer_.address, ec);
    if (ec) return fail(errc::bad_http_response, "answer candidate '" + answer_.address + "' is not an IP address");
    const asio::ip::udp::endpoint to(address, answer_.port);
    udp_.open(to.protocol(), ec);
    if (!ec) udp_.connect(to, ec);  // only the server's datagrams come in
    if (!ec) udp_.non_blocking(true, ec);
    if (ec) return fail(ec, "UDP socket");
    udp_.set_option(asio::socket_base::receive_buffer_size(receive_buffer), ec);  // best effort (capped)
    if (!worker_.watch(udp_.native_handle(), this)) return fail(std::error_code(errno, std::generic_category()), "epoll");
    udp_watched_ = true;
    for (auto& b : transaction_) b = static_cast<std::byte>(rng()());
    tie_breaker_ = rng()();
    send_binding(true);
}

void whep_player::send_binding(bool nominate) {
    // RFC 8445 7.2.2: USERNAME is "remote ufrag:local ufrag", MESSAGE-INTEGRITY keyed with the remote pwd;
    // the controlling agent nominates with USE-CANDIDATE (8.1.1, aggressive: on its first check).
    lal::stun::message_builder b(lal::stun::method::binding, lal::stun::message_class::request, transaction_);
    b.add_username(answer_.ufrag + ":" + local_.ufrag)
        .add_priority(host_priority)
        .add_tie_breaker(lal::stun::attr::ice_controlling, tie_breaker_);
    if (nominate) b.add_use_candidate();
    const auto m = b.finish(lal::as_byte_span(answer_.pwd), true);
    last_check_ = clock_type::now();
    send_datagram(m);
}

void whep_player::on_stun(lal::byte_span datagram) {
    auto m = lal::stun::parse(datagram);
    if (!m || m->method != lal::stun::method::binding || m->id != transaction_) return;  // not our transaction
    if (m->cls == lal::stun::message_class::error) {
        auto e = lal::stun::error_code(*m);
        return fail(errc::connect_failed, "ICE: binding error " + (e ? std::to_string(e->code) + " " + e->reason
                                                                      : std::string("without ERROR-CODE")));
    }
    if (m->cls != lal::stun::message_class::success) return;
    // RFC 8489 9.1.4: a response whose integrity fails is dropped (a forgery); retransmission goes on.
    if (lal::stun::check_integrity(*m, lal::as_byte_span(answer_.pwd))) return;
    for (auto& b : transaction_) b = static_cast<std::byte>(rng()());  // the next check is a new transaction
    if (nominated_) return;  // a consent check answered (RFC 7675 5.1)
    nominated_ = true;
    step_ = step::dtls;
    auto cert = shared_certificate();
    dtls_ = std::make_unique<wt::dtls_endpoint>(*cert, wt::dtls_role::client, answer_.fingerprint);
    dtls_->start();
    flush_dtls();
}

void whep_player::on_dtls(lal::byte_span datagram) {
    if (!dtls_) return;
    if (auto ec = dtls_->feed(datagram)) return fail(ec, "DTLS");
    flush_dtls();
    if (srtp_ || !dtls_->connected()) return;
    auto s = wt::srtp_session::make(*dtls_->keys(), wt::dtls_role::client);
    if (!s) return fail(s.error(), "SRTP");
    srtp_ = std::move(*s);
    if (answer_.video_pt) video_ = lal::rtp::make_depacketizer(lal::media::codec_id::h264, 90000);
    step_ = step::media;
    play_started();
}

void whep_player::on_rtp(const lal::payload& datagram) {
    auto p = lal::rtp::parse_packet(datagram);
    if (!p) return;
    const auto pt = p->header.payload_type;
    if (answer_.audio_pt && pt == *answer_.audio_pt) return on_audio();  // one Opus packet, one frame (RFC 7587 4.2)
    if (!video_ || !answer_.video_pt || pt != *answer_.video_pt) return;
    (void)video_->push(*p);  // a malformed packet drops its frame, counted as loss by the stamps
    while (auto f = video_->next()) {
        flv_video_prefix(f->data.bytes(), f->keyframe, prefix_);
        on_video(prefix_);
        if (closed()) return;
    }
}

void whep_player::flush_dtls() {
    if (!dtls_) return;
    for (const auto& d : dtls_->take_output()) send_datagram(d);
}

void whep_player::send_datagram(lal::byte_span bytes) {
    std::error_code ec;
    udp_.send(asio::buffer(bytes.data(), bytes.size()), 0, ec);
    // A full socket buffer drops the datagram, as the network would; retransmission covers it.
    if (ec && ec != asio::error::would_block && ec != asio::error::try_again) fail(ec, "UDP send");
}

void whep_player::check(clock_type::time_point now) {
    if (closed()) return;
    if (step_ != step::media && now - started_at() >= settings_.connect_timeout) {
        return fail(errc::connect_timeout, step_text());
    }
    if (udp_watched_) {
        if (!nominated_ && now - last_check_ >= check_retransmit) send_binding(true);
        else if (nominated_ && now - last_check_ >= consent_interval) send_binding(false);
        if (closed()) return;
        if (dtls_ && !dtls_->connected()) {
            if (auto t = dtls_->next_timeout(); t && t->count() <= 0) {
                dtls_->on_timeout();  // RFC 6347 4.2.4: the last flight again
                flush_dtls();
            }
        }
    }
    player::check(now);
}

const char* whep_player::step_text() const noexcept {
    switch (step_) {
    case step::http: return "no answer to the WHEP POST";
    case step::ice: return "ICE: binding requests unanswered";
    case step::dtls: return "DTLS handshake unfinished";
    case step::media: return "playing";
    }
    return "";
}

void whep_player::close_transport() {
    if (udp_watched_) worker_.unwatch(udp_.native_handle());
    udp_watched_ = false;
    std::error_code ignored;
    udp_.close(ignored);
    player::close_transport();
    if (location_.empty()) return;
    std::string request = "DELETE " + location_ + " HTTP/1.1\r\nHost: " + host_header(target_) +
                          "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    location_.clear();
    std::make_shared<session_delete>(worker_.io(), std::move(request))->start(settings_.endpoint);
}

}  // namespace lalbench
