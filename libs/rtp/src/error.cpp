// SPDX-License-Identifier: MIT
#include <lal/rtp/error.hpp>

#include <string>

namespace lal::rtp {
namespace {

class rtp_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.rtp"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated RTP/RTCP input";
        case errc::bad_version: return "RTP/RTCP version is not 2";
        case errc::bad_padding: return "bad RTP/RTCP padding count";
        case errc::bad_extension: return "bad RTP header extension";
        case errc::too_many_csrcs: return "more than 15 CSRC identifiers";
        case errc::bad_rtcp_length: return "RTCP length does not match the data";
        case errc::bad_rtcp_padding: return "padding on an RTCP packet that is not last";
        case errc::bad_report_count: return "RTCP count does not fit the packet";
        case errc::text_too_long: return "RTCP text over 255 bytes";
        case errc::empty_payload: return "RTP payload too short for its format";
        case errc::unsupported_packet_type: return "unsupported RTP payload packet type";
        case errc::bad_fragment: return "fragment out of sequence";
        case errc::bad_aggregate: return "aggregation packet length runs past the packet";
        case errc::bad_au_header: return "bad RFC 3640 AU header section";
        case errc::frame_too_large: return "reassembled frame too large";
        case errc::bad_frame: return "malformed frame for packetizing";
        case errc::unsupported_codec: return "no RTP payload format for this codec";
        case errc::payload_too_small: return "maximum payload too small";
        case errc::not_parameter_set: return "NAL unit is not the expected parameter set";
        }
        return "unknown lal.rtp error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const rtp_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::rtp
