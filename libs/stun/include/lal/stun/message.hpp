// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/stun/error.hpp>

namespace lal::stun {

/// RFC 8489 5: the fixed value in bytes 4..7 of every message.
inline constexpr std::uint32_t magic_cookie = 0x2112A442;
/// RFC 8489 5: the message header's size.
inline constexpr std::size_t header_size = 20;
/// RFC 8489 14.7: the FINGERPRINT CRC-32 is XORed with this ("STUN").
inline constexpr std::uint32_t fingerprint_xor = 0x5354554e;

/// The 96-bit transaction id (RFC 8489 5).
using transaction_id = std::array<std::byte, 12>;

/// The class bits of the message type (RFC 8489 5).
enum class message_class : std::uint8_t { request = 0, indication = 1, success = 2, error = 3 };

/// Methods (RFC 8489 18.2).
namespace method {
inline constexpr std::uint16_t binding = 0x001;
}

/// Attribute types (RFC 8489 18.3, RFC 8445 16.1).
namespace attr {
inline constexpr std::uint16_t mapped_address = 0x0001;
inline constexpr std::uint16_t username = 0x0006;
inline constexpr std::uint16_t message_integrity = 0x0008;
inline constexpr std::uint16_t error_code = 0x0009;
inline constexpr std::uint16_t unknown_attributes = 0x000a;
inline constexpr std::uint16_t message_integrity_sha256 = 0x001c;
inline constexpr std::uint16_t xor_mapped_address = 0x0020;
inline constexpr std::uint16_t priority = 0x0024;
inline constexpr std::uint16_t use_candidate = 0x0025;
inline constexpr std::uint16_t software = 0x8022;
inline constexpr std::uint16_t fingerprint = 0x8028;
inline constexpr std::uint16_t ice_controlled = 0x8029;
inline constexpr std::uint16_t ice_controlling = 0x802a;
}  // namespace attr

/// An IPv4 or IPv6 address and port, bytes in network order (IPv4 in bytes[0..3]).
struct transport_address {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};
    std::uint16_t port = 0;
    friend bool operator==(const transport_address&, const transport_address&) = default;
};

/// One attribute as it appears in a parsed message; `value` borrows the datagram.
struct attribute {
    std::uint16_t type = 0;
    byte_span value;         ///< without padding
    std::size_t offset = 0;  ///< where its 4-byte header starts in the message
};

/// A parsed message. Spans borrow the datagram given to parse().
struct message {
    std::uint16_t method = 0;
    message_class cls = message_class::request;
    transaction_id id{};
    /// In wire order. Attributes after MESSAGE-INTEGRITY other than
    /// MESSAGE-INTEGRITY-SHA256 and FINGERPRINT are dropped (RFC 8489 14.5).
    std::vector<attribute> attributes;
    byte_span raw;  ///< the whole message

    /// The first attribute of `type`, or null.
    const attribute* find(std::uint16_t type) const noexcept;
};

/// Limits of parse().
struct parse_limits {
    std::size_t max_size = 1500;       ///< larger datagrams are refused (bad_length)
    std::size_t max_attributes = 32;
};

/// True when `datagram` could be STUN: RFC 7983 7 demultiplexing (first byte
/// 0..3) plus the magic cookie. Cheap, for routing datagrams on a shared port.
bool looks_like_stun(byte_span datagram) noexcept;

/// Parses one whole STUN message (one UDP datagram). Errors: not_stun,
/// truncated, bad_length, bad_attribute, too_many_attributes,
/// fingerprint_not_last. Integrity and fingerprint are checked separately.
lal::result<message> parse(byte_span datagram, const parse_limits& limits = {});

/// USERNAME (RFC 8489 14.3: under 513 bytes). Errors: missing_attribute, bad_attribute.
lal::result<std::string_view> username(const message& m);
/// XOR-MAPPED-ADDRESS (RFC 8489 14.2). Errors: missing_attribute, bad_attribute.
lal::result<transport_address> xor_mapped_address(const message& m);
/// PRIORITY (RFC 8445 16.1). Errors: missing_attribute, bad_attribute.
lal::result<std::uint32_t> priority(const message& m);
/// ICE-CONTROLLING or ICE-CONTROLLED tie-breaker (RFC 8445 16.1), nullopt when
/// absent or of the wrong length.
std::optional<std::uint64_t> tie_breaker(const message& m, std::uint16_t type);
/// True when USE-CANDIDATE (RFC 8445 16.1) is present.
bool use_candidate(const message& m) noexcept;

/// An ERROR-CODE value (RFC 8489 14.8).
struct error_value {
    int code = 0;  ///< 300..699
    std::string reason;
};
/// ERROR-CODE. Errors: missing_attribute, bad_attribute.
lal::result<error_value> error_code(const message& m);

/// Checks FINGERPRINT (RFC 8489 14.7). Errors: missing_attribute, bad_fingerprint.
std::error_code check_fingerprint(const message& m);
/// Checks MESSAGE-INTEGRITY (RFC 8489 14.5) with `key` (for short-term
/// credentials, ICE's password bytes: RFC 8489 9.1.1). Errors:
/// missing_attribute, bad_integrity.
std::error_code check_integrity(const message& m, byte_span key);

/// CRC-32 of ISO 3309 / ITU-T V.42 (the one FINGERPRINT uses).
std::uint32_t crc32(byte_span bytes) noexcept;

/// Builds one message: attributes in call order, then finish() adds
/// MESSAGE-INTEGRITY and FINGERPRINT last as RFC 8489 14.5 and 14.7 require.
class message_builder {
public:
    /// Starts a message of `method` and `cls` with transaction `id`.
    message_builder(std::uint16_t method, message_class cls, const transaction_id& id);

    /// Appends an attribute, padded to 4 bytes. Throws std::length_error over 65535 bytes.
    message_builder& add(std::uint16_t type, byte_span value);
    /// USERNAME; throws std::length_error at 513 bytes or more (RFC 8489 14.3).
    message_builder& add_username(std::string_view name);
    /// XOR-MAPPED-ADDRESS (RFC 8489 14.2).
    message_builder& add_xor_mapped_address(const transport_address& a);
    /// PRIORITY (RFC 8445 16.1).
    message_builder& add_priority(std::uint32_t p);
    /// USE-CANDIDATE (RFC 8445 16.1), no value.
    message_builder& add_use_candidate();
    /// ICE-CONTROLLING or ICE-CONTROLLED with a tie-breaker (RFC 8445 16.1).
    message_builder& add_tie_breaker(std::uint16_t type, std::uint64_t value);
    /// ERROR-CODE (RFC 8489 14.8); `code` 300..699, reason under 128 characters.
    message_builder& add_error_code(int code, std::string_view reason);

    /// The message: MESSAGE-INTEGRITY over it with `integrity_key` unless the
    /// key is empty, then FINGERPRINT when `fingerprint`. Leaves the builder empty.
    std::vector<std::byte> finish(byte_span integrity_key, bool fingerprint = true);

private:
    void set_length(std::size_t body);
    std::vector<std::byte> out_;
};

}  // namespace lal::stun
