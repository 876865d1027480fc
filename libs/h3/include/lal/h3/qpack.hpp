// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/h3/error.hpp>

namespace lal::h3 {

/// One header or trailer field; names are lowercase on the wire (RFC 9114 4.2).
struct field {
    std::string name;
    std::string value;
    friend bool operator==(const field&, const field&) = default;
};

/// A decoded field section in wire order, pseudo-header fields first.
using field_list = std::vector<field>;

/// Limits of decode_field_section.
struct field_limits {
    std::size_t max_section_size = 16384;  ///< RFC 9114 4.2.2 size: names + values + 32 per field
    std::size_t max_fields = 64;
};

/// Decodes the payload of one HEADERS frame (RFC 9204 4.5). Our SETTINGS
/// allow no dynamic table, so a section that refers to one is qpack_failed.
/// Huffman-coded literals are decoded (nghttp3's decoder).
result<field_list> decode_field_section(byte_span encoded, field_limits limits = {});

/// Encodes `fields` with the static table and literals only (no encoder
/// stream instructions, RFC 9204 4.5): the payload of one HEADERS frame.
std::vector<std::byte> encode_field_section(const field_list& fields);

/// The value of the first field named `name`, or nullptr.
const std::string* find_field(const field_list& fields, std::string_view name) noexcept;

}  // namespace lal::h3
