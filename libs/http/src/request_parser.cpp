// SPDX-License-Identifier: MIT
#include <lal/http/request_parser.hpp>

#include <algorithm>

#include <lal/http/error.hpp>
#include <lal/http/headers.hpp>
#include <lal/http/url.hpp>

#include "text.hpp"

namespace lal::http {
namespace {

// RFC 9112 2.2 asks servers to ignore at least one empty line before a request
// line (some clients send CRLF after a body); more than a few is garbage.
constexpr std::size_t max_leading_empty_lines = 4;

/// HTTP-version = "HTTP" "/" DIGIT "." DIGIT (RFC 9112 2.3), case-sensitive.
std::error_code parse_version(std::string_view text, http_version& out) {
    if (text.size() != 8 || !text.starts_with("HTTP/") || !detail::is_digit(text[5]) || text[6] != '.' ||
        !detail::is_digit(text[7])) {
        return errc::bad_request_line;
    }
    out = {text[5] - '0', text[7] - '0'};
    if (out.major != 1 || out.minor > 1) return errc::unsupported_version;
    return {};
}

/// Splits a request-target (RFC 9112 3.2) into decoded path and raw query.
std::error_code parse_target(std::string_view method, std::string_view target, request& out) {
    if (target == "*") {  // asterisk-form, only for a server-wide OPTIONS (RFC 9112 3.2.4)
        if (method != "OPTIONS") return errc::bad_target;
        out.path = "*";
        return {};
    }
    for (char c : target) {
        if (!detail::is_target_char(c)) return errc::bad_target;
    }
    std::string_view rest = target;
    if (rest.front() != '/') {
        // absolute-form (RFC 9112 3.2.2): a server must accept it; the authority
        // is not used for routing.
        auto sep = rest.find("://");
        if (sep == std::string_view::npos) return errc::bad_target;
        auto scheme = rest.substr(0, sep);
        if (!iequals(scheme, "http") && !iequals(scheme, "https")) return errc::bad_target;
        rest.remove_prefix(sep + 3);
        auto path_start = rest.find_first_of("/?");
        rest = path_start == std::string_view::npos ? std::string_view{} : rest.substr(path_start);
    }
    auto q = rest.find('?');
    auto raw_path = rest.substr(0, q);
    if (q != std::string_view::npos) out.query.assign(rest.substr(q + 1));
    if (raw_path.empty()) raw_path = "/";
    auto decoded = percent_decode_path(raw_path);
    if (!decoded) return decoded.error();
    out.path = std::move(*decoded);
    return {};
}

}  // namespace

request_parser::request_parser(request_limits limits) : limits_(limits) {}

std::error_code request_parser::fail(std::error_code ec) {
    state_ = state::failed;
    error_ = ec;
    line_.release();
    fields_.release();
    body_chunks_.reset();
    std::vector<std::byte>().swap(body_);
    std::vector<std::byte>().swap(held_);
    return ec;
}

std::error_code request_parser::append_body(byte_span data) {
    // Checked before copying, so a peer never makes us hold more than the limit.
    if (data.size() > limits_.max_body_bytes - body_.size()) return errc::body_too_large;
    body_.insert(body_.end(), data.begin(), data.end());
    return {};
}

void request_parser::finish_request() {
    if (!body_.empty()) current_.body = lal::payload::adopt(std::move(body_));
    body_ = {};
    const bool upgrade = current_.wants_upgrade();
    ready_.push_back(std::move(current_));
    current_ = request{};
    // RFC 9110 7.8: after an upgrade request the next bytes may belong to another
    // protocol; wait for the caller's decision.
    state_ = upgrade ? state::paused : state::request_line;
}

std::vector<std::byte> request_parser::take_held() {
    std::vector<std::byte> out;
    out.swap(held_);
    return out;
}

std::error_code request_parser::resume() {
    if (state_ != state::paused) return error_;
    state_ = state::request_line;
    auto held = take_held();
    return feed(held);
}

std::error_code request_parser::feed(byte_span in) {
    while (!in.empty()) {
        switch (state_) {
            case state::failed:
                return error_;
            case state::paused: {
                if (in.size() > limits_.max_header_bytes - held_.size()) return fail(errc::headers_too_large);
                held_.insert(held_.end(), in.begin(), in.end());
                return {};
            }
            case state::request_line: {
                auto st = line_.take(in, limits_.max_request_line);
                if (st == detail::line_buffer::status::too_long) return fail(errc::request_line_too_long);
                if (st == detail::line_buffer::status::need_more) return {};
                if (line_.line().empty()) {
                    if (++leading_empty_lines_ > max_leading_empty_lines) return fail(errc::bad_request_line);
                    break;
                }
                if (auto ec = parse_request_line(line_.line())) return fail(ec);
                fields_.reset(limits_.max_header_bytes, limits_.max_headers);
                state_ = state::headers;
                break;
            }
            case state::headers: {
                bool done = false;
                if (auto ec = fields_.take(in, current_.headers, done)) return fail(ec);
                if (!done) return {};
                if (auto ec = finish_head()) return fail(ec);
                break;
            }
            case state::body_length: {
                auto n = static_cast<std::size_t>(std::min<std::uint64_t>(body_left_, in.size()));
                if (auto ec = append_body(in.first(n))) return fail(ec);
                in = in.subspan(n);
                body_left_ -= n;
                if (body_left_ == 0) finish_request();
                break;
            }
            case state::body_chunked: {
                auto data = body_chunks_->decode(in);
                if (!data) return fail(data.error());
                if (auto ec = append_body(*data)) return fail(ec);
                if (body_chunks_->done()) {
                    body_chunks_.reset();
                    finish_request();
                }
                break;
            }
        }
    }
    return state_ == state::failed ? error_ : std::error_code{};
}

std::error_code request_parser::parse_request_line(std::string_view line) {
    // request-line = method SP request-target SP HTTP-version (RFC 9112 3): single
    // spaces, as the grammar says; a lenient split would hide smuggling tricks.
    auto sp1 = line.find(' ');
    if (sp1 == std::string_view::npos) return errc::bad_request_line;
    auto sp2 = line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos) {
        return errc::bad_request_line;
    }
    auto method = line.substr(0, sp1);
    auto target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    if (!detail::is_token(method) || target.empty()) return errc::bad_request_line;
    current_ = request{};
    if (auto ec = parse_version(line.substr(sp2 + 1), current_.version)) return ec;
    current_.method.assign(method);
    current_.target.assign(target);
    return parse_target(method, target, current_);
}

