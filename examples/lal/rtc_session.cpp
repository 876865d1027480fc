// SPDX-License-Identifier: MIT
#include "rtc_session.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <vector>

#include <asio/post.hpp>
#include <lal/avc/decoder_configuration_record.hpp>
#include <lal/hevc/decoder_configuration_record.hpp>
#include <lal/media/frame_input.hpp>
#include <lal/opus/opus_head.hpp>
#include <lal/rtp/depacketizer.hpp>
#include <lal/rtp/feedback.hpp>
#include <lal/rtp/packet.hpp>
#include <lal/rtp/reorder_buffer.hpp>
#include <lal/rtp/rtcp.hpp>
#include <lal/rtp/sender.hpp>

#include "log.hpp"
#include "media_summary.hpp"
#include "player_record.hpp"
#ifdef LAL_HAVE_TRANSCODE
#include <lal/transcode/opus_to_aac.hpp>

#include "rtc_audio.hpp"
#endif
#include "rtp_form.hpp"
#include "server_context.hpp"

namespace lal::server {

namespace media = lal::media;

namespace {
std::int64_t unix_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A sender report per track this often (RFC 3550 6.2; browsers sync A/V from them).
constexpr std::int64_t sender_report_interval_ms = 3000;
// Key frame requests to a WHIP publisher at most this often (RFC 4585 3.5.4 leaves the rate to us).
constexpr std::int64_t pli_interval_ms = 500;

const webrtc::negotiated_media* accepted(const webrtc::negotiation& n, media_kind kind) {
    for (const auto& m : n.media)
        if (m.accepted && m.kind == kind) return &m;
    return nullptr;
}
}  // namespace

// ---------------------------------------------------------------- base

rtc_session::rtc_session(rtc_host& host, rtc_session_params params)
    : host_(host), params_(std::move(params)), peer_(params_.peer), start_unix_ms_(unix_ms()) {}

rtc_session::~rtc_session() = default;

void rtc_session::on_datagram(byte_span datagram, const stun::transport_address& from, std::int64_t now_ms) {
    if (ended_) return;
    last_heard_ms_ = now_ms;
    bytes_read_ += datagram.size();
    peer_.on_datagram(datagram, from);
    // RFC 8445 7.3.1.5: the nominated pair is where media goes; DTLS and SRTP come from it.
    if (const auto& r = peer_.remote(); r && !(remote_learned_ && learned_ == *r)) {
        learned_ = *r;
        remote_learned_ = true;
        host_.learned(params_.id, *r);
    }
    flush_output();
    handle_events(now_ms);
    flush_output();
}

void rtc_session::on_tick(std::int64_t now_ms) {
    if (ended_) return;
    if (last_heard_ms_ == 0) last_heard_ms_ = now_ms;
    const auto timeout = static_cast<std::int64_t>(host_.context().cfg.rtc.session_timeout_ms);
    if (now_ms - last_heard_ms_ > timeout) {
        end(fmt::format("nothing heard for {} ms (rtc.session_timeout_ms)", timeout));
        return;
    }
    if (auto t = peer_.next_timeout(); t && t->count() <= 0) {
        peer_.on_timeout();  // RFC 6347 4.2.4: retransmit the last flight
        flush_output();
    }
    on_timer(now_ms);
}

void rtc_session::flush_output() {
    for (auto& o : peer_.take_output()) {
        const auto n = host_.send_datagram(o.bytes, o.to);
        bytes_written_ += n;
        ++writes_;
        if (n == 0) ++send_drops_;
    }
}

void rtc_session::handle_events(std::int64_t now_ms) {
    while (!ended_) {
        auto e = peer_.next_event();
        if (!e) break;
        if (std::holds_alternative<webrtc_transport::peer_connected>(*e)) {
            LAL_LOG_INFO("[{}] {} connected (DTLS-SRTP): remote={} stream={}", tag(), directory_id_, params_.remote,
                         params_.key.str());
            on_connected();
        } else if (std::holds_alternative<webrtc_transport::key_frame_request>(*e)) {
            on_key_frame_request();
        } else if (auto* r = std::get_if<webrtc_transport::rtp_received>(&*e)) {
            on_rtp(std::move(r->packet), now_ms);
        } else if (auto* c = std::get_if<webrtc_transport::rtcp_received>(&*e)) {
            on_rtcp(c->packet);
        } else if (auto* x = std::get_if<webrtc_transport::peer_closed>(&*e)) {
            end(fmt::format("DTLS: {}", x->reason ? x->reason.message() : "closed by the peer"));
        }
    }
}

void rtc_session::end(std::string_view reason) {
    if (ended_) return;
    ended_ = true;
    const auto& st = peer_.stats();
    LAL_LOG_INFO("[{}] session end: id={} remote={} stream={} read={} written={} refused(stun={} dtls={} srtp={} "
                 "other={}) nack_resent={} reason={}",
                 tag(), directory_id_, params_.remote, params_.key.str(), bytes_read_, bytes_written_, st.stun_refused,
                 st.dtls_refused, st.srtp_refused, st.other_refused, st.nack_resent, reason);
    leave_hub();
    if (in_directory_) {
        in_directory_ = false;
        host_.context().sessions.remove(host_.worker(), describe());
    }
    host_.finished(params_.id);
}

void rtc_session::enter_directory(std::string_view prefix) {
    directory_id_ = host_.context().sessions.next_id(prefix);
    in_directory_ = true;
    host_.context().sessions.add(host_.worker(), *this);
}

lal::hub::session_info rtc_session::describe() const {
    lal::hub::session_info i;
    i.id = directory_id_;
    i.protocol = "WEBRTC";
    i.base_type = publishing() ? "PUB" : "SUB";
    i.remote_addr = params_.remote;
    i.key = params_.key;
    i.url = params_.url;
    i.url_param = params_.query;
    i.start_unix_ms = start_unix_ms_;
    i.read_bytes = bytes_read_;
    i.wrote_bytes = bytes_written_;
    i.write_calls = writes_;
    describe_more(i);
    return i;
}

void rtc_session::kick(std::string_view reason) {
    asio::post(host_.context().loops.context(host_.worker()),
               [weak = weak_from_this(), why = std::string(reason)] {
                   if (auto self = weak.lock()) self->end("kicked: " + why);
               });
}

// ---------------------------------------------------------------- WHEP player

namespace {

/// A WHEP player: the hub's WebRTC RTP form (cut once per frame for every
/// WHEP player, payloads sized to rtc.mtu), each packet given this session's SSRC, sequence number and
/// timestamp offset (RFC 3550 5.1), protected by SRTP and kept for NACKs.
class rtc_player final : public rtc_session, public subscriber_sink {
public:
    rtc_player(rtc_host& host, rtc_session_params params) : rtc_session(host, std::move(params)) {
        auto seed = params_.random;
        const auto next = [&seed] {
            seed = seed * 1664525u + 1013904223u;  // a step of an LCG: distinct starting points per track
            return seed;
        };
        if (const auto* v = accepted(params_.negotiation, media_kind::video)) {
            video_.emplace(params_.video_ssrc, v->payload_type, static_cast<std::uint16_t>(next()), next());
            video_codec_ = v->codec;
        }
        if (const auto* a = accepted(params_.negotiation, media_kind::audio)) {
            audio_.emplace(params_.audio_ssrc, a->payload_type, static_cast<std::uint16_t>(next()), next());
            audio_codec_ = a->codec;
        }
        enter_directory("WEBRTCSUB");
    }

