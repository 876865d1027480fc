// SPDX-License-Identifier: MIT
#include "workers.hpp"

namespace lal::server {

workers::workers(std::size_t count) {
    if (count == 0) count = 1;
    for (std::size_t i = 0; i < count; ++i) loops_.push_back(std::make_unique<loop>());
}

workers::~workers() { stop(); }

std::vector<executor*> workers::hub_executors() {
    std::vector<executor*> out;
    for (auto& l : loops_) out.push_back(&l->exec);
    return out;
}

std::vector<asio::io_context*> workers::contexts() {
    std::vector<asio::io_context*> out;
    for (auto& l : loops_) out.push_back(&l->context);
    return out;
}

void workers::run() {
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < loops_.size(); ++i) {
        threads.emplace_back([this, i] { loops_[i]->context.run(); });
    }
    loops_[0]->context.run();
    for (auto& t : threads) t.join();
}

void workers::release() {
    for (auto& l : loops_) l->guard.reset();
}

void workers::stop() {
    for (auto& l : loops_) l->context.stop();
}

}  // namespace lal::server
