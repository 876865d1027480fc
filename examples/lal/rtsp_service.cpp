// SPDX-License-Identifier: MIT
#include "rtsp_service.hpp"

#include <chrono>
#include <optional>
#include <random>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <lal/media/frame_input.hpp>
#include <lal/net/socket_io.hpp>
#include <lal/net/tls_error.hpp>
#include <lal/rtp/error.hpp>
#include <lal/rtp/packet.hpp>
#include <lal/rtp/rtcp.hpp>
#include <lal/rtp/receiver_reporter.hpp>
#include <lal/rtsp/server_session.hpp>

#include "codec_refusal.hpp"
#include "log.hpp"
#include "media_summary.hpp"
#include "player_record.hpp"
#include "rtp_form.hpp"
#include "rtsp_sdp.hpp"
#include "rtsp_url.hpp"

namespace lal::server {

namespace media = lal::media;

namespace {
std::int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

media::micros steady_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// RTP header faults (RFC 3550 5.1: lengths, padding, extension, version) as
// opposed to payload-format faults a camera may produce now and then.
bool impossible_packet(std::error_code ec) {
    if (ec.category() != rtp::category()) return false;
    switch (static_cast<rtp::errc>(ec.value())) {
        case rtp::errc::truncated:
        case rtp::errc::bad_version:
        case rtp::errc::bad_padding:
        case rtp::errc::bad_extension: return true;
        default: return false;
    }
}

std::string random_hex(std::mt19937& rng, int digits) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (int i = 0; i < digits; ++i) out += hex[rng() & 15];
    return out;
}

// Sender reports at most this often per track (RFC 3550 6.2: 5 s minimum interval).
constexpr std::int64_t sender_report_interval_ms = 5000;
// Receiver reports to a UDP publisher as often (the first after half, RFC 3550 6.2).
constexpr std::int64_t receiver_report_interval_ms = 5000;
// How long after the publisher left a UDP player gets its BYE.
constexpr auto udp_goodbye_delay = std::chrono::milliseconds(300);
// How often a DESCRIBE looks again for the stream's configurations.
constexpr auto describe_poll = std::chrono::milliseconds(50);
// A stream with one configuration so far may still announce the other this
// soon after the first came (an RTSP publisher's tracks start apart).
constexpr std::int64_t second_track_wait_ms = 1000;
// Responses a peer does not read are bounded: past this reading pauses.
constexpr std::size_t max_unread_responses = 256 * 1024;
}  // namespace

