// SPDX-License-Identifier: MIT
#include <lal/rtsp/server_session.hpp>

#include <lal/rtsp/error.hpp>

namespace lal::rtsp {
namespace {

constexpr const char* methods =
    "OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, PAUSE, RECORD, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

}  // namespace

server_session::server_session(server_options options)
    : options_(std::move(options)), reader_(options_.limits) {}

std::error_code server_session::feed(std::span<const std::byte> in, std::int64_t now_ms) {
    if (close_) return errc::unexpected_message;
    last_seen_ms_ = now_ms;
    auto ec = reader_.feed(in);
    while (auto got = reader_.next()) {
        if (auto* m = std::get_if<message>(&*got)) {
            if (!m->is_request) continue;  // answers to nothing we asked: ignored
            if (auto e = on_request(std::move(*m))) {
                close_ = true;
                return e;
            }
            continue;
        }
        auto& f = std::get<interleaved_frame>(*got);
        if (!recording_) continue;  // RTCP receiver reports of a player: nothing to do
        auto owner = channel_owner(tracks_, f.channel);
        if (!owner) continue;
        std::vector<media::media_frame> frames;
        if (auto bad = receive_packet(tracks_[owner->first], owner->second, f.data, frames)) {
            ++bad_packets_;  // dropped; the glue sees the count
            last_bad_packet_ = bad;
        }
        for (auto& fr : frames) events_.emplace_back(media_received{owner->first, std::move(fr)});
    }
    if (ec) close_ = true;
    return ec;
}

std::error_code server_session::feed_udp(std::size_t track, bool rtcp, const lal::payload& datagram,
                                         std::int64_t now_ms) {
    if (track >= tracks_.size() || !recording_) return errc::unexpected_message;
    last_seen_ms_ = now_ms;
    std::vector<media::media_frame> frames;
    auto ec = receive_packet(tracks_[track], rtcp, datagram, frames);
    for (auto& fr : frames) events_.emplace_back(media_received{track, std::move(fr)});
    return ec;
}

std::optional<server_event> server_session::next_event() {
    if (events_.empty()) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
}

bool server_session::session_matches(const message& req) const {
    auto s = req.get("Session");
    if (!s) return false;
    auto parsed = parse_session(*s);
    return parsed && parsed->id == options_.session_id;
}

std::error_code server_session::on_request(message req) {
    if (!req.cseq()) {  // RFC 2326 12.17: every request carries CSeq
        respond(make_response(req, 400));
        return errc::bad_header;
    }
    const auto& method = req.method;
    if (method == "OPTIONS") {
        auto res = make_response(req, 200);
        res.headers.push_back({"Public", methods});
        respond(std::move(res));
        return {};
    }
    if (options_.user) {  // RFC 2326 11.2 / RFC 7235 3.1: challenge until the credentials match
        if (auto ec = check_request(req, options_.auth, *options_.user)) {
            auto res = make_response(req, 401);
            res.headers.push_back({"WWW-Authenticate", to_string(options_.auth)});
            respond(std::move(res));
            return {};
        }
    }
    const bool needs_session = method == "PLAY" || method == "RECORD" || method == "PAUSE" || method == "TEARDOWN";
    if (needs_session && (!session_started_ || !session_matches(req))) {
        respond(make_response(req, 454));  // RFC 2326 11.3.5 Session Not Found
        return {};
    }
    if (method == "DESCRIBE") {
        events_.emplace_back(describe_request{std::move(req)});
    } else if (method == "ANNOUNCE") {
        auto sdp = sdp::parse(req.body);
        if (!sdp || tracks_of(*sdp, req.uri).empty()) {
            respond(make_response(req, 415));  // nothing lal can receive
            return {};
        }
        events_.emplace_back(announce_request{std::move(req), std::move(*sdp)});
    } else if (method == "SETUP") {
        auto track = find_track(tracks_, req.uri);
        if (!track) {
            respond(make_response(req, 404));  // unknown track
            return {};
        }
        if (session_started_ && req.get("Session") && !session_matches(req)) {
            respond(make_response(req, 459));  // a second session on one connection is not offered
            return {};
        }
        auto value = req.get("Transport");
        auto t = value ? parse_transport(*value) : lal::result<std::vector<transport>>(errc::bad_transport);
        if (!t) {
            respond(make_response(req, 461));  // RFC 2326 11.3.11 Unsupported transport
            return {};
        }
        events_.emplace_back(setup_request{std::move(req), *track, t->front()});
    } else if (method == "PLAY") {
        events_.emplace_back(play_request{std::move(req)});
    } else if (method == "RECORD") {
        events_.emplace_back(record_request{std::move(req)});
    } else if (method == "PAUSE") {
        playing_ = false;
        respond(make_response(req, 200));
        events_.emplace_back(paused{});
    } else if (method == "TEARDOWN") {
        playing_ = recording_ = false;
        respond(make_response(req, 200));
        events_.emplace_back(torn_down{});
        close_ = true;
    } else if (method == "GET_PARAMETER" || method == "SET_PARAMETER") {
        respond(make_response(req, 200));  // keep-alive (RFC 2326 10.8, 10.9)
    } else {
        respond(make_response(req, 501));
    }
    return {};
}

void server_session::accept(const describe_request& ev, const sdp::session_description& sdp) {
    base_ = ev.request.uri;
    if (base_.empty() || base_.back() != '/') base_ += '/';
    tracks_ = tracks_of(sdp, base_);
    auto res = make_response(ev.request, 200);
    res.headers.push_back({"Content-Base", base_});
    res.headers.push_back({"Content-Type", "application/sdp"});
    res.body = sdp::to_string(sdp);
    respond(std::move(res));
}

void server_session::accept(const announce_request& ev) {
    base_ = ev.request.uri;
    tracks_ = tracks_of(ev.sdp, base_);
    respond(make_response(ev.request, 200));
}

void server_session::accept(const setup_request& ev, std::optional<number_pair<std::uint16_t>> server_port) {
    if (ev.track >= tracks_.size()) return reject(ev.request, 404);
    auto t = ev.transport;
    if (!t.tcp) {
        t.server_port = server_port;
    } else if (!t.interleaved) {
        const auto c = static_cast<std::uint8_t>(2 * ev.track);
        t.interleaved = number_pair<std::uint8_t>{c, static_cast<std::uint8_t>(c + 1)};
    }
    auto& track = tracks_[ev.track];
    track.transport = t;
    session_started_ = true;
    auto res = make_response(ev.request, 200);
    res.set("Session", to_string(session_header{options_.session_id, options_.timeout_s}));
    res.headers.push_back({"Transport", to_string(t)});
    respond(std::move(res));
}

void server_session::accept(const play_request& ev) {
    std::vector<rtp_info> info;
    for (auto& t : tracks_) {
        if (!t.transport) continue;
        if (!t.sender) start_sending(t, options_.random);
        info.push_back({t.url, t.sender->next_sequence(), t.sender->timestamp_offset()});
    }
    playing_ = true;
    auto res = make_response(ev.request, 200);
    res.headers.push_back({"Range", to_string(npt_range{})});
    if (!info.empty()) res.headers.push_back({"RTP-Info", to_string(info)});
    respond(std::move(res));
}

void server_session::accept(const record_request& ev) {
    for (auto& t : tracks_)
        if (t.transport && !t.depacketizer) start_receiving(t);
    recording_ = true;
    respond(make_response(ev.request, 200));
}

void server_session::reject(const message& request, int status) { respond(make_response(request, status)); }

void server_session::reject(const message& request, int status, std::string_view why) {
    auto res = make_response(request, status);
    res.headers.push_back({"Content-Type", "text/plain"});
    res.body = std::string(why) + "\n";
    respond(std::move(res));
}

void server_session::send(std::size_t track, const rtp::packetized_frame& frame) {
    if (!playing_ || track >= tracks_.size()) return;
    append_interleaved(tracks_[track], frame, output_);
}

void server_session::send_rtcp(std::size_t track, std::span<const std::byte> compound) {
    if (!playing_ || track >= tracks_.size()) return;
    append_interleaved_rtcp(tracks_[track], compound, output_);
}

std::vector<lal::payload> server_session::take_output() { return std::exchange(output_, {}); }

bool server_session::expired(std::int64_t now_ms) const noexcept {
    return now_ms - last_seen_ms_ > std::int64_t{options_.timeout_s} * 1000;
}

void server_session::respond(message res) {
    res.headers.push_back({"Server", "lal"});
    output_.push_back(lal::payload::copy_from(std::string_view(to_string(res))));
}

}  // namespace lal::rtsp
