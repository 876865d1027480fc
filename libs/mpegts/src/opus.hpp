// SPDX-License-Identifier: MIT
// Opus in MPEG-TS as ffmpeg carries it (ETSI TS 102 366 Annex-style control
// header per packet, registration descriptor "Opus", extension descriptor
// with a channel_config_code).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/media/frame.hpp>

namespace lal::mpegts::detail {

/// Longest control header write_opus_control_header writes for `size` bytes.
constexpr std::size_t opus_control_header_size(std::size_t size) noexcept { return 2 + size / 255 + 1; }

/// Writes the control header of one packet of `size` bytes at `out`: the
/// 11-bit prefix 0x3ff, no trim flags, then au_size as 0xff bytes and a last
/// byte below 255. Returns the bytes written.
std::size_t write_opus_control_header(std::size_t size, std::byte* out) noexcept;

/// One packet taken from a PES payload: where it is and the bytes the control
/// header used; nullopt if `in` does not start with a whole one.
struct opus_packet_ref {
    std::size_t offset = 0;  ///< first byte of the Opus packet
    std::size_t size = 0;
};
std::optional<opus_packet_ref> read_opus_control_header(byte_span in) noexcept;

/// Duration of an Opus packet from its TOC byte (RFC 6716 3.1); 0 if malformed.
media::micros opus_packet_duration(byte_span packet) noexcept;

/// The PMT descriptors for an OpusHead (RFC 7845 5.1): registration "Opus"
/// and the DVB extension descriptor with channel_config_code (channels for
/// mapping family 0 or 1 with up to 8 channels, else 0xff).
void append_opus_descriptors(byte_span opus_head, std::vector<std::byte>& out);

/// True when the ES_info descriptors name Opus (registration "Opus").
bool is_opus(byte_span descriptors) noexcept;

/// An OpusHead for the channel_config_code in `descriptors` (1 or 2
/// channels, mapping family 0, pre-skip 0, 48 kHz); nullopt for other codes.
std::optional<std::vector<std::byte>> opus_head_from(byte_span descriptors);

}  // namespace lal::mpegts::detail
