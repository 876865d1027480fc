// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

#include <lal/flv/amf0.hpp>

// How both sessions read the arguments of a command (RTMP spec 7.2): a missing
// or mistyped value reads as a default, never as an error.
namespace lal::rtmp::detail {

/// The string `v` holds; "" when it is missing or not a string.
inline std::string string_of(const lal::flv::amf0::value* v) {
    if (!v) return {};
    return std::string(v->as_string().value_or(std::string_view{}));
}

/// The number `v` holds; `fallback` when it is missing or not a number.
inline double number_of(const lal::flv::amf0::value* v, double fallback) {
    if (!v) return fallback;
    return v->as_number().value_or(fallback);
}

/// The string property `key` of an object (an info object of onStatus or _error).
inline std::string field(const lal::flv::amf0::value* object, std::string_view key) {
    return object ? string_of(object->get(key)) : std::string{};
}

}  // namespace lal::rtmp::detail
