// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <lal/aac/error.hpp>
#include <lal/aac/program_config_element.hpp>
#include <lal/base/bytes.hpp>
#include <lal/base/result.hpp>

namespace lal::aac {

/// Audio object types this library names (ISO/IEC 14496-3 1.5.1).
namespace object_types {
inline constexpr std::uint8_t aac_main = 1;
inline constexpr std::uint8_t aac_lc = 2;
inline constexpr std::uint8_t aac_ssr = 3;
inline constexpr std::uint8_t aac_ltp = 4;
inline constexpr std::uint8_t sbr = 5;
inline constexpr std::uint8_t aac_scalable = 6;
inline constexpr std::uint8_t er_aac_lc = 17;
inline constexpr std::uint8_t er_aac_ld = 23;
inline constexpr std::uint8_t er_bsac = 22;
inline constexpr std::uint8_t ps = 29;
inline constexpr std::uint8_t escape = 31;
inline constexpr std::uint8_t als = 36;
inline constexpr std::uint8_t er_aac_eld = 39;
inline constexpr std::uint8_t usac = 42;
}  // namespace object_types

/// How SBR (and PS) use is stated in the config (ISO/IEC 14496-3 1.6.5, 1.6.6).
enum class sbr_signalling : std::uint8_t {
    implicit,             ///< nothing in the config; a decoder finds SBR in the payload
    hierarchical,         ///< the config starts with object type 5 (SBR) or 29 (PS)
    backward_compatible,  ///< sync extension 0x2b7 after the core configuration
};

/// GASpecificConfig (ISO/IEC 14496-3 4.4.1) for the general audio
/// object types 1-4, 6, 7, 17 and 19-23.
struct ga_specific_config {
    bool frame_length_flag = false;      ///< true: 960 (or 480) samples per frame instead of 1024 (512)
    bool depends_on_core_coder = false;
    std::uint16_t core_coder_delay = 0;  ///< 14 bits, present when depends_on_core_coder
    bool extension_flag = false;
    std::optional<program_config_element> pce;  ///< present exactly when channelConfiguration is 0
    std::uint8_t layer_nr = 0;           ///< 3 bits, object types 6 and 20
    std::uint8_t num_of_sub_frame = 0;   ///< 5 bits, ER BSAC with extension_flag
    std::uint16_t layer_length = 0;      ///< 11 bits, ER BSAC with extension_flag
    bool section_data_resilience = false;      ///< aacSectionDataResilienceFlag
    bool scalefactor_data_resilience = false;  ///< aacScalefactorDataResilienceFlag
    bool spectral_data_resilience = false;     ///< aacSpectralDataResilienceFlag
    bool extension_flag3 = false;
    bool operator==(const ga_specific_config&) const = default;
};

/// AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1). `object_type` and the
/// sampling frequency are those of the core coder; SBR/PS come as extension.
struct audio_specific_config {
    std::uint8_t object_type = object_types::aac_lc;  ///< core audio object type, 1..95
    std::uint8_t sampling_frequency_index = 4;        ///< 0..12, or 15 with an explicit frequency
    std::uint32_t sampling_frequency = 44100;         ///< Hz; from the table or the 24-bit field
    std::uint8_t channel_configuration = 2;           ///< 4 bits; 0 means a PCE gives the layout

    sbr_signalling signalling = sbr_signalling::implicit;
    std::uint8_t extension_object_type = 0;           ///< 5 (SBR) or 22 (BSAC) when signalled, else 0
    bool sbr_present = false;                         ///< sbrPresentFlag
    bool ps_present = false;                          ///< psPresentFlag
    std::uint8_t extension_sampling_frequency_index = 0;
    std::uint32_t extension_sampling_frequency = 0;   ///< SBR output rate, Hz
    std::uint8_t extension_channel_configuration = 0; ///< ER BSAC only

    ga_specific_config ga;                            ///< meaningful when is_general_audio()
    std::uint8_t ep_config = 0;                       ///< error-resilient types: 0 or 1

    /// The rest of the config, undecoded, for object types without a
    /// GASpecificConfig (e.g. USAC, ALS): `other_config_bits` bits, MSB first.
    std::vector<std::byte> other_config;
    std::size_t other_config_bits = 0;

    /// True for the object types that carry a GASpecificConfig.
    bool is_general_audio() const noexcept;
    /// Output channels (from channel_configuration or the PCE); nullopt if unknown.
    std::optional<unsigned> channel_count() const noexcept;
    /// Samples per frame at the core rate for GA types (1024/960, LD 512/480).
    std::optional<unsigned> samples_per_frame() const noexcept;
    /// Decoded output rate: the SBR extension rate when SBR is present.
    std::uint32_t output_sampling_frequency() const noexcept;
    /// RFC 6381 codec string, e.g. "mp4a.40.2" (5 or 29 under hierarchical signalling).
    std::string codec_string() const;

    bool operator==(const audio_specific_config&) const = default;
};

/// Parses an AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) from its first byte.
/// Bytes after the config are ignored.
lal::result<audio_specific_config> parse_asc(byte_span in);

/// Appends the config, padded to a whole byte. Fails with inconsistent_config
/// (and appends nothing) when a field exceeds its width or contradicts another.
std::error_code append_asc(const audio_specific_config& asc, std::vector<std::byte>& out);

}  // namespace lal::aac
