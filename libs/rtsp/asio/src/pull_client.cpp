// SPDX-License-Identifier: MIT
#include <lal/rtsp_asio/pull_client.hpp>

#include <algorithm>
#include <cstdio>

#include <asio/post.hpp>

#include <lal/http_asio/connector.hpp>
#include <lal/net/read_buffer.hpp>
#include <lal/rtp/receiver_reporter.hpp>
#include <lal/rtsp_asio/error.hpp>
#include <lal/rtsp_asio/udp_pair.hpp>

namespace lal::rtsp_asio {

using clock = std::chrono::steady_clock;

namespace {
// GET_PARAMETER is due at half the session timeout (RFC 2326 12.37); a check
// each second is plenty for timeouts of tens of seconds.
constexpr auto tick_interval = std::chrono::seconds(1);
// Largest RTP or RTCP datagram (a UDP payload).
constexpr std::size_t max_datagram = 65536;
}  // namespace

/// The RTP/RTCP sockets of one track in UDP mode, and the buffer that puts
/// its RTP packets back in sequence order before the depacketizer.
struct pull_client::udp_track {
    udp_track(asio::any_io_executor ex, const rtp::reorder_options& o)
        : pair{asio::ip::udp::socket(ex), asio::ip::udp::socket(ex)}, order(o) {}
    udp_pair pair;
    rtp::reorder_buffer order;
    std::optional<rtp::receiver_reporter> reports;  // once PLAY was answered
};

pull_client::pull_client(asio::any_io_executor executor, pull_options options)
    : executor_(executor),
      options_(std::move(options)),
      io_(*this, asio::ip::tcp::socket(executor), net::socket_settings{options_.close_timeout, options_.read_buffer_size, 0}) {}

pull_client::~pull_client() = default;

std::int64_t pull_client::now_ms() const {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - epoch_).count();
}

media::micros pull_client::now_us() const {
    return std::chrono::duration_cast<std::chrono::microseconds>(clock::now() - epoch_).count();
}

void pull_client::start(std::string url, pull_handlers handlers) {
    if (started_) return;
    started_ = true;
    handlers_ = std::move(handlers);
    epoch_ = clock::now();
    auto parsed = parse_url(url);
    if (!parsed) {
        fail(parsed.error());  // reported from on_closed, posted: never inside start()
        return;
    }
    url_ = std::move(*parsed);
    tcp_ = url_.tls || options_.mode == transport_mode::tcp;
    connect_deadline_ = clock::now() + options_.connect_timeout;
    connector_ = http_asio::connector::start(
        io_.socket(), url_.host, url_.port, connect_deadline_,
        [self = shared_from_this()](std::error_code ec, const asio::ip::tcp::endpoint& ep) { self->on_connected(ec, ep); });
}

void pull_client::on_connected(std::error_code ec, const asio::ip::tcp::endpoint& endpoint) {
    connector_.reset();
    if (decided_) return;
    if (ec) {
        // The connector's own timeout is lal::http's; say it in this library's words.
        fail(clock::now() >= connect_deadline_ ? std::error_code(errc::connect_timeout) : ec);
        return;
    }
    io_.set_remote_endpoint(endpoint);
    rtsp::client_options o;
    o.url = url_.request_url;
    o.user = url_.user ? url_.user : options_.user;
    o.tcp = tcp_;
    o.limits = options_.limits;
    o.user_agent = options_.user_agent;
    o.random = options_.random;
    char cnonce[9];
    std::snprintf(cnonce, sizeof cnonce, "%08x", static_cast<unsigned>(options_.random ^ 0x5bd1e995u));
    o.cnonce = cnonce;
    if (!o.tcp) {
        if (auto e = open_udp()) {
            fail(e);
            return;
        }
        for (const auto& t : udp_) {
            const auto p = t->pair.port();
            o.udp_ports.emplace_back(p, static_cast<std::uint16_t>(p + 1));
        }
    }
    session_.emplace(std::move(o));
    next_tick_ = clock::now() + tick_interval;
    // The handshake counts against connect_timeout with the requests (deadline()).
    if (url_.tls) io_.use_tls(options_.tls ? options_.tls : net::tls_context::default_client(), url_.host);
    io_.start();
    session_->pull(now_ms());
    io_.flush();
    for (std::size_t i = 0; i < udp_.size(); ++i) {
        receive_udp(i, false);
        receive_udp(i, true);
    }
}

std::error_code pull_client::open_udp() {
    std::error_code ec;
    // The address the RTSP connection left from: the server sends RTP back to it.
    const auto local = io_.socket().local_endpoint(ec).address();
    if (ec) return ec;
    for (std::size_t i = 0; i < options_.udp_tracks; ++i) {
        auto t = std::make_unique<udp_track>(executor_, options_.reorder);
        if (auto e = bind_udp_pair(t->pair, local)) return e;
        udp_.push_back(std::move(t));
    }
    return {};
}

