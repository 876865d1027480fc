// SPDX-License-Identifier: MIT
#include "rtc_service.hpp"

#include <chrono>
#include <charconv>

#include <asio/post.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/http_asio/server_connection.hpp>
#include <lal/net/listen_address.hpp>
#include <lal/webrtc/ice_lite.hpp>
#include <lal/webrtc/offer_answer.hpp>
#include <lal/webrtc_transport/dtls.hpp>

#include "log.hpp"
#include "rtc_codecs.hpp"
#ifdef LAL_HAVE_TRANSCODE
#include <lal/transcode/codec_log.hpp>

#include "rtc_audio.hpp"
#endif

namespace lal::server {

namespace media = lal::media;

namespace {
// Timers of every session (DTLS retransmission, reorder buffers, timeouts) run this often.
constexpr auto tick_interval = std::chrono::milliseconds(20);
// A WHEP answer names the stream's codecs: a stream live with one track
// waits this long for the other (a WHIP publisher's video config comes with
// its first key frame, after the audio), as RTSP's DESCRIBE does.
constexpr std::int64_t second_track_wait_ms = 1000;
// A stream live without any track configuration yet (a WHIP publisher before
// its first frames) is waited for this long, whatever rtc.wait_publisher_ms.
constexpr std::int64_t first_track_wait_ms = 5000;

std::int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

stun::transport_address to_transport(const asio::ip::udp::endpoint& e) {
    stun::transport_address a;
    a.port = e.port();
    const auto ip = e.address();
    if (ip.is_v4()) {
        const auto b = ip.to_v4().to_bytes();
        std::copy(b.begin(), b.end(), a.bytes.begin());
    } else {
        a.v6 = true;
        const auto b = ip.to_v6().to_bytes();
        std::copy(b.begin(), b.end(), a.bytes.begin());
    }
    return a;
}

asio::ip::udp::endpoint to_endpoint(const stun::transport_address& a) {
    if (!a.v6) {
        asio::ip::address_v4::bytes_type b;
        std::copy_n(a.bytes.begin(), b.size(), b.begin());
        return {asio::ip::address_v4(b), a.port};
    }
    asio::ip::address_v6::bytes_type b;
    std::copy_n(a.bytes.begin(), b.size(), b.begin());
    return {asio::ip::address_v6(b), a.port};
}

std::string hex16(std::uint64_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = digits[v & 15];
    return out;
}

/// The WHEP/WHIP answer heads: CORS for browser players, Location readable by
/// their script (draft-ietf-wish-whep 4.1, RFC 9725 4.2).
http::response answer_head(int status) {
    http::response r(status);
    r.add("Server", "lal");
    r.add("Access-Control-Allow-Origin", "*");
    r.add("Access-Control-Expose-Headers", "Location");
    return r;
}

http::response error_head(int status, std::string_view reason) {
    auto r = answer_head(status);
    r.body(std::to_string(status) + " " + std::string(http::reason_phrase(status)) + ": " + std::string(reason) + "\n");
    return r;
}

/// "<app>/<stream>" (and, for DELETE, "/<session>") after the route's prefix.
struct rtc_path {
    std::string app;
    std::string stream;
    std::string session;
};
std::optional<rtc_path> split_path(std::string_view rest) {
    rtc_path p;
    std::vector<std::string_view> parts;
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        parts.push_back(rest.substr(0, slash));
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
    }
    if (parts.size() < 2 || parts.size() > 3) return std::nullopt;
    for (auto s : parts)
        if (s.empty() || s == "." || s == "..") return std::nullopt;
    p.app = parts[0];
    p.stream = parts[1];
    if (parts.size() == 3) p.session = parts[2];
    return p;
}

/// The value of `name` in a raw query string ("a=1&streamid=test").
std::string query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto part = query.substr(0, amp);
        if (part.size() > name.size() && part.starts_with(name) && part[name.size()] == '=')
            return std::string(part.substr(name.size() + 1));
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return {};
}
}  // namespace

rtc_service::rtc_service(server_context& ctx)
    : ctx_(ctx), socket_(ctx.loops.context(0)), timer_(ctx.loops.context(0)) {}

rtc_service::~rtc_service() = default;

