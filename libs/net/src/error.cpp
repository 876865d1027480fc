// SPDX-License-Identifier: MIT
#include <lal/net/error.hpp>

#include <string>

namespace lal::net {
namespace {

class net_category final : public std::error_category {
public:
    const char* name() const noexcept override { return "lal.net"; }

    std::string message(int value) const override {
        switch (static_cast<errc>(value)) {
        case errc::empty_address: return "empty address";
        case errc::missing_colon: return "no ':' before the port";
        case errc::empty_port: return "no port after ':'";
        case errc::bad_port: return "the port is not a decimal number";
        case errc::port_out_of_range: return "the port is above 65535";
        case errc::missing_bracket: return "unbalanced '[' or ']' around an IPv6 address";
        case errc::missing_colon_after_bracket: return "expected ':' after ']'";
        case errc::empty_host: return "nothing between '[' and ']'";
        case errc::bad_ipv6: return "not an IPv6 address between '[' and ']'";
        case errc::ipv6_needs_brackets: return "an IPv6 address needs brackets: [addr]:port";
        case errc::close_timeout: return "close did not complete in time";
        case errc::bad_ip_address: return "not an IPv4 (a.b.c.d) or IPv6 address";
        case errc::bad_prefix_length: return "the prefix length is not 0..32 (IPv4) or 0..128 (IPv6)";
        case errc::prefix_host_bits: return "bits are set after the prefix length";
        case errc::tls_handshake_timeout: return "TLS handshake did not complete in time";
        }
        return "unknown lal.net error";
    }
};

}  // namespace

const std::error_category& category() noexcept {
    static const net_category instance;
    return instance;
}

}  // namespace lal::net