/// One RTSP connection on the hub: a publisher (ANNOUNCE/RECORD) or a player
/// (DESCRIBE/PLAY), with its lal::rtsp::server_session, its socket and, for
/// RTP over UDP, one udp_track_link per track.
class rtsp_peer final : public net::socket_owner,
                        public subscriber_sink,
                        public publisher_sink,
                        public flush_target,
                        public lal::hub::described_session,
                        public std::enable_shared_from_this<rtsp_peer> {
public:
    rtsp_peer(rtsp_service& service, asio::ip::tcp::socket socket, std::size_t worker, std::uint32_t seed)
        : service_(service),
          worker_(worker),
          rng_(seed),
          io_(*this, std::move(socket), socket_settings_of(service)),
          timer_(service.ctx_.loops.context(worker)),
          admission_timer_(service.ctx_.loops.context(worker)),
          session_(session_options()),
          start_unix_ms_(unix_ms()),
          last_activity_(std::chrono::steady_clock::now()) {}

    void begin() { io_.start(); }
    void shutdown(bool abort) { abort ? io_.abort({}) : io_.close({}); }

    // ---- socket_owner ----
    std::shared_ptr<void> keep_alive() override { return shared_from_this(); }

    void on_input(std::span<const std::byte> bytes) override {
        last_activity_ = std::chrono::steady_clock::now();
        const auto bad_before = session_.bad_packets();
        auto ec = session_.feed(bytes, steady_ms());
        handle_events();
        if (!ec && session_.bad_packets() != bad_before && impossible_packet(session_.last_bad_packet())) {
            // Over TCP every packet arrives as sent: an RTP header whose lengths
            // cannot be (RFC 3550 5.1) is a broken or hostile publisher.
            ec = session_.last_bad_packet();
        }
        if (ec) {
            LAL_LOG_WARN("[{}] closing {}: {} ({})", tag(), remote(), ec.message(), role_text());
            close_after_output();
            return;
        }
        after_events();
    }
    bool input_paused() const override { return !playing_ && io_.bytes_queued() > max_unread_responses; }
    void collect_output(net::send_queue& queue) override {
        for (auto& p : session_.take_output()) queue.push(std::move(p));
    }
    std::chrono::steady_clock::time_point deadline() const override {
        return last_activity_ + std::chrono::seconds(service_.ctx_.cfg.rtsp.session_timeout_s);
    }
    void on_deadline() override {
        LAL_LOG_INFO("[{}] session timeout: remote={} nothing for {} s ({})", tag(), remote(),
                     service_.ctx_.cfg.rtsp.session_timeout_s, role_text());
        io_.close({});
    }
    void on_drained() override { io_.resume_reading(); }
    void on_closed(std::error_code reason) override { closed(reason); }

    // ---- subscriber_sink: the hub, on this worker ----
    void start() override {
        LAL_LOG_INFO("[{}] play stream live: remote={} stream={}", tag(), remote(), key_.str());
    }
    void stop() override {
        // The publisher left: unlike RTMP and HTTP-FLV players, an RTSP player
        // cannot follow a new publisher whose tracks differ from its SDP, so it
        // ends, with a BYE on every track first (RFC 3550 6.6; ffmpeg ends its
        // input once every stream said BYE).
        if (!io_.is_open() || io_.closing()) return;
        LAL_LOG_INFO("[{}] publisher of {} left: BYE and close for player {}", tag(), key_.str(), remote());
        if (udp_.empty()) return say_goodbye();
        // Over UDP the BYE (on the RTCP ports) could be read before the last RTP
        // datagrams still waiting on the client's RTP ports: it follows a little later.
        timer_.expires_after(udp_goodbye_delay);
        timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
            auto self = weak.lock();
            if (!ec && self && self->io_.is_open() && !self->io_.closing()) self->say_goodbye();
        });
    }

    /// A sender report and a BYE on every track, then close.
    void say_goodbye() {
        for (std::size_t i = 0; i < session_.tracks().size(); ++i) {
            auto& t = session_.tracks()[i];
            if (!t.sender) continue;
            std::vector<std::byte> compound;
            if (rtp::append_rtcp(t.sender->report(ntp_now(), last_rtp_time(i)), compound) ||
                rtp::append_rtcp(rtp::goodbye{{t.sender->ssrc()}, "end of stream"}, compound)) {
                continue;
            }
            send_rtcp(i, compound);
        }
        close_after_output();
    }
    void send(const frame& f) override {
        if (!session_.playing() || f.what() != frame::type::frame) return;
        const auto track = track_of(f.kind(), f.codec());
        if (!track) return;  // a track the SDP does not have (or another codec since)
        auto& t = session_.tracks()[*track];
        if (!t.sender) return;
        const auto packets = rtp_packets(f.encoded(service_.ctx_.forms.rtp));
        if (packets.packets.empty()) return;
        if (last_rtp_.size() <= *track) last_rtp_.resize(*track + 1, 0);
        last_rtp_[*track] = packets.packets.front().timestamp;
        maybe_send_report(*track);  // before the frame: the first one reaches the player ahead of media
        if (*track < udp_.size() && udp_[*track]) {
            for (const auto& plan : packets.packets) {
                const auto header = t.sender->header(plan);
                udp_bytes_ += udp_[*track]->send_rtp(header, plan.pieces);
            }
        } else {
            session_.send(*track, packets);
            for (auto& p : session_.take_output()) io_.queue().push(std::move(p));
            service_.ctx_.writes.on(worker_).request(shared_from_this(), f.kind() == media_kind::video);
        }
    }
    std::size_t queued_bytes() const override { return io_.bytes_queued(); }
    std::uint64_t written_bytes() const override { return io_.bytes_written() + udp_bytes_; }
    void close(std::string_view reason) override {
        player_.slow_closed = true;
        LAL_LOG_WARN("[{}] closing player {} of {}: {}", tag(), remote(), key_.str(), reason);
        asio::post(timer_.get_executor(), [self = shared_from_this()] { self->io_.close({}); });
    }

    // ---- flush_target ----
    void flush_now() override { io_.flush(); }

    // ---- publisher_sink ----
    void kicked(std::string_view reason) override {
        LAL_LOG_WARN("[{}] publisher {} of {} replaced: {}", tag(), remote(), key_.str(), reason);
        asio::post(timer_.get_executor(), [self = shared_from_this()] {
            self->publication_.reset();
            self->io_.close({});
        });
    }

    // ---- described_session ----
    lal::hub::session_info describe() const override {
        lal::hub::session_info i;
        i.id = id_;
        i.protocol = "RTSP";
        i.base_type = publishing_ ? "PUB" : "SUB";
        i.remote_addr = remote();
        i.key = key_;
        i.url_param = query_;
        i.url = url_;
        i.start_unix_ms = start_unix_ms_;
        auto st = io_.stats();
        st.bytes_read += udp_read_;
        st.bytes_written += udp_bytes_;
        describe_connection(i, st);
        if (!publishing_) player_.describe_into(i, subscription_.get());
        media_.describe_into(i);
        return i;
    }
    void kick(std::string_view reason) override {
        LAL_LOG_INFO("[{}] kicking {} ({}): {}", tag(), remote(), id_, reason);
        io_.close({});
    }