std::string rtc_service::listen() {
    auto cert = webrtc_transport::certificate::generate();  // RFC 8827 6.5: ECDSA P-256, once for every session
    if (!cert) return "cannot make the WebRTC DTLS certificate: " + cert.error().message();
    cert_ = std::move(*cert);
#ifdef LAL_HAVE_TRANSCODE
    transcode::quiet_codec_logs();  // failures are counted per frame; FFmpeg's own stderr lines are noise
#endif
    auto ep = net::resolve_listen_address(ctx_.cfg.rtc.addr);
    if (!ep) return fmt::format("cannot listen for WebRTC on {}: {}", ctx_.cfg.rtc.addr, ep.error().message());
    const asio::ip::udp::endpoint local(ep->address(), ep->port());
    std::error_code ec;
    socket_.open(local.protocol(), ec);
    if (!ec) socket_.bind(local, ec);
    if (!ec) socket_.non_blocking(true, ec);
    if (ec) return fmt::format("cannot listen for WebRTC on {} (UDP): {}", ctx_.cfg.rtc.addr, ec.message());
    port_ = socket_.local_endpoint(ec).port();
    LAL_LOG_INFO("WebRTC (WHEP, WHIP) media on UDP port {}", port_);
    return {};
}

void rtc_service::start() {
    asio::post(ctx_.loops.context(0), [this] {
        receive();
        tick();
    });
}

void rtc_service::stop(bool) {
    asio::post(ctx_.loops.context(0), [this] {
        stopping_ = true;
        auto copy = sessions_;
        for (auto& [id, s] : copy) s->end("server stopping");
        for (auto& p : waiting_) respond(p.conn, {503, "server stopping", {}});
        waiting_.clear();
        sessions_.clear();
        timer_.cancel();
        std::error_code ec;
        socket_.close(ec);
    });
}

void rtc_service::receive() {
    socket_.async_receive_from(asio::buffer(buffer_), from_, [this](std::error_code ec, std::size_t n) {
        if (ec == asio::error::operation_aborted || stopping_ || !socket_.is_open()) return;
        if (!ec) {
            const auto bytes = byte_span(buffer_.data(), n);
            const auto from = to_transport(from_);
            if (auto id = demux_.route(bytes, from)) {
                if (auto it = sessions_.find(*id); it != sessions_.end()) {
                    auto keep = it->second;  // the session may end while handling it
                    keep->on_datagram(bytes, from, steady_ms());
                }
            } else if (++unrouted_ % 1000 == 1) {
                LAL_LOG_WARN("[rtc] datagram from {}:{} for no session dropped ({} so far)",
                             from_.address().to_string(), from_.port(), unrouted_);
            }
        }
        receive();
    });
}

void rtc_service::tick() {
    if (stopping_) return;
    const auto now = steady_ms();
    std::vector<std::shared_ptr<rtc_session>> all;
    all.reserve(sessions_.size());
    for (auto& [id, s] : sessions_) all.push_back(s);
    for (auto& s : all) s->on_tick(now);
    if (!waiting_.empty()) {
        auto waiting = std::move(waiting_);
        waiting_.clear();
        for (auto& p : waiting) answer_or_wait(std::move(p));
    }
    timer_.expires_after(tick_interval);
    timer_.async_wait([this](std::error_code ec) {
        if (!ec) tick();
    });
}

std::size_t rtc_service::send_datagram(std::span<const std::byte> bytes, const stun::transport_address& to) {
    std::error_code ec;
    const auto n = socket_.send_to(asio::buffer(bytes.data(), bytes.size()), to_endpoint(to), 0, ec);
    if (ec) {
        // Non-blocking: a full socket buffer drops the datagram instead of
        // holding every other session back; NACK or the next key frame repairs.
        ++send_dropped_;
        return 0;
    }
    return n;
}

void rtc_service::learned(std::uint64_t session, const stun::transport_address& from) { demux_.learn(from, session); }

void rtc_service::finished(std::uint64_t session) {
    demux_.remove(session);
    // Not now: the session may be on the stack; drop the owner's reference later.
    asio::post(ctx_.loops.context(0), [this, session] { sessions_.erase(session); });
    release_connection(ctx_);
}

void rtc_service::key_frame_wanted(const stream_key& key) {
    for (auto& [id, s] : sessions_)
        if (s->publishing() && s->key() == key && !s->ended()) s->ask_key_frame(steady_ms());
}

