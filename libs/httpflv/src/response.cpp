// SPDX-License-Identifier: MIT
#include <lal/httpflv/response.hpp>

namespace lal::httpflv {

response flv_stream_response(const request& req, const response_options& options) {
    // Adobe FLV spec, annex E: the MIME type players expect for an FLV body.
    return lal::http::stream_response(req, "video/x-flv", options);
}

}  // namespace lal::httpflv
