// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <optional>
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

/// Groups NAL units in decoding order into access units (H.264 7.4.1.2.3):
/// after a picture's slices, an AUD, SPS, PPS, SEI, type 14..18 unit or a
/// slice with first_mb_in_slice 0 opens the next access unit. Streams that use
/// arbitrary slice order (Baseline ASO) are not detected.
class access_unit_assembler {
public:
    /// Adds the next NAL unit (no start code or length prefix); empty ones are ignored.
    void push(lal::payload nal);
    /// Declares the end of the stream: the access unit in progress becomes available.
    void finish();
    /// Next complete access unit; empty when more NAL units are needed.
    std::optional<access_unit> next();

private:
    void close_current();

    access_unit current_;
    bool has_vcl_ = false;
    std::deque<access_unit> ready_;
};

}  // namespace lal::avc