#ifdef LAL_HAVE_TRANSCODE
std::shared_ptr<rtc_opus_track> rtc_service::opus_track(const stream_key& key) {
    auto& slot = opus_tracks_[key.str()];
    if (auto t = slot.lock()) return t;
    std::erase_if(opus_tracks_, [](const auto& e) { return e.second.expired(); });  // streams nobody plays now
    auto t = std::make_shared<rtc_opus_track>();
    opus_tracks_[key.str()] = t;
    LAL_LOG_INFO("[whep] {}: AAC audio transcoded to Opus for WebRTC players", key.str());
    return t;
}
#endif

void rtc_service::random_bytes(std::span<std::byte> out) {
    for (std::size_t i = 0; i < out.size(); i += 4) {
        const auto r = entropy_();
        for (std::size_t b = 0; b < 4 && i + b < out.size(); ++b) out[i + b] = static_cast<std::byte>(r >> (8 * b));
    }
}

void rtc_service::add_routes(router& routes, std::size_t w, const http::response_options&) {
    for (const bool whip : {false, true}) {
        const std::string prefix = whip ? "/whip/" : "/whep/";
        routes.prefix(prefix, {"POST", "DELETE"},
                      [this, w, whip, prefix](const http::request& req,
                                              const std::shared_ptr<http_asio::server_connection>& conn) {
                          auto path = split_path(std::string_view(req.path).substr(prefix.size()));
                          if (req.method == "DELETE") {
                              if (!path || path->session.empty()) {
                                  return conn->respond(error_head(404, "no session in the URL"));
                              }
                              return on_delete(req, conn, whip);
                          }
                          if (!path || !path->session.empty()) {
                              return conn->respond(error_head(404, "expected " + prefix + "<app>/<stream>"));
                          }
                          on_post(req, conn, w, whip, stream_key{path->app, path->stream});
                      });
        // lalmax's endpoints: the stream in the query, app "live".
        routes.exact(whip ? "/webrtc/whip" : "/webrtc/whep", {"POST"},
                     [this, w, whip](const http::request& req,
                                     const std::shared_ptr<http_asio::server_connection>& conn) {
                         auto stream = query_value(req.query, "streamid");
                         if (stream.empty() || stream.find('/') != std::string::npos) {
                             return conn->respond(error_head(404, "expected ?streamid=<stream>"));
                         }
                         on_post(req, conn, w, whip, stream_key{"live", stream});
                     });
    }
}

void rtc_service::on_post(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                          std::size_t w, bool whip, stream_key key) {
    post_request r;
    r.whip = whip;
    r.key = std::move(key);
    r.query = req.query;
    r.url = req.target;
    r.remote = endpoint_text(conn->remote_endpoint());
    const auto body = req.body.bytes();
    r.offer.assign(reinterpret_cast<const char*>(body.data()), body.size());
    if (r.offer.empty()) return conn->respond(error_head(400, "no SDP offer in the body"));
    if (auto type = req.headers.find("Content-Type"); type && !type->starts_with("application/sdp")) {
        return conn->respond(error_head(415, "the offer must be application/sdp"));
    }
    r.local_address = conn->local_endpoint().address().to_string();
    admission_request ask{whip ? admission_action::publish : admission_action::play, r.key, r.query, "rtc", r.remote};
    auto ticket = ctx_.streams.admit(std::move(ask), w, [this, conn, r = std::move(r)](admission_result a) mutable {
        if (!conn->is_open()) return;
        if (!a.admitted) {
            LAL_LOG_WARN("[{}] {} refused: remote={} stream={}: {}", r.whip ? "whip" : "whep",
                         r.whip ? "publish" : "play", r.remote, r.key.str(), a.reason);
            return conn->respond(error_head(403, a.reason));
        }
        const auto wait = ctx_.cfg.rtc.wait_publisher_ms;
        asio::post(ctx_.loops.context(0), [this, conn, wait, r = std::move(r)]() mutable {
            answer_or_wait(pending_post{conn, std::move(r), steady_ms() + wait, 0, 0, false});
        });
    });
    // Hooks answer later; the HTTP request timeout bounds the wait.
    (void)ticket;
}

