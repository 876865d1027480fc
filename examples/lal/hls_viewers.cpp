// SPDX-License-Identifier: MIT
#include "hls_viewers.hpp"

#include <asio/post.hpp>
#include <lal/rtsp/auth.hpp>

#include "log.hpp"

namespace lal::server {

namespace {
std::int64_t steady_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::int64_t unix_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

hls_viewers::hls_viewers(server_context& ctx) : ctx_(ctx) {}

hls_viewers::~hls_viewers() {
    // The workers have stopped: end what a posted end() did not reach while
    // the session directory is still there (single-threaded now).
    std::unordered_map<std::string, std::shared_ptr<hls_viewer>> left;
    {
        std::lock_guard lock(mutex_);
        left.swap(viewers_);
    }
    for (auto& [slot, v] : left) v->end("server stopped");
}

std::string hls_viewers::identity(const http::request& req, const asio::ip::tcp::endpoint& remote) const {
    const auto agent = req.headers.find("User-Agent");
    std::string text = ctx_.cfg.hls.sub_session_hash_key;
    text += remote.address().to_string();
    text += '\n';
    text += agent ? *agent : std::string_view{};
    return lal::rtsp::md5_hex(text);
}

bool hls_viewers::admission_needed() const noexcept {
    return ctx_.cfg.simple_auth.hls_m3u8_enable || !ctx_.cfg.hooks.on_play.empty();
}

std::shared_ptr<hls_viewer> hls_viewers::find(const std::string& slot) const {
    std::lock_guard lock(mutex_);
    auto it = viewers_.find(slot);
    return it == viewers_.end() ? nullptr : it->second;
}

std::size_t hls_viewers::size() const {
    std::lock_guard lock(mutex_);
    return viewers_.size();
}

void hls_viewers::on_playlist(const http::request& req, const asio::ip::tcp::endpoint& remote, const stream_key& key,
                              std::size_t worker, decided done) {
    auto slot = identity(req, remote) + '\n' + key.name;
    if (auto v = find(slot)) {
        done(v.get(), admission_result::admit());
        return;
    }
    // Admission once per viewer (lal-Go checks hls_m3u8_enable on playlists
    // only); a late answer is bounded by timeouts.handshake_ms as for other players.
    struct pending {
        explicit pending(asio::io_context& io) : timer(io) {}
        asio::steady_timer timer;
    };
    auto wait = std::make_shared<pending>(ctx_.loops.context(worker));
    admission_request ask{admission_action::play, key, req.query, "hls", endpoint_text(remote)};
    auto ticket = ctx_.streams.admit(
        std::move(ask), worker,
        [this, wait, slot = std::move(slot), req, remote, key, worker, done = std::move(done)](admission_result r) {
            wait->timer.cancel();
            if (!r.admitted) {
                LAL_LOG_WARN("[hls] play refused: remote={} stream={}: {}", endpoint_text(remote), key.str(), r.reason);
                done(nullptr, r);
                return;
            }
            auto v = add(slot, req, remote, key, worker);
            done(v.get(), r);
        });
    if (!ticket) return;
    wait->timer.expires_after(std::chrono::milliseconds(ctx_.cfg.timeouts.handshake_ms));
    // The handler holds the ticket until the decision cancels the timer or it fires.
    wait->timer.async_wait([ticket](std::error_code ec) {
        if (!ec) ticket->expire("no admission decision in time (timeouts.handshake_ms)");
    });
}

std::shared_ptr<hls_viewer> hls_viewers::on_segment(const http::request& req, const asio::ip::tcp::endpoint& remote,
                                                    std::string_view stream_name) {
    auto slot = identity(req, remote);
    slot += '\n';
    slot += stream_name;
    return find(slot);
}

std::shared_ptr<hls_viewer> hls_viewers::add(const std::string& slot, const http::request& req,
                                             const asio::ip::tcp::endpoint& remote, const stream_key& key,
                                             std::size_t worker) {
    std::shared_ptr<hls_viewer> v;
    {
        std::lock_guard lock(mutex_);
        auto& entry = viewers_[slot];
        if (entry) return entry;  // another request of the same viewer was admitted first
        entry = v = std::make_shared<hls_viewer>(*this, slot, key, req, endpoint_text(remote), worker);
    }
    v->begin();
    return v;
}

void hls_viewers::forget(const hls_viewer& v) {
    std::lock_guard lock(mutex_);
    auto it = viewers_.find(v.slot());
    if (it != viewers_.end() && it->second.get() == &v) viewers_.erase(it);
}

void hls_viewers::stop() {
    std::lock_guard lock(mutex_);
    for (auto& [slot, v] : viewers_) {
        asio::post(ctx_.loops.context(v->worker()), [v = v] { v->end("server stopping"); });
    }
}

hls_viewer::hls_viewer(hls_viewers& owner, std::string slot, stream_key key, const http::request& req,
                       std::string remote, std::size_t worker)
    : owner_(owner),
      slot_(std::move(slot)),
      id_(owner.ctx_.sessions.next_id("HLSSUB")),
      key_(std::move(key)),
      url_(req.target),
      query_(req.query),
      remote_(std::move(remote)),
      worker_(worker),
      start_unix_ms_(unix_now_ms()),
      idle_timer_(owner.ctx_.loops.context(worker)),
      last_seen_ms_(steady_now_ms()) {}

void hls_viewer::touch(std::size_t bytes) noexcept {
    wrote_.fetch_add(bytes, std::memory_order_relaxed);
    last_seen_ms_.store(steady_now_ms(), std::memory_order_relaxed);
}

void hls_viewer::begin() {
    LAL_LOG_INFO("[hls] viewer start: remote={} stream={} session={}{}{}", remote_, key_.str(), id_,
                 query_.empty() ? "" : " query=", query_);
    in_directory_ = true;
    owner_.ctx_.sessions.add(worker_, *this);
    arm_idle_timer(std::chrono::milliseconds(owner_.ctx_.cfg.hls.sub_session_timeout_ms));
}

void hls_viewer::arm_idle_timer(std::chrono::milliseconds after) {
    idle_timer_.expires_after(after);
    idle_timer_.async_wait([weak = weak_from_this()](std::error_code ec) {
        auto self = weak.lock();
        if (ec || !self) return;
        const std::int64_t timeout = self->owner_.ctx_.cfg.hls.sub_session_timeout_ms;
        const auto silent = steady_now_ms() - self->last_seen_ms_.load(std::memory_order_relaxed);
        if (silent >= timeout) {
            self->end("idle for hls.sub_session_timeout_ms");
        } else {
            self->arm_idle_timer(std::chrono::milliseconds(timeout - silent));
        }
    });
}

void hls_viewer::end(std::string_view why) {
    if (!in_directory_) return;
    // The table may hold the last reference, and a kick comes through a plain pointer.
    auto keep = shared_from_this();
    idle_timer_.cancel();
    owner_.forget(*this);
    in_directory_ = false;
    const auto last = describe();
    owner_.ctx_.sessions.remove(worker_, last);
    LAL_LOG_INFO("[hls] viewer end: remote={} stream={} session={} sent={} duration={}ms reason={}", remote_,
                 key_.str(), id_, last.wrote_bytes, unix_now_ms() - start_unix_ms_, why);
}

lal::hub::session_info hls_viewer::describe() const {
    lal::hub::session_info i;
    i.id = id_;
    i.protocol = "HLS";
    i.base_type = "SUB";
    i.remote_addr = remote_;
    i.key = key_;
    i.url = url_;
    i.url_param = query_;
    i.start_unix_ms = start_unix_ms_;
    i.wrote_bytes = wrote_.load(std::memory_order_relaxed);
    return i;
}

void hls_viewer::kick(std::string_view reason) {
    // Its next request starts a new session, through admission again.
    end(std::string("kicked: ") + std::string(reason));
}

}  // namespace lal::server
