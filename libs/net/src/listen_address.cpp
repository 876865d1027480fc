// SPDX-License-Identifier: MIT
#include <lal/net/listen_address.hpp>

#include <charconv>

#include <lal/net/error.hpp>

namespace lal::net {
namespace {

lal::result<std::uint16_t> parse_port(std::string_view text) {
    if (text.empty()) return make_error_code(errc::empty_port);
    for (char c : text) {
        if (c < '0' || c > '9') return make_error_code(errc::bad_port);  // no sign, no spaces
    }
    unsigned long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc::result_out_of_range || value > 65535) return make_error_code(errc::port_out_of_range);
    if (ec != std::errc{} || end != text.data() + text.size()) return make_error_code(errc::bad_port);
    return static_cast<std::uint16_t>(value);
}

}  // namespace

std::string listen_address::str() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

lal::result<listen_address> parse_listen_address(std::string_view text) {
    if (text.empty()) return make_error_code(errc::empty_address);
    listen_address out;
    std::string_view port_text;
    if (text.front() == '[') {
        // RFC 3986 3.2.2: an IPv6 literal is written in brackets so its colons
        // cannot be taken for the port separator.
        const auto close = text.find(']');
        if (close == std::string_view::npos) return make_error_code(errc::missing_bracket);
        const auto host = text.substr(1, close - 1);
        if (host.empty()) return make_error_code(errc::empty_host);
        if (close + 1 >= text.size() || text[close + 1] != ':') {
            return make_error_code(errc::missing_colon_after_bracket);
        }
        std::error_code ec;
        asio::ip::make_address_v6(std::string(host), ec);
        if (ec) return make_error_code(errc::bad_ipv6);
        out.host = std::string(host);
        port_text = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos) return make_error_code(errc::missing_colon);
        const auto host = text.substr(0, colon);
        if (host.find(']') != std::string_view::npos) return make_error_code(errc::missing_bracket);
        if (host.find(':') != std::string_view::npos) return make_error_code(errc::ipv6_needs_brackets);
        out.host = std::string(host);
        port_text = text.substr(colon + 1);
    }
    auto port = parse_port(port_text);
    if (!port) return port.error();
    out.port = *port;
    return out;
}

lal::result<asio::ip::tcp::endpoint> resolve(const listen_address& address) {
    if (address.host.empty()) return asio::ip::tcp::endpoint(asio::ip::address_v6::any(), address.port);
    std::error_code ec;
    auto ip = asio::ip::make_address(address.host, ec);
    if (!ec) return asio::ip::tcp::endpoint(ip, address.port);
    // A name: looked up once, when the caller starts listening.
    asio::io_context io;
    asio::ip::tcp::resolver resolver(io);
    auto results =
        resolver.resolve(address.host, std::to_string(address.port), asio::ip::tcp::resolver::passive, ec);
    if (ec) return ec;
    if (results.empty()) return std::make_error_code(std::errc::address_not_available);
    return results.begin()->endpoint();
}

lal::result<asio::ip::tcp::endpoint> resolve_listen_address(std::string_view text) {
    auto parsed = parse_listen_address(text);
    if (!parsed) return parsed.error();
    return resolve(*parsed);
}

}  // namespace lal::net
