// SPDX-License-Identifier: MIT
#include <lal/rtsp/client_session.hpp>

#include <lal/rtsp/error.hpp>

namespace lal::rtsp {

client_session::client_session(client_options options)
    : options_(std::move(options)), reader_(options_.limits) {}

void client_session::pull(std::int64_t now_ms) {
    now_ms_ = now_ms;
    request("OPTIONS", options_.url);
}

void client_session::push(const sdp::session_description& sdp, std::int64_t now_ms) {
    now_ms_ = now_ms;
    pushing_ = true;
    push_sdp_ = sdp::to_string(sdp);
    tracks_ = tracks_of(sdp, options_.url);
    request("OPTIONS", options_.url);
}

void client_session::request(std::string method, std::string uri, std::vector<header> extra, std::string body) {
    auto m = make_request(std::move(method), std::move(uri), ++cseq_);
    m.headers.push_back({"User-Agent", options_.user_agent});
    for (auto& h : extra) m.headers.push_back(std::move(h));
    if (!session_.id.empty()) m.headers.push_back({"Session", session_.id});
    if (challenge_ && options_.user) {
        if (auto a = answer(*challenge_, *options_.user, m.method, m.uri, options_.cnonce, cseq_))
            m.headers.push_back({"Authorization", to_string(*a)});
    }
    m.body = std::move(body);
    output_.push_back(lal::payload::copy_from(std::string_view(to_string(m))));
    last_request_ms_ = now_ms_;
    pending_ = std::move(m);
}

std::error_code client_session::feed(std::span<const std::byte> in, std::int64_t now_ms) {
    now_ms_ = now_ms;
    auto ec = reader_.feed(in);
    while (auto got = reader_.next()) {
        if (auto* m = std::get_if<message>(&*got)) {
            if (m->is_request) {  // RFC 2326 10.1, 10.8, 10.9: servers may probe the client too
                const bool probe = m->method == "OPTIONS" || m->method == "GET_PARAMETER" || m->method == "SET_PARAMETER";
                auto res = make_response(*m, probe ? 200 : 501);
                output_.push_back(lal::payload::copy_from(std::string_view(to_string(res))));
                continue;
            }
            if (auto e = on_response(*m)) return e;
            continue;
        }
        auto& f = std::get<interleaved_frame>(*got);
        auto owner = channel_owner(tracks_, f.channel);
        if (!owner) continue;
        std::vector<media::media_frame> frames;
        (void)receive_packet(tracks_[owner->first], owner->second, f.data, frames);  // bad packets are counted
        for (auto& fr : frames) events_.emplace_back(client_media{owner->first, std::move(fr)});
    }
    return ec;
}

std::error_code client_session::feed_udp(std::size_t track, bool rtcp, const lal::payload& datagram) {
    if (track >= tracks_.size()) return errc::unexpected_message;
    std::vector<media::media_frame> frames;
    auto ec = receive_packet(tracks_[track], rtcp, datagram, frames);
    for (auto& fr : frames) events_.emplace_back(client_media{track, std::move(fr)});
    return ec;
}

std::error_code client_session::on_response(const message& res) {
    if (res.cseq() != pending_.cseq()) return {};  // a late answer (keep-alive): nothing waits on it
    const std::string method = pending_.method;
    if (res.status == 401 && options_.user && !retried_) {  // RFC 2326 11.2: answer the challenge once
        std::optional<challenge> best;
        for (const auto& h : res.headers) {
            if (!iequals(h.name, "WWW-Authenticate")) continue;
            auto c = parse_challenge(h.value);
            if (c && (!best || c->scheme == auth_scheme::digest)) best = *c;
        }
        if (!best) return errc::bad_auth;
        challenge_ = best;
        retried_ = true;
        auto again = pending_;
        std::vector<header> extra;
        for (const auto& h : again.headers)
            if (!iequals(h.name, "CSeq") && !iequals(h.name, "User-Agent") && !iequals(h.name, "Session") &&
                !iequals(h.name, "Authorization"))
                extra.push_back(h);
        request(again.method, again.uri, std::move(extra), again.body);
        return {};
    }
    if (res.status == 401) return errc::unauthorized;
    if (method == "GET_PARAMETER" || method == "OPTIONS") {
        if (method == "OPTIONS" && !started_ && tracks_.empty() && !pushing_) {
            request("DESCRIBE", options_.url, {{"Accept", "application/sdp"}});
        } else if (method == "OPTIONS" && !started_ && pushing_ && setup_index_ == 0) {
            request("ANNOUNCE", options_.url, {{"Content-Type", "application/sdp"}}, push_sdp_);
        }
        return {};  // keep-alive answers: any status keeps the session
    }
    if (res.status < 200 || res.status >= 300) return errc::bad_status;
    retried_ = false;
    if (method == "DESCRIBE") {
        auto sdp = sdp::parse(res.body);
        if (!sdp) return errc::bad_sdp;
        tracks_ = tracks_of(*sdp, content_base(res, options_.url));
        if (tracks_.empty()) return errc::bad_sdp;
        setup_next();
    } else if (method == "ANNOUNCE") {
        setup_next();
    } else if (method == "SETUP") {
        auto s = res.get("Session");
        if (!s) return errc::bad_session;
        auto parsed = parse_session(*s);
        if (!parsed) return parsed.error();
        session_ = *parsed;
        auto value = res.get("Transport");
        auto t = value ? parse_transport(*value) : lal::result<std::vector<transport>>(errc::bad_transport);
        if (!t) return t.error();
        tracks_[setup_index_].transport = t->front();
        ++setup_index_;
        setup_next();
    } else if (method == "PLAY" || method == "RECORD") {
        std::vector<rtp_info> info;
        if (auto v = res.get("RTP-Info")) info = parse_rtp_info(*v);
        for (auto& t : tracks_) {
            if (!t.transport) continue;
            if (pushing_) {
                start_sending(t, options_.random);
                continue;
            }
            std::optional<std::uint16_t> seq;
            for (const auto& r : info)
                if (find_track(tracks_, r.url) == static_cast<std::size_t>(&t - tracks_.data())) seq = r.seq;
            start_receiving(t, seq);
        }
        started_ = true;
        events_.emplace_back(client_started{});
    } else if (method == "TEARDOWN") {
        events_.emplace_back(client_closed{});
    }
    return {};
}

void client_session::setup_next() {
    if (setup_index_ >= tracks_.size()) {
        request(pushing_ ? "RECORD" : "PLAY", options_.url, {{"Range", to_string(npt_range{})}});
        return;
    }
    transport t;
    if (options_.tcp) {
        t.tcp = true;
        const auto c = static_cast<std::uint8_t>(2 * setup_index_);
        t.interleaved = number_pair<std::uint8_t>{c, static_cast<std::uint8_t>(c + 1)};
    } else if (setup_index_ < options_.udp_ports.size()) {
        t.client_port = options_.udp_ports[setup_index_];
    }
    if (pushing_) t.mode = "record";
    request("SETUP", tracks_[setup_index_].url, {{"Transport", to_string(t)}});
}

std::optional<client_event> client_session::next_event() {
    if (events_.empty()) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
}

void client_session::tick(std::int64_t now_ms) {
    now_ms_ = now_ms;
    const std::int64_t timeout_ms = std::int64_t{session_.timeout.value_or(60)} * 1000;
    if (started_ && now_ms - last_request_ms_ >= timeout_ms / 2) request("GET_PARAMETER", options_.url);
}

void client_session::teardown() { request("TEARDOWN", options_.url); }

void client_session::send(std::size_t track, const rtp::packetized_frame& frame) {
    if (!started_ || !pushing_ || track >= tracks_.size()) return;
    append_interleaved(tracks_[track], frame, output_);
}

std::vector<lal::payload> client_session::take_output() { return std::exchange(output_, {}); }

}  // namespace lal::rtsp
