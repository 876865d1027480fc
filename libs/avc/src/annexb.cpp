// SPDX-License-Identifier: MIT
#include <lal/avc/nalu.hpp>

#include <algorithm>

namespace lal::avc {
namespace {

constexpr std::size_t npos = static_cast<std::size_t>(-1);

// Offset of the next 00 00 01 at or after `from`, or npos. Looks at every
// third byte first: a byte above 1 there rules out three candidate offsets.
std::size_t find_start_code(byte_span d, std::size_t from) noexcept {
    std::size_t i = from;
    while (i + 3 <= d.size()) {
        auto third = std::to_integer<unsigned>(d[i + 2]);
        if (third > 1) {
            i += 3;
        } else if (third == 1) {
            if (d[i] == std::byte{0} && d[i + 1] == std::byte{0}) return i;
            i += 3;
        } else {
            i += 1;
        }
    }
    return npos;
}

// B.2: trailing_zero_8bits (and the zero_byte of a following 4-byte start
// code) are not part of the NAL unit, which never ends in 0x00 (7.4.1).
byte_span strip_trailing_zeros(byte_span nal) noexcept {
    auto n = nal.size();
    while (n > 0 && nal[n - 1] == std::byte{0}) --n;
    return nal.first(n);
}

}  // namespace

lal::result<std::vector<byte_span>> split_annexb(byte_span in) {
    std::vector<byte_span> out;
    auto pos = find_start_code(in, 0);
    // B.2: only leading_zero_8bits may come before the first start code.
    auto leading = in.first(pos == npos ? in.size() : pos);
    if (std::any_of(leading.begin(), leading.end(), [](std::byte b) { return b != std::byte{0}; })) {
        return errc::missing_start_code;
    }
    while (pos != npos) {
        auto begin = pos + 3;
        pos = find_start_code(in, begin);
        auto nal = strip_trailing_zeros(in.subspan(begin, (pos == npos ? in.size() : pos) - begin));
        if (!nal.empty()) out.push_back(nal);
    }
    return out;
}

void append_annexb_nal(byte_span nal, bool long_start_code, std::vector<std::byte>& out) {
    if (long_start_code) out.push_back(std::byte{0});
    out.insert(out.end(), {std::byte{0}, std::byte{0}, std::byte{1}});
    out.insert(out.end(), nal.begin(), nal.end());
}

lal::result<std::vector<byte_span>> split_avcc(byte_span in, std::size_t length_size) {
    // ISO/IEC 14496-15 5.3.3.1.2: lengthSizeMinusOne is 0, 1 or 3.
    if (length_size != 1 && length_size != 2 && length_size != 4) return errc::bad_length_size;
    std::vector<byte_span> out;
    std::size_t pos = 0;
    while (pos < in.size()) {
        if (in.size() - pos < length_size) return errc::truncated;
        auto length = load_be(in.data() + pos, length_size);
        pos += length_size;
        if (length > in.size() - pos) return errc::nal_length_exceeds_data;
        if (length > 0) out.push_back(in.subspan(pos, static_cast<std::size_t>(length)));
        pos += static_cast<std::size_t>(length);
    }
    return out;
}

std::error_code append_avcc_nal(byte_span nal, std::size_t length_size, std::vector<std::byte>& out) {
    if (length_size != 1 && length_size != 2 && length_size != 4) return errc::bad_length_size;
    if (nal.size() > (std::uint64_t{1} << (8 * length_size)) - 1) return errc::nal_unit_too_large;
    auto at = out.size();
    out.resize(at + length_size);
    store_be(out.data() + at, nal.size(), length_size);
    out.insert(out.end(), nal.begin(), nal.end());
    return {};
}

std::error_code annexb_to_avcc(byte_span in, std::size_t length_size, std::vector<std::byte>& out) {
    auto nals = split_annexb(in);
    if (!nals) return nals.error();
    const auto before = out.size();
    for (auto nal : *nals) {
        if (auto ec = append_avcc_nal(nal, length_size, out)) {
            out.resize(before);
            return ec;
        }
    }
    return {};
}

std::error_code avcc_to_annexb(byte_span in, std::size_t length_size, std::vector<std::byte>& out,
                               start_code_style style) {
    auto nals = split_avcc(in, length_size);
    if (!nals) return nals.error();
    bool first = true;
    for (auto nal : *nals) {
        auto type = nal_type_of(nal);
        // B.1.2: zero_byte is required before SPS, PPS and the first NAL
        // unit of an access unit.
        bool long_code = style == start_code_style::always_four || first ||
                         type == nal_unit_type::sps || type == nal_unit_type::pps;
        append_annexb_nal(nal, long_code, out);
        first = false;
    }
    return {};
}

}  // namespace lal::avc