void rtc_service::respond(const std::shared_ptr<http_asio::server_connection>& conn, post_outcome out) {
    asio::post(conn->get_executor(), [conn, out = std::move(out)] {
        if (!conn->is_open()) return;
        if (out.status != 201) return conn->respond(error_head(out.status, out.body));
        auto resp = answer_head(201);
        resp.add("Location", out.location);
        resp.body(out.body, "application/sdp");
        conn->respond(std::move(resp));
    });
}

bool rtc_service::should_wait(pending_post& p, std::int64_t now_ms) {
    if (p.request.whip) return false;
    auto s = ctx_.streams.find(p.request.key);
    if (!s || !s->live()) {
        p.live_seen_ms = 0;
        p.track_seen_ms = 0;
        return now_ms < p.deadline_ms;  // then create() answers 404
    }
    const bool video = s->config(media_kind::video) != nullptr;
    const bool audio = s->config(media_kind::audio) != nullptr;
    if (video && audio) return false;
    if (p.live_seen_ms == 0) p.live_seen_ms = now_ms;
    if (!video && !audio) return now_ms - p.live_seen_ms < first_track_wait_ms;
    if (p.track_seen_ms == 0) p.track_seen_ms = now_ms;
    return now_ms - p.track_seen_ms < second_track_wait_ms;
}

void rtc_service::answer_or_wait(pending_post p) {
    if (stopping_) return respond(p.conn, {503, "server stopping", {}});
    if (should_wait(p, steady_ms())) {
        if (!p.logged && p.live_seen_ms == 0) {
            p.logged = true;
            LAL_LOG_INFO("[whep] play waits for a publisher: remote={} stream={}", p.request.remote,
                         p.request.key.str());
        }
        waiting_.push_back(std::move(p));
        return;
    }
    respond(p.conn, create(p.request));
}

void rtc_service::on_delete(const http::request& req, const std::shared_ptr<http_asio::server_connection>& conn,
                            bool whip) {
    const std::string_view path = req.path;
    const auto token = path.substr(path.rfind('/') + 1);
    std::uint64_t id = 0;
    const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), id, 16);
    if (ec != std::errc{} || end != token.data() + token.size() || token.size() != 16) {
        return conn->respond(error_head(404, "no such session"));
    }
    asio::post(ctx_.loops.context(0), [this, conn, id, whip, path = std::string(path)] {
        auto it = sessions_.find(id);
        const bool found = it != sessions_.end() && it->second->publishing() == whip &&
                           path.starts_with((whip ? "/whip/" : "/whep/") + it->second->key().str() + "/");
        if (found) it->second->end("DELETE by the client");
        asio::post(conn->get_executor(), [conn, found] {
            if (!conn->is_open()) return;
            conn->respond(found ? answer_head(200) : error_head(404, "no such session"));
        });
    });
}

