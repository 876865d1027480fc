// SPDX-License-Identifier: MIT
#include <lal/http/chunked.hpp>

#include <algorithm>
#include <string>

#include <lal/http/error.hpp>

#include <lal/http/detail/field_section.hpp>
#include "text.hpp"

namespace lal::http {

chunk_decoder::chunk_decoder(chunk_limits limits) : limits_(limits) {}

lal::result<byte_span> chunk_decoder::decode(byte_span& in) {
    auto fail = [this](errc e) {
        state_ = state::failed;
        error_ = make_error_code(e);
        return error_;
    };
    while (!in.empty()) {
        switch (state_) {
            case state::failed:
                return error_;
            case state::done:
                return byte_span{};
            case state::size_line: {
                auto st = line_.take(in, limits_.max_chunk_line);
                if (st == detail::line_buffer::status::too_long) return fail(errc::chunk_line_too_long);
                if (st == detail::line_buffer::status::need_more) return byte_span{};
                if (auto ec = parse_size_line(line_.line())) return fail(errc::bad_chunk);
                if (remaining_ == 0) {
                    state_ = state::trailer;  // last-chunk (RFC 9112 7.1)
                    trailer_used_ = 0;
                } else {
                    state_ = state::data;
                }
                break;
            }
            case state::data: {
                auto n = static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, in.size()));
                auto out = in.first(n);
                in = in.subspan(n);
                remaining_ -= n;
                data_bytes_ += n;
                if (remaining_ == 0) state_ = state::data_cr;
                return out;
            }
            case state::data_cr: {
                // chunk-data is followed by CRLF; a bare LF is accepted (RFC 9112 2.2).
                auto c = static_cast<char>(in.front());
                in = in.subspan(1);
                if (c == '\r') state_ = state::data_lf;
                else if (c == '\n') state_ = state::size_line;
                else return fail(errc::bad_chunk);
                break;
            }
            case state::data_lf: {
                auto c = static_cast<char>(in.front());
                in = in.subspan(1);
                if (c != '\n') return fail(errc::bad_chunk);
                state_ = state::size_line;
                break;
            }
            case state::trailer: {
                // RFC 9112 7.1.2: trailer-section = *( field-line CRLF ), then CRLF.
                auto st = line_.take(in, limits_.max_trailer_bytes - trailer_used_);
                if (st == detail::line_buffer::status::too_long) return fail(errc::headers_too_large);
                if (st == detail::line_buffer::status::need_more) return byte_span{};
                trailer_used_ += line_.raw_size();
                if (line_.line().empty()) {
                    state_ = state::done;
                    line_.release();
                    return byte_span{};
                }
                if (trailers_.size() == limits_.max_trailers) return fail(errc::too_many_headers);
                if (auto ec = detail::parse_field_line(line_.line(), trailers_)) {
                    state_ = state::failed;
                    error_ = ec;
                    return error_;
                }
                break;
            }
        }
    }
    if (state_ == state::failed) return error_;
    return byte_span{};
}

std::error_code chunk_decoder::parse_size_line(std::string_view line) {
    // chunk-size = 1*HEXDIG; leading zeros are allowed, 15 significant digits
    // (< 2^60) are more than any body needs and cannot overflow.
    std::size_t i = 0;
    std::uint64_t size = 0;
    std::size_t significant = 0;
    while (i < line.size() && detail::hex_value(line[i]) >= 0) {
        auto v = static_cast<std::uint64_t>(detail::hex_value(line[i]));
        if (size != 0 || v != 0) ++significant;
        if (significant > 15) return errc::bad_chunk;
        size = size * 16 + v;
        ++i;
    }
    if (i == 0) return errc::bad_chunk;
    // chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ): ignored, but it may
    // hold no CTL other than HTAB.
    auto rest = line.substr(i);
    while (!rest.empty() && detail::is_ows(rest.front())) rest.remove_prefix(1);
    if (!rest.empty()) {
        if (rest.front() != ';') return errc::bad_chunk;
        for (char c : rest) {
            if (!detail::is_field_char(c)) return errc::bad_chunk;
        }
    }
    remaining_ = size;
    return {};
}

lal::payload chunk_header(std::size_t size) {
    static constexpr char digits[] = "0123456789abcdef";
    char buf[2 * sizeof(std::size_t) + 2];
    std::size_t n = 0;
    char rev[2 * sizeof(std::size_t)];
    do {
        rev[n++] = digits[size & 15];
        size >>= 4;
    } while (size != 0);
    for (std::size_t i = 0; i < n; ++i) buf[i] = rev[n - 1 - i];
    buf[n] = '\r';
    buf[n + 1] = '\n';
    return lal::payload::copy_from(std::string_view(buf, n + 2));
}

lal::payload chunk_end() {
    static const lal::payload crlf = lal::payload::copy_from(std::string_view("\r\n"));
    return crlf;
}

lal::payload last_chunk() {
    static const lal::payload last = lal::payload::copy_from(std::string_view("0\r\n\r\n"));
    return last;
}

void append_chunk(std::span<const lal::payload> data, std::vector<lal::payload>& out) {
    std::size_t total = 0;
    for (const auto& p : data) total += p.size();
    if (total == 0) return;
    out.push_back(chunk_header(total));
    for (const auto& p : data) {
        if (!p.empty()) out.push_back(p);
    }
    out.push_back(chunk_end());
}

}  // namespace lal::http
