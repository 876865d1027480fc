// SPDX-License-Identifier: MIT
#include <lal/http/error.hpp>

#include <string>

namespace lal::http {
namespace {

class category_impl final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.http"; }

    std::string message(int ev) const override {
        switch (static_cast<errc>(ev)) {
            case errc::bad_request_line: return "malformed HTTP request line";
            case errc::bad_target: return "malformed request target";
            case errc::unsupported_version: return "unsupported HTTP version";
            case errc::bad_header: return "malformed header field";
            case errc::obs_fold: return "obsolete header line folding";
            case errc::bad_host: return "missing or repeated Host header";
            case errc::bad_content_length: return "invalid Content-Length";
            case errc::bad_transfer_encoding: return "invalid Transfer-Encoding";
            case errc::request_line_too_long: return "request line too long";
            case errc::headers_too_large: return "header section too large";
            case errc::too_many_headers: return "too many header fields";
            case errc::body_too_large: return "request body too large";
            case errc::bad_status_line: return "malformed HTTP status line";
            case errc::status_line_too_long: return "status line too long";
            case errc::bad_chunk: return "malformed chunked encoding";
            case errc::chunk_line_too_long: return "chunk size line too long";
            case errc::truncated_message: return "connection closed inside an HTTP message";
            case errc::route_not_found: return "no route for the path";
            case errc::bad_url: return "malformed URL";
            case errc::unsupported_scheme: return "unsupported URL scheme (only http and https)";
            case errc::stream_not_found: return "stream not found (HTTP 404)";
            case errc::unexpected_status: return "unexpected HTTP status";
            case errc::too_many_redirects: return "too many redirects";
            case errc::timeout: return "timed out";
            case errc::bad_query: return "malformed percent-encoding in the query";
            case errc::websocket_bad_method: return "WebSocket upgrade needs a GET of HTTP/1.1 or later";
            case errc::websocket_no_upgrade: return "not a WebSocket upgrade (Upgrade or Connection field)";
            case errc::websocket_bad_key: return "missing or malformed Sec-WebSocket-Key";
            case errc::websocket_bad_version: return "unsupported Sec-WebSocket-Version (only 13)";
            case errc::websocket_not_switching: return "server did not switch to WebSocket (status 101)";
            case errc::websocket_bad_accept: return "Sec-WebSocket-Accept does not match the key";
        }
        return "unknown lal.http error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const category_impl instance;
    return instance;
}

int status_for(std::error_code ec) noexcept {
    if (ec.category() != category()) return 500;
    switch (static_cast<errc>(ec.value())) {
        case errc::bad_request_line:
        case errc::bad_target:
        case errc::bad_header:
        case errc::obs_fold:
        case errc::bad_host:
        case errc::bad_content_length:
        case errc::bad_transfer_encoding:  // RFC 9112 6.1: framing cannot be trusted
        case errc::bad_chunk:
        case errc::chunk_line_too_long:
        case errc::truncated_message:
        case errc::bad_query:
        case errc::websocket_bad_method:
        case errc::websocket_no_upgrade:
        case errc::websocket_bad_key:
            return 400;  // RFC 6455 4.2.2: a malformed handshake gets 400
        case errc::websocket_bad_version: return 426;  // RFC 6455 4.2.2, 4.4
        case errc::route_not_found: return 404;
        case errc::body_too_large: return 413;  // RFC 9110 15.5.14
        case errc::request_line_too_long: return 414;  // RFC 9110 15.5.15
        case errc::headers_too_large:
        case errc::too_many_headers:
            return 431;  // RFC 6585 5
        case errc::unsupported_version: return 505;  // RFC 9110 15.6.6
        default: return 500;
    }
}

}  // namespace lal::http
