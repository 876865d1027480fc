// SPDX-License-Identifier: MIT
#include "hevc.hpp"

#include <algorithm>

#include <lal/base/byte_reader.hpp>
#include <lal/mpegts/error.hpp>

namespace lal::mpegts::detail {

lal::result<hvcc_info> parse_hvcc(byte_span record) {
    // ISO/IEC 14496-15 8.3.3.1.1: 22 bytes of profile and format fields, the
    // length size in the low bits of byte 21, numOfArrays in byte 22.
    if (record.size() < 23 || record[0] != std::byte{1}) return errc::bad_config;
    hvcc_info info;
    info.length_size = (std::to_integer<std::size_t>(record[21]) & 3) + 1;
    if (info.length_size == 3) return errc::bad_config;
    byte_reader r(record.subspan(22));
    const auto arrays = *r.u8();
    for (unsigned a = 0; a < arrays; ++a) {
        auto type = r.u8();
        auto count = r.u16();
        if (!type || !count) return errc::bad_config;
        for (unsigned i = 0; i < *count; ++i) {
            auto length = r.u16();
            if (!length) return errc::bad_config;
            auto nal = r.bytes(*length);
            if (!nal || nal->empty()) return errc::bad_config;
            info.nals.push_back(to_vector(*nal));
        }
    }
    return info;
}

namespace {

// The RBSP bytes of the first `limit` bytes of a NAL unit: emulation
// prevention bytes (00 00 03) dropped (H.265 7.4.2).
std::vector<std::byte> rbsp_prefix(byte_span nal, std::size_t limit) {
    std::vector<std::byte> out;
    unsigned zeros = 0;
    for (auto b : nal) {
        if (out.size() == limit) break;
        if (zeros >= 2 && b == std::byte{3}) {
            zeros = 0;
            continue;
        }
        zeros = b == std::byte{0} ? zeros + 1 : 0;
        out.push_back(b);
    }
    return out;
}

void put_array(std::vector<std::byte>& out, unsigned type, byte_span nal) {
    const auto at = out.size();
    out.resize(at + 5 + nal.size());
    out[at] = static_cast<std::byte>(0x80 | type);  // array_completeness 1
    store_be(out.data() + at + 1, 1, 2);            // numNalus
    store_be(out.data() + at + 3, nal.size(), 2);
    std::copy(nal.begin(), nal.end(), out.begin() + static_cast<std::ptrdiff_t>(at + 5));
}

}  // namespace

std::vector<std::byte> make_hvcc(byte_span vps, byte_span sps, byte_span pps) {
    // H.265 7.3.2.2: 2 header bytes, 1 byte of ids and sub-layer count, then
    // 12 bytes of general profile_tier_level.
    auto head = rbsp_prefix(sps, 15);
    head.resize(15, std::byte{0});
    const auto sub_layers = (std::to_integer<unsigned>(head[2]) >> 1) & 7;
    const auto nesting = std::to_integer<unsigned>(head[2]) & 1;
    // numTemporalLayers is 3 bits: 7 stands for "7 or more".
    const auto layers = sub_layers + 1 > 7 ? 7u : sub_layers + 1;
    std::vector<std::byte> out(23);
    out[0] = std::byte{1};                                        // configurationVersion
    std::copy(head.begin() + 3, head.end(), out.begin() + 1);     // profile ... general_level_idc
    out[13] = std::byte{0xf0};                                    // min_spatial_segmentation_idc 0
    out[14] = std::byte{0x00};
    out[15] = std::byte{0xfc};                                    // parallelismType 0
    out[16] = std::byte{0xfd};                                    // chroma_format_idc 1 (4:2:0)
    out[17] = std::byte{0xf8};                                    // bit_depth_luma_minus8 0
    out[18] = std::byte{0xf8};                                    // bit_depth_chroma_minus8 0
    out[19] = std::byte{0};                                       // avgFrameRate 0
    out[20] = std::byte{0};
    out[21] = static_cast<std::byte>((layers << 3) | (nesting << 2) | 3);
    out[22] = std::byte{3};                                       // numOfArrays
    put_array(out, hevc_vps, vps);
    put_array(out, hevc_sps, sps);
    put_array(out, hevc_pps, pps);
    return out;
}

}  // namespace lal::mpegts::detail
