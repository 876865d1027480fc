// SPDX-License-Identifier: MIT
#include <lal/hub/stream.hpp>

#include <algorithm>

#include <lal/hub/registry.hpp>

namespace lal::hub {

void local_fanout::add(subscriber* s) {
    subscribers_.push_back(s);
    ++count_;
}

void local_fanout::remove(subscriber* s) {
    auto it = std::find(subscribers_.begin(), subscribers_.end(), s);
    if (it == subscribers_.end()) return;
    --count_;
    // A subscriber may leave while a batch is being handed out (its sink
    // closed it): leave a hole and compact afterwards.
    if (delivering_) {
        *it = nullptr;
    } else {
        subscribers_.erase(it);
    }
}

void local_fanout::deliver(const std::vector<fanout_item>& items, fanout_origin::time_point origin) {
    fanout_origin::scope measured_from(origin);
    delivering_ = true;
    for (const auto& item : items) {
        for (std::size_t i = 0; i < subscribers_.size(); ++i) {
            subscriber* s = subscribers_[i];
            if (!s) continue;
            switch (item.what) {
                case fanout_item::type::frame: s->on_frame(item.f); break;
                case fanout_item::type::start: s->on_start(item.seq, {}); break;
                case fanout_item::type::stop: s->on_stop(item.seq); break;
            }
        }
    }
    delivering_ = false;
    std::erase(subscribers_, nullptr);
}

stream::stream(stream_key key, registry& owner, std::size_t cache_gops, std::size_t max_gop_frames)
    : key_(std::move(key)),
      hub_(owner),
      cache_(cache_gops, max_gop_frames),
      fanouts_(owner.worker_count()),
      subscriber_counts_(owner.worker_count(), 0) {
    const auto& forms = owner.forms();
    for (std::size_t i = 0; i < forms.size(); ++i) {
        const auto f = static_cast<form_index>(i);
        if (!forms.ordered(f) || !forms.factory(f)) continue;
        if (auto e = forms.factory(f)(key_)) encoders_.emplace_back(f, std::move(e));
    }
}

void stream::push(media::media_item item) { pending_.push_back(std::move(item)); }

media::micros stream::to_stream_time(media::micros in, bool coded) {
    auto& t = timeline_;
    if (t.rebase_pending) {
        // Metadata and sequence headers ahead of a new publisher's first coded
        // frame may carry stale timestamps (a relay joining mid-stream sends them
        // at 0, then the cached GOP at its own time): they go out at the players'
        // current time, and the first coded frame sets the offset.
        if (!coded) return t.last_out;
        // A new publisher continues where players left off, one ms later (the
        // unit of RTMP and FLV timestamps), so players that stayed see
        // monotonic timestamps.
        t.offset = t.last_out + media::from_ms(1) - in;
        t.rebase_pending = false;
    }
    const auto out = in + t.offset;
    if (!t.have_last || out > t.last_out) t.last_out = out;
    t.have_last = true;
    return out;
}

void stream::flush(const publisher_sink* from) {
    if (pending_.empty()) return;
    // One clock read per publisher read: the start of the server-added latency.
    const auto origin = std::chrono::steady_clock::now();
    auto items = std::make_shared<std::vector<fanout_item>>();
    items->reserve(pending_.size());
    std::vector<std::pair<std::size_t, std::shared_ptr<local_fanout>>> targets;
    {
        std::lock_guard lock(mutex_);
        if (publisher_ == from && from != nullptr) {
            for (auto& m : pending_) {
                auto& mf = m.frame;
                const bool coded = media::is_av(mf.kind) && m.what != media::media_item::type::config;
                const auto dts = to_stream_time(mf.dts, coded);
                mf.pts += dts - mf.dts;
                mf.dts = dts;
                // Frames carry the configuration in effect on their track.
                if (m.what == media::media_item::type::frame && !m.config && media::is_av(mf.kind)) {
                    m.config = cache_.config(mf.kind);
                    mf.config = m.config;
                }
                auto f = std::make_shared<frame>(std::move(m), &hub_.forms());
                // Stateful forms in stream order, before anyone else sees the frame.
                for (auto& [form, encoder] : encoders_) f->set_encoded(form, encoder->encode(f->item()));
                f->set_sequence(next_seq_++);
                if (f->is_keyframe()) ++keyframes_;
                f->set_gop(keyframes_);
                stats_.frames_in++;
                stats_.bytes_in += f->size();
                cache_.push(f);
                items->push_back({fanout_item::type::frame, f->sequence(), std::move(f)});
            }
            for (std::size_t w = 0; w < fanouts_.size(); ++w) {
                if (subscriber_counts_[w] > 0) targets.emplace_back(w, fanouts_[w]);
            }
        }
    }
    pending_.clear();
    for (auto& [w, fanout] : targets) {
        hub_.worker(w).post([fanout = std::move(fanout), items, origin] { fanout->deliver(*items, origin); });
    }
}

void stream::post_to_workers(std::vector<fanout_item> items) {
    // Caller holds mutex_.
    auto shared = std::make_shared<std::vector<fanout_item>>(std::move(items));
    for (std::size_t w = 0; w < fanouts_.size(); ++w) {
        if (subscriber_counts_[w] == 0) continue;
        hub_.worker(w).post([fanout = fanouts_[w], shared] { fanout->deliver(*shared); });
    }
}

bool stream::attach_publisher(publisher_sink* p, bool replace) {
    publisher_sink* old = nullptr;
    {
        std::lock_guard lock(mutex_);
        // A pulled stream gives way to a local publisher; a pull never takes a stream over.
        if (publisher_ && (p->yields_to_local() || !(replace || publisher_->yields_to_local()))) return false;
        old = publisher_;
        publisher_ = p;
        cache_.clear();
        timeline_.rebase_pending = timeline_.have_last;
        stats_.publish_count++;
        std::vector<fanout_item> items;
        if (old) items.push_back({fanout_item::type::stop, next_seq_++, nullptr});
        items.push_back({fanout_item::type::start, next_seq_++, nullptr});
        post_to_workers(std::move(items));
    }
    if (old) old->kicked("another publisher took over the stream");
    return true;
}

bool stream::detach_publisher(publisher_sink* p) {
    std::lock_guard lock(mutex_);
    if (publisher_ != p) return false;
    publisher_ = nullptr;
    post_to_workers({{fanout_item::type::stop, next_seq_++, nullptr}});
    return true;
}

stream::join_point stream::add_subscriber(subscriber& s, std::size_t worker) {
    std::lock_guard lock(mutex_);
    if (!fanouts_[worker]) fanouts_[worker] = std::make_shared<local_fanout>();
    fanouts_[worker]->add(&s);
    ++subscriber_counts_[worker];
    join_point j;
    j.live = publisher_ != nullptr;
    j.seq = next_seq_ - 1;
    if (j.live) j.catch_up = cache_.snapshot(s.gop_num());
    return j;
}

void stream::remove_subscriber(subscriber& s, std::size_t worker) {
    std::lock_guard lock(mutex_);
    if (!fanouts_[worker]) return;
    fanouts_[worker]->remove(&s);
    if (subscriber_counts_[worker] > 0) --subscriber_counts_[worker];
}

bool stream::live() const {
    std::lock_guard lock(mutex_);
    return publisher_ != nullptr;
}

std::size_t stream::subscriber_count() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (auto c : subscriber_counts_) n += c;
    return n;
}

media::track_config_ptr stream::config(media_kind track) const {
    std::lock_guard lock(mutex_);
    return cache_.config(track);
}

stream_stats stream::stats() const {
    std::lock_guard lock(mutex_);
    return stats_;
}

}  // namespace lal::hub
