// SPDX-License-Identifier: MIT
// The RTSP stream reader (RFC 2326 6, 7, 10.12). Properties:
// - cutting the input anywhere (plan_for) gives the same messages and
//   interleaved frames, and the same error, as feeding it whole;
// - the bytes held never exceed one line, one body or one frame (plus the
//   piece just fed): limits apply before memory is kept;
// - a message printed by to_string reads back with the same start line,
//   headers and body;
// - errors are lal::rtsp's.
#include <cstdint>

#include <lal/rtsp/error.hpp>
#include <lal/rtsp/reader.hpp>

#include "fuzz_support.hpp"

namespace rtsp = lal::rtsp;

namespace {

bool same(const rtsp::message& a, const rtsp::message& b) {
    if (a.is_request != b.is_request || a.method != b.method || a.uri != b.uri || a.status != b.status ||
        a.body != b.body)
        return false;
    std::size_t j = 0;  // b has no Content-Length when the body is empty, and it moves last
    for (const auto& h : a.headers) {
        if (rtsp::iequals(h.name, "Content-Length")) continue;
        while (j < b.headers.size() && rtsp::iequals(b.headers[j].name, "Content-Length")) ++j;
        if (j >= b.headers.size() || b.headers[j].name != h.name || b.headers[j].value != h.value) return false;
        ++j;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto in = lal::fuzz::bytes_of(data, size);
    rtsp::reader_limits limits;
    limits.max_line = 512;
    limits.max_headers = 16;
    limits.max_body = 2048;

    rtsp::reader whole(limits);
    const auto whole_error = whole.feed(in);
    std::vector<rtsp::item> expected;
    while (auto i = whole.next()) expected.push_back(std::move(*i));
    if (whole_error) LAL_FUZZ_CHECK(whole_error.category() == rtsp::category());

    rtsp::reader cut(limits);
    std::error_code cut_error;
    std::vector<rtsp::item> got;
    lal::fuzz::feed_pieces(in, lal::fuzz::plan_for(in), [&](lal::byte_span piece) {
        cut_error = cut.feed(piece);
        LAL_FUZZ_CHECK(cut.buffered() <= piece.size() + limits.max_body + limits.max_line + 8);
        LAL_FUZZ_CHECK(cut.buffered() <= piece.size() + limits.max_frame + 8);
        while (auto i = cut.next()) got.push_back(std::move(*i));
        return !cut_error;
    });
    LAL_FUZZ_CHECK(cut_error == whole_error);
    LAL_FUZZ_CHECK(got.size() == expected.size());

    for (std::size_t k = 0; k < got.size(); ++k) {
        LAL_FUZZ_CHECK(got[k].index() == expected[k].index());
        if (const auto* f = std::get_if<rtsp::interleaved_frame>(&got[k])) {
            const auto& e = std::get<rtsp::interleaved_frame>(expected[k]);
            LAL_FUZZ_CHECK(f->channel == e.channel && f->channel <= limits.max_channel);
            LAL_FUZZ_CHECK(lal::fuzz::to_bytes(f->data.bytes()) == lal::fuzz::to_bytes(e.data.bytes()));
            continue;
        }
        const auto& m = std::get<rtsp::message>(got[k]);
        LAL_FUZZ_CHECK(same(m, std::get<rtsp::message>(expected[k])));
        if (m.reason.find_first_of("\r\n") != std::string::npos) continue;
        rtsp::reader again(limits);
        const auto text = rtsp::to_string(m);
        if (again.feed(lal::as_byte_span(text))) continue;  // a reprinted line may be longer (folding)
        auto back = again.next();
        LAL_FUZZ_CHECK(back && std::holds_alternative<rtsp::message>(*back));
        LAL_FUZZ_CHECK(same(m, std::get<rtsp::message>(*back)));
    }
    return 0;
}
