// SPDX-License-Identifier: MIT
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include <lal/flv/media_input.hpp>
#include <lal/hub/registry.hpp>

#include "hex.hpp"

namespace lal::hub::test {

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

/// Encodes an item as "<form>:<kind>:<dts in ms>" and counts encodings in a
/// counter shared by the forms of a test.
class counting_encoder : public media::form_encoder {
public:
    counting_encoder(int form, int& count) : form_(form), count_(count) {}
    media::wire_form encode(const media::media_item& item) const override {
        ++count_;
        auto text = std::to_string(form_) + ":" + std::to_string(static_cast<int>(item.frame.kind)) + ":" +
                    std::to_string(media::to_ms(item.frame.dts));
        media::wire_form w;
        w.add(lal::payload::copy_from(text));
        return w;
    }

private:
    int form_;
    int& count_;
};

/// The two forms the tests register, as the server registers RTMP chunks and FLV tags.
inline constexpr form_index rtmp_form = 0;
inline constexpr form_index flv_form = 1;

/// Output forms 0 and 1 made of counting encoders.
struct counting_forms {
    counting_forms() {
        forms.add("rtmp_chunks", std::make_unique<counting_encoder>(0, count));
        forms.add("flv_tag", std::make_unique<counting_encoder>(1, count));
    }
    int count = 0;
    output_forms forms;
};

/// An FLV tag body of kind `k` at `t` ms in the media model, converted as the
/// RTMP service converts it (without a track history: the stream attaches the
/// configuration in effect).
inline media::media_item item_of(media_kind k, std::uint32_t t, const lal::payload& body) {
    return flv::media_input{}.convert(k, t, body);
}

/// Pushes an FLV tag body to a publication, converted as the RTMP service does.
inline void feed(publication& p, media_kind k, std::uint32_t t, const lal::payload& body) {
    p.push(item_of(k, t, body));
}

/// What a sink was given for one frame.
struct sent_frame {
    media_kind kind;
    std::uint32_t timestamp;  // dts in ms, as RTMP and FLV carry it
    bool keyframe;
    bool is_config;
    lal::payload bytes;  // the first piece of the encoded form, shared with the frame
    media::micros dts;
    media::micros pts;
    media::track_config_ptr config;  // the new one for a config, the one in effect for a frame
    lal::payload data;               // the frame's payload (NAL units, audio frame, AMF bytes, record)
    std::uint64_t gop = 0;           // the frame's GOP number in its stream
};

/// Records what the hub sends a player. A sink that keeps up writes everything
/// at once; a stalled one (`stalled = true`) never writes.
class recording_sink : public subscriber_sink {
public:
    explicit recording_sink(form_index form = rtmp_form) : form_(form) {}
    void start() override { ++starts; }
    void restarted() override { ++restarts; }
    void stop() override { ++stops; }
    void send(const frame& f) override {
        const auto& wire = f.encoded(form_);
        frames.push_back({f.kind(), static_cast<std::uint32_t>(media::to_ms(f.dts())), f.is_keyframe(),
                          f.is_config(), wire.empty() ? lal::payload{} : wire.pieces().front(), f.dts(), f.pts(),
                          f.config(), f.data(), f.gop()});
        if (stalled) {
            queued += wire.size();
        } else {
            written += wire.size();
        }
    }
    std::size_t queued_bytes() const override { return queued; }
    std::uint64_t written_bytes() const override { return written; }
    void close(std::string_view reason) override { closed_reason = std::string(reason); }

    int starts = 0;
    int restarts = 0;
    int stops = 0;
    bool stalled = false;
    std::vector<sent_frame> frames;
    std::size_t queued = 0;
    std::uint64_t written = 0;
    std::string closed_reason;

private:
    form_index form_;
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

}  // namespace lal::hub::test
