// SPDX-License-Identifier: MIT
#include <lal/hub/admission.hpp>

namespace lal::hub {

bool admission_ticket::decide(admission_result r) {
    bool expected = false;
    if (!decided_.compare_exchange_strong(expected, true)) return false;
    // Only the winner gets here, so done_ is moved once. The requester's
    // worker gets the answer, whichever thread decided.
    worker_->post([self = shared_from_this(), done = std::move(done_), r = std::move(r)]() mutable {
        if (!self->cancelled_.load()) done(std::move(r));
    });
    return true;
}

void admission_ticket::expire(std::string reason) { decide(admission_result::refuse(std::move(reason))); }

std::shared_ptr<admission_ticket> admission_runner::run(admission_request request, executor& worker,
                                                        std::function<void(admission_result)> done) const {
    if (checks_.empty()) {
        done(admission_result::admit());
        return nullptr;
    }
    auto ticket = std::make_shared<admission_ticket>();
    ticket->worker_ = &worker;
    ticket->done_ = std::move(done);
    step(ticket, std::make_shared<const admission_request>(std::move(request)), 0);
    return ticket;
}

void admission_runner::step(std::shared_ptr<admission_ticket> ticket,
                            std::shared_ptr<const admission_request> request, std::size_t index) const {
    if (ticket->decided()) return;  // expired while an earlier check was deciding
    if (index == checks_.size()) {
        ticket->decide(admission_result::admit());
        return;
    }
    const auto& req = *request;
    checks_[index]->check(req, [this, ticket, request, index](admission_result r) mutable {
        if (!r.admitted) {
            ticket->decide(std::move(r));
            return;
        }
        step(std::move(ticket), std::move(request), index + 1);
    });
}

}  // namespace lal::hub
