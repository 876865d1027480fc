// SPDX-License-Identifier: MIT
#include <lal/http/response.hpp>

#include <cassert>
#include <chrono>
#include <cstdio>
#include <vector>

#include "text.hpp"

namespace lal::http {
namespace {

void add_common(response& r, const response_options& options) {
    if (!options.server.empty()) r.set("Server", options.server);
    if (options.cors) r.set("Access-Control-Allow-Origin", "*");
}

bool valid_value(std::string_view v) noexcept {
    for (char c : v) {
        if (!detail::is_field_char(c)) return false;
    }
    return true;
}

}  // namespace

response::response(int status, std::string_view reason)
    : status_(status), reason_(reason.empty() ? reason_phrase(status) : reason) {
    assert(status >= 100 && status <= 999);
}

response& response::add(std::string_view name, std::string_view value) {
    assert(detail::is_token(name) && valid_value(value));
    headers_.add(std::string(name), std::string(value));
    return *this;
}

response& response::set(std::string_view name, std::string_view value) {
    header_list kept;
    for (const auto& f : headers_) {
        if (!iequals(f.name, name)) kept.add(f.name, f.value);
    }
    headers_ = std::move(kept);
    return add(name, value);
}

response& response::body(std::string_view text, std::string_view content_type) {
    body_.assign(text);
    set("Content-Type", content_type);
    set("Content-Length", std::to_string(body_.size()));
    return *this;
}

bool response::chunked() const noexcept { return headers_.has_token("Transfer-Encoding", "chunked"); }

lal::payload response::encode(bool head_only) const {
    // RFC 9112 4: status-line = HTTP-version SP status-code SP [ reason-phrase ].
    std::string out = "HTTP/1.1 " + std::to_string(status_) + " " + reason_ + "\r\n";
    for (const auto& f : headers_) {
        out += f.name;
        out += ": ";
        out += f.value;
        out += "\r\n";
    }
    out += "\r\n";
    if (!head_only) out += body_;
    return lal::payload::copy_from(std::string_view(out));
}

std::string_view reason_phrase(int status) noexcept {
    switch (status) {
        case 100: return "Continue";
        case 101: return "Switching Protocols";
        case 200: return "OK";
        case 201: return "Created";  // RFC 9110 15.3.2: WHIP/WHEP answers
        case 204: return "No Content";
        case 301: return "Moved Permanently";
        case 302: return "Found";
        case 303: return "See Other";
        case 304: return "Not Modified";
        case 307: return "Temporary Redirect";
        case 308: return "Permanent Redirect";
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 406: return "Not Acceptable";
        case 408: return "Request Timeout";
        case 413: return "Content Too Large";
        case 414: return "URI Too Long";
        case 415: return "Unsupported Media Type";  // RFC 9110 15.5.16
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        case 505: return "HTTP Version Not Supported";
        default: return "Unknown";
    }
}

response stream_response(const request& req, std::string_view content_type, const response_options& options) {
    response r(200);
    add_common(r, options);
    r.add("Content-Type", content_type);
    r.add("Cache-Control", "no-cache");
    if (options.chunked && req.version >= http_version{1, 1}) {
        // RFC 9112 7.1: chunked lets the connection outlive the stream; HTTP/1.0
        // peers do not know it (RFC 9112 6.1), so they always get close-delimited.
        r.add("Transfer-Encoding", "chunked");
    } else {
        // RFC 9112 6.3 point 8: without length or chunked, the body ends at close.
        r.add("Connection", "close");
    }
    return r;
}

response error_response(int status, const response_options& options, std::string_view detail) {
    response r(status);
    add_common(r, options);
    if (status == 405) r.add("Allow", options.allow);
    r.add("Connection", "close");
    std::string text = std::to_string(status) + " " + std::string(reason_phrase(status));
    if (!detail.empty()) {
        text += ": ";
        text += detail;
    }
    text += "\n";
    r.body(text);
    return r;
}

response redirect_response(std::string_view location, const response_options& options) {
    response r(302);
    add_common(r, options);
    r.add("Location", location);
    r.add("Connection", "close");
    r.body("302 Found: " + std::string(location) + "\n");
    return r;
}

response options_response(const request& req, const response_options& options) {
    response r(204);
    add_common(r, options);
    r.add("Allow", options.allow);
    if (options.cors) {
        r.add("Access-Control-Allow-Methods", options.allow);
        // Echo what the preflight asks for: players only send simple headers
        // such as Range, and the answer is the same for every origin anyway.
        auto asked = req.headers.find("Access-Control-Request-Headers");
        if (asked && valid_value(*asked) && !asked->empty()) r.add("Access-Control-Allow-Headers", *asked);
        r.add("Access-Control-Max-Age", "86400");
    }
    r.add("Connection", "close");
    return r;
}

bool has_delimited_body(const response& r) noexcept {
    const int status = r.status();
    if ((status >= 100 && status < 200) || status == 204 || status == 304) return true;
    return r.chunked() || r.headers().count("Content-Length") > 0;
}

bool decide_keep_alive(const request& req, response& r) {
    const bool keep = req.keep_alive() && !r.headers().has_token("Connection", "close") && has_delimited_body(r);
    if (!keep) {
        r.set("Connection", "close");
    } else if (req.version < http_version{1, 1}) {
        r.set("Connection", "keep-alive");  // RFC 9112 9.3: 1.0 persists only when told
    }
    return keep;
}

std::string http_date(std::int64_t unix_seconds) {
    using namespace std::chrono;
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    sys_seconds t{seconds{unix_seconds}};
    auto day = floor<std::chrono::days>(t);
    year_month_day ymd{day};
    weekday wd{day};
    hh_mm_ss hms{t - day};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", days[wd.c_encoding()],
                  static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

}  // namespace lal::http
