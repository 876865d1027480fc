// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <lal/hub/executor.hpp>
#include <lal/hub/stream_key.hpp>

namespace lal::hub {

/// What a client asks to do with a stream.
enum class admission_action : std::uint8_t { publish, play };

/// One publish or play request, as an admission check sees it.
struct admission_request {
    admission_action action = admission_action::play;
    stream_key key;
    /// The URL query string (tokens, signatures), without '?'.
    std::string query;
    /// "rtmp", "httpflv", ... for logs and hooks.
    std::string protocol;
    /// The client's address, "1.2.3.4:5678".
    std::string remote;
};

/// The answer to a request: admitted, or refused with a reason for the log
/// and the client.
struct admission_result {
    bool admitted = true;
    std::string reason;
    /// Refused, but the client is told to go to this URL (HTTP 302, RTMP redirect).
    std::string redirect;

    static admission_result admit() { return {}; }
    static admission_result refuse(std::string why) { return {false, std::move(why), {}}; }
    /// Refused with a redirect to `url`.
    static admission_result redirect_to(std::string url) { return {false, "redirected to " + url, std::move(url)}; }
};

/// How a check answers: exactly once, from any thread, at any later time.
using admission_reply = std::function<void(admission_result)>;

/// One rule a publish or play must pass (a local rule, an HTTP hook...). It
/// must not block: it answers through `reply`, now or later.
class admission_check {
public:
    virtual ~admission_check() = default;
    /// Starts deciding `request`; `reply` may be called before this returns.
    virtual void check(const admission_request& request, admission_reply reply) = 0;
};

/// A request under decision. Its owner (the glue of the connection) keeps it
/// while it waits and enforces the timeout: when its timer fires it calls
/// expire(), which decides "refused" unless a check's answer came first.
/// Whichever comes first wins; later answers are ignored.
class admission_ticket : public std::enable_shared_from_this<admission_ticket> {
public:
    /// Decides the request as refused with `reason` if nothing was decided yet.
    void expire(std::string reason = "admission timed out");
    /// Drops the request: the decision, if one still comes, is not delivered
    /// (the connection went away).
    void cancel() noexcept { cancelled_.store(true); }
    /// True once a decision was taken (delivered or about to be).
    bool decided() const noexcept { return decided_.load(); }

private:
    friend class admission_runner;
    bool decide(admission_result r);

    std::atomic<bool> decided_{false};
    std::atomic<bool> cancelled_{false};
    executor* worker_ = nullptr;
    std::function<void(admission_result)> done_;
};

/// Runs registered checks in order for a request: the first refusal decides,
/// all admitting admits. Checks are registered before serving; the runner and
/// its checks must outlive every answer still to come (stop the sources of
/// late answers, such as an HTTP client, before destroying the hub).
class admission_runner {
public:
    /// Adds a check (not owned; must outlive the runner). Not thread-safe:
    /// register before serving.
    void add(admission_check& check) { checks_.push_back(&check); }
    /// Number of checks.
    std::size_t size() const noexcept { return checks_.size(); }

    /// Decides `request`. Without checks `done` runs at once, before this
    /// returns, and no ticket is made (null). Otherwise `done` is posted to
    /// `worker` once decided (never run inside this call), and the ticket
    /// lets the caller expire or cancel it.
    std::shared_ptr<admission_ticket> run(admission_request request, executor& worker,
                                          std::function<void(admission_result)> done) const;

private:
    void step(std::shared_ptr<admission_ticket> ticket, std::shared_ptr<const admission_request> request,
              std::size_t index) const;

    std::vector<admission_check*> checks_;
};

}  // namespace lal::hub
