// SPDX-License-Identifier: MIT
#pragma once

#include <lal/httpflv/detail/http_names.hpp>

namespace lal::httpflv {

/// 200 head of a live FLV stream for `req`: Content-Type video/x-flv, no-cache,
/// CORS, and either Connection: close (body ends at close) or chunked framing.
response flv_stream_response(const request& req, const response_options& options = {});

}  // namespace lal::httpflv
