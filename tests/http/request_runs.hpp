// SPDX-License-Identifier: MIT
// Runs the request parser over a text fed whole, at every split point and byte
// by byte, and describes what came out, for the request tests to compare.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <vector>

#include <lal/base/bytes.hpp>
#include <lal/http/request_parser.hpp>

#include "hex.hpp"
#include "split_feed.hpp"

namespace lal::test {

/// Everything a parse produced, as text, so runs can be compared.
struct outcome {
    std::vector<std::string> requests;
    std::error_code error;
    bool paused = false;  ///< stopped after an upgrade request
    friend bool operator==(const outcome&, const outcome&) = default;
};

/// A request as one line of text: start line, fields, body.
inline std::string describe(const lal::http::request& r) {
    std::string s = r.method + "|" + r.target + "|" + r.path + "|" + r.query + "|" +
                    std::to_string(r.version.major) + "." + std::to_string(r.version.minor);
    for (const auto& f : r.headers) s += "|" + f.name + "=" + f.value;
    if (!r.body.empty()) s += "|body=" + std::string(lal::as_string_view(r.body.bytes()));
    return s;
}

/// Runs one parser over the pieces `feeder` hands out.
template <class Feeder>
outcome run_parser(const Feeder& feeder, lal::http::request_limits limits = {}) {
    lal::http::request_parser p(limits);
    outcome out;
    feeder([&](lal::byte_span chunk) {
        if (out.error) return;
        out.error = p.feed(chunk);
        while (auto r = p.next()) out.requests.push_back(describe(*r));
    });
    out.paused = p.paused();
    return out;
}

/// Parses `text` whole, at every split point and byte by byte; all runs must agree.
inline outcome parse_everywhere(std::string_view text, lal::http::request_limits limits = {}) {
    auto bytes = bytes_of(text);
    auto runs = lal::test::all_feedings(bytes, [&](const auto& feeder) { return run_parser(feeder, limits); });
    for (std::size_t i = 1; i < runs.size(); ++i) {
        INFO("feeding #" << i);
        REQUIRE(runs[i] == runs[0]);
    }
    return runs[0];
}

/// Parses `text` fed whole.
inline outcome parse_once(std::string_view text, lal::http::request_limits limits = {}) {
    auto bytes = bytes_of(text);
    return run_parser([&](const auto& f) { f(lal::byte_span(bytes)); }, limits);
}

}  // namespace lal::test
