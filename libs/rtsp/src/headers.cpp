// SPDX-License-Identifier: MIT
#include <lal/rtsp/headers.hpp>

#include <cstdio>

#include <lal/rtsp/error.hpp>
#include <lal/rtsp/message.hpp>
#include "text.hpp"

namespace lal::rtsp {
namespace {

std::string_view unquote(std::string_view v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
}

// "a" or "a-b" (RFC 2326 12.39 port and channel ranges).
template <class T>
std::optional<number_pair<T>> parse_pair(std::string_view v) {
    auto dash = v.find('-');
    auto a = detail::number<T>(v.substr(0, dash));
    if (!a) return std::nullopt;
    if (dash == std::string_view::npos) return number_pair<T>{*a, static_cast<T>(*a + 1)};
    auto b = detail::number<T>(v.substr(dash + 1));
    if (!b) return std::nullopt;
    return number_pair<T>{*a, *b};
}

template <class T>
std::string pair_string(const number_pair<T>& p) {
    return std::to_string(p.first) + '-' + std::to_string(p.second);
}

lal::result<transport> parse_one_transport(std::string_view spec) {
    auto parts = detail::split(spec, ';');
    if (parts.empty()) return errc::bad_transport;
    transport t;
    auto proto = parts[0];  // RTP/AVP[/UDP|/TCP]
    if (iequals(proto, "RTP/AVP") || iequals(proto, "RTP/AVP/UDP")) {
        t.profile = "RTP/AVP";
    } else if (iequals(proto, "RTP/AVP/TCP")) {
        t.profile = "RTP/AVP/TCP";
        t.tcp = true;
    } else {
        return errc::bad_transport;
    }
    for (std::size_t i = 1; i < parts.size(); ++i) {
        auto p = parts[i];
        auto eq = p.find('=');
        auto key = detail::trim(p.substr(0, eq));
        auto val = eq == std::string_view::npos ? std::string_view{} : detail::trim(p.substr(eq + 1));
        if (iequals(key, "unicast")) {
            t.multicast = false;
        } else if (iequals(key, "multicast")) {
            t.multicast = true;
        } else if (iequals(key, "interleaved")) {
            auto v = parse_pair<std::uint8_t>(val);
            if (!v) return errc::bad_transport;
            t.interleaved = v;
            t.tcp = true;
        } else if (iequals(key, "client_port")) {
            auto v = parse_pair<std::uint16_t>(val);
            if (!v) return errc::bad_transport;
            t.client_port = v;
        } else if (iequals(key, "server_port")) {
            auto v = parse_pair<std::uint16_t>(val);
            if (!v) return errc::bad_transport;
            t.server_port = v;
        } else if (iequals(key, "ssrc")) {
            std::uint32_t v = 0;
            auto [end, ec] = std::from_chars(val.data(), val.data() + val.size(), v, 16);
            if (val.empty() || ec != std::errc{} || end != val.data() + val.size()) return errc::bad_transport;
            t.ssrc = v;
        } else if (iequals(key, "mode")) {
            t.mode = std::string(unquote(val));
        } else if (iequals(key, "destination")) {
            t.destination = std::string(val);
        } else if (iequals(key, "source")) {
            t.source = std::string(val);
        }  // ttl, layers, port, append: not used by lal, ignored (RFC 2326 12.39)
    }
    return t;
}

}  // namespace

lal::result<std::vector<transport>> parse_transport(std::string_view value) {
    std::vector<transport> out;
    for (auto spec : detail::split(value, ',')) {
        auto t = parse_one_transport(spec);
        if (!t) return t.error();
        out.push_back(std::move(*t));
    }
    if (out.empty()) return errc::bad_transport;
    return out;
}

std::string to_string(const transport& t) {
    std::string s = t.tcp ? "RTP/AVP/TCP" : "RTP/AVP";
    s += t.multicast ? ";multicast" : ";unicast";
    if (!t.destination.empty()) s += ";destination=" + t.destination;
    if (!t.source.empty()) s += ";source=" + t.source;
    if (t.interleaved) s += ";interleaved=" + pair_string(*t.interleaved);
    if (t.client_port) s += ";client_port=" + pair_string(*t.client_port);
    if (t.server_port) s += ";server_port=" + pair_string(*t.server_port);
    if (t.ssrc) {
        char hex[9];
        std::snprintf(hex, sizeof hex, "%08X", static_cast<unsigned>(*t.ssrc));
        s += ";ssrc=";
        s += hex;
    }
    if (!t.mode.empty()) s += ";mode=" + t.mode;
    return s;
}

lal::result<session_header> parse_session(std::string_view value) {
    auto parts = detail::split(value, ';');
    if (parts.empty()) return errc::bad_session;
    session_header s;
    s.id = std::string(parts[0]);
    for (std::size_t i = 1; i < parts.size(); ++i) {
        auto eq = parts[i].find('=');
        if (!iequals(detail::trim(parts[i].substr(0, eq)), "timeout")) continue;
        if (eq == std::string_view::npos) return errc::bad_session;
        auto t = detail::number<std::uint32_t>(detail::trim(parts[i].substr(eq + 1)));
        if (!t) return errc::bad_session;
        s.timeout = t;
    }
    return s;
}

std::string to_string(const session_header& s) {
    return s.timeout ? s.id + ";timeout=" + std::to_string(*s.timeout) : s.id;
}

std::vector<rtp_info> parse_rtp_info(std::string_view value) {
    std::vector<rtp_info> out;
    for (auto entry : detail::split(value, ',')) {
        rtp_info r;
        for (auto p : detail::split(entry, ';')) {
            auto eq = p.find('=');
            if (eq == std::string_view::npos) continue;
            auto key = detail::trim(p.substr(0, eq));
            auto val = detail::trim(p.substr(eq + 1));
            if (iequals(key, "url")) r.url = std::string(val);
            else if (iequals(key, "seq")) r.seq = detail::number<std::uint16_t>(val);
            else if (iequals(key, "rtptime")) r.rtptime = detail::number<std::uint32_t>(val);
        }
        if (!r.url.empty()) out.push_back(std::move(r));
    }
    return out;
}

std::string to_string(const std::vector<rtp_info>& entries) {
    std::string s;
    for (const auto& r : entries) {
        if (!s.empty()) s += ',';
        s += "url=" + r.url;
        if (r.seq) s += ";seq=" + std::to_string(*r.seq);
        if (r.rtptime) s += ";rtptime=" + std::to_string(*r.rtptime);
    }
    return s;
}

std::vector<std::string> parse_public(std::string_view value) {
    std::vector<std::string> out;
    for (auto m : detail::split(value, ',')) out.emplace_back(m);
    return out;
}

std::string public_value(const std::vector<std::string>& methods) {
    std::string s;
    for (const auto& m : methods) {
        if (!s.empty()) s += ", ";
        s += m;
    }
    return s;
}

std::string to_string(const npt_range& r) {
    char buf[64];
    const double start = r.start.value_or(0.0);
    if (r.end) std::snprintf(buf, sizeof buf, "npt=%.3f-%.3f", start, *r.end);
    else std::snprintf(buf, sizeof buf, "npt=%.3f-", start);
    return buf;
}

std::string content_base(const message& response, std::string_view request_uri) {
    if (auto b = response.get("Content-Base")) return std::string(*b);
    if (auto l = response.get("Content-Location")) return std::string(*l);
    return std::string(request_uri);
}

}  // namespace lal::rtsp
