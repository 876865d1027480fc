// SPDX-License-Identifier: MIT
#include "stamp.hpp"

#include <algorithm>
#include <vector>

#include <lal/avc/emulation_prevention.hpp>

namespace lalbench {
namespace {

// FLV spec E.4.3.1: FrameType/CodecID byte, AVCPacketType, CompositionTime (SI24).
constexpr std::size_t video_tag_header_size = 5;
constexpr std::uint8_t codec_avc = 7;
constexpr std::uint8_t packet_sequence_header = 0;
constexpr std::uint8_t packet_nalu = 1;
// ITU-T H.264 7.4.1.2: nal_unit_type 6 is an SEI; nal_ref_idc 0, since nothing refers to it.
constexpr std::uint8_t nal_sei = 6;
// H.264 D.1: payloadType 5 is user_data_unregistered.
constexpr std::uint8_t sei_user_data_unregistered = 5;
// uuid, then sequence and send time as big-endian 64-bit numbers.
constexpr std::size_t stamp_payload_size = 16 + 8 + 8;
// H.264 7.3.2.11: rbsp_stop_one_bit and alignment zero bits.
constexpr std::byte rbsp_trailing{0x80};

bool valid_length_size(std::size_t n) { return n == 1 || n == 2 || n == 4; }

bool is_avc_packet(lal::byte_span body, std::uint8_t packet_type) {
    return body.size() >= video_tag_header_size &&
           (std::to_integer<std::uint8_t>(body[0]) & 0x0f) == codec_avc &&
           std::to_integer<std::uint8_t>(body[1]) == packet_type;
}

}  // namespace

bool is_avc_nalu(lal::byte_span body) noexcept { return is_avc_packet(body, packet_nalu); }

lal::payload stamp_video_body(lal::byte_span body, std::size_t length_size, const stamp& s) {
    if (!is_avc_packet(body, packet_nalu) || !valid_length_size(length_size)) return {};

    // The SEI RBSP: one sei_message (H.264 7.3.2.3.1) with payloadType and
    // payloadSize below 255, so one byte each, then the trailing bits.
    std::array<std::byte, 2 + stamp_payload_size + 1> rbsp{};
    rbsp[0] = std::byte{sei_user_data_unregistered};
    rbsp[1] = std::byte{static_cast<std::uint8_t>(stamp_payload_size)};
    std::copy(stamp_uuid.begin(), stamp_uuid.end(), rbsp.begin() + 2);
    lal::store_be(rbsp.data() + 18, s.sequence, 8);
    lal::store_be(rbsp.data() + 26, s.send_time_us, 8);
    rbsp.back() = rbsp_trailing;

    std::vector<std::byte> nal;
    nal.reserve(1 + rbsp.size() + rbsp.size() / 2);
    nal.push_back(std::byte{nal_sei});
    // H.264 7.4.1: the 32 payload bytes hold zeros, so runs such as 00 00 01
    // must be escaped or a decoder would see a start code inside the NAL unit.
    lal::avc::append_emulation_prevention(rbsp, nal);

    std::vector<std::byte> out;
    out.reserve(body.size() + length_size + nal.size());
    out.insert(out.end(), body.begin(), body.begin() + video_tag_header_size);
    out.resize(out.size() + length_size);
    lal::store_be(out.data() + video_tag_header_size, nal.size(), length_size);
    out.insert(out.end(), nal.begin(), nal.end());
    out.insert(out.end(), body.begin() + video_tag_header_size, body.end());
    return lal::payload::adopt(std::move(out));
}

std::optional<stamp> find_stamp(lal::byte_span prefix, std::size_t length_size) noexcept {
    if (!is_avc_packet(prefix, packet_nalu) || !valid_length_size(length_size)) return std::nullopt;
    std::size_t pos = video_tag_header_size;
    if (prefix.size() < pos + length_size + 1) return std::nullopt;
    auto nal_size = lal::load_be(prefix.data() + pos, length_size);
    pos += length_size;
    if (nal_size < 1 + 2 + stamp_payload_size) return std::nullopt;
    if ((std::to_integer<std::uint8_t>(prefix[pos]) & 0x1f) != nal_sei) return std::nullopt;
    ++pos;

    // Undo emulation prevention (H.264 7.4.1) over what the prefix holds of the
    // NAL unit, into a fixed buffer: no allocation per frame.
    auto end = static_cast<std::size_t>(std::min<std::uint64_t>(prefix.size(), pos - 1 + nal_size));
    std::array<std::uint8_t, 2 + stamp_payload_size> rbsp{};
    std::size_t n = 0;
    int zeros = 0;
    for (; pos < end && n < rbsp.size(); ++pos) {
        auto b = std::to_integer<std::uint8_t>(prefix[pos]);
        if (zeros >= 2 && b == 0x03) {
            zeros = 0;
            continue;
        }
        zeros = b == 0 ? zeros + 1 : 0;
        rbsp[n++] = b;
    }
    if (n < rbsp.size()) return std::nullopt;
    if (rbsp[0] != sei_user_data_unregistered || rbsp[1] != stamp_payload_size) return std::nullopt;
    for (std::size_t i = 0; i < stamp_uuid.size(); ++i) {
        if (rbsp[2 + i] != std::to_integer<std::uint8_t>(stamp_uuid[i])) return std::nullopt;
    }
    auto bytes = std::as_bytes(std::span(rbsp));
    return stamp{lal::load_be(bytes.data() + 18, 8), lal::load_be(bytes.data() + 26, 8)};
}

std::optional<std::size_t> sequence_header_length_size(lal::byte_span prefix) noexcept {
    // ISO/IEC 14496-15 5.3.3.1: configurationVersion, profile, compatibility,
    // level, then 6 reserved bits and lengthSizeMinusOne.
    constexpr std::size_t length_byte = video_tag_header_size + 4;
    if (!is_avc_packet(prefix, packet_sequence_header) || prefix.size() <= length_byte) return std::nullopt;
    std::size_t n = (std::to_integer<std::size_t>(prefix[length_byte]) & 0x03) + 1;
    if (!valid_length_size(n)) return std::nullopt;
    return n;
}

}  // namespace lalbench
