// SPDX-License-Identifier: MIT
#include "cluster_protocol.hpp"

#include <charconv>

namespace lal::server::cluster {

namespace {

template <class T>
std::optional<T> number(std::string_view s) {
    T v{};
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<std::uint16_t> port(std::string_view s) {
    auto p = number<std::uint16_t>(s);
    if (!p || *p == 0) return std::nullopt;
    return p;
}

}  // namespace

std::optional<registry_address> parse_registry_url(std::string_view url) {
    constexpr std::string_view scheme = "redis://";
    if (url.substr(0, scheme.size()) != scheme) return std::nullopt;
    url.remove_prefix(scheme.size());
    if (const auto slash = url.find('/'); slash != std::string_view::npos) url = url.substr(0, slash);
    registry_address a;
    const auto colon = url.rfind(':');
    if (colon != std::string_view::npos && url.find(']', colon) == std::string_view::npos) {
        auto p = port(url.substr(colon + 1));
        if (!p) return std::nullopt;
        a.port = *p;
        url = url.substr(0, colon);
    }
    if (url.size() >= 2 && url.front() == '[' && url.back() == ']') url = url.substr(1, url.size() - 2);
    if (!valid_token(url)) return std::nullopt;
    a.host = std::string(url);
    return a;
}

std::string stream_key_name(std::string_view app, std::string_view stream) {
    return "lal:stream:" + std::string(app) + "/" + std::string(stream);
}

std::string server_key_name(std::string_view server_id) { return "lal:server:" + std::string(server_id); }

std::vector<std::string> claim_command(const std::string& key, const std::string& owner_record, std::uint32_t ttl_ms,
                                       bool force) {
    // One script, so reading the owner and setting it is atomic (Redis EVAL).
    static const std::string script =
        "local v = redis.call('GET', KEYS[1]) "
        "if v == false or v == ARGV[1] or ARGV[3] == '1' then "
        "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end "
        "return v";
    return {"EVAL", script, "1", key, owner_record, std::to_string(ttl_ms), force ? "1" : "0"};
}

std::vector<std::string> release_command(const std::string& key, const std::string& owner_record) {
    static const std::string script =
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";
    return {"EVAL", script, "1", key, owner_record};
}

std::vector<std::string> lookup_command(const std::string& key) { return {"GET", key}; }

std::vector<std::string> load_command(const server_load& l, std::uint32_t ttl_ms) {
    return {"SET", server_key_name(l.server.server_id), encode(l), "PX", std::to_string(ttl_ms)};
}

std::uint32_t hops_in_query(std::string_view query) noexcept {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto item = query.substr(0, amp);
        if (item.size() > hops_param.size() && item.substr(0, hops_param.size()) == hops_param &&
            item[hops_param.size()] == '=') {
            if (auto n = number<std::uint32_t>(item.substr(hops_param.size() + 1))) return *n;
            return 0;
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return 0;
}

std::string pull_url(std::string_view authority, std::string_view app, std::string_view stream, std::uint32_t hops) {
    return "rtmp://" + std::string(authority) + "/" + std::string(app) + "/" + std::string(stream) + "?" + std::string(hops_param) + "=" +
           std::to_string(hops);
}

}  // namespace lal::server::cluster
