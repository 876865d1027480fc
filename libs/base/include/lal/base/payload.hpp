// SPDX-License-Identifier: MIT
#pragma once

#include <cassert>
#include <cstddef>
#include <cstring>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace lal {

/// An immutable, reference-counted byte range. Copies and slices share one
/// storage block, so a payload can be handed to many consumers (and threads)
/// without copying the bytes.
class payload {
public:
    payload() = default;

    /// Copies `bytes` into new shared storage.
    static payload copy_from(std::span<const std::byte> bytes) {
        return adopt(std::vector<std::byte>(bytes.begin(), bytes.end()));
    }
    /// Copies the characters of `text` into new shared storage.
    static payload copy_from(std::string_view text) {
        return copy_from(std::as_bytes(std::span(text.data(), text.size())));
    }
    /// Takes ownership of `bytes` without copying them.
    static payload adopt(std::vector<std::byte>&& bytes) {
        payload p;
        p.size_ = bytes.size();
        p.storage_ = std::make_shared<const std::vector<std::byte>>(std::move(bytes));
        return p;
    }

    /// The bytes; valid as long as any payload sharing the storage lives.
    std::span<const std::byte> bytes() const noexcept {
        if (!storage_) return {};
        return std::span<const std::byte>(storage_->data() + offset_, size_);
    }
    /// Pointer to the first byte (may be null when empty).
    const std::byte* data() const noexcept { return storage_ ? storage_->data() + offset_ : nullptr; }
    /// Number of bytes.
    std::size_t size() const noexcept { return size_; }
    /// True when there are no bytes.
    bool empty() const noexcept { return size_ == 0; }

    /// A sub-range sharing the same storage; `offset + count` must be <= size().
    payload slice(std::size_t offset, std::size_t count) const {
        assert(offset <= size_ && count <= size_ - offset);
        payload p = *this;
        p.offset_ += offset;
        p.size_ = count;
        return p;
    }
    /// The bytes from `offset` to the end, sharing storage.
    payload slice(std::size_t offset) const { return slice(offset, size_ - offset); }

    /// Number of payloads sharing this storage (for tests and diagnostics).
    long use_count() const noexcept { return storage_.use_count(); }
    /// True when both refer to the same storage block.
    bool shares_storage_with(const payload& other) const noexcept {
        return storage_ && storage_ == other.storage_;
    }

    /// Byte-wise equality.
    friend bool operator==(const payload& a, const payload& b) noexcept {
        return a.size_ == b.size_ && (a.size_ == 0 || std::memcmp(a.data(), b.data(), a.size_) == 0);
    }

private:
    std::shared_ptr<const std::vector<std::byte>> storage_;
    std::size_t offset_ = 0;
    std::size_t size_ = 0;
};

}  // namespace lal
