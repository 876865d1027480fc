// SPDX-License-Identifier: MIT
#include "record_service.hpp"

#include <chrono>
#include <filesystem>
#include <functional>

#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include "log.hpp"
#include "record_files.hpp"
#include "record_muxer.hpp"
#include "wire_encoder.hpp"

namespace lal::server {

namespace {

std::int64_t wall_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string map_key(const stream_key& key, std::string_view format) { return key.str() + " " + std::string(format); }

}  // namespace

/// One stream recorded in one format: a hub subscriber on `worker_` that cuts
/// the stream into files (record_muxer) and queues them on the writer thread
/// (record_output). Everything but status() runs on its worker.
class recording : public subscriber_sink, public std::enable_shared_from_this<recording> {
public:
    recording(record_service& service, stream_key key, std::unique_ptr<record_muxer> muxer, std::size_t worker)
        : service_(service),
          key_(std::move(key)),
          muxer_(std::move(muxer)),
          worker_(worker),
          linger_(service.ctx_.loops.context(worker)) {}

    const stream_key& key() const noexcept { return key_; }
    std::string_view format() const noexcept { return muxer_->format(); }
    std::size_t worker() const noexcept { return worker_; }

    /// Subscribes from the cached GOP, if any: the first file starts at its key frame (or the next one).
    void attach() {
        auto* io = &service_.ctx_.loops.context(worker_);
        auto* svc = &service_;
        record_file_info about{key_.app, key_.name, std::string(format()), {}, 0, 0, {}};
        output_ = std::make_shared<record_output>(
            service_.writer_, std::move(about),
            [svc, io](bool opened, const record_file_info& info) {
                asio::post(*io, [svc, opened, info] { svc->report(opened, info); });
            },
            [io, weak = weak_from_this()] {
                asio::post(*io, [weak] {
                    if (auto self = weak.lock()) self->end(true);
                });
            });
        const auto& c = service_.ctx_;
        subscription_ = c.streams.subscribe(key_, *this, muxer_->form(), 1, worker_);
    }
    /// Closes the file and ends the subscription; `forget`: leaves the service's map too.
    void end(bool forget) {
        linger_.cancel();
        end_file();
        if (forget) service_.forget(shared_from_this());
        subscription_.reset();
    }

    /// For the stat API (any thread).
    record_status status() const {
        std::lock_guard lock(status_mutex_);
        return status_;
    }

