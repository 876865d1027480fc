// SPDX-License-Identifier: MIT
// The server's media path without sockets: one publication pushing frames
// through the hub to N subscribers on one worker, each message converted once
// into the media model by lal::flv::media_input and encoded once as RTMP chunks
// by the server's registered form (lal::rtmp::chunks_form), sinks that only
// count bytes (or also hold a reference, as a socket write queue does).

#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "bench_support.hpp"
#include <lal/flv/media_input.hpp>
#include <lal/hub/registry.hpp>

#include "wire_encoder.hpp"

namespace {

using namespace lal;
using namespace lal::server;
using lal::hub::registry;

/// A worker that runs posted work at once, on the caller's thread.
class inline_executor : public executor {
public:
    void post(std::function<void()> work) override { work(); }
};

/// A player that keeps up: it takes the frame's RTMP chunks and counts them
/// as written. With `hold` it also keeps a reference to each until `hold`
/// are queued, then drops them all, as a gathered socket write would.
class counting_sink : public subscriber_sink {
public:
    counting_sink(form_index f, std::size_t hold) : form(f), hold_(hold) { held_.reserve(hold); }
    void start() override {}
    void stop() override {}
    void send(const frame& f) override {
        const auto& wire = f.encoded(form);
        written_ += wire.size();
        if (hold_ == 0) return;
        // What a socket's write queue does: one reference per piece.
        for (const auto& piece : wire.pieces()) held_.push_back(piece);
        if (held_.size() >= hold_) held_.clear();
    }
    std::size_t queued_bytes() const override { return 0; }
    std::uint64_t written_bytes() const override { return written_; }
    void close(std::string_view) override { closed = true; }

    form_index form;
    bool closed = false;

private:
    std::size_t hold_;
    std::vector<lal::payload> held_;
    std::uint64_t written_ = 0;
};

class null_publisher : public publisher_sink {
public:
    void kicked(std::string_view) override {}
};

/// What the RTMP service does with each video message: convert once, push.
void push_video(lal::flv::media_input& input, publication& p, std::uint32_t timestamp, const lal::payload& body) {
    p.push(input.convert(media_kind::video, timestamp, body));
}

constexpr std::uint32_t server_chunk_size = 4096;
constexpr std::size_t gop_frames = 25;  // a key frame a second at 25 fps

// One frame per iteration (a key frame every gop_frames), pushed and flushed
// as one read of the publisher would.
void hub_fanout(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    const auto subscribers = static_cast<std::size_t>(state.range(1));
    const auto hold = static_cast<std::size_t>(state.range(2));

    server_forms forms(server_chunk_size);
    inline_executor worker;
    registry h(hub_options{}, forms.forms, {&worker}, [] { return std::uint64_t{0}; });
    const stream_key key{"live", "bench"};

    null_publisher publisher;
    auto pub = h.publish(key, publisher);
    if (!pub) {
        state.SkipWithError("publish failed");
        return;
    }
    auto& publication = **pub;
    lal::flv::media_input input;
    // AVC sequence header (FLV spec E.4.3.1, AVCPacketType 0) and a first key
    // frame, so every subscriber starts at once from the cache.
    push_video(input, publication, 0, lal::payload::adopt({std::byte{0x17}, std::byte{0}, std::byte{0},
                                                                 std::byte{0}, std::byte{0}, std::byte{1}}));
    const auto key_body = bench::video_body(size, true);
    const auto inter_body = bench::video_body(size, false);
    push_video(input, publication, 0, key_body);
    publication.flush();

    std::vector<std::unique_ptr<counting_sink>> sinks;
    std::vector<std::unique_ptr<subscription>> subs;
    for (std::size_t i = 0; i < subscribers; ++i) {
        sinks.push_back(std::make_unique<counting_sink>(forms.rtmp_chunks, hold));
        subs.push_back(h.subscribe(key, *sinks.back(), forms.rtmp_chunks, 1, 0));
    }
    const auto before = sinks.front()->written_bytes();

    std::uint32_t timestamp = 0;
    std::size_t n = 0;
    for (auto _ : state) {
        timestamp += 40;
        ++n;
        push_video(input, publication, timestamp, n % gop_frames == 0 ? key_body : inter_body);
        publication.flush();
    }

    // Every subscriber got every frame, none was dropped or closed.
    const auto per_subscriber = sinks.front()->written_bytes() - before;
    for (const auto& s : sinks) {
        if (s->closed || s->written_bytes() - before != per_subscriber) {
            state.SkipWithError("a subscriber missed frames");
            return;
        }
    }
    for (const auto& s : subs) {
        if (s->state().stats().frames_dropped != 0) {
            state.SkipWithError("a subscriber dropped frames");
            return;
        }
    }
    const auto iterations = static_cast<std::int64_t>(state.iterations());
    const auto deliveries = iterations * static_cast<std::int64_t>(subscribers);
    state.SetBytesProcessed(static_cast<std::int64_t>(per_subscriber) * static_cast<std::int64_t>(subscribers));
    state.SetItemsProcessed(deliveries);
    // Seconds per frame per subscriber (shown as e.g. "25n" = 25 ns).
    state.counters["per_sub"] = benchmark::Counter(static_cast<double>(subscribers),
                                                   benchmark::Counter::kIsIterationInvariantRate |
                                                       benchmark::Counter::kInvert);
}
BENCHMARK(hub_fanout)
    ->ArgsProduct({{64, 1024, 16 * 1024, 128 * 1024, 1024 * 1024}, {1, 100, 1000}, {0}})
    ->ArgsProduct({{1024, 16 * 1024}, {1, 100, 1000}, {64}})
    ->ArgNames({"size", "subs", "hold"});

}  // namespace
