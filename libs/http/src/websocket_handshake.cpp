// SPDX-License-Identifier: MIT
#include <lal/http/websocket_handshake.hpp>

#include <lal/http/base64.hpp>
#include <lal/http/error.hpp>
#include <lal/http/sha1.hpp>

#include "text.hpp"

namespace lal::http::ws {
namespace {

// RFC 6455 1.3: the GUID appended to the key before hashing.
constexpr std::string_view accept_guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

}  // namespace

std::string accept_key(std::string_view key) {
    std::string joined(key);
    joined += accept_guid;
    auto digest = sha1(std::string_view(joined));
    return base64_encode(digest);
}

bool is_upgrade_request(const request& req) noexcept { return req.headers.has_token("Upgrade", "websocket"); }

lal::result<server_handshake> check_request(const request& req) {
    // RFC 6455 4.2.1 points 1-6, in order.
    if (req.method != "GET" || req.version < http_version{1, 1}) return errc::websocket_bad_method;
    if (!req.headers.has_token("Upgrade", "websocket") || !req.headers.has_token("Connection", "Upgrade")) {
        return errc::websocket_no_upgrade;
    }
    if (req.headers.count("Sec-WebSocket-Key") != 1) return errc::websocket_bad_key;
    auto key = detail::trim_ows(*req.headers.find("Sec-WebSocket-Key"));
    auto nonce = base64_decode(key);
    if (!nonce || nonce->size() != 16) return errc::websocket_bad_key;
    auto version = req.headers.find("Sec-WebSocket-Version");
    if (!version || detail::trim_ows(*version) != "13" || req.headers.count("Sec-WebSocket-Version") != 1) {
        return errc::websocket_bad_version;
    }
    server_handshake hs;
    hs.accept = accept_key(key);
    for (const auto& f : req.headers) {
        if (!iequals(f.name, "Sec-WebSocket-Protocol")) continue;
        std::string_view rest = f.value;
        while (!rest.empty()) {
            auto comma = rest.find(',');
            auto item = detail::trim_ows(rest.substr(0, comma));
            if (!item.empty()) hs.protocols.emplace_back(item);
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    return hs;
}

response accept_response(const server_handshake& hs, std::string_view protocol) {
    // RFC 6455 4.2.2 point 5: 101, Upgrade, Connection, Sec-WebSocket-Accept.
    response r(101);
    r.add("Upgrade", "websocket");
    r.add("Connection", "Upgrade");
    r.add("Sec-WebSocket-Accept", hs.accept);
    if (!protocol.empty()) r.add("Sec-WebSocket-Protocol", protocol);
    return r;
}

response reject_response(std::error_code ec, const response_options& options) {
    const int status = status_for(ec);
    auto r = error_response(status, options, ec.message());
    if (status == 426) {
        r.add("Sec-WebSocket-Version", "13");  // RFC 6455 4.4: the versions we speak
        r.add("Upgrade", "websocket");         // RFC 9110 15.5.22: 426 names the protocol
    }
    return r;
}

std::string client_key(std::span<const std::byte, 16> random) { return base64_encode(random); }

std::string make_upgrade_request(const url& u, std::string_view key, const client_options& options) {
    std::string out = "GET " + u.target + " HTTP/1.1\r\nHost: " + host_header(u) + "\r\n";
    out += "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ";
    out += key;
    out += "\r\nSec-WebSocket-Version: 13\r\n";
    if (!options.origin.empty()) out += "Origin: " + options.origin + "\r\n";
    if (!options.protocols.empty()) {
        out += "Sec-WebSocket-Protocol: ";
        for (std::size_t i = 0; i < options.protocols.size(); ++i) {
            if (i) out += ", ";
            out += options.protocols[i];
        }
        out += "\r\n";
    }
    if (!options.user_agent.empty()) out += "User-Agent: " + options.user_agent + "\r\n";
    out += "\r\n";
    return out;
}

std::error_code check_response(const response_head& head, std::string_view key) {
    if (head.status != 101 || !head.headers.has_token("Upgrade", "websocket") ||
        !head.headers.has_token("Connection", "Upgrade")) {
        return errc::websocket_not_switching;
    }
    auto accept = head.headers.find("Sec-WebSocket-Accept");
    if (!accept || detail::trim_ows(*accept) != accept_key(key)) return errc::websocket_bad_accept;
    return {};
}

}  // namespace lal::http::ws
