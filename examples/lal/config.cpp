// SPDX-License-Identifier: MIT
#include "config.hpp"

#include <algorithm>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string_view>

#include <nlohmann/json.hpp>

#include <lal/net/ip_prefix.hpp>

#include "cluster_protocol.hpp"

namespace lal::server {

using json = nlohmann::ordered_json;

namespace {

// One known key: how to read it from JSON into the config, and how to write it back.
struct key_binding {
    std::function<std::string(const json&)> read;  // returns an error text, empty when fine
    std::function<json()> write;
};

template <class T>
key_binding bind_unsigned(T& field, std::uint64_t min = 0, std::uint64_t max = std::numeric_limits<T>::max()) {
    return {[&field, min, max](const json& v) -> std::string {
                if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
                    return "expected an unsigned integer, got " + std::string(v.type_name());
                }
                const auto n = v.get<std::uint64_t>();
                if (n < min || n > max) {
                    return "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                           std::to_string(n);
                }
                field = static_cast<T>(n);
                return {};
            },
            [&field] { return json(field); }};
}

key_binding bind_int(int& field, int min, int max) {
    return {[&field, min, max](const json& v) -> std::string {
                if (!v.is_number_integer()) return "expected an integer, got " + std::string(v.type_name());
                const auto n = v.get<std::int64_t>();
                if (n < min || n > max) {
                    return "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                           std::to_string(n);
                }
                field = static_cast<int>(n);
                return {};
            },
            [&field] { return json(field); }};
}

key_binding bind_bool(bool& field) {
    return {[&field](const json& v) -> std::string {
                if (!v.is_boolean()) return "expected true or false, got " + std::string(v.type_name());
                field = v.get<bool>();
                return {};
            },
            [&field] { return json(field); }};
}

key_binding bind_string(std::string& field) {
    return {[&field](const json& v) -> std::string {
                if (!v.is_string()) return "expected a string, got " + std::string(v.type_name());
                field = v.get<std::string>();
                return {};
            },
            [&field] { return json(field); }};
}

key_binding bind_address(std::string& field) {
    auto b = bind_string(field);
    auto read = b.read;
    b.read = [read, &field](const json& v) -> std::string {
        if (auto e = read(v); !e.empty()) return e;
        if (auto a = parse_listen_address(field); !a) {
            return "expected \"host:port\" or \":port\", got \"" + field + "\" (" + a.error().message() + ")";
        }
        return {};
    };
    return b;
}

// A relay address: "host:port" (RTMP with the same app and stream), or a URL
// template of one of `schemes` naming the stream with {stream}.
std::string relay_address_error(const std::string& text, const std::vector<std::string_view>& schemes) {
    const auto sep = text.find("://");
    if (sep == std::string::npos) {
        auto a = parse_listen_address(text);
        if (!a || a->host.empty()) return "expected \"host:port\" or a URL template, got \"" + text + "\"";
        return {};
    }
    bool known = false;
    for (auto scheme : schemes) known = known || text.compare(0, sep, scheme) == 0;
    if (!known) return "unsupported scheme in \"" + text + "\"";
    if (sep + 3 >= text.size() || text[sep + 3] == '/') return "no host in \"" + text + "\"";
    if (text.find("{stream}") == std::string::npos) return "the URL template has no {stream}: \"" + text + "\"";
    return {};
}

key_binding bind_relay_address(std::string& field, std::vector<std::string_view> schemes) {
    auto b = bind_string(field);
    auto read = b.read;
    b.read = [read, &field, schemes](const json& v) -> std::string {
        if (auto e = read(v); !e.empty()) return e;
        return field.empty() ? std::string{} : relay_address_error(field, schemes);
    };
    return b;
}

// An http:// or https:// URL a notification or hook is sent to; empty means none.
key_binding bind_http_url(std::string& field) {
    auto b = bind_string(field);
    auto read = b.read;
    b.read = [read, &field](const json& v) -> std::string {
        if (auto e = read(v); !e.empty()) return e;
        if (field.empty()) return {};
        const std::size_t host_at = field.rfind("http://", 0) == 0 ? 7 : field.rfind("https://", 0) == 0 ? 8 : 0;
        if (host_at == 0 || field.size() <= host_at || field[host_at] == '/') {
            return "expected an http[s]://host[:port]/path URL, got \"" + field + "\"";
        }
        return {};
    };
    return b;
}

// A list of strings, each passed to `check` (an error text, empty when fine);
// the error names the item: "[1]: ...".
key_binding bind_string_list(std::vector<std::string>& field, std::function<std::string(const std::string&)> check) {
    return {[&field, check](const json& v) -> std::string {
                if (!v.is_array()) return "expected a list of strings, got " + std::string(v.type_name());
                std::vector<std::string> out;
                for (std::size_t i = 0; i < v.size(); ++i) {
                    const auto where = "[" + std::to_string(i) + "]: ";
                    if (!v[i].is_string()) return where + "expected a string, got " + std::string(v[i].type_name());
                    out.push_back(v[i].get<std::string>());
                    if (auto e = check(out.back()); !e.empty()) return where + e;
                }
                field = std::move(out);
                return {};
            },
            [&field] { return json(field); }};
}

key_binding bind_push_targets(std::vector<std::string>& field) {
    return bind_string_list(field, [](const std::string& t) { return relay_address_error(t, {"rtmp", "rtmps"}); });
}

// A list of CIDR blocks (lal::net::parse_ip_prefix), each checked here so a
// typo stops the server at start instead of letting an address through.
key_binding bind_prefix_list(std::vector<std::string>& field) {
    return bind_string_list(field, [](const std::string& t) -> std::string {
        if (auto p = lal::net::parse_ip_prefix(t); !p) {
            return "expected an address or CIDR block, got \"" + t + "\" (" + p.error().message() + ")";
        }
        return {};
    });
}

// A list of IP addresses (no prefix length): the host candidates WebRTC announces (RFC 8839 5.1).
key_binding bind_ip_list(std::vector<std::string>& field) {
    return bind_string_list(field, [](const std::string& t) -> std::string {
        auto p = lal::net::parse_ip_prefix(t);
        if (!p || t.find('/') != std::string::npos) return "expected an IP address, got \"" + t + "\"";
        return {};
    });
}

// A URL path prefix: starts and ends with '/' (lal-Go's url_pattern).
key_binding bind_url_pattern(std::string& field) {
    auto b = bind_string(field);
    auto read = b.read;
    b.read = [read, &field](const json& v) -> std::string {
        if (auto e = read(v); !e.empty()) return e;
        if (field.empty() || field.front() != '/' || field.back() != '/') {
            return "a path starting and ending with '/', got \"" + field + "\"";
        }
        return {};
    };
    return b;
}

// A string that `check` accepts (it returns what is wrong, empty when right).
key_binding bind_checked(std::string& field, std::function<std::string(const std::string&)> check) {
    auto b = bind_string(field);
    auto read = b.read;
    b.read = [read, &field, check = std::move(check)](const json& v) -> std::string {
        if (auto e = read(v); !e.empty()) return e;
        return check(field);
    };
    return b;
}

// A server id or host of the cluster registry's records (cluster_protocol.hpp).
key_binding bind_cluster_token(std::string& field, bool may_be_empty) {
    return bind_checked(field, [may_be_empty](const std::string& f) -> std::string {
        if ((may_be_empty && f.empty()) || cluster::valid_token(f)) return {};
        return "expected 1 to 128 characters without spaces, got \"" + f + "\"";
    });
}

key_binding bind_registry_url(std::string& field) {
    return bind_checked(field, [](const std::string& f) -> std::string {
        if (cluster::parse_registry_url(f)) return {};
        return "expected redis://host[:port], got \"" + f + "\"";
    });
}

key_binding bind_choice(std::string& field, std::vector<std::string> choices) {
    return bind_checked(field, [choices = std::move(choices)](const std::string& f) -> std::string {
        std::string all;
        for (const auto& c : choices) {
            if (f == c) return {};
            all += (all.empty() ? "\"" : ", \"") + c + "\"";
        }
        return "expected one of " + all + ", got \"" + f + "\"";
    });
}

// "host:port" of an RTMP peer, or empty for none.
key_binding bind_parent(std::string& field) {
    return bind_checked(field, [](const std::string& f) -> std::string {
        if (f.empty()) return {};
        auto a = parse_listen_address(f);
        if (!a || a->host.empty()) return "expected \"host:port\" or empty, got \"" + f + "\"";
        return {};
    });
}

// Rules across keys, checked once every key is read.
// A recording's file name pattern: not empty, not absolute, no ".." folder,
// and only the placeholders record_files.cpp knows.
std::string record_pattern_error(const std::string& p) {
    if (p.empty()) return "must not be empty";
    if (p.front() == '/') return "must be relative to the out path, got \"" + p + "\"";
    if (("/" + p + "/").find("/../") != std::string::npos) return "must not name \"..\"";
    for (auto open = p.find('{'); open != std::string::npos; open = p.find('{', open + 1)) {
        const auto close = p.find('}', open);
        const auto name = p.substr(open, close == std::string::npos ? std::string::npos : close - open + 1);
        static const char* known[] = {"{app}", "{stream}", "{unixsec}", "{unixms}", "{datetime}", "{index}"};
        if (std::find(std::begin(known), std::end(known), name) == std::end(known)) {
            return "unknown placeholder " + name + " (known: {app} {stream} {unixsec} {unixms} {datetime} {index})";
        }
    }
    return {};
}

std::string cross_check(const config& c) {
    if (c.relay_push.retry_min_ms > c.relay_push.retry_max_ms) {
        return "relay_push.retry_min_ms: must not exceed relay_push.retry_max_ms";
    }
    if (c.log.stats_interval_ms != 0 && c.log.stats_interval_ms < 100) {
        return "log.stats_interval_ms: 0 (off) or at least 100";
    }
    if ((!c.hooks.on_publish.empty() || !c.hooks.on_play.empty()) && c.hooks.timeout_ms >= c.timeouts.handshake_ms) {
        // The session's own admission timer (timeouts.handshake_ms) must not fire first.
        return "hooks.timeout_ms: must be below timeouts.handshake_ms";
    }
    if (!c.srt.passphrase.empty() && (c.srt.passphrase.size() < 10 || c.srt.passphrase.size() > 79)) {
        return "srt.passphrase: 10 to 79 characters (SRTO_PASSPHRASE), or empty for none";
    }
    if (c.srt.pbkeylen != 16 && c.srt.pbkeylen != 24 && c.srt.pbkeylen != 32) {
        return "srt.pbkeylen: 16, 24 or 32";
    }
    if (c.rtsp.udp_port_min + 1 > c.rtsp.udp_port_max) {
        return "rtsp.udp_port_min: must be below rtsp.udp_port_max (at least one RTP/RTCP port pair)";
    }
    if (c.rtsp.auth_enable && c.rtsp.username.empty()) {
        return "rtsp.username: needed when rtsp.auth_enable is true";
    }
    if (c.hls.fragment_format != "ts" && c.hls.fragment_format != "fmp4") {
        return "hls.fragment_format: \"ts\" or \"fmp4\"";
    }
    if (c.hls.ll_hls_enable && c.hls.fragment_format != "fmp4") {
        // RFC 8216bis 4.4.4.9: the parts here are fMP4 fragments.
        return "hls.ll_hls_enable: needs hls.fragment_format \"fmp4\"";
    }
    if (c.hls.ll_hls_enable && c.hls.part_duration_ms > c.hls.fragment_duration_ms) {
        return "hls.part_duration_ms: must not exceed hls.fragment_duration_ms";
    }
    if (c.cluster.enable && c.cluster.ttl_ms <= c.cluster.timeout_ms * 2) {
        // A refresh (every ttl_ms / 3) must land before the entry expires.
        return "cluster.ttl_ms: must be more than twice cluster.timeout_ms";
    }
    if (c.relay_pull.enable && c.relay_pull.addr.empty()) {
        return "relay_pull.addr: needed when relay_pull.enable is true";
    }
    if (auto e = record_pattern_error(c.record.file_pattern); !e.empty()) return "record.file_pattern: " + e;
    return {};
}

// The schema: every key path the config accepts, in the order it is written out.
std::vector<std::pair<std::string, key_binding>> schema(config& c) {
    return {
        {"rtmp.enable", bind_bool(c.rtmp.enable)},
        {"rtmp.addr", bind_address(c.rtmp.addr)},
        {"rtmp.gop_num", bind_unsigned(c.rtmp.gop_num, 0, 64)},
        {"rtmp.single_gop_max_frame_num", bind_unsigned(c.rtmp.single_gop_max_frame_num)},
        {"rtmp.chunk_size", bind_unsigned(c.rtmp.chunk_size, 128, 65536)},
        {"rtmp.merge_write_ms", bind_unsigned(c.rtmp.merge_write_ms, 0, 1000)},
        {"rtmp.flush_policy", bind_choice(c.rtmp.flush_policy, {"adaptive", "immediate"})},
        {"rtmp.flush_busy_players", bind_unsigned(c.rtmp.flush_busy_players)},
        {"rtmp.flush_busy_us", bind_unsigned(c.rtmp.flush_busy_us, 1, 10000000)},
        {"rtmp.flush_max_hold_ms", bind_unsigned(c.rtmp.flush_max_hold_ms, 1, 1000)},
        {"rtmp.rtmps_enable", bind_bool(c.rtmp.rtmps_enable)},
        {"rtmp.rtmps_addr", bind_address(c.rtmp.rtmps_addr)},
        {"rtmp.rtmps_cert_file", bind_string(c.rtmp.rtmps_cert_file)},
        {"rtmp.rtmps_key_file", bind_string(c.rtmp.rtmps_key_file)},
        {"default_http.https_listen_addr", bind_address(c.default_http.https_listen_addr)},
        {"default_http.https_cert_file", bind_string(c.default_http.https_cert_file)},
        {"default_http.https_key_file", bind_string(c.default_http.https_key_file)},
        {"httpflv.enable", bind_bool(c.httpflv.enable)},
        {"httpflv.enable_https", bind_bool(c.httpflv.enable_https)},
        {"httpflv.addr", bind_address(c.httpflv.addr)},
        {"httpflv.gop_num", bind_unsigned(c.httpflv.gop_num, 0, 64)},
        {"httpts.enable", bind_bool(c.httpts.enable)},
        {"httpts.enable_https", bind_bool(c.httpts.enable_https)},
        {"httpts.url_pattern", bind_url_pattern(c.httpts.url_pattern)},
        {"httpts.gop_num", bind_unsigned(c.httpts.gop_num, 0, 64)},
        {"httpfmp4.enable", bind_bool(c.httpfmp4.enable)},
        {"httpfmp4.enable_https", bind_bool(c.httpfmp4.enable_https)},
        {"httpfmp4.url_pattern", bind_url_pattern(c.httpfmp4.url_pattern)},
        {"httpfmp4.gop_num", bind_unsigned(c.httpfmp4.gop_num, 0, 64)},
        {"hls.enable", bind_bool(c.hls.enable)},
        {"hls.enable_https", bind_bool(c.hls.enable_https)},
        {"hls.url_pattern", bind_url_pattern(c.hls.url_pattern)},
        {"hls.out_path", bind_string(c.hls.out_path)},
        {"hls.fragment_duration_ms", bind_unsigned(c.hls.fragment_duration_ms, 100, 3'600'000)},
        {"hls.fragment_num", bind_unsigned(c.hls.fragment_num, 1, 100'000)},
        {"hls.delete_threshold", bind_unsigned(c.hls.delete_threshold, 0, 100'000)},
        {"hls.cleanup_mode", bind_unsigned(c.hls.cleanup_mode, 0, 2)},
        {"hls.use_memory_as_disk_flag", bind_bool(c.hls.use_memory_as_disk_flag)},
        {"hls.sub_session_timeout_ms", bind_unsigned(c.hls.sub_session_timeout_ms, 1000, 3'600'000)},
        {"hls.sub_session_hash_key", bind_string(c.hls.sub_session_hash_key)},
        {"hls.fragment_format", bind_string(c.hls.fragment_format)},
        {"hls.ll_hls_enable", bind_bool(c.hls.ll_hls_enable)},
        {"hls.part_duration_ms", bind_unsigned(c.hls.part_duration_ms, 10, 60'000)},
        {"srt.enable", bind_bool(c.srt.enable)},
        {"srt.addr", bind_address(c.srt.addr)},
        {"srt.latency_ms", bind_unsigned(c.srt.latency_ms, 0, 60000)},
        {"srt.passphrase", bind_string(c.srt.passphrase)},
        {"srt.pbkeylen", bind_unsigned(c.srt.pbkeylen, 16, 32)},
        {"srt.maxbw", bind_unsigned(c.srt.maxbw, 0, std::uint64_t{1} << 40)},
        {"srt.connect_timeout_ms", bind_unsigned(c.srt.connect_timeout_ms, 100, 60000)},
        {"srt.peer_idle_timeout_ms", bind_unsigned(c.srt.peer_idle_timeout_ms, 1000, 3'600'000)},
        {"srt.max_buffer_bytes", bind_unsigned(c.srt.max_buffer_bytes, 64 * 1024, 32 * 1024 * 1024)},
        {"srt.gop_num", bind_unsigned(c.srt.gop_num, 0, 64)},
        {"rtsp.enable", bind_bool(c.rtsp.enable)},
        {"rtsp.addr", bind_address(c.rtsp.addr)},
        {"rtsp.rtsps_enable", bind_bool(c.rtsp.rtsps_enable)},
        {"rtsp.rtsps_addr", bind_address(c.rtsp.rtsps_addr)},
        {"rtsp.rtsps_cert_file", bind_string(c.rtsp.rtsps_cert_file)},
        {"rtsp.rtsps_key_file", bind_string(c.rtsp.rtsps_key_file)},
        {"rtsp.out_wait_key_frame_flag", bind_bool(c.rtsp.out_wait_key_frame_flag)},
        {"rtsp.auth_enable", bind_bool(c.rtsp.auth_enable)},
        {"rtsp.auth_method", bind_unsigned(c.rtsp.auth_method, 0, 1)},
        {"rtsp.username", bind_string(c.rtsp.username)},
        {"rtsp.password", bind_string(c.rtsp.password)},
        {"rtsp.udp_port_min", bind_unsigned(c.rtsp.udp_port_min, 1024, 65534)},
        {"rtsp.udp_port_max", bind_unsigned(c.rtsp.udp_port_max, 1025, 65535)},
        {"rtsp.session_timeout_s", bind_unsigned(c.rtsp.session_timeout_s, 5, 3600)},
        {"rtc.enable", bind_bool(c.rtc.enable)},
        {"rtc.addr", bind_address(c.rtc.addr)},
        {"rtc.candidates", bind_ip_list(c.rtc.candidates)},
        {"rtc.session_timeout_ms", bind_unsigned(c.rtc.session_timeout_ms, 1000, 3'600'000)},
        {"rtc.max_sessions", bind_unsigned(c.rtc.max_sessions, 1, 100000)},
        {"rtc.wait_publisher_ms", bind_unsigned(c.rtc.wait_publisher_ms, 0, 60'000)},
        {"rtc.mtu", bind_unsigned(c.rtc.mtu, 576, 9000)},
        {"rtc.opus_to_aac", bind_bool(c.rtc.opus_to_aac)},
        {"quic.enable", bind_bool(c.quic.enable)},
        {"quic.addr", bind_address(c.quic.addr)},
        {"quic.cert_file", bind_string(c.quic.cert_file)},
        {"quic.key_file", bind_string(c.quic.key_file)},
        {"quic.max_sessions", bind_unsigned(c.quic.max_sessions, 1, 100000)},
        {"quic.idle_timeout_ms", bind_unsigned(c.quic.idle_timeout_ms, 1000, 600'000)},
        {"stream.replace_publisher", bind_bool(c.stream.replace_publisher)},
        {"stream.wait_publisher_ms", bind_unsigned(c.stream.wait_publisher_ms)},
        {"subscriber_queue.max_bytes", bind_unsigned(c.subscriber_queue.max_bytes, 4096)},
        {"subscriber_queue.max_ms", bind_unsigned(c.subscriber_queue.max_ms, 100)},
        {"subscriber_queue.slow_close_ms", bind_unsigned(c.subscriber_queue.slow_close_ms, 100)},
        {"timeouts.handshake_ms", bind_unsigned(c.timeouts.handshake_ms, 100)},
        {"timeouts.publisher_idle_ms", bind_unsigned(c.timeouts.publisher_idle_ms, 100)},
        {"limits.max_connections", bind_unsigned(c.limits.max_connections)},
        {"limits.max_message_bytes", bind_unsigned(c.limits.max_message_bytes, 65536, 16 * 1024 * 1024 - 1)},
        {"relay_push.enable", bind_bool(c.relay_push.enable)},
        {"relay_push.addr_list", bind_push_targets(c.relay_push.addr_list)},
        {"relay_push.connect_timeout_ms", bind_unsigned(c.relay_push.connect_timeout_ms, 100)},
        {"relay_push.retry_min_ms", bind_unsigned(c.relay_push.retry_min_ms, 10)},
        {"relay_push.retry_max_ms", bind_unsigned(c.relay_push.retry_max_ms, 10)},
        {"cluster.enable", bind_bool(c.cluster.enable)},
        {"cluster.server_id", bind_cluster_token(c.cluster.server_id, true)},
        {"cluster.advertise_addr", bind_cluster_token(c.cluster.advertise_addr, false)},
        {"cluster.registry", bind_registry_url(c.cluster.registry)},
        {"cluster.ttl_ms", bind_unsigned(c.cluster.ttl_ms, 500, 3600000)},
        {"cluster.timeout_ms", bind_unsigned(c.cluster.timeout_ms, 10, 60000)},
        {"cluster.on_conflict", bind_choice(c.cluster.on_conflict, {"refuse", "takeover"})},
        {"cluster.lookup", bind_bool(c.cluster.lookup)},
        {"cluster.parent", bind_parent(c.cluster.parent)},
        {"cluster.max_hops", bind_unsigned(c.cluster.max_hops, 1, 64)},
        {"relay_pull.enable", bind_bool(c.relay_pull.enable)},
        {"relay_pull.addr", bind_relay_address(c.relay_pull.addr, {"rtmp", "rtmps", "http", "https", "rtsp", "rtsps"})},
        {"relay_pull.connect_timeout_ms", bind_unsigned(c.relay_pull.connect_timeout_ms, 100)},
        {"relay_pull.read_timeout_ms", bind_unsigned(c.relay_pull.read_timeout_ms, 100)},
        {"relay_pull.retry_num", bind_unsigned(c.relay_pull.retry_num, 0, 1000)},
        {"relay_pull.retry_interval_ms", bind_unsigned(c.relay_pull.retry_interval_ms, 10)},
        {"relay_pull.stop_after_idle_ms", bind_unsigned(c.relay_pull.stop_after_idle_ms)},
        {"relay_pull.rtsp_mode", bind_unsigned(c.relay_pull.rtsp_mode, 0, 1)},
        {"threads", bind_unsigned(c.threads, 0, 256)},
        {"server_id", bind_string(c.server_id)},
        {"http_api.enable", bind_bool(c.http_api.enable)},
        {"http_api.addr", bind_address(c.http_api.addr)},
        {"http_api.token", bind_string(c.http_api.token)},
        {"http_api.console_js_dir", bind_string(c.http_api.console_js_dir)},
        {"http_api.enable_https", bind_bool(c.http_api.enable_https)},
        {"http_notify.enable", bind_bool(c.http_notify.enable)},
        {"http_notify.update_interval_sec", bind_unsigned(c.http_notify.update_interval_sec, 1, 86400)},
        {"http_notify.timeout_ms", bind_unsigned(c.http_notify.timeout_ms, 100, 60000)},
        {"http_notify.queue_size", bind_unsigned(c.http_notify.queue_size, 1, 1000000)},
        {"http_notify.on_server_start", bind_http_url(c.http_notify.on_server_start)},
        {"http_notify.on_update", bind_http_url(c.http_notify.on_update)},
        {"http_notify.on_pub_start", bind_http_url(c.http_notify.on_pub_start)},
        {"http_notify.on_pub_stop", bind_http_url(c.http_notify.on_pub_stop)},
        {"http_notify.on_sub_start", bind_http_url(c.http_notify.on_sub_start)},
        {"http_notify.on_sub_stop", bind_http_url(c.http_notify.on_sub_stop)},
        {"http_notify.on_relay_pull_start", bind_http_url(c.http_notify.on_relay_pull_start)},
        {"http_notify.on_relay_pull_stop", bind_http_url(c.http_notify.on_relay_pull_stop)},
        {"http_notify.on_rtmp_connect", bind_http_url(c.http_notify.on_rtmp_connect)},
        {"http_notify.on_hls_make_ts", bind_http_url(c.http_notify.on_hls_make_ts)},
        {"http_notify.on_record_open", bind_http_url(c.http_notify.on_record_open)},
        {"http_notify.on_record_close", bind_http_url(c.http_notify.on_record_close)},
        {"http_notify.ca_file", bind_string(c.http_notify.ca_file)},
        {"simple_auth.key", bind_string(c.simple_auth.key)},
        {"simple_auth.dangerous_lal_secret", bind_string(c.simple_auth.dangerous_lal_secret)},
        {"simple_auth.pub_rtmp_enable", bind_bool(c.simple_auth.pub_rtmp_enable)},
        {"simple_auth.sub_rtmp_enable", bind_bool(c.simple_auth.sub_rtmp_enable)},
        {"simple_auth.sub_httpflv_enable", bind_bool(c.simple_auth.sub_httpflv_enable)},
        {"simple_auth.sub_httpts_enable", bind_bool(c.simple_auth.sub_httpts_enable)},
        {"simple_auth.sub_httpfmp4_enable", bind_bool(c.simple_auth.sub_httpfmp4_enable)},
        {"simple_auth.hls_m3u8_enable", bind_bool(c.simple_auth.hls_m3u8_enable)},
        {"simple_auth.pub_rtsp_enable", bind_bool(c.simple_auth.pub_rtsp_enable)},
        {"simple_auth.sub_rtsp_enable", bind_bool(c.simple_auth.sub_rtsp_enable)},
        {"ip_acl.publish_allow", bind_prefix_list(c.ip_acl.publish_allow)},
        {"ip_acl.publish_deny", bind_prefix_list(c.ip_acl.publish_deny)},
        {"ip_acl.play_allow", bind_prefix_list(c.ip_acl.play_allow)},
        {"ip_acl.play_deny", bind_prefix_list(c.ip_acl.play_deny)},
        {"simple_auth.pub_srt_enable", bind_bool(c.simple_auth.pub_srt_enable)},
        {"simple_auth.sub_srt_enable", bind_bool(c.simple_auth.sub_srt_enable)},
        {"simple_auth.pub_rtc_enable", bind_bool(c.simple_auth.pub_rtc_enable)},
        {"simple_auth.sub_rtc_enable", bind_bool(c.simple_auth.sub_rtc_enable)},
        {"simple_auth.sub_moq_enable", bind_bool(c.simple_auth.sub_moq_enable)},
        {"hooks.on_publish", bind_http_url(c.hooks.on_publish)},
        {"hooks.on_play", bind_http_url(c.hooks.on_play)},
        {"hooks.timeout_ms", bind_unsigned(c.hooks.timeout_ms, 10, 60000)},
        {"hooks.fail_open", bind_bool(c.hooks.fail_open)},
        {"record.enable_flv", bind_bool(c.record.enable_flv)},
        {"record.flv_out_path", bind_string(c.record.flv_out_path)},
        {"record.enable_mpegts", bind_bool(c.record.enable_mpegts)},
        {"record.mpegts_out_path", bind_string(c.record.mpegts_out_path)},
        {"record.enable_mp4", bind_bool(c.record.enable_mp4)},
        {"record.mp4_out_path", bind_string(c.record.mp4_out_path)},
        {"record.file_pattern", bind_string(c.record.file_pattern)},
        {"record.split_duration_s", bind_unsigned(c.record.split_duration_s, 0, 86400)},
        {"hooks.ca_file", bind_string(c.hooks.ca_file)},
        {"log.level", bind_int(c.log.level, 1, 5)},
        {"log.filename", bind_string(c.log.filename)},
        {"log.is_to_stdout", bind_bool(c.log.is_to_stdout)},
        {"log.is_rotate_daily", bind_bool(c.log.is_rotate_daily)},
        {"log.short_file_flag", bind_bool(c.log.short_file_flag)},
        {"log.stats_interval_ms", bind_unsigned(c.log.stats_interval_ms)},
    };
}

// Walks a JSON object; every leaf must be a known key path. Keys starting with
// '#' are comments and are skipped.
std::string apply(const json& node, const std::string& prefix,
                  const std::map<std::string, const key_binding*>& keys,
                  const std::map<std::string, bool>& sections) {
    for (const auto& [name, value] : node.items()) {
        if (!name.empty() && name.front() == '#') continue;
        const std::string path = prefix.empty() ? name : prefix + "." + name;
        if (auto k = keys.find(path); k != keys.end()) {
            if (auto e = k->second->read(value); !e.empty()) return path + ": " + e;
            continue;
        }
        if (sections.count(path)) {
            if (!value.is_object()) return path + ": expected an object, got " + std::string(value.type_name());
            if (auto e = apply(value, path, keys, sections); !e.empty()) return e;
            continue;
        }
        return path + ": unknown key";
    }
    return {};
}

}  // namespace

lal::result<config> parse_config(const std::string& json_text, std::string& error) {
    const auto bad = std::make_error_code(std::errc::invalid_argument);
    json root;
    try {
        root = json::parse(json_text, nullptr, true, /*ignore_comments=*/false);
    } catch (const json::parse_error& e) {
        error = std::string("not valid JSON: ") + e.what();
        return bad;
    }
    if (!root.is_object()) {
        error = "the top level must be a JSON object";
        return bad;
    }
    config c;
    auto table = schema(c);
    std::map<std::string, const key_binding*> keys;
    std::map<std::string, bool> sections;
    for (const auto& [path, binding] : table) {
        keys[path] = &binding;
        for (auto dot = path.find('.'); dot != std::string::npos; dot = path.find('.', dot + 1)) {
            sections[path.substr(0, dot)] = true;
        }
    }
    if (auto e = apply(root, "", keys, sections); !e.empty()) {
        error = e;
        return bad;
    }
    if (auto e = cross_check(c); !e.empty()) {
        error = e;
        return bad;
    }
    return c;
}

lal::result<config> load_config_file(const std::string& path, std::string& error) {
    std::ifstream in(path);
    if (!in) {
        error = "cannot read config file " + path;
        return std::make_error_code(std::errc::no_such_file_or_directory);
    }
    std::stringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), error);
}

std::string dump_config(const config& in) {
    config c = in;
    json root = json::object();
    for (const auto& [path, binding] : schema(c)) {
        json* node = &root;
        std::size_t start = 0;
        for (auto dot = path.find('.'); dot != std::string::npos; dot = path.find('.', start)) {
            node = &(*node)[path.substr(start, dot - start)];
            start = dot + 1;
        }
        (*node)[path.substr(start)] = binding.write();
    }
    return root.dump(2) + "\n";
}

}  // namespace lal::server
