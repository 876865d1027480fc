// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "moq_player.hpp"

using lalbench::parse_moq_target;

TEST_CASE("moq URLs name the QUIC port, the app and the stream", "[lalbench][moq]") {
    auto t = parse_moq_target("moq://127.0.0.1:4433/live/test");
    REQUIRE(t);
    CHECK(t->host == "127.0.0.1");
    CHECK(t->port == 4433);
    CHECK(t->app == "live");
    CHECK(t->stream == "test");
    auto v6 = parse_moq_target("moq://[::1]:9/a/b");
    REQUIRE(v6);
    CHECK(v6->host == "::1");
    CHECK(v6->port == 9);
    // No port (QUIC has no default here), no stream, extra segments, a query, another scheme.
    for (const char* bad : {"moq://127.0.0.1/live/test", "moq://127.0.0.1:4433/live", "moq://127.0.0.1:4433/live/",
                            "moq://127.0.0.1:4433//test", "moq://127.0.0.1:4433/live/a/b",
                            "moq://127.0.0.1:4433/live/t?x=1", "moq://127.0.0.1:4433", "rtmp://127.0.0.1:4433/live/t",
                            "moq://:4433/live/t", "moq://h:99999/live/t"})
        CHECK_FALSE(parse_moq_target(bad));
}
