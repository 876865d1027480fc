// SPDX-License-Identifier: MIT
#include <lal/rtsp/error.hpp>

#include <string>

namespace lal::rtsp {
namespace {

class rtsp_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.rtsp"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::line_too_long: return "RTSP line too long";
        case errc::too_many_headers: return "too many RTSP header lines";
        case errc::bad_start_line: return "malformed RTSP request or status line";
        case errc::bad_header: return "malformed RTSP header line";
        case errc::bad_content_length: return "malformed Content-Length";
        case errc::body_too_large: return "RTSP body too large";
        case errc::bad_interleaved_channel: return "interleaved frame on a channel out of range";
        case errc::bad_interleaved_length: return "interleaved frame length out of range";
        case errc::bad_transport: return "malformed Transport header";
        case errc::bad_session: return "malformed Session header";
        case errc::bad_auth: return "malformed authentication header";
        case errc::unauthorized: return "authentication failed";
        case errc::unexpected_message: return "RTSP message not allowed in this state";
        case errc::bad_status: return "RTSP peer answered with an error";
        case errc::bad_sdp: return "unusable session description";
        }
        return "unknown lal.rtsp error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const rtsp_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

}  // namespace lal::rtsp
