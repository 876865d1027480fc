// SPDX-License-Identifier: MIT
#include "redis_client.hpp"

#include <hiredis/hiredis.h>

#include "log.hpp"

namespace lal::server {

namespace {
timeval to_timeval(std::chrono::milliseconds ms) {
    timeval tv{};
    tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
    tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
    return tv;
}
}  // namespace

redis_client::redis_client(std::string host, std::uint16_t port, std::chrono::milliseconds timeout,
                           std::size_t max_queue)
    : host_(std::move(host)), port_(port), timeout_(timeout), max_queue_(max_queue), thread_([this] { loop(); }) {}

redis_client::~redis_client() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    if (ctx_) redisFree(ctx_);
}

void redis_client::run(std::vector<std::string> argv, std::function<void(redis_reply)> done) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_ && jobs_.size() < max_queue_) {
            jobs_.push_back({std::move(argv), std::move(done)});
            wake_.notify_one();
            return;
        }
    }
    redis_reply r;
    r.error = "registry queue full";
    done(std::move(r));
}

void redis_client::loop() {
    for (;;) {
        job j;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;  // stopping with nothing left
            j = std::move(jobs_.front());
            jobs_.pop_front();
        }
        auto r = execute(j.argv);
        if (j.done) j.done(std::move(r));
    }
}

bool redis_client::connect() {
    if (ctx_) return true;
    const auto now = std::chrono::steady_clock::now();
    // While the registry is down each command would wait a whole timeout: try
    // again at most once per timeout and fail the others at once.
    if (down_ && now - last_attempt_ < timeout_) return false;
    last_attempt_ = now;
    ctx_ = redisConnectWithTimeout(host_.c_str(), port_, to_timeval(timeout_));
    if (!ctx_ || ctx_->err) {
        drop_connection(ctx_ ? ctx_->errstr : "cannot allocate a context");
        return false;
    }
    redisSetTimeout(ctx_, to_timeval(timeout_));
    if (down_) LAL_LOG_INFO("[cluster] registry {}:{} reachable again", host_, port_);
    down_ = false;
    return true;
}

void redis_client::drop_connection(const std::string& why) {
    if (!down_) LAL_LOG_WARN("[cluster] registry {}:{} unreachable: {}", host_, port_, why);
    down_ = true;
    if (ctx_) redisFree(ctx_);
    ctx_ = nullptr;
}

redis_reply redis_client::execute(const std::vector<std::string>& argv) {
    redis_reply out;
    if (!connect()) {
        out.error = "registry unreachable";
        return out;
    }
    std::vector<const char*> args;
    std::vector<std::size_t> lens;
    for (const auto& a : argv) {
        args.push_back(a.data());
        lens.push_back(a.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(ctx_, static_cast<int>(args.size()), args.data(), lens.data()));
    if (!reply) {
        // Timeout or a broken connection: the context cannot be used again.
        out.error = ctx_->errstr[0] ? ctx_->errstr : "no answer";
        drop_connection(out.error);
        return out;
    }
    switch (reply->type) {
        case REDIS_REPLY_ERROR: out.error = std::string(reply->str, reply->len); break;
        case REDIS_REPLY_NIL:
            out.ok = true;
            out.nil = true;
            break;
        case REDIS_REPLY_INTEGER:
            out.ok = true;
            out.is_integer = true;
            out.integer = reply->integer;
            break;
        case REDIS_REPLY_STRING:
        case REDIS_REPLY_STATUS:
            out.ok = true;
            out.text.assign(reply->str, reply->len);
            break;
        default: out.ok = true; break;  // arrays: not used by the registry
    }
    freeReplyObject(reply);
    return out;
}

}  // namespace lal::server
