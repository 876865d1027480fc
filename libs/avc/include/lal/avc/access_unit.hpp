// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <system_error>
#include <vector>

#include <lal/avc/nalu.hpp>
#include <lal/base/payload.hpp>

namespace lal::avc {

/// The NAL units of one access unit (one coded picture and what precedes it).
struct access_unit {
    std::vector<lal::payload> nal_units;

    /// True if a NAL unit of type `t` is present.
    bool contains(nal_unit_type t) const noexcept;
    /// True for an IDR picture (a random access point).
    bool is_idr() const noexcept { return contains(nal_unit_type::idr_slice); }
};

/// Default cap on the bytes of one access unit held by an access_unit_assembler.
inline constexpr std::size_t default_max_access_unit_size = 64u * 1024 * 1024;

/// Groups NAL units in decoding order into access units (H.264 7.4.1.2.3):
/// after a picture's slices, an AUD, SPS, PPS, SEI, type 14..18 unit or a
/// slice with first_mb_in_slice 0 opens the next access unit. Streams that use
/// arbitrary slice order (Baseline ASO) are not detected.
class access_unit_assembler {
public:
    /// `max_size` bounds the bytes gathered for one access unit, so a stream
    /// that never closes one cannot grow memory without end.
    explicit access_unit_assembler(std::size_t max_size = default_max_access_unit_size) noexcept
        : max_size_(max_size) {}

    /// Adds the next NAL unit (no start code or length prefix); empty ones are
    /// ignored. After access_unit_too_large the assembler is dead and keeps
    /// returning it; access units completed before it still come out.
    std::error_code push(lal::payload nal);
    /// Declares the end of the stream: the access unit in progress becomes available.
    void finish();
    /// Next complete access unit; empty when more NAL units are needed.
    std::optional<access_unit> next();

private:
    void close_current();

    std::size_t max_size_;
    access_unit current_;
    std::size_t current_size_ = 0;
    bool has_vcl_ = false;
    std::error_code error_;
    std::deque<access_unit> ready_;
};

}  // namespace lal::avc
