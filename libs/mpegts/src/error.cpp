// SPDX-License-Identifier: MIT
#include <lal/mpegts/error.hpp>

#include <string>

namespace lal::mpegts {
namespace {

class mpegts_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.mpegts"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::no_track_for_frame: return "no track of the muxer carries this frame";
        case errc::unsupported_codec: return "codec not supported in MPEG-TS";
        case errc::bad_config: return "codec configuration record does not parse";
        case errc::bad_frame: return "frame data does not parse";
        case errc::frame_too_large: return "frame too large for its PES or ADTS header";
        case errc::sync_lost: return "bytes skipped to find the TS sync byte";
        case errc::transport_error: return "TS packet with transport_error_indicator set";
        case errc::bad_adaptation_field: return "adaptation field runs past the TS packet";
        case errc::continuity_error: return "continuity counter gap";
        case errc::bad_section: return "malformed PSI section";
        case errc::crc_mismatch: return "PSI section CRC_32 mismatch";
        case errc::bad_pes_header: return "malformed PES header";
        case errc::pes_too_large: return "PES larger than the demuxer limit";
        case errc::pes_length_mismatch: return "PES shorter than its PES_packet_length";
        case errc::no_parameter_sets: return "video frame before its parameter sets";
        case errc::bad_elementary_stream: return "elementary stream data does not parse";
        case errc::too_many_streams: return "more elementary streams than the demuxer keeps";
        }
        return "unknown lal.mpegts error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const mpegts_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::mpegts
