//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#ifndef FREETHREADING_CORE_CODEC_HPP
#define FREETHREADING_CORE_CODEC_HPP

// The codec (DESIGN §5): the `serializable` concept, and the encoder and
// decoder that carry serializable values between the processes of one
// program. The data path reads on from here to the queue's byte ring.

#include <freethreading/core/codec/byte_buffer.hpp>
#include <freethreading/core/codec/decode.hpp>
#include <freethreading/core/codec/diagnose.hpp>
#include <freethreading/core/codec/encode.hpp>
#include <freethreading/core/codec/serializable.hpp>
#include <freethreading/core/codec/traits.hpp>

#endif // FREETHREADING_CORE_CODEC_HPP