void pull_client::receive_udp(std::size_t index, bool rtcp) {
    auto& socket = rtcp ? udp_[index]->pair.rtcp : udp_[index]->pair.rtp;
    // Wait for a datagram, then read it into the thread's buffer: no buffer per socket while idle.
    socket.async_wait(asio::ip::udp::socket::wait_read, [self = shared_from_this(), index, rtcp](std::error_code ec) {
        if (ec || self->decided_ || index >= self->udp_.size()) return;
        auto& s = rtcp ? self->udp_[index]->pair.rtcp : self->udp_[index]->pair.rtp;
        auto buffer = net::thread_read_buffer(max_datagram);
        for (;;) {
            std::error_code rec;
            asio::ip::udp::endpoint from;
            s.non_blocking(true, rec);
            const auto n = s.receive_from(asio::buffer(buffer.data(), buffer.size()), from, 0, rec);
            if (rec == asio::error::would_block || rec == asio::error::try_again) break;
            if (rec) break;  // e.g. ICMP port unreachable reported on the socket: keep listening
            // Only the server's datagrams count (RFC 2326 12.39 "source" defaults to the RTSP peer).
            if (from.address() != self->io_.remote_endpoint().address()) continue;
            self->udp_bytes_ += n;
            if (!self->session_) break;
            auto datagram = lal::payload::copy_from(std::span<const std::byte>(buffer.data(), n));
            if (rtcp) {
                (void)self->session_->feed_udp(index, true, datagram);  // sender reports feed the track clock
                if (auto& r = self->udp_[index]->reports) (void)r->on_rtcp(datagram.bytes(), self->now_us());  // LSR/DLSR
            } else {
                self->last_media_ = clock::now();
                self->on_rtp_datagram(index, datagram);
            }
            if (self->decided_) return;
        }
        self->receive_udp(index, rtcp);
    });
}

void pull_client::on_rtp_datagram(std::size_t index, const lal::payload& datagram) {
    auto p = rtp::parse_packet(datagram);
    if (!p) return;  // not RTP: nothing to order
    // Reception statistics count packets as they arrive (RFC 3550 A.8 jitter), before reordering.
    if (auto& r = udp_[index]->reports) r->on_rtp(p->header, now_us());
    udp_[index]->order.push(std::move(*p), now_us());
    release_ordered(index, false);
    io_.update_deadline();  // a gap now waiting has a deadline
}

void pull_client::release_ordered(std::size_t index, bool all) {
    auto& order = udp_[index]->order;
    const auto now = now_us();
    while (auto o = all ? order.drain() : order.next(now)) {
        auto& tracks = session_->tracks();
        // Before PLAY's answer the track has no depacketizer yet: such a packet is dropped.
        if (index >= tracks.size() || !tracks[index].depacketizer) continue;
        auto& d = *tracks[index].depacketizer;
        (void)d.push(o->packet);  // a malformed payload drops its frame (counted)
        while (auto f = d.next()) {
            deliver(index, *f);
            if (decided_) return;
        }
    }
}

void pull_client::deliver(std::size_t track, media::media_frame& frame) {
    ++frames_;
    if (handlers_.on_frame) handlers_.on_frame(track, frame);
    if (!handlers_.on_item) return;
    for (auto& item : input_.convert(frame)) {
        if (decided_) return;
        handlers_.on_item(std::move(item));
    }
}

void pull_client::on_input(std::span<const std::byte> bytes) {
    if (decided_ || !session_) return;
    if (auto ec = session_->feed(bytes, now_ms())) {
        drain();  // frames complete before the bad bytes still count
        fail(ec);
        return;
    }
    drain();
    io_.schedule_flush();  // answers to the server's probes
}

void pull_client::drain() {
    while (auto ev = session_->next_event()) {
        if (decided_) return;
        if (std::holds_alternative<rtsp::client_started>(*ev)) {
            playing_ = true;
            last_media_ = clock::now();
            start_reports();
            io_.update_deadline();
            if (handlers_.on_started) handlers_.on_started(session_->tracks());
        } else if (auto* m = std::get_if<rtsp::client_media>(&*ev)) {
            if (tcp_) last_media_ = clock::now();
            deliver(m->track, m->frame);
        } else {
            fail(errc::closed);  // TEARDOWN answered
        }
    }
}

void pull_client::collect_output(net::send_queue& queue) {
    if (!session_) return;
    for (auto& p : session_->take_output()) queue.push(std::move(p));
}

