// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include <lal/base/bytes.hpp>

namespace lal {

/// Bounds-checked cursor over borrowed bytes. Every read returns nullopt (or
/// false) instead of reading past the end, and leaves the cursor unchanged then.
class byte_reader {
public:
    /// Reads from `data`, which must outlive the reader.
    explicit byte_reader(byte_span data) noexcept : data_(data) {}

    /// Bytes not yet consumed.
    std::size_t remaining() const noexcept { return data_.size() - pos_; }
    /// Bytes consumed so far.
    std::size_t position() const noexcept { return pos_; }
    /// True when every byte was consumed.
    bool empty() const noexcept { return remaining() == 0; }
    /// The unconsumed bytes.
    byte_span rest() const noexcept { return data_.subspan(pos_); }

    /// Big-endian unsigned integer of `n` (1..8) bytes.
    std::optional<std::uint64_t> read_be(std::size_t n) noexcept {
        if (remaining() < n) return std::nullopt;
        auto v = load_be(data_.data() + pos_, n);
        pos_ += n;
        return v;
    }
    /// Little-endian unsigned integer of `n` (1..8) bytes.
    std::optional<std::uint64_t> read_le(std::size_t n) noexcept {
        if (remaining() < n) return std::nullopt;
        auto v = load_le(data_.data() + pos_, n);
        pos_ += n;
        return v;
    }
    std::optional<std::uint8_t> u8() noexcept { return narrow<std::uint8_t>(read_be(1)); }
    std::optional<std::uint16_t> u16() noexcept { return narrow<std::uint16_t>(read_be(2)); }
    std::optional<std::uint32_t> u24() noexcept { return narrow<std::uint32_t>(read_be(3)); }
    std::optional<std::uint32_t> u32() noexcept { return narrow<std::uint32_t>(read_be(4)); }
    std::optional<std::uint64_t> u64() noexcept { return read_be(8); }

    /// The next `n` bytes as a view, or nullopt if fewer remain.
    std::optional<byte_span> bytes(std::size_t n) noexcept {
        if (remaining() < n) return std::nullopt;
        auto out = data_.subspan(pos_, n);
        pos_ += n;
        return out;
    }
    /// Skips `n` bytes; false (and no move) if fewer remain.
    bool skip(std::size_t n) noexcept {
        if (remaining() < n) return false;
        pos_ += n;
        return true;
    }
    /// The next byte without consuming it.
    std::optional<std::uint8_t> peek_u8() const noexcept {
        if (remaining() < 1) return std::nullopt;
        return std::to_integer<std::uint8_t>(data_[pos_]);
    }

private:
    template <class T>
    static std::optional<T> narrow(std::optional<std::uint64_t> v) noexcept {
        if (!v) return std::nullopt;
        return static_cast<T>(*v);
    }

    byte_span data_;
    std::size_t pos_ = 0;
};

/// Appends big-endian integers and bytes to a caller-owned vector.
class byte_writer {
public:
    /// Appends to `out`, which must outlive the writer.
    explicit byte_writer(std::vector<std::byte>& out) noexcept : out_(out) {}

    void be(std::uint64_t v, std::size_t n) {
        auto at = out_.size();
        out_.resize(at + n);
        store_be(out_.data() + at, v, n);
    }
    void le(std::uint64_t v, std::size_t n) {
        auto at = out_.size();
        out_.resize(at + n);
        store_le(out_.data() + at, v, n);
    }
    void u8(std::uint8_t v) { out_.push_back(static_cast<std::byte>(v)); }
    void u16(std::uint16_t v) { be(v, 2); }
    void u24(std::uint32_t v) { be(v, 3); }
    void u32(std::uint32_t v) { be(v, 4); }
    void u64(std::uint64_t v) { be(v, 8); }
    void bytes(byte_span b) { out_.insert(out_.end(), b.begin(), b.end()); }
    /// Bytes written to the underlying vector so far (all of it, not only by this writer).
    std::size_t size() const noexcept { return out_.size(); }

private:
    std::vector<std::byte>& out_;
};

}  // namespace lal
