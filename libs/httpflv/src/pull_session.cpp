// SPDX-License-Identifier: MIT
#include <lal/httpflv/pull_session.hpp>

#include <lal/httpflv/error.hpp>

namespace lal::httpflv {

pull_session::pull_session(pull_limits limits) : limits_(limits), http_(limits.http), flv_(limits.flv) {}

std::string pull_session::begin(const url& u, const get_options& options) {
    http_ = response_parser(limits_.http);
    head_only_ = options.head;
    if (head_only_) http_.expect_head_response();
    flv_ = flv::reader(limits_.flv);
    header_reported_ = false;
    streaming_ = false;
    ended_ = false;
    status_ = 0;
    events_.clear();
    error_ = {};
    return make_get_request(u, options);
}

std::error_code pull_session::fail(std::error_code ec) {
    error_ = ec;
    return ec;
}

std::error_code pull_session::on_http_event(response_event&& e) {
    if (auto* r = std::get_if<redirect>(&e)) {
        status_ = r->status;
        events_.emplace_back(std::move(*r));
        return {};
    }
    if (auto* h = std::get_if<response_head>(&e)) {
        status_ = h->status;
        events_.emplace_back(std::move(*h));
        if (status_ == 404) return errc::stream_not_found;
        if (status_ != 200) return errc::unexpected_status;
        streaming_ = true;
        return {};
    }
    if (auto* b = std::get_if<body_data>(&e)) {
        auto ec = flv_.feed(b->bytes.bytes());
        // Whatever completed before a fault is still good: report it first.
        if (!header_reported_ && flv_.header()) {
            header_reported_ = true;
            events_.emplace_back(*flv_.header());
        }
        while (auto t = flv_.next()) events_.emplace_back(std::move(*t));
        return ec;
    }
    // message_end: a delimited body is over, or the peer closed (finish()).
    ended_ = true;
    events_.emplace_back(stream_end{});
    // A HEAD answer has no body; a GET answer must end after a whole tag.
    return head_only_ ? std::error_code{} : flv_.finish();
}

std::error_code pull_session::drain_http() {
    while (auto e = http_.next()) {
        if (auto ec = on_http_event(std::move(*e))) return fail(ec);
    }
    return {};
}

std::error_code pull_session::feed(byte_span in) {
    if (error_) return error_;
    auto ec = http_.feed(in);
    if (auto drained = drain_http()) return drained;
    if (ec) return fail(ec);
    return {};
}

std::error_code pull_session::finish() {
    if (error_) return error_;
    if (ended_) return {};
    auto ec = http_.finish();
    if (auto drained = drain_http()) return drained;
    if (ec) return fail(ec);
    return {};
}

std::optional<pull_event> pull_session::next() {
    if (events_.empty()) return std::nullopt;
    auto e = std::move(events_.front());
    events_.pop_front();
    return e;
}

}  // namespace lal::httpflv
