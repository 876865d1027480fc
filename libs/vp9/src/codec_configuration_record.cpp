// SPDX-License-Identifier: MIT
#include <lal/vp9/codec_configuration_record.hpp>

#include <cstdio>

namespace lal::vp9 {
namespace {

constexpr std::size_t fixed_size = 8;  // profile .. matrixCoefficients, then the 16-bit data size

unsigned at(byte_span in, std::size_t i) { return std::to_integer<unsigned>(in[i]); }

bool is_full_box_header(byte_span in) {
    return in.size() >= 4 && at(in, 1) == 0 && at(in, 2) == 0 && at(in, 3) == 0 && at(in, 0) <= 1;
}

// VP9 bitstream spec 7.2 (color_config): profiles 0 and 1 are 8-bit, 2 and 3
// 10- or 12-bit; profiles 0 and 2 are 4:2:0 only, 1 and 3 never 4:2:0.
std::error_code check(const codec_configuration_record& r, unsigned chroma_value) {
    if (r.profile > 3) return errc::bad_profile;
    if (r.bit_depth != 8 && r.bit_depth != 10 && r.bit_depth != 12) return errc::bad_bit_depth;
    if ((r.profile < 2) != (r.bit_depth == 8)) return errc::bad_bit_depth;
    if (chroma_value > 3) return errc::bad_chroma_subsampling;
    const bool yuv420 = chroma_value <= 1;
    if (yuv420 != (r.profile % 2 == 0)) return errc::bad_chroma_subsampling;
    return {};
}

}  // namespace

std::string codec_configuration_record::codec_string() const {
    char text[32];
    std::snprintf(text, sizeof text, "vp09.%02u.%02u.%02u", unsigned{profile}, unsigned{level}, unsigned{bit_depth});
    return text;
}

lal::result<codec_configuration_record> parse_codec_configuration_record(byte_span in) {
    // A zero first byte with three zero flags is a FullBox of version 0, which
    // the binding does not define (its record had another layout).
    if (is_full_box_header(in)) {
        if (at(in, 0) != 1) return errc::unsupported_version;
        in = in.subspan(4);
    }
    if (in.size() < fixed_size) return errc::truncated;
    codec_configuration_record r;
    r.profile = static_cast<std::uint8_t>(at(in, 0));
    r.level = static_cast<std::uint8_t>(at(in, 1));
    // bitDepth(4) chromaSubsampling(3) videoFullRangeFlag(1).
    r.bit_depth = static_cast<std::uint8_t>(at(in, 2) >> 4);
    const unsigned chroma_value = (at(in, 2) >> 1) & 7;
    r.video_full_range = (at(in, 2) & 1) != 0;
    r.colour_primaries = static_cast<std::uint8_t>(at(in, 3));
    r.transfer_characteristics = static_cast<std::uint8_t>(at(in, 4));
    r.matrix_coefficients = static_cast<std::uint8_t>(at(in, 5));
    const unsigned init_size = at(in, 6) << 8 | at(in, 7);
    if (init_size != 0) {
        // Bounded by the input before anything is read: a short record is truncated, a whole one refused.
        if (in.size() - fixed_size < init_size) return errc::truncated;
        return errc::has_initialization_data;
    }
    if (auto ec = check(r, chroma_value)) return ec;
    r.chroma_subsampling = static_cast<chroma>(chroma_value);
    return r;
}

void append_codec_configuration_record(const codec_configuration_record& r, std::vector<std::byte>& out) {
    const unsigned packed = (unsigned{r.bit_depth} & 0x0f) << 4 |
                            (static_cast<unsigned>(r.chroma_subsampling) & 7) << 1 | (r.video_full_range ? 1u : 0u);
    const unsigned bytes[] = {1, 0, 0, 0,  // FullBox version 1, flags 0
                              r.profile, r.level, packed, r.colour_primaries, r.transfer_characteristics,
                              r.matrix_coefficients, 0, 0};  // codecInitializationDataSize 0
    for (unsigned b : bytes) out.push_back(static_cast<std::byte>(b));
}

}  // namespace lal::vp9