    bool publishing() const noexcept override { return false; }

    // ---- subscriber_sink, on the host's worker ----
    void start() override {
        LAL_LOG_INFO("[whep] play stream live: id={} remote={} stream={}", directory_id_, params_.remote,
                     params_.key.str());
    }
    void stop() override {
        // Like an RTSP player, a WebRTC player cannot follow a new publisher
        // whose codecs differ from what the answer negotiated.
        post_end("the publisher left");
    }
    void send(const frame& f) override {
        if (ended_ || f.what() != frame::type::frame || !peer_.connected()) return;
        const auto kind = f.kind();
        rtp::sender* s = nullptr;
        if (kind == media_kind::video && video_ && f.codec() == video_codec_) s = &*video_;
        if (kind == media_kind::audio && audio_ && f.codec() == audio_codec_) s = &*audio_;
#ifdef LAL_HAVE_TRANSCODE
        if (kind == media_kind::audio && audio_ && f.codec() == media::codec_id::aac && params_.opus_track) {
            return send_transcoded(f);
        }
#endif
        if (!s) return;  // a codec the answer does not carry
        auto packets = rtp_packets(f.encoded(host_.context().forms.rtc_rtp));
        if (packets.packets.empty()) return;
        const auto rtp_time = packets.packets.front().timestamp;
        auto& last = kind == media_kind::video ? last_video_rtp_ : last_audio_rtp_;
        last = rtp_time;
        maybe_report(kind);
        if (kind == media_kind::video) {
            // A video frame the socket could not take breaks every frame up to
            // the next key frame: skip them, as the other protocols drop a slow
            // player's frames up to the next key frame.
            if (f.is_keyframe()) video_broken_ = false;
            if (video_broken_) {
                ++send_dropped_frames_;
                return;
            }
            if (f.is_keyframe()) send_parameter_sets(f, rtp_time);
        }
        const auto drops = send_drops_;
        for (const auto& plan : packets.packets) send_packet(*s, plan);
        flush_output();
        if (kind == media_kind::video && send_drops_ != drops) video_broken_ = true;
    }
    std::size_t queued_bytes() const override { return 0; }  // datagrams leave at once or are dropped
    std::uint64_t written_bytes() const override { return bytes_written_; }
    void close(std::string_view reason) override {
        player_.slow_closed = true;
        post_end(std::string(reason));
    }

private:
    void post_end(std::string reason) {
        asio::post(host_.context().loops.context(host_.worker()),
                   [weak = weak_from_this(), reason = std::move(reason)] {
                       if (auto self = weak.lock()) self->end(reason);
                   });
    }

