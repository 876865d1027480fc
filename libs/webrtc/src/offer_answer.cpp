// SPDX-License-Identifier: MIT
#include <lal/webrtc/offer_answer.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

#include <lal/sdp/session.hpp>

namespace lal::webrtc {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

template <class T>
std::optional<T> to_number(std::string_view s, int base = 10) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc{} || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

std::vector<std::string_view> words(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        while (i < s.size() && s[i] == ' ') ++i;
        auto j = i;
        while (j < s.size() && s[j] != ' ') ++j;
        if (j > i) out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

// A media-level attribute, else the session-level one (RFC 8839 5.4, RFC 8122 5).
std::optional<std::string_view> either(const sdp::session_description& s, const sdp::media_description& m,
                                       std::string_view name) {
    if (auto v = m.attribute(name)) return v;
    return s.attribute(name);
}

// RFC 8122 5: "sha-256 AB:CD:..." with 32 hex pairs; any of several lines.
std::optional<std::string> sha256_fingerprint(const sdp::session_description& s, const sdp::media_description& m) {
    auto scan = [](const std::vector<sdp::attribute>& attrs) -> std::optional<std::string> {
        for (const auto& a : attrs) {
            if (!iequals(a.name, "fingerprint") || !a.value) continue;
            auto w = words(*a.value);
            if (w.size() != 2 || !iequals(w[0], "sha-256") || w[1].size() != 95) continue;
            bool ok = true;
            for (std::size_t i = 0; i < w[1].size(); ++i)
                ok = ok && (i % 3 == 2 ? w[1][i] == ':' : std::isxdigit(static_cast<unsigned char>(w[1][i])) != 0);
            if (ok) return std::string(w[1]);
        }
        return std::nullopt;
    };
    if (auto f = scan(m.attributes)) return f;
    return scan(s.attributes);
}

// RFC 8839 5.4: ufrag 4..256 ice-chars, pwd 22..256.
bool valid_ice(std::string_view text, std::size_t min) {
    if (text.size() < min || text.size() > 256) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '+' || c == '/';
    });
}

std::string_view direction_of(const sdp::session_description& s, const sdp::media_description& m) {
    for (auto d : {"sendrecv", "sendonly", "recvonly", "inactive"})
        if (m.attribute(d)) return d;
    for (auto d : {"sendrecv", "sendonly", "recvonly", "inactive"})
        if (s.attribute(d)) return d;
    return "sendrecv";  // RFC 8866 6.7
}

struct codec_choice {
    std::uint8_t pt = 0;
    media::codec_id codec = media::codec_id::unknown;
    sdp::rtpmap map;
};

// RFC 6184 8.1: profile-level-id is three hex bytes; absent means 42000a (baseline).
std::optional<std::uint32_t> profile_level_id(const std::vector<sdp::fmtp_parameter>& fmtp) {
    auto v = sdp::fmtp_value(fmtp, "profile-level-id");
    if (!v) return 0x42000a;
    if (v->size() != 6) return std::nullopt;
    return to_number<std::uint32_t>(*v, 16);
}

// RFC 7798 7.1: H.265 of the source's general_profile_idc (profile-id, 1
// Main when absent); tier and level are the receiver's limits. Receiving, any.
std::optional<codec_choice> choose_h265(const sdp::media_description& m, const answer_options& o) {
    for (const auto& f : m.formats) {
        auto pt = to_number<std::uint8_t>(f);
        if (!pt) continue;
        auto map = m.rtpmap(*pt);
        if (!map || !iequals(map->encoding, "H265") || map->clock_rate != 90000) continue;
        codec_choice c{*pt, media::codec_id::h265, *map};
        if (o.dir == direction::receive) return c;
        const auto fmtp = m.fmtp(*pt);
        const auto id = sdp::fmtp_value(fmtp, "profile-id");
        const auto profile = id ? to_number<std::uint8_t>(*id) : std::optional<std::uint8_t>(1);
        if (profile && *profile == o.video->profile_idc) return c;
    }
    return std::nullopt;
}

// AV1 RTP 7.2.1: AV1/90000; an absent profile means 0 (Main). The
// receiver must decode the source's profile; level and tier are its limits.
std::optional<codec_choice> choose_av1(const sdp::media_description& m, const answer_options& o) {
    for (const auto& f : m.formats) {
        auto pt = to_number<std::uint8_t>(f);
        if (!pt) continue;
        auto map = m.rtpmap(*pt);
        if (!map || !iequals(map->encoding, "AV1") || map->clock_rate != 90000) continue;
        if (o.av1) {
            const auto fmtp = m.fmtp(*pt);  // fmtp_value views into it: keep it alive
            const auto v = sdp::fmtp_value(fmtp, "profile");
            const auto profile = v ? to_number<unsigned>(*v) : std::optional<unsigned>(0);
            if (profile != o.av1->profile) continue;
        }
        return codec_choice{*pt, media::codec_id::av1, *map};
    }
    return std::nullopt;
}

