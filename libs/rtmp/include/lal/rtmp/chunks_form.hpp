// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>

#include <lal/media/form_encoder.hpp>

namespace lal::rtmp {

/// The RTMP output form of media items: each item as one message (its FLV
/// body, lal::flv::to_flv_pieces) cut into chunks at a fixed chunk size, a type 0
/// header with the absolute timestamp then type 3 headers (RTMP spec 5.3.1),
/// so the same bytes suit every connection with that outbound chunk size
/// whenever it joined. Header bytes plus slices of the item's payload.
/// Stateless: any thread may call it.
class chunks_form : public media::form_encoder {
public:
    /// Chunks of `chunk_size` bytes on message stream `message_stream_id` (1:
    /// the id servers answer every player's createStream with).
    explicit chunks_form(std::uint32_t chunk_size, std::uint32_t message_stream_id = 1) noexcept
        : chunk_size_(chunk_size), message_stream_id_(message_stream_id) {}
    /// The chunks of `item`; empty when FLV cannot carry it.
    media::wire_form encode(const media::media_item& item) const override;

private:
    std::uint32_t chunk_size_;
    std::uint32_t message_stream_id_;
};

}  // namespace lal::rtmp
