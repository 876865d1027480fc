// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <lal/base/result.hpp>

namespace lal::http {

/// One `name=value` pair of a query, both percent-decoded.
struct query_param {
    std::string name;
    std::string value;  ///< empty for a bare `name`
    friend bool operator==(const query_param&, const query_param&) = default;
};

/// Decodes the %XX escapes of a URI component (RFC 3986 2.1), and '+' as a space
/// when `plus_is_space` (application/x-www-form-urlencoded). bad_query on a '%'
/// not followed by two hex digits. Any decoded byte is kept, NUL included.
lal::result<std::string> percent_decode(std::string_view raw, bool plus_is_space = false);

/// Splits a raw query ("a=1&b=x%20y&flag") into decoded pairs in order, '+' read
/// as a space; empty pieces ("a=1&&b") are skipped. bad_query on a bad escape.
lal::result<std::vector<query_param>> parse_query(std::string_view raw);

/// The decoded value of the first parameter called `name` in a raw query, if
/// any; a parameter with a bad escape is treated as absent.
std::optional<std::string> query_value(std::string_view raw, std::string_view name);

}  // namespace lal::http