std::optional<codec_choice> choose_video(const sdp::media_description& m, const answer_options& o) {
    if (o.dir == direction::send && o.video && o.video->codec == media::codec_id::h265) return choose_h265(m, o);
    if (o.dir == direction::send && o.video && o.video->codec == media::codec_id::av1) return choose_av1(m, o);
    if (o.dir == direction::send && (!o.video || o.video->codec != media::codec_id::h264)) return std::nullopt;
    std::optional<codec_choice> loose;
    for (const auto& f : m.formats) {
        auto pt = to_number<std::uint8_t>(f);
        if (!pt) continue;
        auto map = m.rtpmap(*pt);
        if (!map || !iequals(map->encoding, "H264") || map->clock_rate != 90000) continue;
        const auto fmtp = m.fmtp(*pt);
        // RFC 6184 6.3: mode 1 (non-interleaved) is what the packetizer writes and the depacketizer reads.
        auto mode = sdp::fmtp_value(fmtp, "packetization-mode");
        if (!mode || *mode != "1") continue;
        codec_choice c{*pt, media::codec_id::h264, *map};
        if (o.dir == direction::receive) return c;  // before any H.265 (below)
        auto plid = profile_level_id(fmtp);
        if (!plid) continue;
        // The decoder must know the source's profile; the level of the offer
        // is the receiver's limit, and browsers decode above it in practice.
        const auto profile = static_cast<std::uint8_t>(*plid >> 16);
        const auto constraints = static_cast<std::uint8_t>(*plid >> 8);
        if (profile != o.video->profile_idc) continue;
        if (constraints == o.video->constraints) return c;
        if (!loose) loose = c;
    }
    // A publisher that offers H.265 only (a browser with a hardware encoder).
    if (o.dir == direction::receive) return choose_h265(m, o);
    return loose;
}

std::optional<codec_choice> choose_audio(const sdp::media_description& m, const answer_options& o) {
    struct wanted {
        media::codec_id codec;
        std::string_view name;
        std::uint32_t rate;
    };
    std::vector<wanted> order;
    if (o.dir == direction::receive) {
        order = {{media::codec_id::opus, "opus", 48000}, {media::codec_id::g711a, "PCMA", 8000},
                 {media::codec_id::g711u, "PCMU", 8000}};
    } else if (o.audio) {
        if (o.audio->codec == media::codec_id::opus) order = {{media::codec_id::opus, "opus", 48000}};
        if (o.audio->codec == media::codec_id::g711a) order = {{media::codec_id::g711a, "PCMA", 8000}};
        if (o.audio->codec == media::codec_id::g711u) order = {{media::codec_id::g711u, "PCMU", 8000}};
    }
    for (const auto& w : order) {
        for (const auto& f : m.formats) {
            auto pt = to_number<std::uint8_t>(f);
            if (!pt) continue;
            auto map = m.rtpmap(*pt);
            if (!map || !iequals(map->encoding, w.name) || map->clock_rate != w.rate) continue;
            // RFC 7587 7: opus is always written opus/48000/2.
            if (w.codec == media::codec_id::opus && map->channels != 2) continue;
            return codec_choice{*pt, w.codec, *map};
        }
    }
    return std::nullopt;
}

std::optional<std::uint32_t> first_ssrc(const sdp::media_description& m) {
    // RFC 5576 4.2: with an FID group (RTX) the first SSRC is the media one.
    for (const auto& a : m.attributes) {
        if (!iequals(a.name, "ssrc-group") || !a.value) continue;
        auto w = words(*a.value);
        if (w.size() >= 2 && iequals(w[0], "FID")) return to_number<std::uint32_t>(w[1]);
    }
    if (auto v = m.attribute("ssrc")) {
        auto w = words(*v);
        if (!w.empty()) return to_number<std::uint32_t>(w[0]);
    }
    return std::nullopt;
}

