// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <lal/base/result.hpp>
#include <lal/srt/error.hpp>

namespace lal::srt {

/// SRT limits SRTO_STREAMID to 512 bytes (SRT API socket options, SRTO_STREAMID).
constexpr std::size_t max_stream_id_size = 512;

/// What a connection asks for (access-control convention, key m).
enum class mode { request, publish };

/// A parsed stream id: the stream, what to do with it, and the other
/// standard keys of the access-control convention.
struct stream_id {
    std::string app;      ///< "live"
    std::string stream;   ///< "test"
    std::string query;    ///< after '?' in the resource, then the unknown keys as key=value, '&'-joined
    srt::mode mode = mode::request;
    std::string host;     ///< h= when r= names the stream (SRS's vhost); otherwise empty
    std::string user;     ///< u=
    std::string session;  ///< s=
    bool operator==(const stream_id&) const = default;
};

/// How ids that name a stream without its app are read.
struct stream_id_options {
    /// The app of "stream" alone (SRS's r=stream, lalmax's h=stream).
    std::string_view default_app = "live";
};

/// Parses the stream id an SRT caller sent (SRTO_STREAMID):
/// - the access-control convention (SRT AccessControl.md): "#!::" then
///   comma-separated key=value items; r= is the resource "app/stream[?query]",
///   m= is request (the default), publish or bidirectional (refused), t= must
///   be stream when given; h, u and s are kept; other keys join the query;
/// - SRS's "#!::h=host,r=app/stream,m=publish" (h is then the host);
/// - lalmax's "#!::h=stream,m=publish": without r=, h= names the resource;
/// - a plain "app/stream[?query]", which plays.
/// A resource without '/' is a stream of options.default_app.
lal::result<stream_id> parse_stream_id(std::string_view text, const stream_id_options& options = {});

/// The id in the access-control form, "#!::r=app/stream[?query],m=publish|request"
/// then h=, u=, s= when set; parse_stream_id reads it back equal.
std::string to_string(const stream_id& id);

/// Rejection reasons an SRT listener sends back (srt_setrejectreason): the
/// access-control convention's codes, numbered as SRT_REJX_* in libsrt's
/// access_control.h (1400 + an HTTP-like status).
namespace reject {
constexpr int bad_request = 1400;   ///< the stream id does not parse
constexpr int unauthorized = 1401;  ///< credentials (simple_auth's lal_secret) missing or wrong
constexpr int overload = 1402;      ///< limits.max_connections reached
constexpr int forbidden = 1403;     ///< refused by a rule
constexpr int not_found = 1404;     ///< no such stream
constexpr int bad_mode = 1405;      ///< m= not served
constexpr int conflict = 1409;      ///< m=publish on a stream that already has a publisher
constexpr int unsupported_media = 1415;  ///< t= other than stream
}  // namespace reject

/// The rejection reason for a parse error of parse_stream_id.
int reject_code(std::error_code parse_error) noexcept;

}  // namespace lal::srt
