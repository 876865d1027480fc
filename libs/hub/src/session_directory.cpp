// SPDX-License-Identifier: MIT
#include <lal/hub/session_directory.hpp>

#include <mutex>

namespace lal::hub {

namespace {
std::uint32_t per_second(std::uint64_t delta, std::uint64_t ms, std::uint64_t scale_num, std::uint64_t scale_den) {
    if (ms == 0) return 0;
    return static_cast<std::uint32_t>(delta * scale_num * 1000 / (ms * scale_den));
}
}  // namespace

session_directory::session_directory(std::vector<executor*> workers, clock_fn clock)
    : workers_(std::move(workers)), clock_(std::move(clock)) {
    for (std::size_t i = 0; i < workers_.size(); ++i) tables_.push_back(std::make_unique<worker_table>());
}

session_directory::~session_directory() = default;

std::string session_directory::next_id(std::string_view prefix) {
    return std::string(prefix) + std::to_string(next_.fetch_add(1, std::memory_order_relaxed) + 1);
}

void session_directory::add(std::size_t worker, described_session& s) {
    const auto info = s.describe();
    entry e;
    e.session = &s;
    e.last_ms = clock_();
    e.last_read = info.read_bytes;
    e.last_wrote = info.wrote_bytes;
    e.last_frames = info.video_frames;
    if (tables_[worker]->sessions.insert_or_assign(info.id, e).second) count_.fetch_add(1);
    for (auto* l : listeners_) l->on_session_start(info);
}

void session_directory::remove(std::size_t worker, const session_info& last) {
    if (tables_[worker]->sessions.erase(last.id) == 0) return;
    count_.fetch_sub(1);
    for (auto* l : listeners_) l->on_session_stop(last);
}

void session_directory::gather(std::function<void(std::vector<session_info>)> done) {
    // Shared by the per-worker pieces; the last one to finish answers.
    struct state {
        std::mutex mutex;
        std::vector<session_info> all;
        std::size_t pending = 0;
        std::function<void(std::vector<session_info>)> done;
    };
    auto st = std::make_shared<state>();
    st->pending = workers_.size();
    st->done = std::move(done);
    for (std::size_t w = 0; w < workers_.size(); ++w) {
        workers_[w]->post([this, w, st] {
            std::vector<session_info> mine;
            const auto now = clock_();
            for (auto& [id, e] : tables_[w]->sessions) {
                auto info = e.session->describe();
                const auto ms = now - e.last_ms;
                if (ms >= rate_window_ms || (!e.rated && ms > 0)) {
                    // kbit/s = bytes * 8 / 1000 per second.
                    e.read_kbits = per_second(info.read_bytes - e.last_read, ms, 8, 1000);
                    e.wrote_kbits = per_second(info.wrote_bytes - e.last_wrote, ms, 8, 1000);
                    e.video_fps = per_second(info.video_frames - e.last_frames, ms, 1, 1);
                    e.rated = true;
                    e.last_ms = now;
                    e.last_read = info.read_bytes;
                    e.last_wrote = info.wrote_bytes;
                    e.last_frames = info.video_frames;
                }
                info.read_kbits = e.read_kbits;
                info.wrote_kbits = e.wrote_kbits;
                info.video_fps = e.video_fps;
                mine.push_back(std::move(info));
            }
            std::function<void(std::vector<session_info>)> finish;
            {
                std::lock_guard lock(st->mutex);
                for (auto& i : mine) st->all.push_back(std::move(i));
                if (--st->pending == 0) finish = std::move(st->done);
            }
            if (finish) finish(std::move(st->all));
        });
    }
    if (workers_.empty()) st->done({});
}

void session_directory::kick(std::string id, std::string reason, std::function<void(bool)> done) {
    struct state {
        std::mutex mutex;
        bool found = false;
        std::size_t pending = 0;
        std::function<void(bool)> done;
    };
    auto st = std::make_shared<state>();
    st->pending = workers_.size();
    st->done = std::move(done);
    auto shared_id = std::make_shared<const std::string>(std::move(id));
    auto shared_reason = std::make_shared<const std::string>(std::move(reason));
    for (std::size_t w = 0; w < workers_.size(); ++w) {
        workers_[w]->post([this, w, st, shared_id, shared_reason] {
            bool here = false;
            auto& table = tables_[w]->sessions;
            if (auto it = table.find(*shared_id); it != table.end()) {
                here = true;
                // kick() may remove the entry: keep no iterator across it.
                it->second.session->kick(*shared_reason);
            }
            std::function<void(bool)> finish;
            bool found = false;
            {
                std::lock_guard lock(st->mutex);
                st->found = st->found || here;
                if (--st->pending == 0) {
                    finish = std::move(st->done);
                    found = st->found;
                }
            }
            if (finish) finish(found);
        });
    }
    if (workers_.empty()) st->done(false);
}

}  // namespace lal::hub