void feedback_of(const sdp::media_description& m, std::uint8_t pt, negotiated_media& n,
                 std::vector<sdp::attribute>& answer) {
    // RFC 4585 4.2: a=rtcp-fb:<pt or *> nack [pli] | ccm fir (RFC 5104 7.1).
    const auto pt_text = std::to_string(pt);
    for (const auto& a : m.attributes) {
        if (!iequals(a.name, "rtcp-fb") || !a.value) continue;
        auto w = words(*a.value);
        if (w.size() < 2 || (w[0] != pt_text && w[0] != "*")) continue;
        std::string kept;
        if (w.size() == 2 && iequals(w[1], "nack")) {
            n.nack = true;
            kept = "nack";
        } else if (w.size() == 3 && iequals(w[1], "nack") && iequals(w[2], "pli")) {
            n.pli = true;
            kept = "nack pli";
        } else if (w.size() == 3 && iequals(w[1], "ccm") && iequals(w[2], "fir")) {
            n.fir = true;
            kept = "ccm fir";
        } else {
            continue;
        }
        answer.push_back({"rtcp-fb", pt_text + " " + kept});
    }
}

}  // namespace

std::string candidate_attribute(const host_candidate& c, unsigned foundation) {
    // RFC 8445 5.1.2.1: host type preference 126, local preference 65535, component 1.
    const std::uint32_t priority = (126u << 24) | (65535u << 8) | (256u - 1u);
    return std::to_string(foundation) + " 1 udp " + std::to_string(priority) + " " + c.address + " " +
           std::to_string(c.port) + " typ host";
}