    // subscriber_sink
    void start() override { linger_.cancel(); }
    void restarted() override {
        // A new publisher: a new file at its first key frame.
        linger_.cancel();
        end_file();
        has_video_ = false;
    }
    void stop() override {
        end_file();
        // Kept for a publisher that comes back soon; then the recording ends.
        linger_.expires_after(std::chrono::milliseconds(service_.ctx_.cfg.stream.wait_publisher_ms));
        linger_.async_wait([weak = weak_from_this()](std::error_code ec) {
            auto self = weak.lock();
            if (!self || ec) return;
            auto s = self->service_.ctx_.streams.find(self->key_);
            if (s && s->live()) return;  // restarted() is on its way
            self->end(true);
        });
    }
    void send(const frame& f) override {
        if (!output_ || !output_->ok()) return;
        if (f.kind() == media_kind::video) has_video_ = true;
        if (f.is_control()) {
            muxer_->keep(f);
            if (open_) put(f);
            return;
        }
        // A file starts at a key frame, or anywhere in a stream without video.
        const bool cut_point = f.is_keyframe() || !has_video_;
        const auto split = lal::media::micros{service_.ctx_.cfg.record.split_duration_s} * 1'000'000;
        if (open_ && cut_point && split > 0 && f.dts() - file_start_ >= split) end_file();
        if (!open_) {
            if (!cut_point) return;
            open_file(f);
        }
        put(f);
    }
    std::size_t queued_bytes() const override { return 0; }  // bounded by the writer's queue instead
    std::uint64_t written_bytes() const override { return written_; }
    void close(std::string_view reason) override {
        LAL_LOG_WARN("[record] the hub dropped the recording of {} ({}): {}", key_.str(), format(), reason);
        // Not from inside the hub's fan-out.
        asio::post(service_.ctx_.loops.context(worker_), [self = shared_from_this()] { self->end(true); });
    }

private:
    void open_file(const frame& first) {
        const auto& r = service_.ctx_.cfg.record;
        const auto now = wall_ms();
        const auto& dir = format() == "flv" ? r.flv_out_path : format() == "ts" ? r.mpegts_out_path : r.mp4_out_path;
        auto path = (std::filesystem::path(dir) / record_file_name(r.file_pattern, key_, now, index_++)).string();
        path += ".";
        path += format();
        {
            std::lock_guard lock(status_mutex_);
            status_ = {std::string(format()), path, now, 0};
        }
        output_->open(std::move(path));
        open_ = true;
        file_start_ = first.dts();
        std::vector<lal::payload> head;
        muxer_->open(first, head);
        queue(std::move(head), 0);
    }
    void end_file() {
        if (!open_) return;
        open_ = false;
        std::vector<lal::payload> tail;
        muxer_->close(tail);
        queue(std::move(tail), last_ms_);
        output_->close();
        std::lock_guard lock(status_mutex_);
        status_.file.clear();
    }
    /// Queues the bytes of `f` in the open file.
    void put(const frame& f) {
        std::vector<lal::payload> pieces;
        muxer_->write(f, pieces);
        last_ms_ = std::max(last_ms_, lal::media::to_ms(f.dts() - file_start_));
        queue(std::move(pieces), last_ms_);
    }
    void queue(std::vector<lal::payload> pieces, std::int64_t media_ms) {
        if (pieces.empty()) return;
        std::size_t bytes = 0;
        for (const auto& p : pieces) bytes += p.size();
        written_ += bytes;
        output_->write(std::move(pieces), media_ms);
        std::lock_guard lock(status_mutex_);
        status_.bytes += bytes;
    }

