// SPDX-License-Identifier: MIT
#pragma once

#include <array>
#include <cstdint>
#include <optional>

namespace lal::aac {

/// samplingFrequencyIndex 0..12 in Hz (ISO/IEC 14496-3 1.6.3).
inline constexpr std::array<std::uint32_t, 13> sampling_frequencies = {
    96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

/// The escape index: a 24-bit samplingFrequency follows in the bit stream.
inline constexpr std::uint8_t explicit_frequency_index = 15;

/// Frequency of index 0..12; nullopt for 13, 14 (reserved) and 15 (escape).
constexpr std::optional<std::uint32_t> sampling_frequency_of(std::uint8_t index) noexcept {
    if (index >= sampling_frequencies.size()) return std::nullopt;
    return sampling_frequencies[index];
}

/// Index whose table frequency is exactly `hz`; nullopt when `hz` needs the escape.
constexpr std::optional<std::uint8_t> sampling_frequency_index_of(std::uint32_t hz) noexcept {
    for (std::uint8_t i = 0; i < sampling_frequencies.size(); ++i) {
        if (sampling_frequencies[i] == hz) return i;
    }
    return std::nullopt;
}

/// Index of the tables a decoder uses for an arbitrary rate `hz`, by the
/// sampling frequency mapping of ISO/IEC 14496-3 subpart 4, whose range limits
/// are the geometric means of neighbouring rates; never 12 (7350 Hz maps to 8000).
constexpr std::uint8_t nearest_sampling_frequency_index(std::uint32_t hz) noexcept {
    constexpr std::array<std::uint32_t, 11> lower_bounds = {
        92017, 75132, 55426, 46009, 37566, 27713, 23004, 18783, 13856, 11502, 9391};
    for (std::uint8_t i = 0; i < lower_bounds.size(); ++i) {
        if (hz >= lower_bounds[i]) return i;
    }
    return 11;
}

}  // namespace lal::aac
