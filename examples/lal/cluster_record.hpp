// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include <lal/base/result.hpp>

// The records cluster servers keep in their registry, as text: who publishes a
// stream, and each server's address and load. Sans-IO and on the standard
// library and lal::base only, so the fuzz build compiles this file directly.
namespace lal::server::cluster {

/// Longest server id or host (a token) in a record.
inline constexpr std::size_t max_token_size = 128;
/// Longest record a server writes or reads (a load record of the longest
/// fields): version, two tokens, two 5-digit ports, the edge flag, three
/// 64-bit counts of up to 20 digits, and the 8 spaces between them.
inline constexpr std::size_t max_record_size = 1 + 2 * max_token_size + 2 * 5 + 1 + 3 * 20 + 8;

/// Why a record was not read. The decoder is stateless: any call can follow an error.
enum class record_errc {
    too_long = 1,    ///< more than max_record_size bytes
    field_count,     ///< not the record's number of space-separated fields
    empty_field,     ///< two spaces in a row, or one at either end
    bad_version,     ///< first field other than "1"
    bad_token,       ///< server id or host empty, over 128 bytes, or with a control character
    bad_port,        ///< a port not a decimal 1..65535 (the HTTP port may be 0)
    bad_number,      ///< a count not a decimal that fits 64 bits
    bad_flag,        ///< the edge flag neither "0" nor "1"
};

/// The category of record_errc ("lal.cluster").
const std::error_category& record_category() noexcept;
/// Makes an error_code in record_category().
std::error_code make_error_code(record_errc e) noexcept;

/// Where a stream is published: the owning server and how others reach it.
struct stream_owner {
    std::string server_id;
    std::string host;
    std::uint16_t rtmp_port = 0;
    std::uint16_t http_port = 0;
    bool operator==(const stream_owner&) const = default;
};

/// A server's address and load, as it reports them every refresh.
struct server_load {
    stream_owner server;          ///< its id and addresses
    bool edge = false;            ///< it looks streams up (serves players of any stream)
    std::uint64_t players = 0;    ///< players (SUB sessions) now
    std::uint64_t out_kbits = 0;  ///< what it sends, kbit/s
    std::uint64_t streams = 0;    ///< streams published here (not pulled)
    bool operator==(const server_load&) const = default;
};

/// True for a server id or host a record can hold: 1 to 128 printable
/// ASCII characters without spaces (fields are space separated).
bool valid_token(std::string_view s) noexcept;

/// "1 <id> <host> <rtmp_port> <http_port>": version 1 of the owner record.
std::string encode(const stream_owner& o);
/// Reads an owner record.
lal::result<stream_owner> parse_owner(std::string_view text);
/// "1 <id> <host> <rtmp_port> <http_port> <edge 0|1> <players> <out_kbits> <streams>".
std::string encode(const server_load& l);
/// Reads a load record.
lal::result<server_load> parse_load(std::string_view text);

}  // namespace lal::server::cluster

template <>
struct std::is_error_code_enum<lal::server::cluster::record_errc> : std::true_type {};