private:
    const config& cfg() const { return service_.ctx_.cfg; }
    /// RTSPS: TLS first, its handshake bounded by timeouts.handshake_ms.
    static net::socket_settings socket_settings_of(const rtsp_service& service) {
        net::socket_settings s;
        s.tls = service.tls_.context;
        s.tls_handshake_timeout = std::chrono::milliseconds(service.ctx_.cfg.timeouts.handshake_ms);
        return s;
    }
    std::string remote() const { return endpoint_text(io_.remote_endpoint()); }
    /// The log tag: the service's name ("rtsp", "rtsps").
    std::string_view tag() const { return service_.name(); }
    const char* role_text() const { return publishing_ ? "publisher" : subscription_ ? "player" : "no stream yet"; }

    rtsp::server_options session_options() {
        rtsp::server_options o;
        o.session_id = random_hex(rng_, 16);
        o.timeout_s = cfg().rtsp.session_timeout_s;
        o.random = static_cast<std::uint32_t>(rng_());
        if (cfg().rtsp.auth_enable) {
            o.user = rtsp::credentials{cfg().rtsp.username, cfg().rtsp.password};
            o.auth.scheme = cfg().rtsp.auth_method == 1 ? rtsp::auth_scheme::digest : rtsp::auth_scheme::basic;
            o.auth.realm = "lal";
            if (o.auth.scheme == rtsp::auth_scheme::digest) o.auth.nonce = random_hex(rng_, 32);
        }
        return o;
    }

    /// Writes what the session queued, then closes (after TEARDOWN or a fatal error).
    void close_after_output() {
        for (auto& p : session_.take_output()) io_.queue().push(std::move(p));
        io_.close({});
    }

    /// After a batch of events: the publisher's items go to the players, answers out.
    void after_events() {
        if (publication_) publication_->flush();
        if (session_.wants_close()) return close_after_output();
        io_.schedule_flush();
    }

    void handle_events() {
        while (auto e = session_.next_event()) std::visit([this](auto& x) { handle(x); }, *e);
    }

    bool parse_stream(const rtsp::message& req) {
        auto u = parse_rtsp_stream_url(req.uri);
        if (!u) {
            LAL_LOG_WARN("[{}] {} {}: no rtsp://host/<app>/<stream> in the URL: 404", tag(), remote(), req.method);
            session_.reject(req, 404);
            return false;
        }
        key_ = u->key;
        query_ = u->query;
        url_ = req.uri;
        return true;
    }

    // ---- playing ----
    void handle(rtsp::describe_request& d) {
        if (publishing_ || subscription_ || describing_) return session_.reject(d.request, 455);  // RFC 2326 11.3.6
        if (!parse_stream(d.request)) return;
        describing_ = true;
        admit(admission_action::play, [this, d](const admission_result& r) {
            if (!r.admitted) {
                describing_ = false;
                LAL_LOG_WARN("[{}] play refused: remote={} stream={}: {}", tag(), remote(), key_.str(), r.reason);
                session_.reject(d.request, 403);
                return;
            }
            describe_started_ms_ = steady_ms();
            try_describe(d);
        });
    }

    /// Answers the DESCRIBE once the stream is live with its configurations,
    /// or 404 after stream.wait_publisher_ms.
    void try_describe(const rtsp::describe_request& d) {
        const auto waited = steady_ms() - describe_started_ms_;
        if (auto why = codec_refusal(service_.ctx_, key_, fixed_form::rtsp); !why.empty()) {
            // RFC 2326 7.1.1 lists 415 Unsupported Media Type: the stream's
            // video has no RTP payload format here.
            describing_ = false;
            LAL_LOG_WARN("[{}] play refused: remote={} stream={}: {}", tag(), remote(), key_.str(), why);
            session_.reject(d.request, 415, why);
            io_.schedule_flush();
            return;
        }
        if (auto s = service_.ctx_.streams.find(key_); s && s->live()) {
            auto video = s->config(media_kind::video);
            auto audio = s->config(media_kind::audio);
            if ((video || audio) && live_seen_ms_ == 0) live_seen_ms_ = steady_ms();
            if ((video && audio) || ((video || audio) && steady_ms() - live_seen_ms_ >= second_track_wait_ms)) {
                auto described = describe_stream(video, audio, key_.name);
                if (described) {
                    describing_ = false;
                    play_tracks_ = std::move(described->tracks);
                    session_.accept(d, described->sdp);
                    LAL_LOG_INFO("[{}] describe: remote={} stream={} tracks={}", tag(), remote(), key_.str(),
                                 play_tracks_.size());
                    return;
                }
            }
        }
        if (waited >= static_cast<std::int64_t>(cfg().stream.wait_publisher_ms)) {
            describing_ = false;
            LAL_LOG_INFO("[{}] no stream {} to describe within {} ms: 404", tag(), key_.str(), cfg().stream.wait_publisher_ms);
            session_.reject(d.request, 404);
            io_.schedule_flush();
            return;
        }
        if (!describe_waits_) {
            describe_waits_ = true;
            LAL_LOG_INFO("[{}] describe waits for the stream: remote={} stream={}", tag(), remote(), key_.str());
        }
        timer_.expires_after(describe_poll);
        timer_.async_wait([weak = weak_from_this(), d](std::error_code ec) {
            auto self = weak.lock();
            if (ec || !self || !self->io_.is_open()) return;
            self->try_describe(d);
            self->io_.schedule_flush();
        });
    }

    void handle(rtsp::play_request& p) {
        if (play_tracks_.empty() || subscription_) return session_.reject(p.request, 455);
        session_.accept(p);
        enter_directory("RTSPSUB");
        const auto gop_num = cfg().rtsp.out_wait_key_frame_flag ? 1u : 0u;
        LAL_LOG_INFO("[{}] play start: remote={} stream={}{}{} transport={}", tag(), remote(), key_.str(),
                     query_.empty() ? "" : "?", query_, udp_.empty() ? "tcp" : "udp");
        playing_ = true;
        // The PLAY answer leaves before the first packets: a UDP client that
        // read datagrams before it knew the session had started would drop them.
        for (auto& out : session_.take_output()) io_.queue().push(std::move(out));
        io_.flush();
        subscription_ = service_.ctx_.streams.subscribe(key_, *this, service_.ctx_.forms.rtp, gop_num, worker_);
    }

    /// The track the SDP gave `kind`, when its codec is still `codec`.
    std::optional<std::size_t> track_of(media_kind kind, media::codec_id codec) {
        for (std::size_t i = 0; i < play_tracks_.size() && i < session_.tracks().size(); ++i)
            if (play_tracks_[i].kind == kind && play_tracks_[i].codec == codec) return i;
        return std::nullopt;
    }

    std::uint32_t last_rtp_time(std::size_t track) const { return track < last_rtp_.size() ? last_rtp_[track] : 0; }

    /// A sender report (RFC 3550 6.4.1) every sender_report_interval_ms per
    /// track: the last packet's media time tied to the wall clock now.
    void maybe_send_report(std::size_t track) {
        const auto now = steady_ms();
        if (reports_.size() <= track) reports_.resize(track + 1, 0);
        if (reports_[track] != 0 && now - reports_[track] < sender_report_interval_ms) return;
        reports_[track] = now;
        auto& t = session_.tracks()[track];
        std::vector<std::byte> compound;
        if (rtp::append_rtcp(t.sender->report(ntp_now(), last_rtp_time(track)), compound)) return;
        send_rtcp(track, compound);
    }

    void send_rtcp(std::size_t track, std::span<const std::byte> compound) {
        if (track < udp_.size() && udp_[track]) {
            udp_bytes_ += udp_[track]->send_rtcp(compound);
        } else {
            session_.send_rtcp(track, compound);
            for (auto& p : session_.take_output()) io_.queue().push(std::move(p));
        }
    }

    // ---- publishing ----
    void handle(rtsp::announce_request& a) {
        if (publishing_ || subscription_ || describing_) return session_.reject(a.request, 455);
        if (!parse_stream(a.request)) return;
        describing_ = true;
        admit(admission_action::publish, [this, a](const admission_result& r) {
            describing_ = false;
            if (!r.admitted) {
                LAL_LOG_WARN("[{}] publish refused: remote={} stream={}: {}", tag(), remote(), key_.str(), r.reason);
                session_.reject(a.request, 403);
                return;
            }
            auto pub = service_.ctx_.streams.publish(key_, *this, query_);
            if (!pub) {
                LAL_LOG_WARN("[{}] publish refused: remote={} stream={}: already publishing", tag(), remote(), key_.str());
                session_.reject(a.request, 403);
                return;
            }
            publication_ = std::move(*pub);
            publishing_ = true;
            input_.reset();
            session_.accept(a);
            enter_directory("RTSPPUB");
        });
    }

    void handle(rtsp::record_request& r) {
        if (!publication_) return session_.reject(r.request, 455);
        session_.accept(r);
        LAL_LOG_INFO("[{}] publish start: remote={} stream={}{}{} tracks={} transport={}", tag(), remote(), key_.str(),
                     query_.empty() ? "" : "?", query_, session_.tracks().size(), udp_.empty() ? "tcp" : "udp");
    }

    void handle(rtsp::media_received& m) {
        if (!publication_) return;
        auto& f = m.frame;
        if (!f.config) f.config = g711_config(f.codec);  // G.711: a config naming the codec
        for (auto& item : input_.convert(f)) {
            media_.note(item);
            publication_->push(std::move(item));
        }
    }

    // ---- both ----
    void handle(rtsp::setup_request& s) {
        if (s.transport.multicast) return session_.reject(s.request, 461);  // unicast only
        if (s.transport.tcp) {
            if (s.track < udp_.size() && udp_[s.track]) return session_.reject(s.request, 461);
            return session_.accept(s);
        }
        if (!s.transport.client_port) return session_.reject(s.request, 461);  // RFC 2326 12.39: UDP needs client_port
        // RTSPS: media in the clear beside the TLS connection would defeat it (RFC 7826 19.2 "rtsps").
        if (service_.secure_) return session_.reject(s.request, 461);
        std::error_code ec;
        const auto local = io_.socket().local_endpoint(ec).address();
        auto pair = service_.ports_.bind(service_.ctx_.loops.context(worker_), local);
        if (!pair) {
            LAL_LOG_WARN("[{}] no free UDP port pair in {}-{} for {}: 453", tag(), cfg().rtsp.udp_port_min,
                         cfg().rtsp.udp_port_max, remote());
            return session_.reject(s.request, 453);  // RFC 2326 11.3.7 Not Enough Bandwidth
        }
        if (udp_.size() <= s.track) udp_.resize(s.track + 1);
        if (udp_[s.track]) udp_[s.track]->close();
        const auto ports = *s.transport.client_port;
        auto link = std::make_unique<udp_track_link>(std::move(*pair), io_.remote_endpoint().address(), ports.first,
                                                     ports.second);
        const auto track = s.track;
        link->start(shared_from_this(), [this, track](bool rtcp, std::span<const std::byte> bytes) {
            on_datagram(track, rtcp, bytes);
        });
        const auto port = link->port();
        udp_[s.track] = std::move(link);
        session_.accept(s, rtsp::number_pair<std::uint16_t>{port, static_cast<std::uint16_t>(port + 1)});
    }

    void on_datagram(std::size_t track, bool rtcp, std::span<const std::byte> bytes) {
        if (!io_.is_open()) return;
        last_activity_ = std::chrono::steady_clock::now();
        udp_read_ += bytes.size();
        if (!session_.recording()) return;  // a player's receiver reports: alive, nothing else
        auto datagram = lal::payload::copy_from(bytes);
        (void)session_.feed_udp(track, rtcp, datagram, steady_ms());  // bad packets are dropped
        report_reception(track, rtcp, datagram);
        handle_events();
        if (publication_) publication_->flush();
    }

    /// A UDP publisher hears from the server as from any RTP receiver:
    /// receiver reports (RFC 3550 6.4.2, RR then SDES CNAME) on each track's
    /// RTCP port, while its media comes (a silent publisher times out anyway).
    void report_reception(std::size_t track, bool rtcp, const lal::payload& datagram) {
        const auto& tracks = session_.tracks();
        if (track >= tracks.size() || track >= udp_.size() || !udp_[track]) return;
        if (receivers_.size() <= track) receivers_.resize(track + 1);
        auto& r = receivers_[track];
        if (!r) {
            std::error_code ec;
            const auto host = io_.socket().local_endpoint(ec).address().to_string();
            r.emplace(tracks[track].info.clock_rate, static_cast<std::uint32_t>(rng_()), "lal@" + host);
        }
        const auto now_us = steady_us();
        if (rtcp) {
            (void)r->on_rtcp(datagram.bytes(), now_us);  // its sender reports give LSR/DLSR
        } else if (auto p = rtp::parse_packet(datagram)) {
            r->on_rtp(p->header, now_us);
        }
        const auto now = steady_ms();
        if (next_receiver_report_ms_ == 0) next_receiver_report_ms_ = now + receiver_report_interval_ms / 2;
        if (now < next_receiver_report_ms_) return;
        next_receiver_report_ms_ = now + receiver_report_interval_ms;
        for (std::size_t i = 0; i < receivers_.size() && i < udp_.size(); ++i) {
            if (receivers_[i] && udp_[i]) udp_bytes_ += udp_[i]->send_rtcp(receivers_[i]->report(now_us));
        }
    }

    void handle(rtsp::paused&) { LAL_LOG_INFO("[{}] pause: remote={} stream={}", tag(), remote(), key_.str()); }
    void handle(rtsp::torn_down&) {
        LAL_LOG_INFO("[{}] teardown: remote={} stream={} ({})", tag(), remote(), key_.app.empty() ? "-" : key_.str(),
                     role_text());
    }

    /// Asks the hub's admission checks; a later answer is bounded by timeouts.handshake_ms.
    template <class Decided>
    void admit(admission_action action, Decided decided) {
        admission_request req{action, key_, query_, "rtsp", remote()};
        auto ticket = service_.ctx_.streams.admit(
            std::move(req), worker_, [weak = weak_from_this(), decided = std::move(decided)](admission_result r) {
                auto self = weak.lock();
                if (!self || !self->io_.is_open()) return;
                self->admission_timer_.cancel();
                self->ticket_.reset();
                decided(r);
                for (auto& p : self->session_.take_output()) self->io_.queue().push(std::move(p));
                self->io_.schedule_flush();
            });
        if (!ticket) return;
        ticket_ = std::move(ticket);
        admission_timer_.expires_after(std::chrono::milliseconds(cfg().timeouts.handshake_ms));
        admission_timer_.async_wait([t = std::weak_ptr<admission_ticket>(ticket_)](std::error_code ec) {
            auto pending = t.lock();
            if (!ec && pending) pending->expire("no admission decision in time (timeouts.handshake_ms)");
        });
    }

    void enter_directory(std::string_view prefix) {
        if (in_directory_) return;
        id_ = service_.ctx_.sessions.next_id(prefix);
        in_directory_ = true;
        service_.ctx_.sessions.add(worker_, *this);
    }
    void leave_directory() {
        if (!in_directory_) return;
        in_directory_ = false;
        service_.ctx_.sessions.remove(worker_, describe());
    }

    void closed(std::error_code reason) {
        if (net::is_tls_handshake_failure(reason)) {
            // Garbage, a plain RTSP client or a stalled handshake on the RTSPS port.
            LAL_LOG_WARN("[rtsps] closing {}: {}", remote(), reason.message());
        }
        timer_.cancel();
        admission_timer_.cancel();
        if (ticket_) ticket_->cancel();
        for (auto& l : udp_)
            if (l) l->close();
        if (publication_) publication_->flush();
        leave_directory();  // first: its final counters still read the subscription
        publication_.reset();
        subscription_.reset();
        const auto s = io_.stats();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(s.duration).count();
        LAL_LOG_INFO("[{}] session end: remote={} role={} stream={} read={} written={} duration={}ms reason={}", tag(),
                     remote(), publishing_ ? "publish" : playing_ ? "play" : "-", key_.app.empty() ? "-" : key_.str(),
                     s.bytes_read + udp_read_, s.bytes_written + udp_bytes_, ms, reason ? reason.message() : "closed");
        service_.release_connection(service_.ctx_);
        service_.peers_[worker_].erase(shared_from_this());
    }

    rtsp_service& service_;
    std::size_t worker_;
    std::mt19937 rng_;
    net::socket_io io_;
    asio::steady_timer timer_;            // DESCRIBE polling, waiting for a returning publisher
    asio::steady_timer admission_timer_;
    std::shared_ptr<admission_ticket> ticket_;
    rtsp::server_session session_;
    std::string id_;
    std::int64_t start_unix_ms_;
    std::chrono::steady_clock::time_point last_activity_;
    bool in_directory_ = false;
    stream_key key_;
    std::string query_;
    std::string url_;
    bool describing_ = false;  // a DESCRIBE or ANNOUNCE waits for admission or the stream
    std::vector<std::unique_ptr<udp_track_link>> udp_;  // by track; null: TCP or not set up
    std::uint64_t udp_bytes_ = 0;
    std::uint64_t udp_read_ = 0;
    media_summary media_;
    // Playing
    std::vector<rtsp_play_track> play_tracks_;
    std::int64_t describe_started_ms_ = 0;
    bool describe_waits_ = false;
    std::int64_t live_seen_ms_ = 0;  // when the stream was first seen with a configuration
    std::unique_ptr<subscription> subscription_;
    mutable player_record player_;
    std::vector<std::int64_t> reports_;   // last sender report per track (steady ms)
    std::vector<std::uint32_t> last_rtp_; // media RTP time of the last packet per track
    bool playing_ = false;
    // Publishing
    std::shared_ptr<publication> publication_;
    media::frame_input input_;
    std::vector<std::optional<rtp::receiver_reporter>> receivers_;  // UDP tracks: reports back (RFC 3550 6.4.2)
    std::int64_t next_receiver_report_ms_ = 0;
    bool publishing_ = false;
};

