// SPDX-License-Identifier: MIT
#include <lal/rtsp_asio/udp_pair.hpp>

#include <lal/rtsp_asio/error.hpp>

namespace lal::rtsp_asio {

std::uint16_t udp_pair::port() const {
    std::error_code ignored;
    return rtp.local_endpoint(ignored).port();
}

std::error_code bind_udp_pair(udp_pair& pair, const asio::ip::address& address, int attempts) {
    const auto protocol = address.is_v6() ? asio::ip::udp::v6() : asio::ip::udp::v4();
    for (int i = 0; i < attempts; ++i) {
        std::error_code ec;
        pair.rtp.close(ec);
        pair.rtcp.close(ec);
        pair.rtp.open(protocol, ec);
        if (ec) return ec;
        // Let the system pick; keep it only when it is even and the next port is free too.
        pair.rtp.bind({address, 0}, ec);
        if (ec) return ec;
        const auto port = pair.rtp.local_endpoint(ec).port();
        if (ec) return ec;
        if (port % 2 != 0 || port == 65535) continue;
        pair.rtcp.open(protocol, ec);
        if (ec) return ec;
        pair.rtcp.bind({address, static_cast<std::uint16_t>(port + 1)}, ec);
        if (!ec) return {};
    }
    std::error_code ignored;
    pair.rtp.close(ignored);
    pair.rtcp.close(ignored);
    return errc::no_udp_ports;
}

}  // namespace lal::rtsp_asio
