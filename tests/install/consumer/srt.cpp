// SPDX-License-Identifier: MIT
// The lal::srt part of the outside program: a publisher's stream id, and 14
// TS packets cut into live-mode messages.
#include <string>
#include <vector>

#include <lal/srt/message_packer.hpp>
#include <lal/srt/stream_id.hpp>

std::string srt_summary() {
    auto id = lal::srt::parse_stream_id("#!::r=live/test,m=publish");
    if (!id) return "srt_error=" + id.error().message();
    std::vector<std::byte> ts(188 * 14, std::byte{0x47});
    lal::srt::message_packer packer;
    int messages = 0;
    packer.add(ts, [&](lal::byte_span) { ++messages; });
    packer.flush([&](lal::byte_span) { ++messages; });
    return "srt_stream=" + id->app + "/" + id->stream + " srt_publish=" +
           std::to_string(id->mode == lal::srt::mode::publish ? 1 : 0) + " srt_messages=" + std::to_string(messages);
}
