// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "hub/hub.hpp"
#include "hex.hpp"

namespace lal::server::test {

/// A worker whose posted work runs when the test pumps it.
class manual_executor : public executor {
public:
    void post(std::function<void()> work) override {
        ++posts;
        queue_.push_back(std::move(work));
    }
    /// Runs everything queued (including work queued meanwhile).
    void run() {
        while (!queue_.empty()) {
            auto w = std::move(queue_.front());
            queue_.pop_front();
            w();
        }
    }
    std::size_t posts = 0;

private:
    std::deque<std::function<void()>> queue_;
};

/// Encodes a frame as "<form>:<kind>:<timestamp>" and counts encodings.
class counting_encoder : public frame_encoder {
public:
    lal::payload encode(const frame& f, output_form form) const override {
        ++count;
        auto text = std::to_string(static_cast<int>(form)) + ":" + std::to_string(static_cast<int>(f.kind())) +
                    ":" + std::to_string(f.timestamp());
        return lal::payload::copy_from(text);
    }
    mutable int count = 0;
};

/// What a sink was given for one frame.
struct sent_frame {
    media_kind kind;
    std::uint32_t timestamp;
    bool keyframe;
    bool sequence_header;
    lal::payload bytes;  // the encoded form, shared with the frame
};

/// Records what the hub sends a player. A sink that keeps up writes everything
/// at once; a stalled one (`stalled = true`) never writes.
class recording_sink : public subscriber_sink {
public:
    explicit recording_sink(output_form form = output_form::rtmp_chunks) : form_(form) {}
    void start() override { ++starts; }
    void stop() override { ++stops; }
    void send(const frame& f) override {
        const auto& bytes = f.encoded(form_);
        frames.push_back({f.kind(), f.timestamp(), f.is_keyframe(), f.is_sequence_header(), bytes});
        if (stalled) {
            queued += bytes.size();
        } else {
            written += bytes.size();
        }
    }
    std::size_t queued_bytes() const override { return queued; }
    std::uint64_t written_bytes() const override { return written; }
    void close(std::string_view reason) override { closed_reason = std::string(reason); }

    int starts = 0;
    int stops = 0;
    bool stalled = false;
    std::vector<sent_frame> frames;
    std::size_t queued = 0;
    std::uint64_t written = 0;
    std::string closed_reason;

private:
    output_form form_;
};

/// A publisher that remembers being replaced.
class recording_publisher : public publisher_sink {
public:
    void kicked(std::string_view reason) override { kicked_reason = std::string(reason); }
    std::string kicked_reason;
};

// FLV tag bodies (FLV spec E.4.2.1 / E.4.3.1) for AVC and AAC.
inline lal::payload avc_header() { return lal::payload::adopt(lal::test::hex("17 00 00 00 00 01 4d 40 1e")); }
inline lal::payload avc_key() { return lal::payload::adopt(lal::test::hex("17 01 00 00 00 00 00 00 02 65 88")); }
inline lal::payload avc_inter() { return lal::payload::adopt(lal::test::hex("27 01 00 00 00 00 00 00 02 41 9a")); }
inline lal::payload aac_header() { return lal::payload::adopt(lal::test::hex("af 00 12 10")); }
inline lal::payload aac_raw() { return lal::payload::adopt(lal::test::hex("af 01 21 10 04 60 8c 1c")); }
inline lal::payload metadata() { return lal::payload::adopt(lal::test::hex("02 00 0a 6f 6e 4d 65 74 61 44 61 74 61 05")); }

}  // namespace lal::server::test
