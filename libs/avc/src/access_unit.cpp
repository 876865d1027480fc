// SPDX-License-Identifier: MIT
#include <lal/avc/access_unit.hpp>

#include <algorithm>

namespace lal::avc {
namespace {

// 7.4.1.2.3: NAL unit types that, once the primary coded picture has begun,
// can only belong to the next access unit.
bool opens_access_unit(nal_unit_type t) noexcept {
    auto v = static_cast<unsigned>(t);
    return t == nal_unit_type::aud || t == nal_unit_type::sps || t == nal_unit_type::pps ||
           t == nal_unit_type::sei || (v >= 14 && v <= 18);
}

// Slices (1, 5) and partition A (2) start with slice_header(), whose first
// field first_mb_in_slice is ue(v): it is 0 exactly when the bit after the
// NAL header byte is 1. A slice at macroblock 0 begins a new picture.
bool starts_picture(lal::byte_span nal) noexcept {
    auto t = nal_type_of(nal);
    if (t != nal_unit_type::non_idr_slice && t != nal_unit_type::idr_slice &&
        t != nal_unit_type::slice_data_a) {
        return false;
    }
    return nal.size() >= 2 && (std::to_integer<unsigned>(nal[1]) & 0x80) != 0;
}

}  // namespace

bool access_unit::contains(nal_unit_type t) const noexcept {
    return std::any_of(nal_units.begin(), nal_units.end(),
                       [t](const lal::payload& p) { return nal_type_of(p.bytes()) == t; });
}

void access_unit_assembler::close_current() {
    if (!current_.nal_units.empty()) ready_.push_back(std::move(current_));
    current_ = {};
    current_size_ = 0;
    has_vcl_ = false;
}

std::error_code access_unit_assembler::push(lal::payload nal) {
    if (error_) return error_;
    if (nal.empty()) return {};
    const auto t = nal_type_of(nal.bytes());
    // An AUD is always the first unit of its access unit (7.4.1.2.3).
    if ((has_vcl_ && (opens_access_unit(t) || starts_picture(nal.bytes()))) ||
        t == nal_unit_type::aud) {
        close_current();
    }
    if (nal.size() > max_size_ - current_size_) {
        error_ = errc::access_unit_too_large;
        return error_;
    }
    if (is_vcl(t)) has_vcl_ = true;
    current_size_ += nal.size();
    current_.nal_units.push_back(std::move(nal));
    return {};
}

void access_unit_assembler::finish() {
    if (!error_) close_current();
}

std::optional<access_unit> access_unit_assembler::next() {
    if (ready_.empty()) return std::nullopt;
    auto au = std::move(ready_.front());
    ready_.pop_front();
    return au;
}

}  // namespace lal::avc
