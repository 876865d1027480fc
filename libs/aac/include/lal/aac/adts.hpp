// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <system_error>
#include <vector>

#include <lal/aac/audio_specific_config.hpp>
#include <lal/aac/error.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>

namespace lal::aac {

/// Bytes of an ADTS header without CRC (ISO/IEC 14496-3 1.A.2.2).
inline constexpr std::size_t adts_header_size = 7;
/// Largest frame aac_frame_length (13 bits) can describe, header included.
inline constexpr std::size_t adts_max_frame_size = 8191;
/// adts_buffer_fullness value meaning "variable bit rate".
inline constexpr std::uint16_t adts_vbr_fullness = 0x7ff;

/// adts_fixed_header + adts_variable_header + header error check
/// (ISO/IEC 14496-3 1.A.2.2 syntax, 1.A.3 semantics).
struct adts_header {
    bool mpeg2 = false;               ///< ID: true = MPEG-2 AAC (ISO/IEC 13818-7), false = MPEG-4
    bool has_crc = false;             ///< protection_absent == 0
    std::uint8_t object_type = 2;     ///< profile_ObjectType + 1, so 1..4
    std::uint8_t sampling_frequency_index = 4;  ///< 0..12
    bool private_bit = false;
    std::uint8_t channel_configuration = 2;     ///< 3 bits; 0 = a PCE in the raw data
    bool original_copy = false;
    bool home = false;
    bool copyright_id_bit = false;    ///< copyright_identification_bit
    bool copyright_id_start = false;  ///< copyright_identification_start
    std::uint16_t frame_length = 0;   ///< aac_frame_length: the whole frame, header included
    std::uint16_t buffer_fullness = adts_vbr_fullness;  ///< 11 bits
    std::uint8_t raw_data_blocks = 1; ///< number_of_raw_data_blocks_in_frame + 1, so 1..4
    std::uint16_t crc = 0;            ///< crc_check, when has_crc (not verified here)
    /// raw_data_block_position[1..raw_data_blocks-1], when has_crc with several blocks.
    std::array<std::uint16_t, 3> block_positions{};

    /// Header bytes: 7, or with CRC 9 (+2 per extra raw_data_block_position).
    std::size_t header_size() const noexcept;

    bool operator==(const adts_header&) const = default;
};

/// Parses the header at the start of `in`; the frame's payload need not be
/// there. Errors: truncated, bad_adts_sync, bad_adts_layer,
/// bad_sampling_frequency_index (13..15), bad_adts_frame_length.
lal::result<adts_header> parse_adts_header(byte_span in);

/// Appends `h` as given (crc and block positions too); fails with
/// inconsistent_config if a field exceeds its width.
std::error_code append_adts_header(const adts_header& h, std::vector<std::byte>& out);

/// Appends a 7-byte header (no CRC, VBR fullness, one raw block) for a raw frame
/// of `raw_frame_size` bytes. The core object type and rate of `asc` are used,
/// so HE-AAC becomes implicit signalling. Errors: adts_frame_too_large,
/// adts_unsupported_object_type (not 1..4), adts_unsupported_sampling_frequency,
/// adts_unsupported_channel_configuration (above 7).
std::error_code append_adts_header(const audio_specific_config& asc, std::size_t raw_frame_size,
                                   std::vector<std::byte>& out);

/// Appends header + `raw_frame` (one raw_data_block, e.g. an FLV AAC raw packet).
std::error_code append_adts_frame(const audio_specific_config& asc, byte_span raw_frame,
                                  std::vector<std::byte>& out);

/// One ADTS frame taken apart; `raw` views the caller's input.
struct adts_frame {
    adts_header header;
    byte_span raw;  ///< the raw_data_block after the header (and CRC)
};

/// Parses the frame at the start of `in` (which may hold more after it).
/// Errors as parse_adts_header, truncated if `in` is shorter than the frame,
/// adts_multiple_raw_blocks if it holds more than one raw_data_block.
lal::result<adts_frame> parse_adts_frame(byte_span in);

/// The AudioSpecificConfig an ADTS header describes (1.A.3: object type,
/// rate index and channels; GASpecificConfig all zero). With channel
/// configuration 0 the PCE lives in the raw data, so the result has none.
audio_specific_config to_audio_specific_config(const adts_header& h);

}  // namespace lal::aac