namespace {
// RTSPS' pair; left empty it is default_http's, as the HTTPS listener's.
server_tls load_rtsps_tls(const config& c) {
    const auto& r = c.rtsp;
    const bool own_cert = !r.rtsps_cert_file.empty();
    const bool own_key = !r.rtsps_key_file.empty();
    return load_server_tls("RTSPS", own_cert ? "rtsp.rtsps_cert_file" : "default_http.https_cert_file",
                           own_cert ? r.rtsps_cert_file : c.default_http.https_cert_file,
                           own_key ? "rtsp.rtsps_key_file" : "default_http.https_key_file",
                           own_key ? r.rtsps_key_file : c.default_http.https_key_file);
}
}  // namespace

rtsp_service::rtsp_service(server_context& ctx, bool secure)
    : ctx_(ctx),
      secure_(secure),
      tls_(secure ? load_rtsps_tls(ctx.cfg) : server_tls{}),
      acceptor_(ctx.loops.context(0), ctx.loops.contexts(),
                {.on_accept_error = [](std::error_code ec) { LAL_LOG_WARN("[rtsp] accept failed: {}", ec.message()); }}),
      ports_(static_cast<std::uint16_t>(ctx.cfg.rtsp.udp_port_min), static_cast<std::uint16_t>(ctx.cfg.rtsp.udp_port_max)),
      peers_(ctx.loops.size()) {}

