// SPDX-License-Identifier: MIT
#include <lal/http/response_parser.hpp>

#include <algorithm>

#include <lal/http/error.hpp>

#include "text.hpp"

namespace lal::http {
namespace {

constexpr std::size_t max_leading_empty_lines = 4;

bool is_redirect(int status) noexcept {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

}  // namespace

response_parser::response_parser(response_limits limits) : limits_(limits) {}

std::error_code response_parser::fail(std::error_code ec) {
    flush_body();  // bytes before the fault were good: deliver them however input was split
    state_ = state::failed;
    error_ = ec;
    line_.release();
    fields_.release();
    chunks_.reset();
    return ec;
}

void response_parser::append_body(byte_span data) {
    pending_body_.insert(pending_body_.end(), data.begin(), data.end());
}

void response_parser::flush_body() {
    if (pending_body_.empty()) return;
    events_.emplace_back(body_data{lal::payload::adopt(std::move(pending_body_))});
    pending_body_ = {};
}

void response_parser::end_message() {
    flush_body();
    events_.emplace_back(message_end{});
    state_ = state::done;
    chunks_.reset();
}

std::error_code response_parser::feed(byte_span in) {
    const bool was_done = state_ == state::done;
    while (!in.empty()) {
        switch (state_) {
            case state::failed:
                return error_;
            case state::done:
                // RFC 9110 15.2.2: after 101 the bytes belong to the new protocol.
                // Only the rest of the feed that completed the head is kept (it is
                // no larger than the caller's read): the caller switches on that head.
                if (switched_ && !was_done) held_.insert(held_.end(), in.begin(), in.end());
                in = {};
                break;
            case state::status_line: {
                auto st = line_.take(in, limits_.max_status_line);
                if (st == detail::line_buffer::status::too_long) return fail(errc::status_line_too_long);
                if (st == detail::line_buffer::status::need_more) break;
                if (line_.line().empty()) {
                    if (++leading_empty_lines_ > max_leading_empty_lines) return fail(errc::bad_status_line);
                    break;
                }
                if (auto ec = parse_status_line(line_.line())) return fail(ec);
                fields_.reset(limits_.max_header_bytes, limits_.max_headers);
                state_ = state::headers;
                break;
            }
            case state::headers: {
                bool done = false;
                if (auto ec = fields_.take(in, head_.headers, done)) return fail(ec);
                if (done) {
                    if (auto ec = finish_head()) return fail(ec);
                }
                break;
            }
            case state::body_length: {
                auto n = static_cast<std::size_t>(std::min<std::uint64_t>(body_left_, in.size()));
                append_body(in.first(n));
                in = in.subspan(n);
                body_left_ -= n;
                if (body_left_ == 0) end_message();
                break;
            }
            case state::body_chunked: {
                auto data = chunks_->decode(in);
                if (!data) return fail(data.error());
                append_body(*data);
                if (chunks_->done()) end_message();
                break;
            }
            case state::body_close:
                append_body(in);
                in = {};
                break;
        }
    }
    flush_body();
    return state_ == state::failed ? error_ : std::error_code{};
}

std::error_code response_parser::parse_status_line(std::string_view line) {
    // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 4).
    // Some servers drop the SP before an empty reason; accept that.
    if (line.size() < 12 || !line.starts_with("HTTP/1.") || (line[7] != '0' && line[7] != '1') ||
        line[8] != ' ') {
        return errc::bad_status_line;
    }
    auto code = line.substr(9, 3);
    if (code[0] < '1' || code[0] > '5' || !detail::is_digit(code[1]) || !detail::is_digit(code[2])) {
        return errc::bad_status_line;
    }
    auto rest = line.substr(12);
    if (!rest.empty() && rest.front() != ' ') return errc::bad_status_line;
    if (!rest.empty()) rest.remove_prefix(1);
    for (char c : rest) {
        if (!detail::is_field_char(c)) return errc::bad_status_line;
    }
    head_ = response_head{};
    head_.version = {1, line[7] - '0'};
    head_.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    head_.reason.assign(rest);
    return {};
}

std::error_code response_parser::finish_head() {
    leading_empty_lines_ = 0;
    line_.release();
    const int status = head_.status;
    if (status >= 100 && status < 200 && status != 101) {
        // Interim response (RFC 9110 15.2): the final one follows.
        state_ = state::status_line;
        head_ = response_head{};
        return {};
    }
    if (is_redirect(status)) {
        if (auto location = head_.headers.find("Location"); location && !location->empty()) {
            events_.emplace_back(redirect{status, std::string(*location)});
            state_ = state::done;
            return {};
        }
    }
    // RFC 9112 6.3: which framing applies, in the order the rules are given.
    if (head_request_ || status == 101 || status == 204 || status == 304) {
        head_.framing = body_framing::none;
    } else if (auto coding = detail::final_transfer_coding(head_.headers);
               coding != detail::transfer_coding::none) {
        // Transfer-Encoding overrides Content-Length; without chunked last the
        // body runs until close (point 4).
        head_.framing = coding == detail::transfer_coding::chunked ? body_framing::chunked
                                                                   : body_framing::until_close;
    } else {
        auto length = detail::content_length(head_.headers);
        if (!length) return length.error();
        if (length->has_value()) {
            head_.framing = body_framing::content_length;
            head_.content_length = **length;
        } else {
            head_.framing = body_framing::until_close;
        }
    }
    auto framing = head_.framing;
    switched_ = status == 101;
    body_left_ = head_.content_length;
    events_.emplace_back(std::move(head_));
    head_ = response_head{};
    switch (framing) {
        case body_framing::none:
            end_message();
            break;
        case body_framing::content_length:
            if (body_left_ == 0) end_message();
            else state_ = state::body_length;
            break;
        case body_framing::chunked:
            chunks_.emplace(limits_.chunks);
            state_ = state::body_chunked;
            break;
        case body_framing::until_close:
            state_ = state::body_close;
            break;
    }
    return {};
}

std::error_code response_parser::finish() {
    switch (state_) {
        case state::failed:
            return error_;
        case state::done:
            return {};
        case state::body_close:
            end_message();
            return {};
        default:
            return fail(errc::truncated_message);
    }
}

std::vector<std::byte> response_parser::take_held() {
    std::vector<std::byte> out;
    out.swap(held_);
    return out;
}

std::optional<response_event> response_parser::next() {
    if (events_.empty()) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
}

}  // namespace lal::http
