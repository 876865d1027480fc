// SPDX-License-Identifier: MIT
// The client side of one HTTP-FLV pull: an HTTP response whose body is an FLV
// stream (RFC 9112, Adobe FLV spec v10.1), as pull_session turns it into events.
// Properties:
// - the same events, error and finish() result whether fed whole or in pieces;
// - events come in order: a single redirect, or a head, then (for 200 only)
//   the FLV header, tags and at most one stream_end, last;
// - tags respect the FLV tag size limit (varied from the input).
#include <cstdint>
#include <string>
#include <system_error>
#include <variant>
#include <vector>

#include <lal/httpflv/error.hpp>
#include <lal/httpflv/pull_session.hpp>
#include <lal/httpflv/url.hpp>

#include "fuzz_support.hpp"

namespace http = lal::httpflv;
namespace flv = lal::flv;

namespace {

struct outcome {
    std::vector<std::string> events;
    std::error_code error;
    std::error_code finish;
    friend bool operator==(const outcome&, const outcome&) = default;
};

struct order_checker {
    explicit order_checker(const http::pull_limits& l) : limits(l) {}

    const http::pull_limits& limits;
    int stage = 0;  // 0 nothing, 1 head, 2 file header, 3 end; 4 redirect
    int status = 0;

    std::string operator()(const http::pull_event& ev) {
        LAL_FUZZ_CHECK(stage != 3 && stage != 4);
        if (const auto* r = std::get_if<http::redirect>(&ev)) {
            LAL_FUZZ_CHECK(stage == 0);
            stage = 4;
            return "redirect " + std::to_string(r->status) + ' ' + r->location;
        }
        if (const auto* h = std::get_if<http::response_head>(&ev)) {
            LAL_FUZZ_CHECK(stage == 0);
            stage = 1;
            status = h->status;
            return "head " + std::to_string(h->status);
        }
        if (const auto* f = std::get_if<flv::file_header>(&ev)) {
            LAL_FUZZ_CHECK(stage == 1 && status == 200);
            stage = 2;
            return "flv " + std::to_string(f->version) + ' ' + std::to_string(f->has_audio) +
                   std::to_string(f->has_video);
        }
        if (const auto* t = std::get_if<flv::tag>(&ev)) {
            LAL_FUZZ_CHECK(stage == 2);
            LAL_FUZZ_CHECK(t->data.size() <= limits.flv.max_tag_size);
            std::string out = "tag " + std::to_string(static_cast<int>(t->type)) + ' ' +
                              std::to_string(t->timestamp) + ' ';
            auto text = lal::as_string_view(t->data.bytes());
            return out.append(text.data(), text.size());
        }
        LAL_FUZZ_CHECK(stage == 1 || stage == 2);
        stage = 3;
        return "end";
    }
};

template <class Feeder>
outcome pull(const http::pull_limits& limits, bool head, Feeder&& feeder) {
    http::pull_session s(limits);
    static const auto u = http::parse_url("http://127.0.0.1:8080/live/test.flv").value();
    http::get_options options;
    options.head = head;
    auto request = s.begin(u, options);
    LAL_FUZZ_CHECK(request.rfind(head ? "HEAD /live/test.flv HTTP/1.1\r\n" : "GET /live/test.flv HTTP/1.1\r\n", 0) == 0);

    outcome o;
    order_checker check(limits);
    feeder([&](lal::byte_span piece) {
        auto ec = s.feed(piece);
        while (auto ev = s.next()) o.events.push_back(check(*ev));
        if (ec) o.error = ec;
        return !ec;
    });
    o.finish = s.finish();
    while (auto ev = s.next()) o.events.push_back(check(*ev));
    if (o.error) LAL_FUZZ_CHECK(o.finish == o.error);
    if (check.stage >= 2 && check.stage != 4) LAL_FUZZ_CHECK(s.status() == 200);
    return o;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto in = lal::fuzz::bytes_of(data, size);
    auto seed = lal::fuzz::seed_of(in);
    http::pull_limits limits;
    if (seed % 4 == 0) limits.flv.max_tag_size = seed % 2048;
    bool head = (seed >> 16) % 8 == 0;

    auto whole = pull(limits, head, [&](auto&& feed) { feed(in); });
    auto pieces = pull(limits, head, [&](auto&& feed) { lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), feed); });
    LAL_FUZZ_CHECK(whole == pieces);
    return 0;
}
