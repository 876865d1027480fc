// SPDX-License-Identifier: MIT
#include <lal/rtsp/message.hpp>

#include <charconv>

namespace lal::rtsp {

bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
        if (x != y) return false;
    }
    return true;
}

std::optional<std::string_view> message::get(std::string_view name) const {
    for (const auto& h : headers)
        if (iequals(h.name, name)) return std::string_view(h.value);
    return std::nullopt;
}

void message::set(std::string_view name, std::string value) {
    std::erase_if(headers, [&](const header& h) { return iequals(h.name, name); });
    headers.push_back({std::string(name), std::move(value)});
}

std::optional<std::uint32_t> message::cseq() const {
    auto v = get("CSeq");
    if (!v) return std::nullopt;
    std::uint32_t n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc{} || end != v->data() + v->size()) return std::nullopt;
    return n;
}

message make_request(std::string method, std::string uri, std::uint32_t cseq) {
    message m;
    m.method = std::move(method);
    m.uri = std::move(uri);
    m.headers.push_back({"CSeq", std::to_string(cseq)});
    return m;
}

message make_response(const message& request, int status) {
    message m;
    m.is_request = false;
    m.status = status;
    m.reason = std::string(reason_phrase(status));
    if (auto c = request.get("CSeq")) m.headers.push_back({"CSeq", std::string(*c)});
    if (auto s = request.get("Session")) m.headers.push_back({"Session", std::string(*s)});
    return m;
}

std::string_view reason_phrase(int status) {
    switch (status) {  // RFC 2326 7.1.1
    case 200: return "OK";
    case 201: return "Created";
    case 301: return "Moved Permanently";
    case 302: return "Moved Temporarily";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 406: return "Not Acceptable";
    case 408: return "Request Time-out";
    case 413: return "Request Entity Too Large";
    case 415: return "Unsupported Media Type";
    case 451: return "Parameter Not Understood";
    case 453: return "Not Enough Bandwidth";
    case 454: return "Session Not Found";
    case 455: return "Method Not Valid in This State";
    case 457: return "Invalid Range";
    case 459: return "Aggregate operation not allowed";
    case 461: return "Unsupported transport";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "RTSP Version not supported";
    case 551: return "Option not supported";
    default: return "Unknown";
    }
}

std::string to_string(const message& m) {
    std::string out;
    out.reserve(128 + m.body.size());
    if (m.is_request) {
        out += m.method + ' ' + m.uri + " RTSP/1.0\r\n";
    } else {
        out += "RTSP/1.0 " + std::to_string(m.status) + ' ' + m.reason + "\r\n";
    }
    for (const auto& h : m.headers) {
        if (iequals(h.name, "Content-Length")) continue;  // written from the body below
        out += h.name + ": " + h.value + "\r\n";
    }
    if (!m.body.empty()) out += "Content-Length: " + std::to_string(m.body.size()) + "\r\n";
    out += "\r\n";
    out += m.body;
    return out;
}

}  // namespace lal::rtsp
