// SPDX-License-Identifier: MIT
#pragma once

#include <cassert>
#include <system_error>
#include <type_traits>
#include <utility>
#include <variant>

namespace lal {

/// A value of type T or a std::error_code, with std::expected's member names so
/// that it can become std::expected<T, std::error_code> under C++23.
template <class T>
class [[nodiscard]] result {
public:
    using value_type = T;

    /// Holds a value.
    result(const T& value) : state_(std::in_place_index<0>, value) {}
    /// Holds a value.
    result(T&& value) : state_(std::in_place_index<0>, std::move(value)) {}
    /// Holds an error; `ec` must not be the "no error" code.
    result(std::error_code ec) : state_(std::in_place_index<1>, ec) { assert(ec); }
    /// Holds an error made from an error enum (e.g. lal::flv::errc).
    template <class E, class = std::enable_if_t<std::is_error_code_enum_v<E>>>
    result(E e) : result(std::error_code(make_error_code(e))) {}

    /// True when a value is held.
    bool has_value() const noexcept { return state_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }

    /// The value; only valid when has_value().
    T& value() & { assert(has_value()); return std::get<0>(state_); }
    const T& value() const& { assert(has_value()); return std::get<0>(state_); }
    T&& value() && { assert(has_value()); return std::get<0>(std::move(state_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    /// The error; an empty error_code when a value is held.
    std::error_code error() const noexcept {
        return has_value() ? std::error_code{} : std::get<1>(state_);
    }

    /// The value, or `fallback` when an error is held.
    template <class U>
    T value_or(U&& fallback) const& {
        return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, std::error_code> state_;
};

}  // namespace lal
