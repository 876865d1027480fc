// SPDX-License-Identifier: MIT
#include <lal/http/websocket_decoder.hpp>

#include <algorithm>
#include <cstring>

namespace lal::http::ws {
namespace {

bool known_opcode(std::uint8_t op) noexcept {
    switch (op) {
        case 0x0: case 0x1: case 0x2: case 0x8: case 0x9: case 0xa:
            return true;
        default:
            return false;  // RFC 6455 5.2: 0x3-0x7 and 0xB-0xF are reserved
    }
}

/// RFC 6455 7.4.1 and 7.4.2: the codes an endpoint may put in a close frame.
bool valid_close_code(std::uint16_t code) noexcept {
    if (code >= 3000 && code <= 4999) return true;  // registered and private use
    switch (code) {
        case 1000: case 1001: case 1002: case 1003: case 1007: case 1008: case 1009: case 1010: case 1011:
            return true;
        default:
            return false;  // 1004-1006 and 1015 are reserved, never sent
    }
}

}  // namespace

bool is_valid_utf8(byte_span text) noexcept {
    std::size_t i = 0;
    while (i < text.size()) {
        auto b = std::to_integer<unsigned>(text[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        // RFC 3629 4: the lead byte gives the length and the range of the second byte.
        std::size_t len = 0;
        unsigned lo = 0x80, hi = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            len = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            len = 3;
            if (b == 0xe0) lo = 0xa0;        // no overlong
            if (b == 0xed) hi = 0x9f;        // no surrogates
        } else if (b >= 0xf0 && b <= 0xf4) {
            len = 4;
            if (b == 0xf0) lo = 0x90;        // no overlong
            if (b == 0xf4) hi = 0x8f;        // nothing above U+10FFFF
        } else {
            return false;
        }
        if (text.size() - i < len) return false;
        auto second = std::to_integer<unsigned>(text[i + 1]);
        if (second < lo || second > hi) return false;
        for (std::size_t k = 2; k < len; ++k) {
            if ((std::to_integer<unsigned>(text[i + k]) & 0xc0) != 0x80) return false;
        }
        i += len;
    }
    return true;
}

frame_decoder::frame_decoder(role r, decoder_limits limits) : role_(r), limits_(limits) {}

std::error_code frame_decoder::fail(std::error_code ec) {
    error_ = ec;
    std::vector<std::byte>().swap(payload_);
    return ec;
}

std::size_t frame_decoder::header_need() const noexcept {
    // RFC 6455 5.2: two bytes, then 2 or 8 for an extended length, 4 for a key.
    if (header_size_ < 2) return 2;
    auto b1 = std::to_integer<std::uint8_t>(header_[1]);
    auto code = b1 & 0x7f;
    return 2 + (code == 126 ? 2 : code == 127 ? 8 : 0) + ((b1 & 0x80) ? 4 : 0);
}

std::error_code frame_decoder::parse_header() {
    // RFC 6455 5.2: FIN, RSV1-3, opcode | MASK, payload len, [extended len], [key].
    auto b0 = std::to_integer<std::uint8_t>(header_[0]);
    auto b1 = std::to_integer<std::uint8_t>(header_[1]);
    if (b0 & 0x70) return errc::reserved_bits;
    if (!known_opcode(b0 & 0x0f)) return errc::unknown_opcode;
    current_ = frame{};
    current_.fin = (b0 & 0x80) != 0;
    current_.op = static_cast<opcode>(b0 & 0x0f);
    current_.masked = (b1 & 0x80) != 0;
    // RFC 6455 5.1: clients mask every frame, servers never do.
    if (current_.masked != (role_ == role::server)) return errc::bad_mask;
    std::uint64_t len = b1 & 0x7f;
    std::size_t pos = 2;
    if (len == 126) {
        len = (std::to_integer<std::uint64_t>(header_[2]) << 8) | std::to_integer<std::uint64_t>(header_[3]);
        if (len < 126) return errc::non_minimal_length;
        pos = 4;
    } else if (len == 127) {
        len = 0;
        for (std::size_t i = 2; i < 10; ++i) len = (len << 8) | std::to_integer<std::uint64_t>(header_[i]);
        if (len >> 63) return errc::length_msb_set;
        if (len <= 0xffff) return errc::non_minimal_length;
        pos = 10;
    }
    if (is_control(current_.op)) {
        // RFC 6455 5.5: control frames are short and never fragmented.
        if (len > max_control_payload) return errc::control_too_long;
        if (!current_.fin) return errc::control_fragmented;
    }
    if (len > limits_.max_frame_bytes) return errc::frame_too_large;  // before allocating
    if (current_.masked) std::memcpy(current_.key.data(), header_ + pos, 4);
    length_ = len;
    payload_.clear();
    payload_.reserve(static_cast<std::size_t>(len));
    return {};
}

std::error_code frame_decoder::feed(byte_span in) {
    if (error_) return error_;
    while (!in.empty() || (have_header_ && payload_.size() == length_)) {
        if (!have_header_) {
            if (header_size_ < header_need()) {
                auto n = std::min(header_need() - header_size_, in.size());
                std::memcpy(header_ + header_size_, in.data(), n);
                header_size_ += n;
                in = in.subspan(n);
            }
            // The need grows once the second byte tells the length form and mask.
            if (header_size_ < header_need()) continue;
            if (auto ec = parse_header()) return fail(ec);
            have_header_ = true;
            continue;
        }
        auto n = static_cast<std::size_t>(std::min<std::uint64_t>(length_ - payload_.size(), in.size()));
        auto old = payload_.size();
        payload_.insert(payload_.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(n));
        in = in.subspan(n);
        if (current_.masked) apply_mask(std::span<std::byte>(payload_).subspan(old), current_.key, old);
        if (payload_.size() == length_) {
            if (!payload_.empty()) current_.data = lal::payload::adopt(std::move(payload_));
            payload_ = {};
            ready_.push_back(std::move(current_));
            current_ = frame{};
            have_header_ = false;
            header_size_ = 0;
        }
    }
    return {};
}

std::optional<frame> frame_decoder::next() {
    if (ready_.empty()) return std::nullopt;
    auto f = std::move(ready_.front());
    ready_.pop_front();
    return f;
}

message_reader::message_reader(role r, decoder_limits limits) : limits_(limits), frames_(r, limits) {}

std::error_code message_reader::fail(std::error_code ec) {
    error_ = ec;
    std::vector<std::byte>().swap(fragments_);
    return ec;
}

std::error_code message_reader::feed(byte_span in) {
    if (error_) return error_;
    if (closed_) return {};
    auto ec = frames_.feed(in);
    // Frames completed before a fault still count, however the input was split.
    while (auto f = frames_.next()) {
        if (closed_) break;
        if (auto e = on_frame(std::move(*f))) return fail(e);
    }
    if (ec && !closed_) return fail(ec);
    return {};
}

std::error_code message_reader::on_frame(frame&& f) {
    auto bytes = f.data.bytes();
    switch (f.op) {
        case opcode::ping:
            events_.emplace_back(ping{std::move(f.data)});
            return {};
        case opcode::pong:
            events_.emplace_back(pong{std::move(f.data)});
            return {};
        case opcode::close: {
            // RFC 6455 5.5.1: empty, or a 2-byte code and a UTF-8 reason.
            close_frame c;
            if (bytes.size() == 1) return errc::bad_close_payload;
            if (bytes.size() >= 2) {
                c.code = static_cast<std::uint16_t>((std::to_integer<unsigned>(bytes[0]) << 8) |
                                                    std::to_integer<unsigned>(bytes[1]));
                if (!valid_close_code(c.code)) return errc::bad_close_payload;
                auto reason = bytes.subspan(2);
                if (!is_valid_utf8(reason)) return errc::invalid_utf8;
                c.reason.assign(reinterpret_cast<const char*>(reason.data()), reason.size());
            }
            closed_ = true;
            events_.emplace_back(std::move(c));
            return {};
        }
        case opcode::continuation:
            if (!in_message_) return errc::unexpected_continuation;
            break;
        case opcode::text:
        case opcode::binary:
            if (in_message_) return errc::expected_continuation;
            if (f.fin) {
                // Unfragmented: the frame's payload is the message, no copy.
                if (f.op == opcode::text && !is_valid_utf8(bytes)) return errc::invalid_utf8;
                if (bytes.size() > limits_.max_message_bytes) return errc::message_too_large;
                events_.emplace_back(message{f.op, std::move(f.data)});
                return {};
            }
            in_message_ = true;
            message_type_ = f.op;
            break;
    }
    // RFC 6455 5.4: fragments of one message, joined within the limit.
    if (bytes.size() > limits_.max_message_bytes - fragments_.size()) return errc::message_too_large;
    fragments_.insert(fragments_.end(), bytes.begin(), bytes.end());
    if (!f.fin) return {};
    if (message_type_ == opcode::text && !is_valid_utf8(fragments_)) return errc::invalid_utf8;
    lal::payload data;
    if (!fragments_.empty()) data = lal::payload::adopt(std::move(fragments_));
    fragments_ = {};
    in_message_ = false;
    events_.emplace_back(message{message_type_, std::move(data)});
    return {};
}

std::optional<event> message_reader::next() {
    if (events_.empty()) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
}

}  // namespace lal::http::ws
