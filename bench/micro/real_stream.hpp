// SPDX-License-Identifier: MIT
#pragma once

// The real clip's tags as RTMP messages, in file order: what a publisher such
// as ffmpeg sends for it (audio, video and the onMetaData data message).

#include <cstdint>
#include <optional>
#include <vector>

#include <lal/flv/reader.hpp>
#include <lal/rtmp/message.hpp>

#include "bench_support.hpp"

namespace lal::bench {

/// The tags of the real clip as messages on message stream 1, each on the
/// chunk stream lal sends its type on; nullopt when the file cannot be read.
inline std::optional<std::vector<rtmp::message>> real_messages() {
    auto file = read_source_file(real_flv);
    if (!file) return std::nullopt;
    flv::reader r;
    if (r.feed(*file) || r.finish()) return std::nullopt;
    std::vector<rtmp::message> out;
    while (auto t = r.next()) {
        const auto type = static_cast<std::uint8_t>(t->type);
        out.push_back({type, t->timestamp, 1, rtmp::default_chunk_stream(type), t->data});
    }
    return out;
}

/// Sum of the message body sizes.
inline std::int64_t body_bytes(const std::vector<rtmp::message>& messages) {
    std::int64_t n = 0;
    for (const auto& m : messages) n += static_cast<std::int64_t>(m.body.size());
    return n;
}

}  // namespace lal::bench
