// SPDX-License-Identifier: MIT
#pragma once

// Hand-built AMF0 encodings (AMF0 spec 2.2-2.5), written independently of
// lal::flv's encoder so command tests compare against bytes built by other means.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "hex.hpp"

namespace lal::rtmp::test::amf {

inline std::string u16_hex(std::size_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (int shift = 12; shift >= 0; shift -= 4) out += digits[(v >> shift) & 15];
    return out;
}

/// A UTF-8 key or string body: 16-bit length then the bytes.
inline std::string utf8(std::string_view s) {
    return u16_hex(s.size()) + lal::test::to_hex(lal::as_byte_span(s));
}
/// String marker 0x02.
inline std::string str(std::string_view s) { return "02" + utf8(s); }
/// Number marker 0x00, literal 8-byte big-endian IEEE-754 given as hex.
inline std::string num(std::string_view ieee_hex) { return "00" + std::string(ieee_hex); }
inline const std::string null = "05";
inline const std::string undefined = "06";
inline std::string boolean(bool b) { return b ? "0101" : "0100"; }
/// Object marker 0x03; `props` are key + value pairs already in hex.
inline std::string object(std::initializer_list<std::pair<std::string_view, std::string>> props) {
    std::string out = "03";
    for (const auto& [k, v] : props) out += utf8(k) + v;
    return out + "000009";
}

// IEEE-754 doubles used in the tests.
inline constexpr std::string_view zero = "0000000000000000";
inline constexpr std::string_view one = "3ff0000000000000";
inline constexpr std::string_view two = "4000000000000000";
inline constexpr std::string_view three = "4008000000000000";
inline constexpr std::string_view four = "4010000000000000";
inline constexpr std::string_view five = "4014000000000000";
inline constexpr std::string_view minus_two = "c000000000000000";
inline constexpr std::string_view minus_one = "bff0000000000000";
inline constexpr std::string_view minus_thousand = "c08f400000000000";
inline constexpr std::string_view fifteen = "402e000000000000";
inline constexpr std::string_view thirty_one = "403f000000000000";
inline constexpr std::string_view n3191 = "40a8ee0000000000";
inline constexpr std::string_view n252 = "406f800000000000";

}  // namespace lal::rtmp::test::amf
