// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <optional>
#include <string>
#include <system_error>
#include <variant>

#include <lal/base/bytes.hpp>
#include <lal/flv/file_header.hpp>
#include <lal/flv/reader.hpp>
#include <lal/flv/tag.hpp>
#include <lal/httpflv/client_request.hpp>
#include <lal/httpflv/response_parser.hpp>
#include <lal/httpflv/url.hpp>

namespace lal::httpflv {

/// Bounds for one pull: the HTTP response and the FLV tags in its body.
struct pull_limits {
    response_limits http;
    flv::reader_limits flv;
};

/// The server closed the stream (or ended its body) after whole tags.
struct stream_end {};

/// What pull_session::next() yields, in order: the 200 head, the FLV file header,
/// tags, then stream_end; or a single redirect to follow.
using pull_event = std::variant<redirect, response_head, flv::file_header, flv::tag, stream_end>;

/// Sans-IO client side of one HTTP-FLV pull: builds the GET, parses the response
/// and turns its body into FLV tags. Status 404 fails with stream_not_found, any
/// other status but 200 with unexpected_status; redirects come out as events.
class pull_session {
public:
    explicit pull_session(pull_limits limits = {});

    /// Starts a new exchange with `u` (a fresh connection, also after a redirect)
    /// and returns the request bytes to send.
    std::string begin(const url& u, const get_options& options = {});
    /// Consumes all of `in`. After an error the session is dead: close the connection.
    std::error_code feed(byte_span in);
    /// The peer closed the connection. Success when the stream ended after a whole
    /// tag; truncated_message or lal::flv::errc::truncated when cut short.
    std::error_code finish();
    /// The next event; empty when more input is needed.
    std::optional<pull_event> next();
    /// The status of the last response head, 0 before one arrived.
    int status() const noexcept { return status_; }
    /// True once the 200 head arrived and the body is being read.
    bool streaming() const noexcept { return streaming_; }

private:
    std::error_code on_http_event(response_event&& e);
    std::error_code drain_http();
    std::error_code fail(std::error_code ec);

    pull_limits limits_;
    response_parser http_;
    flv::reader flv_;
    bool head_only_ = false;
    bool header_reported_ = false;
    bool streaming_ = false;
    bool ended_ = false;
    int status_ = 0;
    std::deque<pull_event> events_;
    std::error_code error_;
};

}  // namespace lal::httpflv
