// SPDX-License-Identifier: MIT
#include <lal/aac/adts.hpp>

#include <lal/aac/sampling_frequency.hpp>
#include <lal/base/byte_reader.hpp>

#include "bit_io.hpp"

namespace lal::aac {

std::size_t adts_header::header_size() const noexcept {
    // 1.A.2.2 adts_frame(): with several raw blocks, adts_header_error_check()
    // lists raw_data_block_position[1..n] before crc_check.
    if (!has_crc) return adts_header_size;
    return adts_header_size + 2u * raw_data_blocks;
}

lal::result<adts_header> parse_adts_header(byte_span in) {
    if (in.size() < adts_header_size) return errc::truncated;
    detail::bit_in r(in.first(adts_header_size));
    adts_header h;
    if (r.u(12) != 0xfff) return errc::bad_adts_sync;
    h.mpeg2 = r.flag();
    if (r.u(2) != 0) return errc::bad_adts_layer;
    h.has_crc = !r.flag();
    h.object_type = static_cast<std::uint8_t>(r.u(2) + 1);
    h.sampling_frequency_index = static_cast<std::uint8_t>(r.u(4));
    h.private_bit = r.flag();
    h.channel_configuration = static_cast<std::uint8_t>(r.u(3));
    h.original_copy = r.flag();
    h.home = r.flag();
    h.copyright_id_bit = r.flag();
    h.copyright_id_start = r.flag();
    h.frame_length = static_cast<std::uint16_t>(r.u(13));
    h.buffer_fullness = static_cast<std::uint16_t>(r.u(11));
    h.raw_data_blocks = static_cast<std::uint8_t>(r.u(2) + 1);
    // 1.A.3: the ADTS rate index has no escape; 13..15 are reserved here.
    if (!sampling_frequency_of(h.sampling_frequency_index)) return errc::bad_sampling_frequency_index;
    if (h.frame_length < h.header_size()) return errc::bad_adts_frame_length;
    if (h.has_crc) {
        if (in.size() < h.header_size()) return errc::truncated;
        // adts_header_error_check(): positions of blocks 1..n, then crc_check.
        const auto* p = in.data() + adts_header_size;
        for (std::size_t i = 0; i + 1 < h.raw_data_blocks; ++i, p += 2) {
            h.block_positions[i] = static_cast<std::uint16_t>(load_be(p, 2));
        }
        h.crc = static_cast<std::uint16_t>(load_be(p, 2));
    }
    return h;
}

std::error_code append_adts_header(const adts_header& h, std::vector<std::byte>& out) {
    if (h.object_type < 1 || h.object_type > 4 || !sampling_frequency_of(h.sampling_frequency_index) ||
        h.channel_configuration > 7 || h.frame_length > adts_max_frame_size ||
        h.buffer_fullness > 0x7ff || h.raw_data_blocks < 1 || h.raw_data_blocks > 4 ||
        h.frame_length < h.header_size()) {
        return errc::inconsistent_config;
    }
    detail::bit_out w(out);
    w.put(0xfff, 12);
    w.flag(h.mpeg2);
    w.put(0, 2);  // layer
    w.flag(!h.has_crc);
    w.put(h.object_type - 1u, 2);
    w.put(h.sampling_frequency_index, 4);
    w.flag(h.private_bit);
    w.put(h.channel_configuration, 3);
    w.flag(h.original_copy);
    w.flag(h.home);
    w.flag(h.copyright_id_bit);
    w.flag(h.copyright_id_start);
    w.put(h.frame_length, 13);
    w.put(h.buffer_fullness, 11);
    w.put(h.raw_data_blocks - 1u, 2);
    if (h.has_crc) {
        for (std::size_t i = 0; i + 1 < h.raw_data_blocks; ++i) w.put(h.block_positions[i], 16);
        w.put(h.crc, 16);
    }
    return {};
}

std::error_code append_adts_header(const audio_specific_config& asc, std::size_t raw_frame_size,
                                   std::vector<std::byte>& out) {
    // 1.A.3: profile_ObjectType is 2 bits, so only object types 1..4 fit;
    // SBR/PS then rides along implicitly at the core rate.
    if (asc.object_type < 1 || asc.object_type > 4) return errc::adts_unsupported_object_type;
    if (!sampling_frequency_of(asc.sampling_frequency_index)) {
        return errc::adts_unsupported_sampling_frequency;
    }
    if (asc.channel_configuration > 7) return errc::adts_unsupported_channel_configuration;
    if (raw_frame_size > adts_max_frame_size - adts_header_size) return errc::adts_frame_too_large;
    adts_header h;
    h.object_type = asc.object_type;
    h.sampling_frequency_index = asc.sampling_frequency_index;
    h.channel_configuration = asc.channel_configuration;
    h.frame_length = static_cast<std::uint16_t>(raw_frame_size + adts_header_size);
    return append_adts_header(h, out);
}

std::error_code append_adts_frame(const audio_specific_config& asc, byte_span raw_frame,
                                  std::vector<std::byte>& out) {
    if (auto ec = append_adts_header(asc, raw_frame.size(), out)) return ec;
    out.insert(out.end(), raw_frame.begin(), raw_frame.end());
    return {};
}

lal::result<adts_frame> parse_adts_frame(byte_span in) {
    auto h = parse_adts_header(in);
    if (!h) return h.error();
    if (in.size() < h->frame_length) return errc::truncated;
    if (h->raw_data_blocks != 1) return errc::adts_multiple_raw_blocks;
    adts_frame f{*h, in.subspan(h->header_size(), h->frame_length - h->header_size())};
    return f;
}

audio_specific_config to_audio_specific_config(const adts_header& h) {
    audio_specific_config asc;
    asc.object_type = h.object_type;
    asc.sampling_frequency_index = h.sampling_frequency_index;
    asc.sampling_frequency = sampling_frequency_of(h.sampling_frequency_index).value_or(0);
    asc.channel_configuration = h.channel_configuration;
    return asc;
}

}  // namespace lal::aac
