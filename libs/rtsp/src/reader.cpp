// SPDX-License-Identifier: MIT
#include <lal/rtsp/reader.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <string_view>

#include <lal/rtsp/error.hpp>
#include "text.hpp"

namespace lal::rtsp {
namespace {

bool is_token_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
}

}  // namespace

std::error_code reader::feed(std::span<const std::byte> in) {
    if (error_) return error_;
    buffer_.insert(buffer_.end(), in.begin(), in.end());
    error_ = parse();
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ = 0;
    return error_;
}

std::optional<item> reader::next() {
    if (out_.empty()) return std::nullopt;
    item i = std::move(out_.front());
    out_.pop_front();
    return i;
}

std::error_code reader::parse() {
    for (;;) {
        const std::size_t left = buffer_.size() - pos_;
        const auto* here = reinterpret_cast<const char*>(buffer_.data()) + pos_;
        switch (state_) {
        case state::start:
        case state::headers: {
            if (state_ == state::start && left > 0 && here[0] == '$') {
                if (left < 4) return {};  // RFC 2326 10.12: '$', channel, 2-byte length
                frame_channel_ = static_cast<std::uint8_t>(here[1]);
                frame_length_ = (std::size_t{static_cast<unsigned char>(here[2])} << 8) |
                                static_cast<unsigned char>(here[3]);
                if (frame_channel_ > limits_.max_channel) return errc::bad_interleaved_channel;
                if (frame_length_ < limits_.min_frame || frame_length_ > limits_.max_frame)
                    return errc::bad_interleaved_length;
                pos_ += 4;
                state_ = state::frame;
                continue;
            }
            if (left == 0) return {};  // memchr must not see the null pointer of an empty buffer
            const auto* nl = static_cast<const char*>(std::memchr(here, '\n', left));
            if (!nl) {
                if (left > limits_.max_line) return errc::line_too_long;
                return {};
            }
            std::size_t len = static_cast<std::size_t>(nl - here);
            if (len > limits_.max_line) return errc::line_too_long;
            pos_ += len + 1;
            std::string_view line(here, len);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (state_ == state::start && line.empty()) continue;  // CRLF between messages
            if (auto ec = on_line(line)) return ec;
            continue;
        }
        case state::body:
            if (left < body_length_) return {};
            current_.body.assign(here, body_length_);
            pos_ += body_length_;
            out_.emplace_back(std::move(current_));
            current_ = {};
            state_ = state::start;
            continue;
        case state::frame: {
            if (left < frame_length_) return {};
            interleaved_frame f;
            f.channel = frame_channel_;
            f.data = lal::payload::copy_from(std::span(buffer_).subspan(pos_, frame_length_));
            pos_ += frame_length_;
            out_.emplace_back(std::move(f));
            state_ = state::start;
            continue;
        }
        }
    }
}

std::error_code reader::on_line(std::string_view line) {
    if (state_ == state::start) {  // RFC 2326 6.1 Request-Line, 7.1 Status-Line
        current_ = {};
        auto sp1 = line.find(' ');
        if (sp1 == std::string_view::npos || sp1 == 0) return errc::bad_start_line;
        auto first = line.substr(0, sp1);
        auto rest = line.substr(sp1 + 1);
        if (first == "RTSP/1.0") {
            auto sp2 = rest.find(' ');
            auto code = rest.substr(0, sp2);
            int status = 0;
            auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), status);
            if (code.size() != 3 || ec != std::errc{} || end != code.data() + code.size() || status < 100)
                return errc::bad_start_line;
            current_.is_request = false;
            current_.status = status;
            if (sp2 != std::string_view::npos) current_.reason = std::string(rest.substr(sp2 + 1));
        } else {
            auto sp2 = rest.rfind(' ');
            if (sp2 == std::string_view::npos || sp2 == 0) return errc::bad_start_line;
            auto uri = rest.substr(0, sp2);
            auto version = rest.substr(sp2 + 1);
            if (version != "RTSP/1.0" || uri.find(' ') != std::string_view::npos)
                return errc::bad_start_line;
            if (!std::all_of(first.begin(), first.end(), is_token_char)) return errc::bad_start_line;
            current_.method = std::string(first);
            current_.uri = std::string(uri);
        }
        state_ = state::headers;
        return {};
    }
    if (line.empty()) return end_of_headers();
    if (line.front() == ' ' || line.front() == '\t') {  // folded continuation (RFC 2616 2.2)
        if (current_.headers.empty()) return errc::bad_header;
        auto& v = current_.headers.back().value;
        const auto more = detail::trim(line);
        if (more.empty()) return {};
        if (!v.empty()) v += ' ';
        v += more;
        if (v.size() > limits_.max_line) return errc::line_too_long;
        return {};
    }
    auto colon = line.find(':');
    if (colon == std::string_view::npos) return errc::bad_header;
    auto name = detail::trim(line.substr(0, colon));
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char)) return errc::bad_header;
    if (current_.headers.size() >= limits_.max_headers) return errc::too_many_headers;
    current_.headers.push_back({std::string(name), std::string(detail::trim(line.substr(colon + 1)))});
    return {};
}

std::error_code reader::end_of_headers() {
    body_length_ = 0;
    if (auto cl = current_.get("Content-Length")) {  // RFC 2326 12.14
        std::size_t n = 0;
        auto [end, ec] = std::from_chars(cl->data(), cl->data() + cl->size(), n);
        if (ec == std::errc::result_out_of_range) return errc::body_too_large;
        if (cl->empty() || ec != std::errc{} || end != cl->data() + cl->size()) return errc::bad_content_length;
        if (n > limits_.max_body) return errc::body_too_large;
        body_length_ = n;
    }
    if (body_length_ > 0) {
        state_ = state::body;
    } else {
        out_.emplace_back(std::move(current_));
        current_ = {};
        state_ = state::start;
    }
    return {};
}

}  // namespace lal::rtsp
