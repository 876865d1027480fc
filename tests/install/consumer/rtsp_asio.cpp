// SPDX-License-Identifier: MIT
// The lal::rtsp_asio part of the outside program: a URL with credentials is
// taken apart, and a pull of a port nobody listens on ends with an error.
#include <memory>
#include <string>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include <lal/rtsp_asio/pull_client.hpp>
#include <lal/rtsp_asio/url.hpp>

std::string rtsp_asio_summary() {
    auto u = lal::rtsp_asio::parse_url("rtsp://cam:secret@127.0.0.1:8554/live");
    const bool parsed = u && u->user && u->user->password == "secret" && u->request_url == "rtsp://127.0.0.1:8554/live";
    asio::io_context io;
    // A port that was free a moment ago: the connect is refused.
    asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
    const auto port = probe.local_endpoint().port();
    probe.close();
    bool failed = false;
    auto client = std::make_shared<lal::rtsp_asio::pull_client>(io.get_executor());
    lal::rtsp_asio::pull_handlers h;
    h.on_closed = [&](std::error_code ec) { failed = static_cast<bool>(ec); };
    client->start("rtsp://127.0.0.1:" + std::to_string(port) + "/live", std::move(h));
    io.run();
    return "rtsp_url=" + std::to_string(parsed ? 1 : 0) + " rtsp_pull_failed=" + std::to_string(failed ? 1 : 0);
}