    void on_connected() override {
        // Start at the cached GOP's key frame (gop_num 1): the browser's decoder needs one.
        subscription_ = host_.context().streams.subscribe(params_.key, *this, host_.context().forms.rtc_rtp, 1,
                                                          host_.worker());
    }
    void on_key_frame_request() override {
        // A player's PLI/FIR goes on to a WHIP publisher; a non-WebRTC
        // publisher cannot be asked: the next key frame comes with the live stream.
        ++key_frame_requests_;
        host_.key_frame_wanted(params_.key);
    }
    void leave_hub() override { subscription_.reset(); }
    void describe_more(lal::hub::session_info& i) const override {
        player_.describe_into(i, subscription_.get());
        i.frames_dropped += send_dropped_frames_;
#ifdef LAL_HAVE_TRANSCODE
        if (params_.opus_track) i.transcode_errors = params_.opus_track->failures();
#endif
    }

#ifdef LAL_HAVE_TRANSCODE
    /// An AAC frame goes out as the stream's Opus frames (shared with every
    /// WHEP player of it), cut by the same RTP form as a published Opus
    /// track's (RFC 7587 4.2: one Opus packet per RTP packet, 48 kHz clock).
    void send_transcoded(const frame& f) {
        auto aac = f.item().frame;
        if (!aac.config) aac.config = f.config();
        for (const auto& opus : params_.opus_track->opus_of(aac)) {
            media::media_item item;
            item.what = media::media_item::type::frame;
            item.frame = opus;
            item.config = opus.config;
            const auto packets = rtp_packets(rtp_form{}.encode(item));
            if (packets.packets.empty()) continue;
            last_audio_rtp_ = packets.packets.front().timestamp;
            maybe_report(media_kind::audio);
            for (const auto& plan : packets.packets) send_packet(*audio_, plan);
        }
        flush_output();
    }
#endif

    void send_packet(rtp::sender& s, const rtp::packet_plan& plan) {
        const auto header = s.header(plan);
        std::vector<std::byte> packet(header.begin(), header.end());
        packet.reserve(plan.size() + header.size() + 16);
        for (const auto& p : plan.pieces) packet.insert(packet.end(), p.bytes().begin(), p.bytes().end());
        peer_.send_rtp(std::move(packet));
    }

