// SPDX-License-Identifier: MIT
#include "api_json.hpp"

#include <ctime>
#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace lal::server {

using json = nlohmann::json;

json api_envelope(int code, std::string_view desp, json data) {
    json j = {{"error_code", code}, {"desp", desp}};
    if (!data.is_null()) j["data"] = std::move(data);
    return j;
}

std::string lal_time_text(std::int64_t unix_ms) {
    const std::time_t secs = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    localtime_r(&secs, &tm);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:03}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                       tm.tm_hour, tm.tm_min, tm.tm_sec, unix_ms % 1000);
}

json lal_info_json(const config& c, std::int64_t start_unix_ms) {
    return {{"server_id", c.server_id},
            {"bin_info", "lal (C++20) " LAL_SERVER_VERSION},
            {"lal_version", LAL_SERVER_VERSION},
            {"api_version", "1.0.0"},  // the lal-Go API this one follows
            {"notify_version", "1.0.0"},
            {"WebUiVersion", ""},
            {"start_time", lal_time_text(start_unix_ms)}};
}

json stat_session_json(const lal::hub::session_info& s) {
    // lal-Go's bitrate_kbits is the direction that carries the media.
    const auto main_kbits = s.base_type == "SUB" || s.base_type == "PUSH" ? s.wrote_kbits : s.read_kbits;
    return {{"session_id", s.id},
            {"protocol", s.protocol},
            {"base_type", s.base_type},
            {"remote_addr", s.remote_addr},
            {"start_time", lal_time_text(s.start_unix_ms)},
            {"read_bytes_sum", s.read_bytes},
            {"wrote_bytes_sum", s.wrote_bytes},
            {"bitrate_kbits", main_kbits},
            {"read_bitrate_kbits", s.read_kbits},
            {"write_bitrate_kbits", s.wrote_kbits}};
}

namespace {
/// An absent publisher or pull: lal-Go sends the struct with zero values.
json empty_session() {
    return {{"session_id", ""}, {"protocol", ""}, {"base_type", ""}, {"remote_addr", ""},
            {"start_time", ""}, {"read_bytes_sum", 0}, {"wrote_bytes_sum", 0}, {"bitrate_kbits", 0},
            {"read_bitrate_kbits", 0}, {"write_bitrate_kbits", 0}};
}

struct group {
    lal::hub::stream_key key;
    const lal::hub::session_info* in = nullptr;  // the publisher or the pull
    std::vector<const lal::hub::session_info*> subs;
};

/// The stream's audio frames its transcoders failed on: the publisher's own
/// (WHIP Opus->AAC) and the AAC->Opus track its WHEP players share (each
/// reports the same track's count, so the largest, not the sum).
std::uint64_t transcode_errors(const group& g) {
    std::uint64_t players = 0;
    for (const auto* s : g.subs) players = std::max(players, s->transcode_errors);
    return (g.in ? g.in->transcode_errors : 0) + players;
}
}  // namespace

json stat_groups_json(const std::vector<lal::hub::session_info>& sessions,
                      const std::vector<lal::hub::stream_key>& keys, std::int64_t now_unix_ms) {
    std::map<std::pair<std::string, std::string>, group> groups;
    for (const auto& k : keys) groups[{k.app, k.name}].key = k;
    for (const auto& s : sessions) {
        auto& g = groups[{s.key.app, s.key.name}];
        g.key = s.key;
        if (s.base_type == "SUB" || s.base_type == "PUSH") {
            g.subs.push_back(&s);
        } else if (!g.in || s.base_type == "PUB") {
            g.in = &s;  // a local publisher is what the stream shows, not a pull it replaced
        }
    }
    json out = json::array();
    for (const auto& [name, g] : groups) {
        json subs = json::array();
        for (const auto* s : g.subs) subs.push_back(stat_session_json(*s));
        const bool pulled = g.in && g.in->base_type == "PULL";
        json j = {{"stream_name", g.key.name},
                  {"app_name", g.key.app},
                  {"audio_codec", g.in ? g.in->audio_codec : ""},
                  {"video_codec", g.in ? g.in->video_codec : ""},
                  {"video_width", g.in ? g.in->video_width : 0},
                  {"video_height", g.in ? g.in->video_height : 0},
                  {"pub", g.in && !pulled ? stat_session_json(*g.in) : empty_session()},
                  {"subs", std::move(subs)},
                  {"pull", pulled ? stat_session_json(*g.in) : empty_session()},
                  {"in_frame_per_sec", json::array()},
                  {"transcode_errors", transcode_errors(g)}};
        if (g.in) j["in_frame_per_sec"].push_back({{"unix_sec", now_unix_ms / 1000}, {"v", g.in->video_fps}});
        out.push_back(std::move(j));
    }
    return out;
}

json session_event_json(const std::string& server_id, const lal::hub::session_info& s, bool has_in, bool has_out) {
    return {{"server_id", server_id},
            {"session_id", s.id},
            {"protocol", s.protocol},
            {"base_type", s.base_type},
            {"remote_addr", s.remote_addr},
            {"url", s.url},
            {"app_name", s.key.app},
            {"stream_name", s.key.name},
            {"url_param", s.url_param},
            {"has_in_session", has_in},
            {"has_out_session", has_out},
            {"read_bytes_sum", s.read_bytes},
            {"wrote_bytes_sum", s.wrote_bytes}};
}

}  // namespace lal::server
