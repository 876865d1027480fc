// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/result.hpp>

namespace lal::net {

/// An IPv4 or IPv6 address as plain bytes (sans-IO: no socket types). An
/// IPv4-mapped IPv6 address (::ffff:a.b.c.d, RFC 4291 2.5.5.2), which a
/// dual-stack listener reports for IPv4 clients, is stored as the IPv4
/// address, so one rule matches a client whichever way it arrived.
struct ip_address {
    bool v6 = false;
    /// IPv4 in bytes[0..3]; IPv6 in all 16; network byte order.
    std::array<std::uint8_t, 16> bytes{};
    /// 32 or 128.
    unsigned bits() const noexcept { return v6 ? 128 : 32; }
    /// Dotted quad, or RFC 5952 text (lower case, the longest zero run as "::").
    std::string str() const;
    friend bool operator==(const ip_address&, const ip_address&) = default;
};

/// A CIDR block (RFC 4632 3.1 for IPv4, RFC 4291 2.3 for IPv6): the first
/// `length` bits of `base`; the bits after them are zero.
struct ip_prefix {
    ip_address base;
    unsigned length = 0;
    /// True when `a` is of the same family and its first `length` bits equal base's.
    bool contains(const ip_address& a) const noexcept;
    /// "10.0.0.0/8", "2001:db8::/32".
    std::string str() const;
    friend bool operator==(const ip_prefix&, const ip_prefix&) = default;
};

/// Parses an address: a dotted quad of four decimal octets (no leading zeros,
/// which some parsers read as octal), or IPv6 text (RFC 4291 2.2: eight
/// groups, one "::", an optional dotted quad at the end). Brackets, zone ids
/// ("%eth0") and ports are refused. Error: errc::bad_ip_address.
lal::result<ip_address> parse_ip_address(std::string_view text);

/// The address part of a peer endpoint's text: "1.2.3.4:5678" -> "1.2.3.4",
/// "[::1]:5678" -> "::1"; text without a port is returned unchanged.
std::string_view host_of_endpoint(std::string_view text) noexcept;

/// Parses "address/length", or a bare address (a block of one address).
/// Errors: bad_ip_address, bad_prefix_length (not 0..32 or 0..128 in
/// decimal), prefix_host_bits (bits set after the length, as in
/// "10.0.0.1/8": refused rather than guessed).
lal::result<ip_prefix> parse_ip_prefix(std::string_view text);

/// A list of blocks; an address matches when any block contains it. Linear:
/// access lists are short, and a miss costs one pass of compares.
class ip_prefix_list {
public:
    /// Adds a block (duplicates are kept once).
    void add(const ip_prefix& p);
    /// Removes a block; false when it was not there.
    bool remove(const ip_prefix& p);
    /// The first block that contains `a`, or null.
    const ip_prefix* match(const ip_address& a) const noexcept;
    /// True when no block is listed.
    bool empty() const noexcept { return prefixes_.empty(); }
    /// The blocks, in the order added.
    const std::vector<ip_prefix>& prefixes() const noexcept { return prefixes_; }

private:
    std::vector<ip_prefix> prefixes_;
};

}  // namespace lal::net
