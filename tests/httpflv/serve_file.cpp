// SPDX-License-Identifier: MIT
// Test helper: serves one FLV file at http://127.0.0.1:<port>/<app>/<stream>.flv
// through lal::httpflv_asio's .flv route, the way a server answers players, so clients that
// no one here wrote (ffmpeg, curl) can check the server side. Prints the port,
// then runs until SIGTERM/SIGINT. Usage: serve_file <file.flv> [chunked]
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include <lal/httpflv/response.hpp>
#include <lal/httpflv/route.hpp>
#include <lal/httpflv_asio/flv_route.hpp>

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: serve_file <file.flv> [chunked]\n");
        return 2;
    }
    std::ifstream in(argv[1], std::ios::binary);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (chars.empty()) {
        std::fprintf(stderr, "serve_file: cannot read %s\n", argv[1]);
        return 1;
    }
    auto file = lal::payload::copy_from(std::string_view(chars.data(), chars.size()));
    lal::httpflv::response_options options;
    options.chunked = argc > 2 && std::string(argv[2]) == "chunked";

    asio::io_context io;
    lal::httpflv_asio::server_options server;
    server.limits.max_header_bytes = 4096;
    server.response = options;
    lal::httpflv_asio::acceptor acceptor(io, server);
    auto ep = acceptor.listen("127.0.0.1:0");
    if (!ep) {
        std::fprintf(stderr, "serve_file: %s\n", ep.error().message().c_str());
        return 1;
    }
    auto routes = std::make_shared<lal::http_asio::router>(options);
    lal::httpflv_asio::add_flv_route(
        *routes,
        [&](const std::shared_ptr<lal::httpflv_asio::server_connection>& c, const lal::http::request& req,
            lal::httpflv::flv_route) {
            if (req.is_head()) return c->respond(lal::httpflv::flv_stream_response(req, options));
            if (!lal::httpflv_asio::start_flv_stream(*c, options)) return;
            // Slices of one shared buffer, cut anywhere, as a hub's tags would be.
            for (std::size_t at = 0; at < file.size(); at += 4000) {
                c->send(file.slice(at, std::min<std::size_t>(4000, file.size() - at)));
            }
            c->close();
        },
        options);
    acceptor.start([routes](std::shared_ptr<lal::httpflv_asio::server_connection> conn, std::size_t) {
        conn->start(routes);
    });
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](std::error_code, int) {
        acceptor.close();
        io.stop();
    });
    std::printf("%u\n", static_cast<unsigned>(ep->port()));
    std::fflush(stdout);
    io.run();
    return 0;
}