lal::result<negotiation> answer_offer(std::string_view offer, const answer_options& o) {
    auto parsed = sdp::parse(offer);
    if (!parsed) return errc::not_an_offer;
    const auto& s = *parsed;
    if (s.media.size() > o.max_media) return errc::too_many_media;

    negotiation out;
    sdp::session_description answer;
    answer.origin.session_id = o.session_id;
    answer.origin.session_version = "2";
    answer.attributes.push_back({"ice-lite", std::nullopt});  // RFC 8445 2.5

    // The BUNDLE group of the offer (RFC 8843 9.2): a=group:BUNDLE mid...
    std::vector<std::string_view> bundle;
    for (const auto& a : s.attributes) {
        if (!iequals(a.name, "group") || !a.value) continue;
        auto w = words(*a.value);
        if (!w.empty() && iequals(w[0], "BUNDLE")) bundle.assign(w.begin() + 1, w.end());
    }

    std::size_t active = 0;
    bool have_av = false;
    std::error_code first_refusal;
    std::vector<std::string> accepted_mids;
    for (const auto& m : s.media) {
        negotiated_media n;
        sdp::media_description a;
        a.media = m.media;
        a.proto = m.proto;
        a.formats = m.formats.empty() ? std::vector<std::string>{"0"} : std::vector<std::string>{m.formats.front()};
        a.port = 0;
        if (auto mid = m.attribute("mid")) n.mid = std::string(*mid);
        const bool av = m.media == "audio" || m.media == "video";
        n.kind = m.media == "audio"   ? media::media_kind::audio
                 : m.media == "video" ? media::media_kind::video
                                      : media::media_kind::data;  // a data channel or other application section
        have_av = have_av || av;
        if (!av || m.port == 0) {
            // Data channels and already rejected sections: rejected, with their mid only.
            if (!n.mid.empty()) a.attributes.push_back({"mid", n.mid});
            answer.media.push_back(std::move(a));
            out.media.push_back(std::move(n));
            continue;
        }
        ++active;
        // RFC 8829 5.1.2: WebRTC media is DTLS-SRTP with feedback.
        if (!iequals(m.proto, "UDP/TLS/RTP/SAVPF")) return errc::not_secure;
        if (n.mid.empty()) return errc::missing_mid;
        if (!m.attribute("rtcp-mux")) return errc::no_rtcp_mux;  // RFC 8858: lal offers no separate RTCP port
        auto ufrag = either(s, m, "ice-ufrag");
        auto pwd = either(s, m, "ice-pwd");
        if (!ufrag || !pwd || !valid_ice(*ufrag, 4) || !valid_ice(*pwd, 22)) return errc::missing_ice_credentials;
        if (out.remote_ice.ufrag.empty()) out.remote_ice = {std::string(*ufrag), std::string(*pwd)};
        auto fp = sha256_fingerprint(s, m);
        if (!fp) return errc::missing_fingerprint;
        if (out.remote_fingerprint.empty()) out.remote_fingerprint = *fp;
        // RFC 5763 5: lal answers passive (DTLS server), so the offerer must be able to be active.
        if (auto setup = either(s, m, "setup"); setup && !iequals(*setup, "actpass") && !iequals(*setup, "active"))
            return errc::bad_setup;

        const auto dir = direction_of(s, m);
        const bool fits = o.dir == direction::send ? (dir == "recvonly" || dir == "sendrecv")
                                                   : (dir == "sendonly" || dir == "sendrecv");
        auto choice = !fits ? std::nullopt
                      : m.media == "video" ? choose_video(m, o)
                                           : choose_audio(m, o);
        if (!choice) {
            if (!first_refusal) first_refusal = fits ? errc::no_common_codec : errc::wrong_direction;
            a.attributes.push_back({"mid", n.mid});
            answer.media.push_back(std::move(a));
            out.media.push_back(std::move(n));
            continue;
        }
        n.accepted = true;
        n.codec = choice->codec;
        n.payload_type = choice->pt;
        n.clock_rate = choice->map.clock_rate;
        n.channels = choice->map.channels;
        if (o.dir == direction::receive) n.remote_ssrc = first_ssrc(m);

        a.formats = {std::to_string(choice->pt)};
        a.port = o.candidates.empty() ? 9 : o.candidates.front().port;  // RFC 8829 5.3.1: 9 when none
        sdp::connection c;
        if (!o.candidates.empty()) {
            c.address = o.candidates.front().address;
            if (c.address.find(':') != std::string::npos) c.addr_type = "IP6";
        }
        a.connection = c;
        auto& at = a.attributes;
        at.push_back({"mid", n.mid});
        at.push_back({"ice-ufrag", o.ice.ufrag});
        at.push_back({"ice-pwd", o.ice.pwd});
        at.push_back({"fingerprint", "sha-256 " + o.fingerprint});
        at.push_back({"setup", "passive"});
        at.push_back({o.dir == direction::send ? "sendonly" : "recvonly", std::nullopt});
        at.push_back({"rtcp-mux", std::nullopt});
        std::string map = std::to_string(choice->pt) + " " + choice->map.encoding + "/" +
                          std::to_string(choice->map.clock_rate);
        if (choice->map.channels) map += "/" + std::to_string(choice->map.channels);
        at.push_back({"rtpmap", map});
        if (choice->codec == media::codec_id::av1 && o.av1) {
            // AV1 RTP 7.2.1: what lal sends, from the source's sequence header.
            const auto& p = *o.av1;
            at.push_back({"fmtp", std::to_string(choice->pt) + " profile=" + std::to_string(p.profile) +
                                      ";level-idx=" + std::to_string(p.level_idx) + ";tier=" + (p.tier ? "1" : "0")});
        }
        for (const auto& attr : m.attributes) {
            if (choice->codec == media::codec_id::av1 && o.av1) break;
            if (!iequals(attr.name, "fmtp") || !attr.value) continue;
            auto w = words(*attr.value);
            if (!w.empty() && w[0] == std::to_string(choice->pt)) at.push_back({"fmtp", *attr.value});
        }
        feedback_of(m, choice->pt, n, at);
        if (o.dir == direction::send) {
            const auto ssrc = std::to_string(n.kind == media::media_kind::video ? o.video_ssrc : o.audio_ssrc);
            const auto track = std::string(n.kind == media::media_kind::video ? "video" : "audio");
            at.push_back({"msid", "lal " + track});
            at.push_back({"ssrc", ssrc + " cname:" + o.cname});
            at.push_back({"ssrc", ssrc + " msid:lal " + track});
        }
        for (std::size_t i = 0; i < o.candidates.size(); ++i)
            at.push_back({"candidate", candidate_attribute(o.candidates[i], static_cast<unsigned>(i + 1))});
        at.push_back({"end-of-candidates", std::nullopt});
        accepted_mids.push_back(n.mid);
        answer.media.push_back(std::move(a));
        out.media.push_back(std::move(n));
    }
    if (!have_av || active == 0) return errc::no_media;
    if (accepted_mids.empty()) return first_refusal ? first_refusal : make_error_code(errc::no_common_codec);
    // RFC 8843 7.2: every section lal answers must share the one transport.
    if (active > 1) {
        for (const auto& n : out.media) {
            if (n.mid.empty()) continue;
            if (std::find(bundle.begin(), bundle.end(), n.mid) == bundle.end()) {
                const auto& m = s.media[static_cast<std::size_t>(&n - out.media.data())];
                if (m.port != 0 && (m.media == "audio" || m.media == "video")) return errc::no_bundle;
            }
        }
    }
    if (!bundle.empty()) {
        std::string group = "BUNDLE";
        for (const auto& mid : accepted_mids) group += " " + mid;
        answer.attributes.insert(answer.attributes.begin(), {"group", group});
    }
    answer.attributes.push_back({"msid-semantic", " WMS lal"});
    out.answer = sdp::to_string(answer);
    return out;
}

}  // namespace lal::webrtc
