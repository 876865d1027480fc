// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <optional>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

namespace lal_tools {

/// Parses the command line into `app`; an exit code when the tool should stop
/// now: 0 after printing the help (of the subcommand it was asked in), 2 after
/// a usage error said on stderr. Checks across options belong in
/// `app.callback`, which may throw CLI::ValidationError.
inline std::optional<int> parse_args(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {  // --help, at the top or in a subcommand
            const CLI::App* asked = &app;
            while (!asked->get_subcommands().empty()) asked = asked->get_subcommands().front();
            std::fputs(asked->help().c_str(), stdout);
            return 0;
        }
        fmt::print(stderr, "{}: {} (see -h)\n", app.get_name(), e.what());
        return 2;
    }
    return std::nullopt;
}

}  // namespace lal_tools
