// SPDX-License-Identifier: MIT
#include "whep_sdp.hpp"

#include <charconv>
#include <vector>

#include <lal/sdp/session.hpp>

#include "player.hpp"

namespace lalbench {
namespace {

// H.264 formats offered: one per profile lal's answer may have to name (RFC 6184 8.1 profile-level-id).
struct h264_format {
    int pt;
    const char* profile_level_id;
};
constexpr h264_format h264_formats[] = {{102, "42e01f"}, {104, "4d401f"}, {106, "64001f"}};
constexpr int opus_pt = 111;

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

// The value of a=`name` in the section, else at session level (RFC 8839 5.4 allows both).
std::optional<std::string_view> either(const lal::sdp::session_description& s, const lal::sdp::media_description& m,
                                       std::string_view name) {
    if (auto v = m.attribute(name)) return v;
    return s.attribute(name);
}

std::vector<std::string_view> words(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto start = text.find_first_not_of(' ');
        if (start == std::string_view::npos) break;
        text.remove_prefix(start);
        const auto end = text.find(' ');
        out.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end);
    }
    return out;
}

// a=candidate (RFC 8839 5.1): foundation component transport priority address port "typ" type.
bool read_candidate(std::string_view value, whep_answer& out) {
    const auto w = words(value);
    if (w.size() < 8 || w[1] != "1" || !iequals(w[2], "udp") || w[6] != "typ") return false;
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(w[5].data(), w[5].data() + w[5].size(), port);
    if (ec != std::errc{} || end != w[5].data() + w[5].size() || port == 0 || port > 65535) return false;
    if (w[4].empty() || w[4].size() > 64) return false;
    out.address = std::string(w[4]);
    out.port = static_cast<std::uint16_t>(port);
    return true;
}

}  // namespace

std::optional<whep_target> parse_whep_target(std::string_view text, bool http_form) {
    const std::string_view scheme = http_form ? "http://" : "whep://";
    if (!text.starts_with(scheme)) return std::nullopt;
    auto rest = text.substr(scheme.size());
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    auto hp = split_authority(rest.substr(0, slash), http_form ? 80 : 0);  // whep:// names the HTTP port
    if (!hp) return std::nullopt;
    const auto path = rest.substr(slash);
    if (path.size() < 2 || path.size() > 2048) return std::nullopt;
    if (http_form) return whep_target{std::move(hp->host), hp->port, std::string(path)};
    // whep://host:port/app/stream: exactly two segments, as lal's /whep/<app>/<stream>.
    const auto second = path.find('/', 1);
    if (second == std::string_view::npos || second + 1 >= path.size() ||
        path.find_first_of("/?#", second + 1) != std::string_view::npos)
        return std::nullopt;
    return whep_target{std::move(hp->host), hp->port, "/whep" + std::string(path)};
}

std::string make_whep_offer(const whep_offer_params& p) {
    std::string common = "c=IN IP4 0.0.0.0\r\n"
                         "a=ice-ufrag:" + p.ufrag + "\r\n"
                         "a=ice-pwd:" + p.pwd + "\r\n"
                         "a=fingerprint:sha-256 " + p.fingerprint + "\r\n"
                         "a=setup:active\r\n"
                         "a=recvonly\r\n"
                         "a=rtcp-mux\r\n";
    std::string s = "v=0\r\n"
                    "o=lalbench 1 1 IN IP4 127.0.0.1\r\n"
                    "s=-\r\n"
                    "t=0 0\r\n"
                    "a=group:BUNDLE 0 1\r\n";
    s += "m=video 9 UDP/TLS/RTP/SAVPF";
    for (const auto& f : h264_formats) s += " " + std::to_string(f.pt);
    s += "\r\n" + common + "a=mid:0\r\n";
    for (const auto& f : h264_formats) {
        const auto pt = std::to_string(f.pt);
        s += "a=rtpmap:" + pt + " H264/90000\r\n";
        s += "a=fmtp:" + pt + " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=" +
             f.profile_level_id + "\r\n";
    }
    s += "m=audio 9 UDP/TLS/RTP/SAVPF " + std::to_string(opus_pt) + "\r\n" + common + "a=mid:1\r\n";
    s += "a=rtpmap:" + std::to_string(opus_pt) + " opus/48000/2\r\n";
    return s;
}

std::optional<whep_answer> parse_whep_answer(std::string_view text, std::string& error) {
    auto s = lal::sdp::parse(text);
    if (!s) {
        error = "answer SDP: " + s.error().message();
        return std::nullopt;
    }
    whep_answer out;
    for (const auto& m : s->media) {
        if (m.port == 0 || m.formats.empty()) continue;  // rejected (RFC 8829 5.3.1)
        unsigned pt = 0;
        const auto& f = m.formats.front();
        const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), pt);
        if (ec != std::errc{} || end != f.data() + f.size() || pt > 127) {
            error = "answer SDP: bad payload type '" + f + "'";
            return std::nullopt;
        }
        const auto map = m.rtpmap(static_cast<std::uint8_t>(pt));
        if (m.media == "video" && map && iequals(map->encoding, "H264")) out.video_pt = static_cast<std::uint8_t>(pt);
        else if (m.media == "audio" && map && iequals(map->encoding, "opus")) out.audio_pt = static_cast<std::uint8_t>(pt);
        else continue;
        if (out.ufrag.empty()) {
            auto ufrag = either(*s, m, "ice-ufrag");
            auto pwd = either(*s, m, "ice-pwd");
            if (!ufrag || !pwd || ufrag->empty() || pwd->empty() || ufrag->size() > 256 || pwd->size() > 256) {
                error = "answer SDP: no ice-ufrag/ice-pwd";
                return std::nullopt;
            }
            out.ufrag = std::string(*ufrag);
            out.pwd = std::string(*pwd);
        }
        if (out.fingerprint.empty()) {
            auto fp = either(*s, m, "fingerprint");
            const auto w = fp ? words(*fp) : std::vector<std::string_view>{};
            if (w.size() != 2 || !iequals(w[0], "sha-256")) {
                error = "answer SDP: no sha-256 fingerprint";
                return std::nullopt;
            }
            out.fingerprint = std::string(w[1]);
        }
        if (out.port == 0) {
            for (const auto& a : m.attributes) {
                if (iequals(a.name, "candidate") && a.value && read_candidate(*a.value, out)) break;
            }
        }
    }
    if (!out.video_pt && !out.audio_pt) {
        error = "answer SDP: neither H.264 video nor Opus audio accepted";
        return std::nullopt;
    }
    if (out.port == 0) {
        error = "answer SDP: no UDP host candidate";
        return std::nullopt;
    }
    return out;
}

}  // namespace lalbench
