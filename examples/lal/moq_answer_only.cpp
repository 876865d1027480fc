// SPDX-License-Identifier: MIT
#include "moq_answer_only.hpp"

#include <variant>

namespace lal::server {

moq_answer_only::moq_answer_only(server_context&, std::size_t, lal::moqt::session& session, std::string, std::string,
                                 std::function<void()>)
    : session_(session) {}

void moq_answer_only::on_event(const lal::moqt::event& e) {
    namespace ev = lal::moqt::moqt_event;
    constexpr auto code = lal::moqt::draft20::request_error_code::does_not_exist;
    if (const auto* s = std::get_if<ev::subscribe>(&e))
        (void)session_.reject(s->request_id, code, "track not found");
    else if (const auto* t = std::get_if<ev::track_status>(&e))
        (void)session_.reject(t->request_id, code, "track not found");
}

void moq_answer_only::close(std::string_view) {}

}  // namespace lal::server
