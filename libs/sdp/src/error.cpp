// SPDX-License-Identifier: MIT
#include <lal/sdp/error.hpp>

#include <string>

namespace lal::sdp {
namespace {

class sdp_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.sdp"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::too_large: return "SDP too large";
        case errc::bad_line: return "malformed SDP line";
        case errc::bad_version: return "unsupported SDP version";
        case errc::bad_origin: return "malformed SDP origin line";
        case errc::bad_connection: return "malformed SDP connection line";
        case errc::bad_media: return "malformed SDP media line";
        case errc::bad_rtpmap: return "malformed rtpmap attribute";
        case errc::no_media: return "no supported format in the media section";
        case errc::unsupported_codec: return "no SDP description for this codec";
        case errc::bad_parameter_sets: return "codec parameters in the SDP do not decode";
        case errc::unsupported_mode: return "unsupported packetization mode";
        }
        return "unknown lal.sdp error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const sdp_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::sdp