    /// RFC 6184 8.2.1 has no sprop in WebRTC answers: the SPS and PPS go in-band
    /// before each key frame (as single NAL unit packets, RFC 6184 5.6), from
    /// the avcC an RTMP or SRT source keeps out of band; for H.265 the VPS, SPS
    /// and PPS of the hvcC (RFC 7798 4.4.1).
    void send_parameter_sets(const frame& f, std::uint32_t rtp_time) {
        const auto& config = f.item().frame.config ? f.item().frame.config : f.config();
        if (!config || config->codec != video_codec_) return;
        if (config != parameter_config_) {
            parameter_config_ = config;
            parameter_sets_.clear();
            if (video_codec_ == media::codec_id::h264) {
                if (auto r = avc::parse_decoder_configuration_record(config->record.bytes())) {
                    for (const auto& n : r->sps) parameter_sets_.push_back(lal::payload::copy_from(n));
                    for (const auto& n : r->pps) parameter_sets_.push_back(lal::payload::copy_from(n));
                }
            } else if (auto r = hevc::parse_decoder_configuration_record(config->record.bytes())) {
                for (const std::uint8_t type : {32, 33, 34})  // VPS, SPS, PPS (H.265 7.4.2.2)
                    for (const auto n : r->units_of(type)) parameter_sets_.push_back(lal::payload::copy_from(n));
            }
        }
        for (const auto& ps : parameter_sets_) {
            rtp::packet_plan plan;
            plan.marker = false;
            plan.timestamp = rtp_time;
            plan.pieces.push_back(ps);
            send_packet(*video_, plan);
        }
    }

    /// A sender report (RFC 3550 6.4.1) per track every few seconds, before the frame.
    void maybe_report(media_kind kind) {
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now().time_since_epoch())
                             .count();
        auto& at = kind == media_kind::video ? video_report_ms_ : audio_report_ms_;
        if (at != 0 && now - at < sender_report_interval_ms) return;
        at = now;
        const auto& s = kind == media_kind::video ? *video_ : *audio_;
        std::vector<std::byte> compound;
        if (rtp::append_rtcp(s.report(ntp_now(), kind == media_kind::video ? last_video_rtp_ : last_audio_rtp_),
                             compound)) {
            return;
        }
        peer_.send_rtcp(std::move(compound));
    }

    std::optional<rtp::sender> video_;
    std::optional<rtp::sender> audio_;
    media::codec_id audio_codec_ = media::codec_id::unknown;
    media::codec_id video_codec_ = media::codec_id::unknown;  // H.264, H.265 or AV1, as the answer says
    std::unique_ptr<subscription> subscription_;
    mutable player_record player_;
    media::track_config_ptr parameter_config_;
    std::vector<lal::payload> parameter_sets_;
    std::uint32_t last_video_rtp_ = 0;
    std::uint32_t last_audio_rtp_ = 0;
    std::int64_t video_report_ms_ = 0;
    std::int64_t audio_report_ms_ = 0;
    std::uint64_t key_frame_requests_ = 0;
    bool video_broken_ = false;  // a packet was dropped: wait for the next key frame
    std::uint64_t send_dropped_frames_ = 0;
};

// ---------------------------------------------------------------- WHIP publisher

/// A WHIP publisher: SRTP-decrypted RTP put back in order (reorder_buffer),
/// depacketized by lal::rtp into frames (a lost packet drops its frame and
/// video waits for the next key frame, which a PLI asks for, RFC 4585 6.3.1),
/// pushed into the hub like any other publisher's.
class rtc_publisher final : public rtc_session, public publisher_sink {
public:
    rtc_publisher(rtc_host& host, rtc_session_params params) : rtc_session(host, std::move(params)) {
        for (const auto& m : params_.negotiation.media) {
            if (!m.accepted) continue;
            media::track_config_ptr config;
            if (m.codec == media::codec_id::opus) {
                // RFC 7587 7: the SDP says opus/48000/2; the hub's outputs want an OpusHead.
                auto head = std::make_shared<media::track_config>();
                head->kind = media_kind::audio;
                head->codec = media::codec_id::opus;
                std::vector<std::byte> bytes;
                if (!opus::append_opus_head(opus::default_opus_head(2), bytes)) {
                    head->record = lal::payload::adopt(std::move(bytes));
                    config = head;
                }
                opus_audio_ = true;
#ifdef LAL_HAVE_TRANSCODE
                if (host.context().cfg.rtc.opus_to_aac) to_aac_.emplace();
#endif
            }
            auto d = rtp::make_depacketizer(m.codec, m.clock_rate, config);
            if (!d) continue;
            track t;
            t.kind = m.kind;
            t.depacketizer = std::move(d);
            tracks_.emplace(m.payload_type, std::move(t));
        }
    }

