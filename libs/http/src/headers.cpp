// SPDX-License-Identifier: MIT
#include <lal/http/headers.hpp>

#include "text.hpp"

namespace lal::http {

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (detail::to_lower(a[i]) != detail::to_lower(b[i])) return false;
    }
    return true;
}

void header_list::add(std::string name, std::string value) {
    fields_.push_back({std::move(name), std::move(value)});
}

std::optional<std::string_view> header_list::find(std::string_view name) const noexcept {
    for (const auto& f : fields_) {
        if (iequals(f.name, name)) return std::string_view(f.value);
    }
    return std::nullopt;
}

std::size_t header_list::count(std::string_view name) const noexcept {
    std::size_t n = 0;
    for (const auto& f : fields_) n += iequals(f.name, name) ? 1 : 0;
    return n;
}

bool header_list::has_token(std::string_view name, std::string_view token) const noexcept {
    for (const auto& f : fields_) {
        if (!iequals(f.name, name)) continue;
        std::string_view rest = f.value;
        while (!rest.empty()) {
            auto comma = rest.find(',');
            auto item = detail::trim_ows(rest.substr(0, comma));
            if (iequals(item, token)) return true;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return false;
}

}  // namespace lal::http
