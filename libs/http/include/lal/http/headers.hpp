// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lal::http {

/// One header field as received: name in its original case, value without
/// surrounding whitespace (RFC 9112 5).
struct header_field {
    std::string name;
    std::string value;
};

/// Header fields in arrival order, with case-insensitive lookup (RFC 9110 5.1).
class header_list {
public:
    /// Appends a field (no validation: parsers validate before adding).
    void add(std::string name, std::string value);
    /// Value of the first field named `name`, if any.
    std::optional<std::string_view> find(std::string_view name) const noexcept;
    /// Number of fields named `name`.
    std::size_t count(std::string_view name) const noexcept;
    /// True when a field named `name` holds `token` in its comma-separated list
    /// (e.g. `Connection: keep-alive, Upgrade`), compared case-insensitively.
    bool has_token(std::string_view name, std::string_view token) const noexcept;

    /// Number of fields.
    std::size_t size() const noexcept { return fields_.size(); }
    /// True without fields.
    bool empty() const noexcept { return fields_.empty(); }
    /// Fields in arrival order.
    auto begin() const noexcept { return fields_.begin(); }
    /// End of the fields.
    auto end() const noexcept { return fields_.end(); }
    /// Removes every field.
    void clear() noexcept { fields_.clear(); }

private:
    std::vector<header_field> fields_;
};

/// ASCII case-insensitive equality, as HTTP compares field names and tokens.
bool iequals(std::string_view a, std::string_view b) noexcept;

}  // namespace lal::http
