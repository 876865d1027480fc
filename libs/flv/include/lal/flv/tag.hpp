// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <lal/media/wire_form.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/payload.hpp>
#include <lal/base/result.hpp>
#include <lal/flv/error.hpp>

namespace lal::flv {

/// Size of an FLV tag header (Adobe FLV spec v10.1 E.4.1).
inline constexpr std::size_t tag_header_size = 11;
/// Largest data size the 24-bit DataSize field can express.
inline constexpr std::uint32_t max_tag_data_size = 0xffffff;

/// FLV tag types (E.4.1 TagType); the same numbers as RTMP message types.
enum class tag_type : std::uint8_t {
    audio = 8,
    video = 9,
    script = 18,
};

/// The 11-byte tag header (E.4.1).
struct tag_header {
    tag_type type = tag_type::script;
    /// Bytes of tag data after the header (24 bits).
    std::uint32_t data_size = 0;
    /// Milliseconds: 24 low bits plus the TimestampExtended upper 8 bits.
    std::uint32_t timestamp = 0;
    /// Always 0 in files (24 bits).
    std::uint32_t stream_id = 0;

    friend bool operator==(const tag_header&, const tag_header&) = default;
};

/// Parses the first 11 bytes of `in`. Errors: truncated, unknown_tag_type,
/// encrypted_tag (the Filter bit is set).
lal::result<tag_header> parse_tag_header(lal::byte_span in);

/// Appends the 11-byte header; `h.data_size` must fit 24 bits.
void append_tag_header(const tag_header& h, std::vector<std::byte>& out);

/// One FLV tag. `data` is the whole tag body (audio/video tag header
/// included), the same bytes an RTMP message of that type carries.
struct tag {
    tag_type type = tag_type::script;
    std::uint32_t timestamp = 0;
    std::uint32_t stream_id = 0;
    lal::payload data;

    /// The header this tag is written with.
    tag_header header() const noexcept {
        return {type, static_cast<std::uint32_t>(data.size()), timestamp, stream_id};
    }
    friend bool operator==(const tag&, const tag&) = default;
};

/// Bytes the tag takes on the wire: header, data and its PreviousTagSize.
inline std::size_t wire_size(const tag& t) noexcept {
    return tag_header_size + t.data.size() + 4;
}

/// Appends the complete tag: 11-byte header, data, then PreviousTagSize
/// (11 + data size, E.3). `t.data` must not exceed max_tag_data_size.
void append_tag(const tag& t, std::vector<std::byte>& out);

/// The complete wire bytes of one tag as a shared payload, so that a tag
/// fanned out to many HTTP-FLV players is encoded once.
lal::payload encode_tag(const tag& t);

/// The bytes of encode_tag(t) as pieces for a gathered write: the tag header,
/// t.data itself (shared, not copied) and PreviousTagSize, the two small ones
/// in one buffer. Data shorter than `copy_below` becomes one copied piece.
lal::media::wire_form encode_tag_pieces(const tag& t, std::size_t copy_below = lal::media::default_copy_below);

}  // namespace lal::flv
