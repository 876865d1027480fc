// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/media/frame.hpp>
#include <lal/mpegts/demuxer.hpp>

namespace lalbench {

/// The frames of an MPEG-TS byte stream (HTTP-TS bodies, HLS segments) for
/// players: lal::mpegts's demuxer, fed in pieces of any size.
class ts_reader {
public:
    /// Called per audio frame, and per video frame with the first bytes of
    /// its body in FLV form (the 5-byte AVC NALU header of FLV spec E.4.3.1,
    /// then its length-prefixed NAL units from the first that is not an
    /// AUD, SPS or PPS), enough for find_stamp.
    struct handlers {
        std::function<void()> audio;
        std::function<void(lal::byte_span flv_prefix)> video;
    };

    explicit ts_reader(handlers h) : handlers_(std::move(h)) {}
    /// Demuxes `in`; frames complete in it go to the handlers.
    void feed(lal::byte_span in);
    /// The end of one file (an HLS segment): its last video frame is complete.
    void finish();

private:
    void drain();

    handlers handlers_;
    lal::mpegts::demuxer demuxer_;
    std::vector<std::byte> prefix_;
};

}  // namespace lalbench
