// SPDX-License-Identifier: MIT
#include <lal/opus/opus_head.hpp>

#include <lal/base/byte_reader.hpp>

namespace lal::opus {
namespace {

constexpr std::string_view magic = "OpusHead";

// 5.1.1: the limits of each channel mapping family.
std::error_code check(const opus_head& h) {
    if (h.channels == 0) return errc::bad_channel_count;
    if (h.mapping_family == 0) return h.channels > 2 ? std::error_code(errc::bad_channel_count) : std::error_code{};
    if (h.mapping_family == 1 && h.channels > 8) return errc::bad_channel_count;
    if (h.stream_count == 0 || h.coupled_count > h.stream_count ||
        unsigned{h.stream_count} + h.coupled_count > 255) {
        return errc::bad_stream_counts;
    }
    if (h.mapping.size() != h.channels) return errc::bad_channel_mapping;
    for (auto m : h.mapping) {
        if (m != 255 && m >= unsigned{h.stream_count} + h.coupled_count) return errc::bad_channel_mapping;
    }
    return {};
}

}  // namespace

lal::result<opus_head> parse_opus_head(byte_span in) {
    lal::byte_reader r(in);
    auto sig = r.bytes(magic.size());
    if (!sig) return errc::truncated;
    if (as_string_view(*sig) != magic) return errc::bad_magic;
    auto version = r.u8();
    auto channels = r.u8();
    auto pre_skip = r.read_le(2);
    auto rate = r.read_le(4);
    auto gain = r.read_le(2);
    auto family = r.u8();
    // A failed read leaves the cursor where it was, so each is checked.
    if (!version || !channels || !pre_skip || !rate || !gain || !family) return errc::truncated;
    // 5.1: a major version (upper nibble) other than 0 is incompatible.
    if (*version >> 4) return errc::unsupported_version;
    opus_head h;
    h.version = *version;
    h.channels = *channels;
    h.pre_skip = static_cast<std::uint16_t>(*pre_skip);
    h.input_sample_rate = static_cast<std::uint32_t>(*rate);
    h.output_gain = static_cast<std::int16_t>(static_cast<std::uint16_t>(*gain));
    h.mapping_family = *family;
    if (h.mapping_family == 0) {
        // Implied: one stream, coupled when stereo.
        h.stream_count = 1;
        h.coupled_count = h.channels == 2 ? 1 : 0;
        if (h.channels == 0 || h.channels > 2) return errc::bad_channel_count;
        return h;
    }
    auto streams = r.u8();
    auto coupled = r.u8();
    if (!streams || !coupled) return errc::truncated;
    h.stream_count = *streams;
    h.coupled_count = *coupled;
    auto table = r.bytes(h.channels);
    if (!table) return errc::truncated;
    for (auto b : *table) h.mapping.push_back(std::to_integer<std::uint8_t>(b));
    if (auto ec = check(h)) return ec;
    return h;
}

std::error_code append_opus_head(const opus_head& h, std::vector<std::byte>& out) {
    if (h.mapping_family == 0) {
        if (h.channels == 0 || h.channels > 2) return errc::bad_channel_count;
    } else if (auto ec = check(h)) {
        return ec;
    }
    const auto s = as_byte_span(magic);
    out.insert(out.end(), s.begin(), s.end());
    std::byte field[4];
    out.push_back(static_cast<std::byte>(h.version));
    out.push_back(static_cast<std::byte>(h.channels));
    // 5.1: multi-byte fields are little-endian.
    store_le(field, h.pre_skip, 2);
    out.insert(out.end(), field, field + 2);
    store_le(field, h.input_sample_rate, 4);
    out.insert(out.end(), field, field + 4);
    store_le(field, static_cast<std::uint16_t>(h.output_gain), 2);
    out.insert(out.end(), field, field + 2);
    out.push_back(static_cast<std::byte>(h.mapping_family));
    if (h.mapping_family != 0) {
        out.push_back(static_cast<std::byte>(h.stream_count));
        out.push_back(static_cast<std::byte>(h.coupled_count));
        for (auto m : h.mapping) out.push_back(static_cast<std::byte>(m));
    }
    return {};
}

opus_head default_opus_head(std::uint8_t channels) {
    opus_head h;
    h.channels = channels;
    h.input_sample_rate = 48000;
    h.stream_count = 1;
    h.coupled_count = channels == 2 ? 1 : 0;
    return h;
}

}  // namespace lal::opus
