// SPDX-License-Identifier: MIT
#include "ts_reader.hpp"

#include <algorithm>

#include "stamp.hpp"

namespace lalbench {

void ts_reader::feed(lal::byte_span in) {
    demuxer_.feed(in);
    drain();
}

void ts_reader::finish() {
    demuxer_.finish();
    drain();
    // A segment is a whole file: the next one starts with its own PAT and PMT.
    demuxer_ = lal::mpegts::demuxer{};
}

void ts_reader::drain() {
    while (auto e = demuxer_.next()) {
        const auto* f = std::get_if<lal::media::media_frame>(&*e);
        if (!f) continue;  // continuity errors: the frame is dropped, a loss the stamps show
        if (f->kind == lal::media::media_kind::audio) {
            if (handlers_.audio) handlers_.audio();
            continue;
        }
        if (f->kind != lal::media::media_kind::video || !handlers_.video) continue;
        // Skip the NAL units the muxer adds ahead of the publisher's (H.264 7.4.1.2.3):
        // AUD (9), SPS (7), PPS (8); the stamp SEI is the publisher's first.
        auto nalus = f->data.bytes();
        while (nalus.size() > 4) {
            const std::size_t len = (std::to_integer<std::size_t>(nalus[0]) << 24) |
                                    (std::to_integer<std::size_t>(nalus[1]) << 16) |
                                    (std::to_integer<std::size_t>(nalus[2]) << 8) | std::to_integer<std::size_t>(nalus[3]);
            const auto type = std::to_integer<unsigned>(nalus[4]) & 0x1f;
            if ((type != 9 && type != 7 && type != 8) || len + 4 > nalus.size()) break;
            nalus = nalus.subspan(len + 4);
        }
        const std::byte head[5] = {std::byte{static_cast<unsigned char>(f->keyframe ? 0x17 : 0x27)}, std::byte{1},
                                   std::byte{0}, std::byte{0}, std::byte{0}};
        prefix_.assign(head, head + 5);
        const auto n = std::min(nalus.size(), stamp_prefix_size - 5);
        prefix_.insert(prefix_.end(), nalus.begin(), nalus.begin() + static_cast<std::ptrdiff_t>(n));
        handlers_.video(lal::byte_span(prefix_.data(), prefix_.size()));
    }
}

}  // namespace lalbench