    record_service& service_;
    stream_key key_;
    std::unique_ptr<record_muxer> muxer_;
    std::size_t worker_;
    asio::steady_timer linger_;
    std::unique_ptr<subscription> subscription_;
    std::shared_ptr<record_output> output_;
    bool open_ = false;
    bool has_video_ = false;
    lal::media::micros file_start_ = 0;
    std::int64_t last_ms_ = 0;
    std::uint32_t index_ = 0;
    std::uint64_t written_ = 0;
    mutable std::mutex status_mutex_;
    record_status status_;
};

record_service::record_service(server_context& ctx)
    // A few seconds of many streams may wait; past that a recording stops rather than grow.
    : ctx_(ctx), writer_(4096, 64u << 20) {
    ctx_.record = this;
    ctx_.streams.add_observer(*this);
}

record_service::~record_service() {
    ctx_.streams.remove_observer(*this);
    ctx_.record = nullptr;
    // The workers have stopped: end what a posted end did not reach while the hub is still there.
    for (auto& weak : made_) {
        if (auto r = weak.lock()) r->end(false);
    }
    recordings_.clear();
    writer_.drain();
}

void record_service::stop(bool) {
    std::lock_guard lock(mutex_);
    for (auto& entry : recordings_) {
        auto r = entry.second;  // a copy: lambdas capture variables, not structured bindings (clang 14)
        asio::post(ctx_.loops.context(r->worker()), [r] { r->end(false); });
    }
}

void record_service::on_publish_start(const stream_key& key, const publisher_sink&, std::string_view) {
    const auto& r = ctx_.cfg.record;
    if (r.enable_flv) begin(key, "flv");
    if (r.enable_mpegts) begin(key, "ts");
    if (r.enable_mp4) begin(key, "mp4");
}

void record_service::begin(const stream_key& key, std::string_view format) {
    std::shared_ptr<recording> made;
    {
        std::lock_guard lock(mutex_);
        auto& slot = recordings_[map_key(key, format)];
        if (slot) return;  // its subscription sees the new publisher
        auto muxer = format == "flv" ? make_flv_muxer(ctx_.forms)
                     : format == "ts" ? make_ts_muxer(ctx_.forms)
                                      : make_mp4_muxer(ctx_.forms);
        const auto worker = std::hash<std::string>{}(map_key(key, format)) % ctx_.loops.size();
        made = std::make_shared<recording>(*this, key, std::move(muxer), worker);
        slot = made;
        std::erase_if(made_, [](const auto& w) { return w.expired(); });
        made_.push_back(made);
    }
    LAL_LOG_INFO("[record] recording {} ({}) from its next key frame", key.str(), format);
    asio::post(ctx_.loops.context(made->worker()), [made] { made->attach(); });
}

bool record_service::forget(const std::shared_ptr<recording>& r) {
    std::lock_guard lock(mutex_);
    auto it = recordings_.find(map_key(r->key(), r->format()));
    if (it == recordings_.end() || it->second != r) return false;
    recordings_.erase(it);
    return true;
}

void record_service::report(bool opened, const record_file_info& info) {
    if (opened) {
        for (std::size_t i = 0; i < 3; ++i) {
            if (info.format == record_counters::formats[i]) counters_.files[i].fetch_add(1, std::memory_order_relaxed);
        }
    } else {
        counters_.bytes.fetch_add(info.bytes, std::memory_order_relaxed);
        if (!info.error.empty()) counters_.errors.fetch_add(1, std::memory_order_relaxed);
    }
    auto* events = ctx_.events;
    if (!events) return;
    opened ? events->on_record_open(info) : events->on_record_close(info);
}

record_service::outcome record_service::start_recording(const std::string& stream_name, std::string format) {
    outcome o;
    if (format.empty()) format = "flv";
    if (format != "flv" && format != "ts" && format != "mp4") {
        o.what = answer::bad_format;
        o.why = "format must be \"flv\", \"ts\" or \"mp4\"";
        return o;
    }
    if (format == "ts" && !ctx_.forms.has_ts) {
        // Muxing every stream to TS costs CPU: only when something asks for it.
        o.what = answer::bad_format;
        o.why = "ts recording needs the MPEG-TS form: set record.enable_mpegts, httpts.enable, hls.enable or srt.enable";
        return o;
    }
    if (format == "mp4" && !ctx_.forms.has_fmp4) {
        o.what = answer::bad_format;
        o.why = "mp4 recording needs the fMP4 form: set record.enable_mp4, httpfmp4.enable or hls.fragment_format \"fmp4\"";
        return o;
    }
    bool found = false;
    for (const auto& k : ctx_.streams.keys()) {
        auto s = k.name == stream_name ? ctx_.streams.find(k) : nullptr;
        if (s && s->live()) {
            o.key = k;
            found = true;
            break;
        }
    }
    if (!found) {
        o.what = answer::no_stream;
        o.why = "group not found";
        return o;
    }
    begin(o.key, format);
    o.formats.push_back(format);
    return o;
}

record_service::outcome record_service::stop_recording(const std::string& stream_name, const std::string& format) {
    outcome o;
    std::vector<std::shared_ptr<recording>> ending;
    {
        std::lock_guard lock(mutex_);
        for (auto it = recordings_.begin(); it != recordings_.end();) {
            const auto& r = it->second;
            if (r->key().name == stream_name && (format.empty() || r->format() == format)) {
                o.key = r->key();
                o.formats.emplace_back(r->format());
                ending.push_back(r);
                it = recordings_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& r : ending) asio::post(ctx_.loops.context(r->worker()), [r] { r->end(false); });
    if (!ending.empty()) return o;
    o.what = answer::no_stream;
    o.why = "group not found";
    for (const auto& k : ctx_.streams.keys()) {
        if (k.name != stream_name) continue;
        o.what = answer::not_recording;
        o.why = format.empty() ? "not recording" : "not recording in " + format;
    }
    return o;
}

std::vector<record_status> record_service::status(const stream_key& key) const {
    std::vector<record_status> out;
    std::lock_guard lock(mutex_);
    for (const auto& [name, r] : recordings_) {
        if (r->key() == key) out.push_back(r->status());
    }
    return out;
}

}  // namespace lal::server
