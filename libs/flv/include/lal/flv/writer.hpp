// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include <lal/flv/file_header.hpp>
#include <lal/flv/tag.hpp>

namespace lal::flv {

/// Writes an FLV file into a caller-owned buffer and keeps count of the
/// file offset, so callers can record where each tag lands (keyframe indexes).
class writer {
public:
    /// Appends to `out`, which must outlive the writer. Offsets count from
    /// the first byte this writer appends.
    explicit writer(std::vector<std::byte>& out) noexcept : out_(out) {}

    /// Writes the file header and PreviousTagSize0 (13 bytes).
    void write_header(const file_header& h);

    /// Writes one tag with its PreviousTagSize; returns the offset of its tag header.
    std::uint64_t write(const tag& t);

    /// Bytes written so far: the offset the next tag will get.
    std::uint64_t offset() const noexcept { return offset_; }

private:
    std::vector<std::byte>& out_;
    std::uint64_t offset_ = 0;
};

}  // namespace lal::flv
