// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <lal/moqt/session.hpp>

namespace lal::server {

struct server_context;

/// Stand-in for the MoQT publisher (moq_publisher.hpp), with its shape: one
/// per MoQT session on the connection's worker. It lets the browser's SETUP
/// complete and refuses every SUBSCRIBE and TRACK_STATUS with REQUEST_ERROR
/// DOES_NOT_EXIST (draft-ietf-moq-transport-20 10.6); the real publisher
/// replaces it where it exists.
class moq_answer_only : public std::enable_shared_from_this<moq_answer_only> {
public:
    /// The same arguments as moq_publisher; `wake` is unused, as nothing arrives later.
    moq_answer_only(server_context& ctx, std::size_t worker, lal::moqt::session& session, std::string remote,
                    std::string url_query, std::function<void()> wake);
    /// Answers one event of session.next_event().
    void on_event(const lal::moqt::event& e);
    /// The session or connection ended.
    void close(std::string_view reason);

private:
    lal::moqt::session& session_;
};

}  // namespace lal::server
