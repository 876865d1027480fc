// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include <lal/base/payload.hpp>

namespace lal::media {

/// Bodies shorter than this are better copied into one piece than sliced:
/// below it the bookkeeping of the pieces (a header buffer and a piece list)
/// costs more than the copied bytes.
inline constexpr std::size_t default_copy_below = 128;

/// One item in one output form (RTMP chunks, an FLV tag, TS packets...): a
/// short list of byte pieces written in order, each the form's own small
/// header bytes or a slice of the item's shared media payload, so a cached
/// frame holds its media bytes once whatever the forms. A gathered write
/// (sendmsg) sends the pieces as they are.
class wire_form {
public:
    /// Appends a piece (empty pieces are skipped).
    void add(lal::payload piece) {
        if (piece.empty()) return;
        size_ += piece.size();
        pieces_.push_back(std::move(piece));
    }
    /// The pieces, in wire order.
    std::span<const lal::payload> pieces() const noexcept { return pieces_; }
    /// Total bytes of all pieces.
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    /// Reserves room for `n` pieces.
    void reserve(std::size_t n) { pieces_.reserve(n); }
    /// The pieces copied into one contiguous buffer (tests, tools; not the media path).
    std::vector<std::byte> flatten() const {
        std::vector<std::byte> out;
        out.reserve(size_);
        for (const auto& p : pieces_) out.insert(out.end(), p.bytes().begin(), p.bytes().end());
        return out;
    }

private:
    std::vector<lal::payload> pieces_;
    std::size_t size_ = 0;
};

}  // namespace lal::media
