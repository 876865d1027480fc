// SPDX-License-Identifier: MIT
#include "rtsp_udp.hpp"

#include <lal/net/read_buffer.hpp>

namespace lal::server {

udp_port_pool::udp_port_pool(std::uint16_t min, std::uint16_t max) noexcept
    : first_(static_cast<std::uint16_t>(min + (min & 1))),
      pairs_(max > first_ ? (static_cast<std::uint32_t>(max) - first_ + 1) / 2 : 0) {}

std::optional<udp_port_pair> udp_port_pool::bind(asio::io_context& context, const asio::ip::address& address) {
    for (std::uint32_t tried = 0; tried < pairs_; ++tried) {
        const auto n = cursor_.fetch_add(1, std::memory_order_relaxed) % pairs_;
        const auto port = static_cast<std::uint16_t>(first_ + 2 * n);
        asio::ip::udp::socket rtp(context), rtcp(context);
        const auto protocol = address.is_v6() ? asio::ip::udp::v6() : asio::ip::udp::v4();
        std::error_code ec;
        rtp.open(protocol, ec);
        if (!ec) rtp.bind({address, port}, ec);
        if (!ec) rtcp.open(protocol, ec);
        if (!ec) rtcp.bind({address, static_cast<std::uint16_t>(port + 1)}, ec);
        if (!ec) rtp.non_blocking(true, ec);
        if (!ec) rtcp.non_blocking(true, ec);
        if (ec) continue;  // held by someone else: the next pair
        return udp_port_pair{std::move(rtp), std::move(rtcp), port};
    }
    return std::nullopt;
}

}  // namespace lal::server

namespace lal::server {

udp_track_link::udp_track_link(udp_port_pair pair, const asio::ip::address& client, std::uint16_t client_rtp,
                               std::uint16_t client_rtcp)
    : rtp_(std::move(pair.rtp)),
      rtcp_(std::move(pair.rtcp)),
      port_(pair.rtp_port),
      client_rtp_(client, client_rtp),
      client_rtcp_(client, client_rtcp) {}

void udp_track_link::start(std::shared_ptr<void> keep, datagram_handler on_datagram) {
    on_datagram_ = std::move(on_datagram);
    wait(rtp_, false, keep);
    wait(rtcp_, true, std::move(keep));
}

void udp_track_link::wait(asio::ip::udp::socket& s, bool rtcp, std::shared_ptr<void> keep) {
    s.async_wait(asio::ip::udp::socket::wait_read, [this, &s, rtcp, keep](std::error_code ec) {
        if (ec || !s.is_open()) return;
        // Non-blocking reads into the thread's buffer until the socket is empty.
        auto buffer = net::thread_read_buffer(64 * 1024);
        for (int n = 0; n < 64 && s.is_open(); ++n) {
            asio::ip::udp::endpoint from;
            std::error_code rec;
            const auto got = s.receive_from(asio::buffer(buffer.data(), buffer.size()), from, 0, rec);
            if (rec) break;
            // Only the RTSP client's address may feed the session (RFC 2326 14.1 warns of others).
            if (from.address() != client_rtp_.address()) continue;
            if (on_datagram_) on_datagram_(rtcp, std::span<const std::byte>(buffer.data(), got));
        }
        if (s.is_open()) wait(s, rtcp, keep);
    });
}

std::size_t udp_track_link::send_rtp(std::span<const std::byte> header, const std::vector<lal::payload>& pieces) {
    std::vector<asio::const_buffer> buffers;
    buffers.reserve(pieces.size() + 1);
    buffers.emplace_back(header.data(), header.size());
    for (const auto& p : pieces) buffers.emplace_back(p.data(), p.size());
    std::error_code ec;
    return rtp_.send_to(buffers, client_rtp_, 0, ec);  // a full socket drops the datagram, as UDP may
}

std::size_t udp_track_link::send_rtcp(std::span<const std::byte> compound) {
    std::error_code ec;
    return rtcp_.send_to(asio::buffer(compound.data(), compound.size()), client_rtcp_, 0, ec);
}

void udp_track_link::close() {
    std::error_code ec;
    rtp_.close(ec);
    rtcp_.close(ec);  // the handler stays: it may be the caller
}

}  // namespace lal::server
