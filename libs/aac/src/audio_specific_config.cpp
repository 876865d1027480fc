// SPDX-License-Identifier: MIT
#include <lal/aac/audio_specific_config.hpp>

#include <algorithm>

#include <lal/aac/sampling_frequency.hpp>

#include "bit_io.hpp"
#include "program_config_element_io.hpp"

namespace lal::aac {
namespace {

using detail::bit_in;
using detail::bit_out;

// 1.6.2.1: syncExtensionType values of the backward-compatible signalling.
constexpr std::uint32_t sbr_sync_extension = 0x2b7;
constexpr std::uint32_t ps_sync_extension = 0x548;

bool is_ga_type(std::uint8_t t) noexcept {
    switch (t) {
    case 1: case 2: case 3: case 4: case 6: case 7:
    case 17: case 19: case 20: case 21: case 22: case 23:
        return true;
    default:
        return false;
    }
}

// 1.6.2.1: the object types followed by epConfig.
bool has_ep_config(std::uint8_t t) noexcept {
    return t == 17 || (t >= 19 && t <= 27) || t == 39;
}

// 1.6.2.1 GetAudioObjectType(): 5 bits, 31 escapes to 32 + 6 bits.
std::uint8_t read_object_type(bit_in& in) {
    auto t = in.u(5);
    if (t == object_types::escape) t = 32 + in.u(6);
    return static_cast<std::uint8_t>(t);
}

void write_object_type(bit_out& out, std::uint8_t t) {
    if (t >= 31) {
        out.put(object_types::escape, 5);
        out.put(t - 32u, 6);
    } else {
        out.put(t, 5);
    }
}

// samplingFrequencyIndex, with the 24-bit samplingFrequency after index 15.
std::error_code read_frequency(bit_in& in, std::uint8_t& index, std::uint32_t& hz) {
    index = static_cast<std::uint8_t>(in.u(4));
    if (index == explicit_frequency_index) {
        hz = in.u(24);
        if (in.failed()) return errc::truncated;
        if (hz == 0) return errc::bad_sampling_frequency;
        return {};
    }
    if (in.failed()) return errc::truncated;
    auto table = sampling_frequency_of(index);
    if (!table) return errc::bad_sampling_frequency_index;
    hz = *table;
    return {};
}

bool frequency_fits(std::uint8_t index, std::uint32_t hz) noexcept {
    if (index == explicit_frequency_index) return hz > 0 && hz <= 0xffffff;
    return sampling_frequency_of(index).has_value();
}

void write_frequency(bit_out& out, std::uint8_t index, std::uint32_t hz) {
    out.put(index, 4);
    if (index == explicit_frequency_index) out.put(hz, 24);
}

// GASpecificConfig, ISO/IEC 14496-3 4.4.1.
bool read_ga(bit_in& in, std::uint8_t object_type, std::uint8_t channel_configuration,
             ga_specific_config& ga) {
    ga.frame_length_flag = in.flag();
    ga.depends_on_core_coder = in.flag();
    if (ga.depends_on_core_coder) ga.core_coder_delay = static_cast<std::uint16_t>(in.u(14));
    ga.extension_flag = in.flag();
    if (channel_configuration == 0) {
        program_config_element pce;
        if (in.failed() || !detail::read_pce(in, pce)) return false;
        ga.pce = std::move(pce);
    }
    if (object_type == 6 || object_type == 20) ga.layer_nr = static_cast<std::uint8_t>(in.u(3));
    if (ga.extension_flag) {
        if (object_type == object_types::er_bsac) {
            ga.num_of_sub_frame = static_cast<std::uint8_t>(in.u(5));
            ga.layer_length = static_cast<std::uint16_t>(in.u(11));
        }
        if (object_type == 17 || object_type == 19 || object_type == 20 || object_type == 23) {
            ga.section_data_resilience = in.flag();
            ga.scalefactor_data_resilience = in.flag();
            ga.spectral_data_resilience = in.flag();
        }
        ga.extension_flag3 = in.flag();
    }
    return !in.failed();
}

bool ga_fits(const ga_specific_config& ga, std::uint8_t channel_configuration) noexcept {
    if ((channel_configuration == 0) != ga.pce.has_value()) return false;
    if (ga.pce && !detail::pce_fits(*ga.pce)) return false;
    return ga.core_coder_delay < (1u << 14) && ga.layer_nr < 8 && ga.num_of_sub_frame < 32 &&
           ga.layer_length < (1u << 11);
}

void write_ga(bit_out& out, std::uint8_t object_type, const ga_specific_config& ga) {
    out.flag(ga.frame_length_flag);
    out.flag(ga.depends_on_core_coder);
    if (ga.depends_on_core_coder) out.put(ga.core_coder_delay, 14);
    out.flag(ga.extension_flag);
    if (ga.pce) detail::write_pce(out, *ga.pce);
    if (object_type == 6 || object_type == 20) out.put(ga.layer_nr, 3);
    if (ga.extension_flag) {
        if (object_type == object_types::er_bsac) {
            out.put(ga.num_of_sub_frame, 5);
            out.put(ga.layer_length, 11);
        }
        if (object_type == 17 || object_type == 19 || object_type == 20 || object_type == 23) {
            out.flag(ga.section_data_resilience);
            out.flag(ga.scalefactor_data_resilience);
            out.flag(ga.spectral_data_resilience);
        }
        out.flag(ga.extension_flag3);
    }
}

// The backward-compatible sync extension at the end of a config (1.6.2.1,
// the part guarded by "extensionAudioObjectType != 5 && bits_to_decode() >= 16").
std::error_code read_sync_extension(bit_in& in, audio_specific_config& asc) {
    if (in.u(11) != sbr_sync_extension) return {};
    asc.signalling = sbr_signalling::backward_compatible;
    asc.extension_object_type = read_object_type(in);
    if (asc.extension_object_type == object_types::sbr) {
        asc.sbr_present = in.flag();
        if (asc.sbr_present) {
            if (auto ec = read_frequency(in, asc.extension_sampling_frequency_index,
                                         asc.extension_sampling_frequency)) {
                return ec;
            }
            if (in.left() >= 12 && in.u(11) == ps_sync_extension) asc.ps_present = in.flag();
        }
    } else if (asc.extension_object_type == object_types::er_bsac) {
        asc.sbr_present = in.flag();
        if (asc.sbr_present) {
            if (auto ec = read_frequency(in, asc.extension_sampling_frequency_index,
                                         asc.extension_sampling_frequency)) {
                return ec;
            }
        }
        asc.extension_channel_configuration = static_cast<std::uint8_t>(in.u(4));
    }
    if (in.failed()) return errc::truncated;
    return {};
}

}  // namespace

bool audio_specific_config::is_general_audio() const noexcept { return is_ga_type(object_type); }

std::optional<unsigned> audio_specific_config::channel_count() const noexcept {
    // 1.6.3 channelConfiguration (with the 6.1, 7.1, 22.2 and 7.1-top layouts of later amendments).
    switch (channel_configuration) {
    case 0:
        if (is_general_audio() && ga.pce) return ga.pce->channel_count();
        return std::nullopt;
    case 1: case 2: case 3: case 4: case 5: case 6:
        return channel_configuration;
    case 7: return 8;
    case 11: return 7;
    case 12: return 8;
    case 13: return 24;
    case 14: return 8;
    default: return std::nullopt;
    }
}

std::optional<unsigned> audio_specific_config::samples_per_frame() const noexcept {
    if (!is_general_audio()) return std::nullopt;
    if (object_type == object_types::er_aac_ld) return ga.frame_length_flag ? 480u : 512u;
    return ga.frame_length_flag ? 960u : 1024u;
}

std::uint32_t audio_specific_config::output_sampling_frequency() const noexcept {
    return sbr_present && extension_sampling_frequency ? extension_sampling_frequency
                                                       : sampling_frequency;
}

std::string audio_specific_config::codec_string() const {
    // RFC 6381 3.3: mp4a.40.<first audioObjectType of the config>.
    unsigned first = object_type;
    if (signalling == sbr_signalling::hierarchical) {
        first = ps_present ? object_types::ps : object_types::sbr;
    }
    return "mp4a.40." + std::to_string(first);
}

lal::result<audio_specific_config> parse_asc(byte_span bytes) {
    bit_in in(bytes);
    audio_specific_config asc;
    auto object_type = read_object_type(in);
    if (in.failed()) return errc::truncated;
    if (object_type == 0) return errc::bad_object_type;
    if (auto ec = read_frequency(in, asc.sampling_frequency_index, asc.sampling_frequency)) return ec;
    asc.channel_configuration = static_cast<std::uint8_t>(in.u(4));
    if (in.failed()) return errc::truncated;

    // 1.6.5 hierarchical signalling: SBR (5) or PS (29) wraps the core type.
    if (object_type == object_types::sbr || object_type == object_types::ps) {
        asc.signalling = sbr_signalling::hierarchical;
        asc.extension_object_type = object_types::sbr;
        asc.sbr_present = true;
        asc.ps_present = object_type == object_types::ps;
        if (auto ec = read_frequency(in, asc.extension_sampling_frequency_index,
                                     asc.extension_sampling_frequency)) {
            return ec;
        }
        object_type = read_object_type(in);
        if (object_type == object_types::er_bsac) {
            asc.extension_channel_configuration = static_cast<std::uint8_t>(in.u(4));
        }
        if (in.failed()) return errc::truncated;
        if (object_type == 0 || object_type == object_types::sbr || object_type == object_types::ps) {
            return errc::bad_object_type;
        }
    }
    asc.object_type = object_type;

    if (!asc.is_general_audio()) {
        // Keep what follows verbatim: its syntax depends on the object type,
        // and building the config again must reproduce it.
        asc.other_config_bits = in.left();
        asc.other_config.resize((asc.other_config_bits + 7) / 8);
        for (auto& b : asc.other_config) {
            auto n = static_cast<unsigned>(std::min<std::size_t>(8, in.left()));
            b = static_cast<std::byte>(in.u(n) << (8 - n));
        }
        return asc;
    }

    if (!read_ga(in, object_type, asc.channel_configuration, asc.ga)) return errc::truncated;
    if (has_ep_config(object_type)) {
        asc.ep_config = static_cast<std::uint8_t>(in.u(2));
        if (in.failed()) return errc::truncated;
        // ErrorProtectionSpecificConfig (1.8.2) would follow; not decoded here.
        if (asc.ep_config >= 2) return errc::unsupported_ep_config;
    }
    if (asc.extension_object_type != object_types::sbr && in.left() >= 16) {
        if (auto ec = read_sync_extension(in, asc)) return ec;
    }
    return asc;
}

std::error_code append_asc(const audio_specific_config& asc, std::vector<std::byte>& out) {
    const auto t = asc.object_type;
    const bool hierarchical = asc.signalling == sbr_signalling::hierarchical;
    const bool compatible = asc.signalling == sbr_signalling::backward_compatible;
    if (t == 0 || t > 95 || t == object_types::sbr || t == object_types::ps) {
        return errc::bad_object_type;
    }
    if (!frequency_fits(asc.sampling_frequency_index, asc.sampling_frequency)) {
        return errc::bad_sampling_frequency_index;
    }
    if (asc.channel_configuration > 15 || asc.extension_channel_configuration > 15) {
        return errc::inconsistent_config;
    }
    const bool writes_extension_frequency =
        hierarchical || ((asc.extension_object_type == object_types::sbr ||
                          asc.extension_object_type == object_types::er_bsac) &&
                         compatible && asc.sbr_present);
    if (writes_extension_frequency && !frequency_fits(asc.extension_sampling_frequency_index,
                                                      asc.extension_sampling_frequency)) {
        return errc::bad_sampling_frequency_index;
    }
    if (hierarchical && (!asc.sbr_present || asc.extension_object_type != object_types::sbr)) {
        return errc::inconsistent_config;
    }
    if (compatible && (!asc.is_general_audio() ||
                       asc.extension_object_type > 95 ||
                       (asc.ps_present && (asc.extension_object_type != object_types::sbr ||
                                           !asc.sbr_present)))) {
        return errc::inconsistent_config;
    }
    if (asc.is_general_audio()) {
        if (!ga_fits(asc.ga, asc.channel_configuration)) return errc::inconsistent_config;
        if (has_ep_config(t) && asc.ep_config >= 2) return errc::unsupported_ep_config;
    } else if (asc.other_config_bits > asc.other_config.size() * 8) {
        return errc::inconsistent_config;
    }

    std::vector<std::byte> bytes;
    bit_out w(bytes);
    write_object_type(w, hierarchical ? (asc.ps_present ? object_types::ps : object_types::sbr) : t);
    write_frequency(w, asc.sampling_frequency_index, asc.sampling_frequency);
    w.put(asc.channel_configuration, 4);
    if (hierarchical) {
        write_frequency(w, asc.extension_sampling_frequency_index, asc.extension_sampling_frequency);
        write_object_type(w, t);
        if (t == object_types::er_bsac) w.put(asc.extension_channel_configuration, 4);
    }
    if (asc.is_general_audio()) {
        write_ga(w, t, asc.ga);
        if (has_ep_config(t)) w.put(asc.ep_config, 2);
        if (compatible) {
            w.put(sbr_sync_extension, 11);
            write_object_type(w, asc.extension_object_type);
            if (asc.extension_object_type == object_types::sbr) {
                w.flag(asc.sbr_present);
                if (asc.sbr_present) {
                    write_frequency(w, asc.extension_sampling_frequency_index,
                                    asc.extension_sampling_frequency);
                    if (asc.ps_present) {
                        w.put(ps_sync_extension, 11);
                        w.flag(true);
                    }
                }
            } else if (asc.extension_object_type == object_types::er_bsac) {
                w.flag(asc.sbr_present);
                if (asc.sbr_present) {
                    write_frequency(w, asc.extension_sampling_frequency_index,
                                    asc.extension_sampling_frequency);
                }
                w.put(asc.extension_channel_configuration, 4);
            }
        }
    } else {
        const auto full = asc.other_config_bits / 8;
        for (std::size_t i = 0; i < full; ++i) w.put(std::to_integer<std::uint32_t>(asc.other_config[i]), 8);
        if (auto rest = static_cast<unsigned>(asc.other_config_bits % 8)) {
            w.put(std::to_integer<std::uint32_t>(asc.other_config[full]) >> (8 - rest), rest);
        }
    }
    w.align();
    out.insert(out.end(), bytes.begin(), bytes.end());
    return {};
}

}  // namespace lal::aac