rtc_service::post_outcome rtc_service::create(const post_request& r) {
    const auto tag = r.whip ? "whip" : "whep";
    if (sessions_.size() >= ctx_.cfg.rtc.max_sessions) {
        LAL_LOG_WARN("[{}] refusing {}: {} sessions (rtc.max_sessions)", tag, r.remote, sessions_.size());
        return {503, "too many WebRTC sessions (rtc.max_sessions)", {}};
    }
    webrtc::answer_options o;
    o.dir = r.whip ? webrtc::direction::receive : webrtc::direction::send;
    bool aac_source = false;
    if (!r.whip) {
        auto s = ctx_.streams.find(r.key);
        if (!s || !s->live()) {
            LAL_LOG_INFO("[whep] no publisher of {}: 404 for {}", r.key.str(), r.remote);
            return {404, "no publisher of " + r.key.str(), {}};
        }
        if (auto v = s->config(media_kind::video); v && !whep_video(*v, o)) {
            LAL_LOG_INFO("[whep] {}: video {} is not sent over WebRTC yet (H.264, H.265 and AV1 only)", r.key.str(),
                         media::name(v->codec));
        }
        // The one place WHEP audio comes from: the stream's own audio track when
        // WebRTC carries its codec, AAC as Opus through the stream's transcoder.
        if (auto a = s->config(media_kind::audio)) {
            if (a->codec == media::codec_id::opus || a->codec == media::codec_id::g711a ||
                a->codec == media::codec_id::g711u) {
                o.audio = webrtc::audio_source{a->codec};
#ifdef LAL_HAVE_TRANSCODE
            } else if (a->codec == media::codec_id::aac) {
                o.audio = webrtc::audio_source{media::codec_id::opus};  // opus/48000/2 (RFC 7587 7)
                aac_source = true;
#endif
            } else {
                LAL_LOG_INFO("[whep] {}: {} audio is not sent over WebRTC (no transcoding yet): video only",
                             r.key.str(), media::name(a->codec));
            }
        }
    }
    std::array<std::byte, 32> random{};
    random_bytes(random);
    o.ice = webrtc::make_ice_credentials(random);
    o.fingerprint = cert_->fingerprint();
    if (ctx_.cfg.rtc.candidates.empty()) {
        o.candidates.push_back({r.local_address, port_});
    } else {
        for (const auto& c : ctx_.cfg.rtc.candidates) o.candidates.push_back({c, port_});
    }
    std::array<std::byte, 24> ids{};
    random_bytes(ids);
    const auto word = [&ids](std::size_t i) {
        std::uint64_t v = 0;
        for (std::size_t b = 0; b < 8; ++b) v = (v << 8) | std::to_integer<std::uint64_t>(ids[i * 8 + b]);
        return v;
    };
    const auto id = word(0);
    o.video_ssrc = static_cast<std::uint32_t>(word(1));
    o.audio_ssrc = static_cast<std::uint32_t>(word(1) >> 32);
    o.session_id = std::to_string(word(2) >> 2);
    auto n = webrtc::answer_offer(r.offer, o);
    if (!r.whip && o.video && ((!n && n.error() == webrtc::errc::no_common_codec) || (n && whep_video_refused(*n)))) {
        // The player would get no picture: it must offer the stream's codec.
        const auto want = whep_video_name(o);
        LAL_LOG_INFO("[whep] {}: the offer of {} has no {}: 406", r.key.str(), r.remote, want);
        return {406, "the stream's video is " + want + ", which the offer does not include", {}};
    }
    if (!n) {
        LAL_LOG_WARN("[{}] bad offer from {} for {}: {}", tag, r.remote, r.key.str(), n.error().message());
        return {400, "unusable offer: " + n.error().message(), {}};
    }
    if (sessions_.contains(id) || !demux_.add(o.ice.ufrag, id)) return {503, "session id collision, try again", {}};
    if (!admit_connection(ctx_)) {
        demux_.remove(id);
        return {503, "too many connections (limits.max_connections)", {}};
    }
    rtc_session_params p;
    p.id = id;
    p.key = r.key;
    p.query = r.query;
    p.url = r.url;
    p.remote = r.remote;
    p.peer.local_ice = o.ice;
    p.peer.remote_ufrag = n->remote_ice.ufrag;
    p.peer.remote_fingerprint = n->remote_fingerprint;
    p.peer.cert = cert_;
    p.video_ssrc = o.video_ssrc;
    p.audio_ssrc = o.audio_ssrc;
    p.random = static_cast<std::uint32_t>(word(2));
#ifdef LAL_HAVE_TRANSCODE
    if (aac_source && !r.whip) p.opus_track = opus_track(r.key);
#else
    (void)aac_source;
#endif
    auto answer = n->answer;
    p.negotiation = std::move(*n);
    std::shared_ptr<rtc_session> s;
    if (r.whip) {
        std::string error;
        s = rtc_session::make_publisher(*this, std::move(p), error);
        if (!s) {
            demux_.remove(id);
            release_connection(ctx_);
            LAL_LOG_WARN("[whip] publish refused: remote={} stream={}: {}", r.remote, r.key.str(), error);
            return {403, error, {}};
        }
    } else {
        s = rtc_session::make_player(*this, std::move(p));
        LAL_LOG_INFO("[whep] play start: remote={} stream={}{}{}", r.remote, r.key.str(), r.query.empty() ? "" : "?",
                     r.query);
    }
    sessions_.emplace(id, std::move(s));
    return {201, std::move(answer), (r.whip ? "/whip/" : "/whep/") + r.key.str() + "/" + hex16(id)};
}

}  // namespace lal::server
