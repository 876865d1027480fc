// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/base/bytes.hpp>
#include <lal/rtmp/message.hpp>

#include "hub_types.hpp"

namespace lal::server {

/// RTMP chunks at the server's chunk size on message stream 1 (what every
/// player's createStream is answered with). Stateless: any thread may call it.
class rtmp_chunks_form : public lal::hub::form_encoder {
public:
    explicit rtmp_chunks_form(std::uint32_t chunk_size) : chunk_size_(chunk_size) {}
    lal::media::wire_form encode(const frame& f) const override;

private:
    std::uint32_t chunk_size_;
};

/// Complete FLV tags (header, data, PreviousTagSize). Stateless.
class flv_tag_form : public lal::hub::form_encoder {
public:
    lal::media::wire_form encode(const frame& f) const override;
};

/// The output forms the server registers at start, and their indices.
struct server_forms {
    /// Registers RTMP chunks at `rtmp_chunk_size` and FLV tags.
    explicit server_forms(std::uint32_t rtmp_chunk_size);

    lal::hub::output_forms forms;
    form_index rtmp_chunks = 0;
    form_index flv_tag = 0;
};

/// Classifies an RTMP message / FLV tag body once, as it enters the hub
/// (lal::flv::classify: key frame, sequence header; Enhanced RTMP aware).
frame_info frame_info_of(media_kind kind, lal::byte_span body) noexcept;

/// The 13 bytes an HTTP-FLV response starts with: the FLV header with both the
/// audio and the video flag (E.2) and PreviousTagSize0.
const lal::payload& flv_stream_header();

}  // namespace lal::server
