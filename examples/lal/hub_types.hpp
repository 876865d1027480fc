// SPDX-License-Identifier: MIT
#pragma once

// The names of lal::hub the server's glue uses, brought into lal::server so
// the services read as before the hub became a library.
#include <lal/hub/admission.hpp>
#include <lal/hub/executor.hpp>
#include <lal/hub/fanout_origin.hpp>
#include <lal/hub/frame.hpp>
#include <lal/hub/observer.hpp>
#include <lal/hub/registry.hpp>
#include <lal/hub/stream_key.hpp>
#include <lal/hub/subscriber.hpp>

namespace lal::server {

using lal::hub::admission_action;
using lal::hub::admission_request;
using lal::hub::admission_result;
using lal::hub::admission_ticket;
using lal::hub::clock_fn;
using lal::hub::executor;
using lal::hub::fanout_origin;
using lal::hub::form_index;
using lal::hub::frame;
using lal::hub::hub_options;
using lal::hub::media_kind;
using lal::hub::publication;
using lal::hub::publisher_sink;
using lal::hub::stream_key;
using lal::hub::stream_key_hash;
using lal::hub::subscriber_sink;
using lal::hub::subscription;

}  // namespace lal::server
