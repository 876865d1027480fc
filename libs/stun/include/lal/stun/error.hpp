// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::stun {

/// Errors of lal::stun. Parsing is stateless: an error drops one datagram.
enum class errc {
    not_stun = 1,         ///< first two bits not zero or no magic cookie (RFC 8489 5)
    truncated,            ///< shorter than the header or than its length field says
    bad_length,           ///< length field not a multiple of 4 or disagrees with the datagram
    bad_attribute,        ///< an attribute runs past the message or has a wrong value length
    too_many_attributes,  ///< more attributes than parse_limits allows
    fingerprint_not_last, ///< FINGERPRINT followed by another attribute (RFC 8489 14.7)
    missing_attribute,    ///< a required attribute is absent
    bad_fingerprint,      ///< FINGERPRINT does not match the message (RFC 8489 14.7)
    bad_integrity,        ///< MESSAGE-INTEGRITY does not match the key (RFC 8489 14.5)
};

/// The category of lal::stun::errc ("lal.stun").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::stun::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::stun

template <>
struct std::is_error_code_enum<lal::stun::errc> : std::true_type {};
