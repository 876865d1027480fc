// SPDX-License-Identifier: MIT
// lal: a live streaming server (RTMP publish/play, HTTP-FLV, HTTP-TS, HLS, HTTP API).
//   lal [-c conf/lal.conf.json] [--dump-config] [--version]
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "config.hpp"
#include "log.hpp"
#include "server.hpp"

int main(int argc, char** argv) {
    CLI::App app{"lal: live streaming server (RTMP, HTTP-FLV, HTTP-TS, HLS, HTTP API). Without -c it runs on built-in defaults."};
    app.set_version_flag("--version", std::string("lal ") + LAL_SERVER_VERSION);
    std::string config_path;
    bool dump = false;
    app.add_option("-c,--config", config_path, "JSON config file (every key is optional)");
    app.add_flag("--dump-config", dump, "print the effective config as JSON and exit");
    CLI11_PARSE(app, argc, argv);

    lal::server::config cfg;
    if (!config_path.empty()) {
        std::string error;
        auto loaded = lal::server::load_config_file(config_path, error);
        if (!loaded) {
            std::fprintf(stderr, "lal: %s: %s\n", config_path.c_str(), error.c_str());
            return 1;
        }
        cfg = *loaded;
    }
    if (dump) {
        std::cout << lal::server::dump_config(cfg);
        return 0;
    }
    if (auto e = lal::server::init_logging(cfg.log); !e.empty()) {
        std::fprintf(stderr, "lal: %s\n", e.c_str());
        return 1;
    }
    int code = 0;
    {
        lal::server::server s(cfg);
        if (auto e = s.listen(); !e.empty()) {
            LAL_LOG_FATAL("{}", e);
            lal::server::shutdown_logging();
            std::fprintf(stderr, "lal: %s\n", e.c_str());
            return 1;
        }
        code = s.run();
    }
    lal::server::shutdown_logging();
    return code;
}