std::error_code request_parser::finish_head() {
    const auto& h = current_.headers;
    // RFC 9112 3.2: a 1.1 request needs exactly one Host; none may carry two.
    auto hosts = h.count("Host");
    if (hosts > 1 || (hosts == 0 && current_.version >= http_version{1, 1})) return errc::bad_host;

    auto length = detail::content_length(h);
    if (!length) return length.error();
    auto coding = detail::final_transfer_coding(h);
    if (coding != detail::transfer_coding::none) {
        // RFC 9112 6.1 / 6.3: Transfer-Encoding in 1.0, next to Content-Length, or
        // without chunked last means the framing cannot be trusted.
        if (current_.version < http_version{1, 1} || length->has_value() ||
            coding != detail::transfer_coding::chunked) {
            return errc::bad_transfer_encoding;
        }
        body_chunks_.emplace(limits_.chunks);
        state_ = state::body_chunked;
    } else if (length->value_or(0) > 0) {
        // RFC 9110 15.5.14: refuse a declared length over the limit before reading it.
        if (**length > limits_.max_body_bytes) return errc::body_too_large;
        body_left_ = **length;
        body_.reserve(static_cast<std::size_t>(body_left_));
        state_ = state::body_length;
    } else {
        finish_request();
    }
    leading_empty_lines_ = 0;
    line_.release();
    return {};
}

std::optional<request> request_parser::next() {
    if (ready_.empty()) return std::nullopt;
    auto r = std::move(ready_.front());
    ready_.pop_front();
    return r;
}

bool request_parser::in_progress() const noexcept {
    switch (state_) {
        case state::headers:
        case state::body_length:
        case state::body_chunked:
            return true;
        case state::request_line:
            return line_.partial() || leading_empty_lines_ > 0;
        case state::paused:
        case state::failed:
            return false;
    }
    return false;
}

}  // namespace lal::http