    /// Publishes into the hub; the error text when refused.
    std::string attach() {
        auto pub = host_.context().streams.publish(params_.key, *this, params_.query);
        if (!pub) return "already publishing";
        publication_ = std::move(*pub);
        enter_directory("WEBRTCPUB");
        LAL_LOG_INFO("[whip] publish start: id={} remote={} stream={}{}{} tracks={}", directory_id_, params_.remote,
                     params_.key.str(), params_.query.empty() ? "" : "?", params_.query, tracks_.size());
        if (opus_audio_) {
#ifdef LAL_HAVE_TRANSCODE
            const bool as_aac = to_aac_.has_value();
#else
            const bool as_aac = false;
#endif
            if (as_aac) {
                LAL_LOG_INFO("[whip] {}: Opus audio published as AAC (transcoded) for every output",
                             params_.key.str());
            } else {
                // Enhanced RTMP's Opus FourCC (veovera v2), fMP4's Opus box, MPEG-TS's Opus registration.
                LAL_LOG_INFO("[whip] {}: Opus audio published as Opus: Enhanced RTMP, HTTP-FLV, fMP4, HTTP-TS, HLS "
                             "and WebRTC players get it, legacy FLV players video only",
                             params_.key.str());
            }
        }
        return {};
    }

    bool publishing() const noexcept override { return true; }
    void ask_key_frame(std::int64_t now_ms) override { request_key_frame(now_ms, false); }

    // ---- publisher_sink ----
    void kicked(std::string_view reason) override {
        asio::post(host_.context().loops.context(host_.worker()),
                   [weak = weak_from_this(), why = std::string(reason)] {
                       auto self = weak.lock();
                       if (!self) return;
                       static_cast<rtc_publisher&>(*self).publication_.reset();
                       self->end("replaced: " + why);
                   });
    }

private:
    struct track {
        media_kind kind = media_kind::video;
        rtp::reorder_buffer reorder;
        std::unique_ptr<rtp::depacketizer> depacketizer;
        std::uint32_t ssrc = 0;
        std::uint64_t broken = 0;  // broken + skipped frames seen so far
    };

    static media::micros us_of(std::int64_t ms) { return ms * 1000; }

    void on_connected() override { request_key_frame(0, true); }

    void on_rtp(std::vector<std::byte>&& bytes, std::int64_t now_ms) override {
        auto p = rtp::parse_packet(lal::payload::adopt(std::move(bytes)));
        if (!p) return;
        auto it = tracks_.find(p->header.payload_type);
        if (it == tracks_.end()) return;  // a payload type the answer did not take (RTX, FEC)
        it->second.ssrc = p->header.ssrc;
        it->second.reorder.push(std::move(*p), us_of(now_ms));
        drain(it->second, now_ms);
        if (publication_) publication_->flush();
    }

    void on_rtcp(const std::vector<std::byte>& compound) override {
        // Sender reports tie each track's RTP time to the wall clock (RFC 3550 6.4.1).
        auto packets = rtp::parse_rtcp(compound);
        if (!packets) return;
        for (const auto& p : *packets) {
            const auto* sr = std::get_if<rtp::sender_report>(&p);
            if (!sr) continue;
            for (auto& [pt, t] : tracks_)
                if (t.ssrc == sr->ssrc) t.depacketizer->clock().on_sender_report(*sr);
        }
    }

    void on_timer(std::int64_t now_ms) override {
        for (auto& [pt, t] : tracks_) drain(t, now_ms);
        if (publication_) {
            publication_->flush();
            // A player joined: ask for a key frame so it need not wait a whole GOP.
            const auto players = publication_->target().subscriber_count();
            if (players > players_) request_key_frame(now_ms, false);
            players_ = players;
        }
    }

