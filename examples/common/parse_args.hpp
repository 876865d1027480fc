// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace lal_tools {

/// Parses the command line into `app`; an exit code when the tool should stop
/// now: 0 after printing the help, 2 after a usage error said on stderr.
inline std::optional<int> parse_args(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp&) {
        std::fputs(app.help().c_str(), stdout);
        return 0;
    } catch (const CLI::ParseError& e) {
        fmt::print(stderr, "{}: {} (see -h)\n", app.get_name(), e.what());
        return 2;
    }
    return std::nullopt;
}

}  // namespace lal_tools
