// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <system_error>
#include <vector>

#include <lal/rtmp/chunk_decoder.hpp>
#include <lal/rtmp/message.hpp>

#include "hex.hpp"

namespace lal::rtmp {

// Lets Catch print messages in failed comparisons.
inline std::ostream& operator<<(std::ostream& os, const message& m) {
    return os << "{type " << int(m.type_id) << " ts " << m.timestamp << " msid " << m.message_stream_id << " csid "
              << m.chunk_stream_id << " body " << lal::test::to_hex(m.body.bytes()) << "}";
}

}  // namespace lal::rtmp

namespace lal::rtmp::test {

/// A message with a body given as hex.
inline message make_message(std::uint8_t type_id, std::uint32_t timestamp, std::uint32_t msid, std::uint32_t csid,
                            const std::string& body_hex) {
    message m;
    m.type_id = type_id;
    m.timestamp = timestamp;
    m.message_stream_id = msid;
    m.chunk_stream_id = csid;
    m.body = lal::payload::copy_from(lal::test::hex(body_hex));
    return m;
}

/// A message with `size` patterned body bytes.
inline message patterned_message(std::uint8_t type_id, std::uint32_t timestamp, std::uint32_t msid,
                                 std::uint32_t csid, std::size_t size, unsigned seed = 0) {
    std::vector<std::byte> body(size);
    for (std::size_t i = 0; i < size; ++i) body[i] = static_cast<std::byte>((i * 13 + seed) & 0xff);
    message m;
    m.type_id = type_id;
    m.timestamp = timestamp;
    m.message_stream_id = msid;
    m.chunk_stream_id = csid;
    m.body = lal::payload::adopt(std::move(body));
    return m;
}

/// What a decoder produced from some input.
struct decoded {
    std::vector<message> messages;
    std::error_code error;
    friend bool operator==(const decoded&, const decoded&) = default;
};

/// Drains every message of a decoder.
inline void drain(chunk_decoder& d, std::vector<message>& out) {
    while (auto m = d.next()) out.push_back(std::move(*m));
}

/// Feeds `input` in one go to a fresh decoder.
inline decoded decode_whole(lal::byte_span input, decoder_limits limits = {}) {
    chunk_decoder d(limits);
    decoded out;
    out.error = d.feed(input);
    drain(d, out.messages);
    return out;
}

}  // namespace lal::rtmp::test
