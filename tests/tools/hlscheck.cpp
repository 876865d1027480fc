// SPDX-License-Identifier: MIT
// hlscheck: applies the RFC 8216 playlist checker (tests/support/
// hls_playlist_checker.hpp) to successive fetches of one media playlist saved
// by a shell test, in fetch order, and prints one summary line:
//   fetches=.. segments=.. first_sequence=.. last_sequence=.. discontinuities=.. target=.. ended=0|1
// Every problem is printed with the file it was found in; it exits 1 when
// there was any, or an expectation given on the command line is not met.
//   hlscheck [--target-may-grow] [--no-three-targets] [--ended] [--min-segments N] FILE...
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "hls_playlist_checker.hpp"

int main(int argc, char** argv) {
    lal::test::hls::playlist_checker::settings settings;
    bool want_ended = false;
    std::size_t min_segments = 0;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--target-may-grow") {
            settings.target_may_grow = true;
        } else if (arg == "--no-three-targets") {
            settings.three_target_rule = false;
        } else if (arg == "--ended") {
            want_ended = true;
        } else if (arg == "--min-segments" && i + 1 < argc) {
            min_segments = static_cast<std::size_t>(std::strtoull(argv[++i], nullptr, 10));
        } else if (!arg.empty() && arg[0] == '-') {
            std::fprintf(stderr, "usage: hlscheck [--target-may-grow] [--no-three-targets] [--ended] "
                                 "[--min-segments N] FILE...\n");
            return 2;
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "hlscheck: no playlist given\n");
        return 2;
    }
    lal::test::hls::playlist_checker checker(settings);
    bool failed = false;
    for (const auto& name : files) {
        std::ifstream in(name, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "%s: cannot read\n", name.c_str());
            return 2;
        }
        const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const auto& problem : checker.check(text)) {
            std::printf("%s: %s\n", name.c_str(), problem.c_str());
            failed = true;
        }
    }
    const auto& history = checker.history();
    std::size_t discontinuities = 0;
    for (const auto& [sequence, segment] : history) discontinuities += segment.discontinuity ? 1 : 0;
    const auto& last = checker.last();
    std::printf("fetches=%zu segments=%zu first_sequence=%llu last_sequence=%llu discontinuities=%zu target=%lld ended=%d\n",
                checker.fetches(), history.size(),
                static_cast<unsigned long long>(history.empty() ? 0 : history.begin()->first),
                static_cast<unsigned long long>(history.empty() ? 0 : history.rbegin()->first), discontinuities,
                static_cast<long long>(last.target_duration.value_or(0)), last.ended ? 1 : 0);
    if (want_ended && !last.ended) {
        std::printf("expected EXT-X-ENDLIST in the last fetch\n");
        failed = true;
    }
    if (history.size() < min_segments) {
        std::printf("expected at least %zu segments, saw %zu\n", min_segments, history.size());
        failed = true;
    }
    return failed ? 1 : 0;
}
