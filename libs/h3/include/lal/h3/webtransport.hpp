// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/h3/qpack.hpp>

namespace lal::h3 {

/// Unidirectional stream types (RFC 9114 6.2, RFC 9204 4.2,
/// draft-ietf-webtrans-http3 4.1).
namespace stream_type {
inline constexpr std::uint64_t control = 0x00;
inline constexpr std::uint64_t push = 0x01;
inline constexpr std::uint64_t qpack_encoder = 0x02;
inline constexpr std::uint64_t qpack_decoder = 0x03;
inline constexpr std::uint64_t webtransport = 0x54;
}  // namespace stream_type

/// Capsule types on the CONNECT stream (draft-ietf-webtrans-http3 5, 6).
namespace capsule_type {
inline constexpr std::uint64_t close_webtransport_session = 0x2843;
inline constexpr std::uint64_t drain_webtransport_session = 0x78ae;
}  // namespace capsule_type

/// Stream error codes (RFC 9114 8.1, draft-ietf-webtrans-http3 9.5).
namespace stream_error {
inline constexpr std::uint64_t request_rejected = 0x010b;
inline constexpr std::uint64_t message_error = 0x010e;
inline constexpr std::uint64_t wt_buffered_stream_rejected = 0x3994bd84;
inline constexpr std::uint64_t wt_session_gone = 0x170d7b68;
}  // namespace stream_error

/// RFC 9000 2.1: bit 0 of a stream id is the initiator (0 client), bit 1 the direction (0 bidi).
inline constexpr bool is_client_initiated(std::uint64_t stream_id) noexcept { return (stream_id & 1) == 0; }
/// True for bidirectional stream ids (RFC 9000 2.1).
inline constexpr bool is_bidirectional(std::uint64_t stream_id) noexcept { return (stream_id & 2) == 0; }

/// An extended CONNECT that opens a WebTransport session (RFC 9220 3,
/// draft-ietf-webtrans-http3 3.2).
struct connect_request {
    std::string authority;                ///< :authority
    std::string path;                     ///< :path, with any query
    std::string origin;                   ///< origin header, empty when absent
    std::vector<std::string> protocols;   ///< wt-available-protocols, in the client's order
    bool draft02 = false;                 ///< sec-webtransport-http3-draft02 was sent (Chromium)
};

/// Checks a request's fields: pseudo-header fields first, none unknown or
/// repeated (RFC 9114 4.3.1), :method CONNECT, :protocol webtransport (or
/// webtransport-h3), :scheme https, :authority and :path set. bad_request otherwise.
result<connect_request> parse_connect_request(const field_list& fields);

/// The response fields: :status, the draft-02 marker when the client sent
/// one, and wt-protocol when `protocol` is not empty (draft-ietf-webtrans-http3 3.3).
field_list connect_response(int status, std::string_view protocol, bool draft02);

/// Parses a Structured Field List of strings (RFC 8941 3.1, 3.3.3), dropping
/// any parameters; nullopt when it is not one.
std::optional<std::vector<std::string>> parse_string_list(std::string_view value);

/// Picks the first of `offered` (our preference order) that the client lists;
/// empty when none matches.
std::string choose_protocol(const std::vector<std::string>& offered, const std::vector<std::string>& client);

/// An HTTP datagram split into its request stream and payload (RFC 9297 2.1).
struct datagram_view {
    std::uint64_t stream_id = 0;  ///< the Quarter Stream ID times four
    byte_span payload;
};

/// Parses a QUIC DATAGRAM payload as an HTTP/3 datagram; truncated when it
/// lacks the Quarter Stream ID.
result<datagram_view> parse_datagram(byte_span in);

/// Appends an HTTP/3 datagram for the session on `stream_id` (a multiple of 4).
void append_datagram(std::uint64_t stream_id, byte_span payload, std::vector<std::byte>& out);

/// Appends the header of a WebTransport stream: signal 0x41 (bidirectional)
/// or stream type 0x54 (unidirectional), then the session id (draft-ietf-webtrans-http3 4.1, 4.2).
void append_stream_header(bool bidirectional, std::uint64_t session_id, std::vector<std::byte>& out);

/// Appends a CLOSE_WEBTRANSPORT_SESSION capsule (draft-ietf-webtrans-http3 6)
/// inside a DATA frame; the reason is cut to 1024 bytes.
void append_close_capsule(std::uint32_t code, std::string_view reason, std::vector<std::byte>& out);

}  // namespace lal::h3
