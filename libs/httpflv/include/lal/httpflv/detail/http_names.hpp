// SPDX-License-Identifier: MIT
#pragma once

// The generic HTTP/1.1 code moved to lal::http; its old lal::httpflv names stay
// available to existing callers through these declarations.
#include <lal/http/chunked.hpp>
#include <lal/http/error.hpp>
#include <lal/http/headers.hpp>
#include <lal/http/request.hpp>
#include <lal/http/request_parser.hpp>
#include <lal/http/response.hpp>
#include <lal/http/response_parser.hpp>
#include <lal/http/url.hpp>

namespace lal::httpflv {
using lal::http::chunk_limits;
using lal::http::chunk_decoder;
using lal::http::chunk_header;
using lal::http::chunk_end;
using lal::http::last_chunk;
using lal::http::append_chunk;
using lal::http::errc;
using lal::http::category;
using lal::http::make_error_code;
using lal::http::status_for;
using lal::http::header_field;
using lal::http::header_list;
using lal::http::iequals;
using lal::http::http_version;
using lal::http::request;
using lal::http::request_limits;
using lal::http::request_parser;
using lal::http::response_limits;
using lal::http::body_framing;
using lal::http::response_head;
using lal::http::redirect;
using lal::http::body_data;
using lal::http::message_end;
using lal::http::response_event;
using lal::http::response_parser;
using lal::http::url;
using lal::http::parse_url;
using lal::http::resolve_reference;
using lal::http::host_header;
using lal::http::to_string;
using lal::http::percent_decode_path;
using lal::http::response;
using lal::http::response_options;
using lal::http::reason_phrase;
using lal::http::error_response;
using lal::http::options_response;
using lal::http::http_date;
}  // namespace lal::httpflv
