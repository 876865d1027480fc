// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/h3/error.hpp>

namespace lal::h3 {

/// HTTP/3 frame types (RFC 9114 7.2, 11.2.1) and the WebTransport
/// bidirectional stream signal (draft-ietf-webtrans-http3 4.2).
namespace frame_type {
inline constexpr std::uint64_t data = 0x00;
inline constexpr std::uint64_t headers = 0x01;
inline constexpr std::uint64_t cancel_push = 0x03;
inline constexpr std::uint64_t settings = 0x04;
inline constexpr std::uint64_t push_promise = 0x05;
inline constexpr std::uint64_t goaway = 0x07;
inline constexpr std::uint64_t max_push_id = 0x0d;
inline constexpr std::uint64_t webtransport_stream = 0x41;
}  // namespace frame_type

/// True for the reserved "grease" types 0x1f * N + 0x21 (RFC 9114 7.2.8).
inline constexpr bool is_reserved_type(std::uint64_t t) noexcept {
    return t >= 0x21 && (t - 0x21) % 0x1f == 0;
}

/// True for HTTP/2 frame types that must not appear in HTTP/3 (RFC 9114 7.2.8).
inline constexpr bool is_http2_frame_type(std::uint64_t t) noexcept {
    return t == 0x02 || t == 0x06 || t == 0x08 || t == 0x09;
}

/// One HTTP/3 frame with its payload copied out of the stream.
struct frame {
    std::uint64_t type = 0;
    std::vector<std::byte> payload;
    friend bool operator==(const frame&, const frame&) = default;
};

/// Limits of frame_reader.
struct frame_limits {
    std::size_t max_payload = 16384;  ///< longest payload kept (longer: frame_too_large)
};

/// Splits one stream's bytes into frames, whatever the cut points. Frames of
/// unknown and reserved types are skipped without buffering (RFC 9114 9);
/// HTTP/2 types are frame_unexpected. After an error the reader is dead.
class frame_reader {
public:
    /// A reader with `limits`.
    explicit frame_reader(frame_limits limits = {}) : limits_(limits) {}
    /// Consumes all of `in`.
    std::error_code feed(byte_span in);
    /// The next complete frame; empty when more input is needed.
    std::optional<frame> next();
    /// True when no partial frame is held (a FIN here is clean; RFC 9114 7.1).
    bool at_boundary() const noexcept { return buffer_.size() == read_ && skip_ == 0; }

private:
    std::error_code parse();

    frame_limits limits_;
    std::vector<std::byte> buffer_;
    std::size_t read_ = 0;
    std::uint64_t skip_ = 0;
    std::vector<frame> ready_;
    std::size_t next_ready_ = 0;
    std::error_code error_;
};

/// Appends a frame header and payload (RFC 9114 7.1).
void append_frame(std::uint64_t type, byte_span payload, std::vector<std::byte>& out);

/// Setting identifiers (RFC 9114 7.2.4.1, RFC 9204 5, RFC 9220 3, RFC 9297 2.1.1,
/// draft-ietf-webtrans-http3 9.2). Browsers differ on the WebTransport one.
namespace setting {
inline constexpr std::uint64_t qpack_max_table_capacity = 0x01;
inline constexpr std::uint64_t max_field_section_size = 0x06;
inline constexpr std::uint64_t qpack_blocked_streams = 0x07;
inline constexpr std::uint64_t enable_connect_protocol = 0x08;
inline constexpr std::uint64_t h3_datagram = 0x33;
inline constexpr std::uint64_t enable_webtransport = 0x2b603742;  ///< draft-02 (Chromium's legacy)
inline constexpr std::uint64_t webtransport_max_sessions = 0xc671706a;  ///< drafts 03..07
inline constexpr std::uint64_t wt_enabled = 0x2c7cf000;  ///< recent drafts
}  // namespace setting

/// The identifier/value pairs of one SETTINGS frame, in wire order.
struct settings {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> entries;
    /// The value of `id`, if present.
    std::optional<std::uint64_t> get(std::uint64_t id) const noexcept;
    /// True when the peer can run WebTransport sessions over HTTP/3 with us:
    /// extended CONNECT, HTTP datagrams and one of the WebTransport settings.
    bool allows_webtransport() const noexcept;
    friend bool operator==(const settings&, const settings&) = default;
};

/// Parses a SETTINGS payload; duplicates and HTTP/2 identifiers 0x02..0x05
/// are settings_error (RFC 9114 7.2.4.1), more than `max_entries` buffer_limit.
result<settings> parse_settings(byte_span payload, std::size_t max_entries = 64);

/// Appends a whole SETTINGS frame.
void append_settings(const settings& s, std::vector<std::byte>& out);

/// What a WebTransport server announces: a zero-size QPACK table, the field
/// section limit, extended CONNECT, H3_DATAGRAM and every WebTransport setting
/// browsers look for (issue 20: send them all).
settings webtransport_server_settings(std::uint64_t max_field_section_size = 16384);

/// Parses a GOAWAY payload: one varint, the stream or push id (RFC 9114 7.2.6).
result<std::uint64_t> parse_goaway(byte_span payload);

/// Appends a whole GOAWAY frame.
void append_goaway(std::uint64_t id, std::vector<std::byte>& out);

}  // namespace lal::h3
