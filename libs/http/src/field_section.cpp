// SPDX-License-Identifier: MIT
#include <lal/http/detail/field_section.hpp>

#include <string>

#include <lal/http/error.hpp>

#include "text.hpp"

namespace lal::http::detail {

std::error_code parse_field_line(std::string_view line, header_list& out) {
    if (!line.empty() && is_ows(line.front())) return errc::obs_fold;
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return errc::bad_header;
    auto name = line.substr(0, colon);
    // RFC 9112 5.1: no whitespace between name and colon; the name is a token.
    if (!is_token(name)) return errc::bad_header;
    auto value = trim_ows(line.substr(colon + 1));
    for (char c : value) {
        if (!is_field_char(c)) return errc::bad_header;
    }
    out.add(std::string(name), std::string(value));
    return {};
}

lal::result<std::optional<std::uint64_t>> content_length(const header_list& headers) {
    std::optional<std::uint64_t> length;
    for (const auto& f : headers) {
        if (!iequals(f.name, "Content-Length")) continue;
        std::string_view rest = f.value;
        for (;;) {
            auto comma = rest.find(',');
            auto v = parse_decimal(trim_ows(rest.substr(0, comma)));
            if (!v || (length && *length != *v)) return errc::bad_content_length;
            length = v;
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return length;
}

transfer_coding final_transfer_coding(const header_list& headers) {
    std::string_view last;
    bool present = false;
    for (const auto& f : headers) {
        if (!iequals(f.name, "Transfer-Encoding")) continue;
        present = true;
        std::string_view rest = f.value;
        for (;;) {
            auto comma = rest.find(',');
            auto item = trim_ows(rest.substr(0, comma));
            if (!item.empty()) last = item.substr(0, item.find(';'));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    if (!present) return transfer_coding::none;
    return iequals(trim_ows(last), "chunked") ? transfer_coding::chunked : transfer_coding::other;
}

void field_section_reader::reset(std::size_t max_bytes, std::size_t max_fields) noexcept {
    max_bytes_ = max_bytes;
    max_fields_ = max_fields;
    used_ = 0;
    fields_ = 0;
}

std::error_code field_section_reader::take(byte_span& in, header_list& out, bool& done) {
    done = false;
    while (!in.empty()) {
        auto st = line_.take(in, max_bytes_ - used_);
        if (st == line_buffer::status::too_long) return errc::headers_too_large;
        if (st == line_buffer::status::need_more) return {};
        used_ += line_.raw_size();
        if (line_.line().empty()) {
            done = true;
            return {};
        }
        if (fields_ == max_fields_) return errc::too_many_headers;
        ++fields_;
        if (auto ec = parse_field_line(line_.line(), out)) return ec;
    }
    return {};
}

}  // namespace lal::http::detail