rtsp_service::~rtsp_service() = default;

std::string rtsp_service::listen() {
    if (!secure_) return listen_and_log(acceptor_, "RTSP", ctx_.cfg.rtsp.addr);
    if (!tls_.error.empty()) return tls_.error;
    return listen_and_log(acceptor_, "RTSPS", ctx_.cfg.rtsp.rtsps_addr);
}

void rtsp_service::start() {
    acceptor_.start([this](asio::ip::tcp::socket s, std::size_t worker) { on_connection(std::move(s), worker); });
}

void rtsp_service::on_connection(asio::ip::tcp::socket socket, std::size_t worker) {
    // On worker `worker`'s thread, where the acceptor put the socket.
    if (!admit_connection(ctx_)) {
        std::error_code ec;
        LAL_LOG_WARN("[rtsp] refusing {}: {} connections open (limits.max_connections)",
                     endpoint_text(socket.remote_endpoint(ec)), ctx_.cfg.limits.max_connections);
        socket.close(ec);
        return;
    }
    thread_local std::random_device entropy;
    auto peer = std::make_shared<rtsp_peer>(*this, std::move(socket), worker, entropy());
    peers_[worker].insert(peer);
    peer->begin();
}

void rtsp_service::stop(bool abort) {
    acceptor_.close();
    shutdown_on_workers(ctx_, peers_, abort);
}

}  // namespace lal::server
