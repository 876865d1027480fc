// SPDX-License-Identifier: MIT
#include <lal/h3/error.hpp>

#include <string>

namespace lal::h3 {
namespace {

class h3_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.h3"; }
    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
        case errc::truncated: return "truncated HTTP/3 unit";
        case errc::frame_too_large: return "HTTP/3 frame larger than the limit";
        case errc::bad_frame: return "malformed HTTP/3 frame";
        case errc::frame_unexpected: return "HTTP/3 frame not allowed here";
        case errc::settings_error: return "invalid HTTP/3 SETTINGS";
        case errc::missing_settings: return "HTTP/3 control stream does not begin with SETTINGS";
        case errc::stream_creation_error: return "HTTP/3 stream not allowed";
        case errc::closed_critical_stream: return "HTTP/3 control stream closed";
        case errc::qpack_failed: return "QPACK field section does not decode";
        case errc::field_section_too_large: return "HTTP/3 field section larger than the limit";
        case errc::bad_request: return "malformed HTTP/3 request";
        case errc::buffer_limit: return "HTTP/3 peer exceeded a buffer or stream limit";
        case errc::bad_state: return "HTTP/3 session used in the wrong state";
        case errc::no_webtransport: return "the HTTP/3 server does not offer WebTransport";
        }
        return "unknown lal.h3 error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const h3_category instance;
    return instance;
}

std::error_code make_error_code(errc e) noexcept { return {static_cast<int>(e), category()}; }

std::uint64_t application_error_code(std::error_code ec) noexcept {
    // RFC 9114 8.1 and RFC 9204 6 name the codes.
    if (ec.category() != category()) return 0x0102;  // H3_INTERNAL_ERROR
    switch (static_cast<errc>(ec.value())) {
    case errc::truncated:
    case errc::bad_frame:
    case errc::frame_too_large: return 0x0106;               // H3_FRAME_ERROR
    case errc::frame_unexpected: return 0x0105;              // H3_FRAME_UNEXPECTED
    case errc::settings_error: return 0x0109;                // H3_SETTINGS_ERROR
    case errc::missing_settings: return 0x010a;              // H3_MISSING_SETTINGS
    case errc::stream_creation_error: return 0x0103;         // H3_STREAM_CREATION_ERROR
    case errc::closed_critical_stream: return 0x0104;        // H3_CLOSED_CRITICAL_STREAM
    case errc::qpack_failed: return 0x0200;                  // QPACK_DECOMPRESSION_FAILED
    case errc::field_section_too_large:
    case errc::buffer_limit: return 0x0107;                  // H3_EXCESSIVE_LOAD
    case errc::bad_request: return 0x010e;                   // H3_MESSAGE_ERROR
    case errc::bad_state: return 0x0102;                     // H3_INTERNAL_ERROR
    case errc::no_webtransport: return 0x0100;               // H3_NO_ERROR: nothing to do here
    }
    return 0x0102;
}

}  // namespace lal::h3