void pull_client::start_reports() {
    if (tcp_ || udp_.empty()) return;
    std::error_code ec;
    // RFC 3550 6.5.1: CNAME "user@host", the host as the server sees it.
    const auto cname = "lal@" + io_.socket().local_endpoint(ec).address().to_string();
    report_random_ = options_.random * 2654435761u + 1;
    const auto& tracks = session_->tracks();
    for (std::size_t i = 0; i < udp_.size() && i < tracks.size(); ++i) {
        const auto ssrc = (options_.random ^ 0x9e3779b9u) + static_cast<std::uint32_t>(i) * 0x01000193u;
        udp_[i]->reports.emplace(tracks[i].info.clock_rate, ssrc, cname);
    }
    next_report_ = clock::now() + options_.rtcp_interval / 2;
}

void pull_client::send_reports() {
    const auto now = clock::now();
    const auto& tracks = session_->tracks();
    for (std::size_t i = 0; i < udp_.size() && i < tracks.size(); ++i) {
        auto& t = *udp_[i];
        const auto& transport = tracks[i].transport;
        if (!t.reports || !transport || !transport->server_port) continue;  // nowhere to send it
        const auto compound = t.reports->report(now_us());
        const asio::ip::udp::endpoint to(io_.remote_endpoint().address(), transport->server_port->second);
        std::error_code ec;
        t.pair.rtcp.send_to(asio::buffer(compound), to, 0, ec);  // a lost report is not worth more
        if (!ec) ++reports_sent_;
    }
    // RFC 3550 6.3.1: the interval times a random factor in [0.5, 1.5].
    report_random_ = report_random_ * 1664525u + 1013904223u;
    const auto factor_per_mille = 500 + (report_random_ >> 16) % 1001;
    next_report_ = now + options_.rtcp_interval * factor_per_mille / 1000;
}

clock::time_point pull_client::deadline() const {
    auto limit = std::min(playing_ ? last_media_ + options_.read_timeout : connect_deadline_, next_tick_);
    if (playing_) limit = std::min(limit, next_report_);
    for (const auto& t : udp_) {
        // A gap in the sequence numbers is given up after reorder.max_wait.
        if (auto d = t->order.deadline()) limit = std::min(limit, epoch_ + std::chrono::microseconds(*d));
    }
    return limit;
}

void pull_client::on_deadline() {
    const auto now = clock::now();
    if (!playing_ && now >= connect_deadline_) {
        fail(errc::connect_timeout);
        return;
    }
    if (playing_ && now >= last_media_ + options_.read_timeout) {
        fail(errc::read_timeout);
        return;
    }
    for (std::size_t i = 0; i < udp_.size() && !decided_; ++i) release_ordered(i, false);
    if (decided_) return;
    if (playing_ && now >= next_report_) send_reports();
    if (now >= next_tick_) {
        next_tick_ = now + tick_interval;
        session_->tick(now_ms());
        io_.flush();
    }
}

void pull_client::stop() {
    if (decided_ || !started_) return;
    decided_ = true;
    outcome_ = asio::error::operation_aborted;
    if (auto c = std::move(connector_)) c->cancel();
    if (playing_ && io_.is_open() && !io_.closing()) {
        session_->teardown();  // RFC 2326 10.7; the answer is not waited for
        io_.close(outcome_);
    } else {
        io_.abort(outcome_);
    }
}

void pull_client::fail(std::error_code ec) {
    if (decided_) return;
    decided_ = true;
    outcome_ = ec;
    if (auto c = std::move(connector_)) c->cancel();
    io_.abort(ec);
}

void pull_client::on_closed(std::error_code reason) {
    if (!decided_) {
        decided_ = true;
        outcome_ = reason == asio::error::eof ? std::error_code(errc::closed) : reason;
    }
    end(outcome_);
}

void pull_client::end(std::error_code ec) {
    if (done_) return;
    done_ = true;
    for (auto& t : udp_) {
        std::error_code ignored;
        t->pair.rtp.close(ignored);
        t->pair.rtcp.close(ignored);
    }
    // Released here, so an owner that holds the client forms no reference cycle.
    auto handlers = std::move(handlers_);
    handlers_ = {};
    if (handlers.on_closed) handlers.on_closed(ec);
}

pull_stats pull_client::stats() const {
    pull_stats s;
    s.bytes_read = io_.bytes_read() + udp_bytes_;
    s.frames = frames_;
    s.receiver_reports = reports_sent_;
    for (const auto& t : udp_) s.late += t->order.stats().late;
    if (!session_) return s;
    // tracks() has no const overload; the depacketizers are only read here.
    for (auto& t : const_cast<rtsp::client_session&>(*session_).tracks()) {
        if (!t.depacketizer) continue;
        const auto& d = t.depacketizer->stats();
        s.lost_packets += d.lost_packets;
        s.broken_frames += d.broken_frames;
        s.skipped_frames += d.skipped_frames;
    }
    return s;
}

}  // namespace lal::rtsp_asio
