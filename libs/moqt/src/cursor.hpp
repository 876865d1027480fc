// SPDX-License-Identifier: MIT
// Bounded reading and writing of draft-20 fields, shared by the codec files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>
#include <lal/moqt/draft20.hpp>
#include <lal/moqt/varint.hpp>

namespace lal::moqt::draft20::detail {

/// A cursor over one unit; every read fails (nullopt) instead of running past the end.
class cursor {
public:
    /// Reads `in`, which must outlive the cursor.
    explicit cursor(byte_span in) noexcept : in_(in) {}
    /// A varint (1.4.1).
    std::optional<std::uint64_t> vi() noexcept {
        auto v = read_varint(in_.subspan(pos_));
        if (!v) return std::nullopt;
        pos_ += v->size;
        return v->value;
    }
    /// One byte (a uint8 field).
    std::optional<std::uint8_t> u8() noexcept {
        if (pos_ == in_.size()) return std::nullopt;
        return std::to_integer<std::uint8_t>(in_[pos_++]);
    }
    /// The next `n` bytes, borrowed.
    std::optional<byte_span> bytes(std::uint64_t n) noexcept {
        if (n > in_.size() - pos_) return std::nullopt;
        auto out = in_.subspan(pos_, static_cast<std::size_t>(n));
        pos_ += out.size();
        return out;
    }
    /// Everything left (fields that fill the rest of a message).
    byte_span rest() noexcept {
        auto out = in_.subspan(pos_);
        pos_ = in_.size();
        return out;
    }
    /// True when every byte was read.
    bool done() const noexcept { return pos_ == in_.size(); }
    /// Bytes read so far.
    std::size_t position() const noexcept { return pos_; }

private:
    byte_span in_;
    std::size_t pos_ = 0;
};

/// Appends raw bytes.
inline void put_bytes(byte_span b, std::vector<std::byte>& out) { out.insert(out.end(), b.begin(), b.end()); }

/// Appends a varint length and the bytes of `s`.
inline void put_string(std::string_view s, std::vector<std::byte>& out) {
    append_varint(s.size(), out);
    put_bytes(as_byte_span(s), out);
}

/// A Reason Phrase (1.4.4): at most 1024 bytes.
inline result<std::string> get_reason(cursor& c) {
    auto n = c.vi();
    if (!n) return errc::truncated;
    if (*n > max_reason_length) return errc::bad_message;
    auto b = c.bytes(*n);
    if (!b) return errc::truncated;
    return std::string(as_string_view(*b));
}

/// Appends a Reason Phrase, cut to 1024 bytes.
inline void put_reason(std::string_view s, std::vector<std::byte>& out) {
    put_string(s.substr(0, max_reason_length), out);
}

}  // namespace lal::moqt::draft20::detail
