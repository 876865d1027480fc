// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include "hub/frame.hpp"

namespace lal::server {

/// Builds the wire forms the server sends: RTMP chunks at the server's chunk
/// size on message stream 1 (what every player's createStream is answered
/// with), and complete FLV tags. Stateless, so any thread may call it.
class wire_encoder : public frame_encoder {
public:
    explicit wire_encoder(std::uint32_t rtmp_chunk_size) : chunk_size_(rtmp_chunk_size) {}
    lal::payload encode(const frame& f, output_form form) const override;
    std::uint32_t chunk_size() const noexcept { return chunk_size_; }

private:
    std::uint32_t chunk_size_;
};

/// The 13 bytes an HTTP-FLV response starts with: the FLV header with both the
/// audio and the video flag (E.2) and PreviousTagSize0.
const lal::payload& flv_stream_header();

}  // namespace lal::server
