// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <vector>

#include <lal/base/bytes.hpp>

namespace lal::avc {

/// The RBSP inside NAL unit bytes: every emulation_prevention_three_byte (the
/// 0x03 of 00 00 03) removed (ITU-T H.264 7.3.1, 7.4.1).
std::vector<std::byte> remove_emulation_prevention(byte_span nal_bytes);

/// Appends `rbsp` with a 0x03 inserted wherever 00 00 is followed by 00..03,
/// and after a final 0x00 (7.4.1), so no start code can appear inside.
void append_emulation_prevention(byte_span rbsp, std::vector<std::byte>& out);

}  // namespace lal::avc
