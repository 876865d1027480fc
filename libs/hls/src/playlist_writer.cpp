// SPDX-License-Identifier: MIT
#include <lal/hls/playlist_writer.hpp>

#include <cstdio>

#include <lal/hls/program_date_time.hpp>

namespace lal::hls {
namespace {

void append_number(std::string& out, std::uint64_t v) { out += std::to_string(v); }

// "3.000": milliseconds as seconds with three decimals, exact (no floating point).
void append_seconds(std::string& out, std::int64_t ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%lld.%03lld", static_cast<long long>(ms / 1000),
                  static_cast<long long>(ms % 1000));
    out += buf;
}

}  // namespace

void append_playlist_header(std::string& out, const playlist_header& header) {
    out += "#EXTM3U\n#EXT-X-VERSION:";  // RFC 8216 4.3.1.1: the first line
    append_number(out, static_cast<std::uint64_t>(header.version));
    out += "\n#EXT-X-TARGETDURATION:";
    append_number(out, static_cast<std::uint64_t>(header.target_duration_s));
    out += "\n#EXT-X-MEDIA-SEQUENCE:";
    append_number(out, header.media_sequence);
    out += '\n';
    if (header.discontinuity_sequence > 0) {
        out += "#EXT-X-DISCONTINUITY-SEQUENCE:";
        append_number(out, header.discontinuity_sequence);
        out += '\n';
    }
    if (header.part_hold_back_ms > 0) {
        // RFC 8216bis 4.4.3.8: this server holds playlist requests for a future part.
        out += "#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=";
        append_seconds(out, header.part_hold_back_ms);
        out += '\n';
    }
    if (header.part_target_ms > 0) {
        out += "#EXT-X-PART-INF:PART-TARGET=";  // RFC 8216bis 4.4.3.7
        append_seconds(out, header.part_target_ms);
        out += '\n';
    }
    if (header.type == playlist_type::event) out += "#EXT-X-PLAYLIST-TYPE:EVENT\n";
    if (header.type == playlist_type::vod) out += "#EXT-X-PLAYLIST-TYPE:VOD\n";
}

void append_playlist_entry(std::string& out, const playlist_entry& e) {
    if (e.discontinuity) out += "#EXT-X-DISCONTINUITY\n";
    if (!e.map_uri.empty()) {
        out += "#EXT-X-MAP:URI=\"";
        out += e.map_uri;
        out += "\"\n";
    }
    out += "#EXT-X-PROGRAM-DATE-TIME:";
    out += format_program_date_time(e.program_date_time_ms);
    out += '\n';
    for (const auto& p : e.parts) {
        out += "#EXT-X-PART:DURATION=";
        append_seconds(out, p.duration_ms);
        out += ",URI=\"";
        out += p.uri;
        out += p.independent ? "\",INDEPENDENT=YES\n" : "\"\n";
    }
    if (!e.complete) return;  // the open segment: parts only
    out += "#EXTINF:";
    append_seconds(out, e.duration_ms);
    out += ",\n";
    out += e.uri;
    out += '\n';
}

void append_playlist_end(std::string& out, const playlist_header& header) {
    if (!header.preload_hint.empty()) {
        out += "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"";
        out += header.preload_hint;
        out += "\"\n";
    }
    if (header.ended) out += "#EXT-X-ENDLIST\n";
}

std::string write_media_playlist(const playlist_header& header, std::span<const playlist_entry> entries) {
    std::string out;
    out.reserve(160 + entries.size() * 110);
    append_playlist_header(out, header);
    for (const auto& e : entries) append_playlist_entry(out, e);
    append_playlist_end(out, header);
    return out;
}

}  // namespace lal::hls
