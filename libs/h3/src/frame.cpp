// SPDX-License-Identifier: MIT
#include <lal/h3/frame.hpp>

#include <algorithm>

#include <lal/h3/varint.hpp>

namespace lal::h3 {
namespace {

// Types whose payload this library reads; others are skipped (RFC 9114 9).
bool is_known_type(std::uint64_t t) noexcept {
    return t == frame_type::data || t == frame_type::headers || t == frame_type::cancel_push ||
           t == frame_type::settings || t == frame_type::push_promise || t == frame_type::goaway ||
           t == frame_type::max_push_id;
}

}  // namespace

std::error_code frame_reader::feed(byte_span in) {
    if (error_) return error_;
    // Skipped payloads are never buffered.
    if (skip_ > 0) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, in.size()));
        skip_ -= n;
        in = in.subspan(n);
    }
    buffer_.insert(buffer_.end(), in.begin(), in.end());
    error_ = parse();
    return error_;
}

std::error_code frame_reader::parse() {
    for (;;) {
        if (skip_ > 0) {
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(skip_, buffer_.size() - read_));
            skip_ -= n;
            read_ += n;
            if (skip_ > 0) break;
        }
        const byte_span rest = byte_span(buffer_).subspan(read_);
        const auto type = read_varint(rest);
        if (!type) break;
        const auto length = read_varint(rest.subspan(type->size));
        if (!length) break;
        if (is_http2_frame_type(type->value)) return errc::frame_unexpected;
        const std::size_t header = type->size + length->size;
        if (!is_known_type(type->value)) {
            read_ += header;
            skip_ = length->value;
            continue;
        }
        // Bounded before anything is kept (RFC 9114 10.5: limit what a peer makes us hold).
        if (length->value > limits_.max_payload) return errc::frame_too_large;
        if (rest.size() - header < length->value) break;
        const auto body = rest.subspan(header, static_cast<std::size_t>(length->value));
        ready_.push_back(frame{type->value, to_vector(body)});
        read_ += header + body.size();
    }
    // Keep only the unread tail so the buffer never outgrows one frame.
    if (read_ > 0) {
        buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(read_));
        read_ = 0;
    }
    // A frame header is at most two 8-byte varints; anything longer is a frame.
    if (buffer_.size() > limits_.max_payload + 16) return errc::frame_too_large;
    return {};
}

std::optional<frame> frame_reader::next() {
    if (next_ready_ == ready_.size()) {
        ready_.clear();
        next_ready_ = 0;
        return std::nullopt;
    }
    return std::move(ready_[next_ready_++]);
}

void append_frame(std::uint64_t type, byte_span payload, std::vector<std::byte>& out) {
    append_varint(type, out);
    append_varint(payload.size(), out);
    out.insert(out.end(), payload.begin(), payload.end());
}

std::optional<std::uint64_t> settings::get(std::uint64_t id) const noexcept {
    for (const auto& [k, v] : entries)
        if (k == id) return v;
    return std::nullopt;
}

bool settings::allows_webtransport() const noexcept {
    const auto connect = get(setting::enable_connect_protocol);
    const auto datagram = get(setting::h3_datagram);
    const auto legacy = get(setting::enable_webtransport);
    const auto sessions = get(setting::webtransport_max_sessions);
    const auto enabled = get(setting::wt_enabled);
    const bool wt = (legacy && *legacy > 0) || (sessions && *sessions > 0) || (enabled && *enabled > 0);
    return connect == std::uint64_t{1} && datagram == std::uint64_t{1} && wt;
}

result<settings> parse_settings(byte_span payload, std::size_t max_entries) {
    settings s;
    while (!payload.empty()) {
        const auto id = read_varint(payload);
        if (!id) return errc::bad_frame;
        const auto value = read_varint(payload.subspan(id->size));
        if (!value) return errc::bad_frame;
        payload = payload.subspan(id->size + value->size);
        // RFC 9114 7.2.4.1: HTTP/2 settings 0x02..0x05 are errors; so are repeats.
        if (id->value >= 0x02 && id->value <= 0x05) return errc::settings_error;
        if (s.get(id->value)) return errc::settings_error;
        if (s.entries.size() == max_entries) return errc::buffer_limit;
        s.entries.emplace_back(id->value, value->value);
    }
    return s;
}

void append_settings(const settings& s, std::vector<std::byte>& out) {
    std::vector<std::byte> body;
    for (const auto& [k, v] : s.entries) {
        append_varint(k, body);
        append_varint(v, body);
    }
    append_frame(frame_type::settings, body, out);
}

settings webtransport_server_settings(std::uint64_t max_field_section_size) {
    settings s;
    s.entries = {
        {setting::qpack_max_table_capacity, 0},  // RFC 9204 3.2.3: no dynamic table
        {setting::qpack_blocked_streams, 0},
        {setting::max_field_section_size, max_field_section_size},
        {setting::enable_connect_protocol, 1},   // RFC 9220 3
        {setting::h3_datagram, 1},               // RFC 9297 2.1.1
        {setting::enable_webtransport, 1},
        {setting::webtransport_max_sessions, 1},
        {setting::wt_enabled, 1},
    };
    return s;
}

result<std::uint64_t> parse_goaway(byte_span payload) {
    const auto id = read_varint(payload);
    if (!id || id->size != payload.size()) return errc::bad_frame;
    return id->value;
}

void append_goaway(std::uint64_t id, std::vector<std::byte>& out) {
    std::vector<std::byte> body;
    append_varint(id, body);
    append_frame(frame_type::goaway, body, out);
}

}  // namespace lal::h3
