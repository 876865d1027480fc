// SPDX-License-Identifier: MIT
#pragma once

#include <system_error>
#include <type_traits>

namespace lal::av1 {

/// Errors of the AV1 parsers; every function is stateless.
enum class errc {
    truncated = 1,           ///< input ended inside a field, an OBU or the record
    forbidden_bit_set,       ///< obu_forbidden_bit is 1
    bad_leb128,              ///< a leb128 longer than 8 bytes or above 2^32 - 1
    not_sequence_header,     ///< the OBU is not OBU_SEQUENCE_HEADER (type 1)
    bad_profile,             ///< seq_profile above 2
    bad_marker,              ///< av1C marker is 0
    unsupported_version,     ///< av1C version is not 1
    no_sequence_header,      ///< builder: no sequence header OBU among the OBUs given
};

/// The category of lal::av1::errc ("lal.av1").
const std::error_category& category() noexcept;

/// Makes an error_code in lal::av1::category().
std::error_code make_error_code(errc e) noexcept;

}  // namespace lal::av1

template <>
struct std::is_error_code_enum<lal::av1::errc> : std::true_type {};