    void drain(track& t, std::int64_t now_ms) {
        while (auto o = t.reorder.next(us_of(now_ms))) {
            (void)t.depacketizer->push(o->packet);  // a malformed payload drops its frame
            while (auto f = t.depacketizer->next()) push_frame(std::move(*f));
        }
        if (t.kind != media_kind::video) return;
        const auto& st = t.depacketizer->stats();
        const auto broken = st.broken_frames + st.skipped_frames;
        if (broken != t.broken) {
            t.broken = broken;
            request_key_frame(now_ms, false);  // loss broke a frame: video waits for the next key frame
        }
    }

    void push_frame(media::media_frame f) {
        if (!publication_) return;
#ifdef LAL_HAVE_TRANSCODE
        // The stream has one audio track: AAC, which every output carries
        // (RTMP, HTTP-FLV, HTTP-TS, HLS); WHEP players get it back as Opus.
        if (to_aac_ && f.codec == media::codec_id::opus) {
            aac_out_.clear();
            if (to_aac_->transcode(f, aac_out_)) {
                ++aac_failures_;  // this packet only (lal::transcode README, Errors and limits)
                return;
            }
            for (auto& a : aac_out_) push_converted(std::move(a));
            return;
        }
#endif
        push_converted(std::move(f));
    }

    void push_converted(media::media_frame f) {
        for (auto& item : input_.convert(f)) {
            media_.note(item);
            publication_->push(std::move(item));
        }
    }

    /// A PLI to the publisher's video SSRC (RFC 4585 6.3.1), at most every pli_interval_ms.
    void request_key_frame(std::int64_t now_ms, bool force) {
        if (!peer_.connected()) return;
        if (!force && now_ms - last_pli_ms_ < pli_interval_ms) return;
        std::uint32_t media_ssrc = 0;
        for (const auto& [pt, t] : tracks_)
            if (t.kind == media_kind::video) media_ssrc = t.ssrc;
        const auto* v = accepted(params_.negotiation, media_kind::video);
        if (!v) return;
        if (media_ssrc == 0 && v->remote_ssrc) media_ssrc = *v->remote_ssrc;
        if (media_ssrc == 0) return;
        last_pli_ms_ = now_ms;
        std::vector<std::byte> compound;
        // RFC 4585 3.1 wants a compound packet; RFC 5506 reduced-size RTCP is what browsers send anyway.
        if (rtp::append_feedback(rtp::picture_loss{params_.video_ssrc, media_ssrc}, compound)) return;
        peer_.send_rtcp(std::move(compound));
        flush_output();
    }

    void leave_hub() override {
#ifdef LAL_HAVE_TRANSCODE
        if (to_aac_ && publication_) {
            aac_out_.clear();
            to_aac_->flush(aac_out_);  // the audio still held, to its end
            for (auto& a : aac_out_) push_converted(std::move(a));
        }
#endif
        if (publication_) publication_->flush();
        publication_.reset();
    }
    void describe_more(lal::hub::session_info& i) const override {
        media_.describe_into(i);
#ifdef LAL_HAVE_TRANSCODE
        i.transcode_errors = aac_failures_;
#endif
    }

    std::map<std::uint8_t, track> tracks_;
    std::shared_ptr<publication> publication_;
    media::frame_input input_;
    media_summary media_;
    std::size_t players_ = 0;
    std::int64_t last_pli_ms_ = 0;
    bool opus_audio_ = false;
#ifdef LAL_HAVE_TRANSCODE
    std::optional<transcode::opus_to_aac> to_aac_;  // the Opus track as AAC, for every output
    std::vector<media::media_frame> aac_out_;
    std::uint64_t aac_failures_ = 0;
#endif
};

}  // namespace

std::shared_ptr<rtc_session> rtc_session::make_player(rtc_host& host, rtc_session_params params) {
    return std::make_shared<rtc_player>(host, std::move(params));
}

std::shared_ptr<rtc_session> rtc_session::make_publisher(rtc_host& host, rtc_session_params params,
                                                         std::string& error) {
    auto p = std::make_shared<rtc_publisher>(host, std::move(params));
    error = p->attach();
    if (!error.empty()) return nullptr;
    return p;
}

}  // namespace lal::server
