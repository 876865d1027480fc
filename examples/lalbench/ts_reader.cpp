// SPDX-License-Identifier: MIT
#include "ts_reader.hpp"

#include "video_prefix.hpp"

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
        flv_video_prefix(f->data.bytes(), f->keyframe, prefix_);
        handlers_.video(lal::byte_span(prefix_.data(), prefix_.size()));
    }
}

}  // namespace lalbench
