//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

// One libFuzzer target per codec type family: the build compiles this file
// once per family, naming it in FREETHREADING_FUZZ_FAMILY. The first input
// byte picks the type, the rest is decoded as it (decode_check.hpp says what
// is checked).

#include "codec_families.hpp"
#include "decode_check.hpp"

#include <cstddef>
#include <cstdint>

#ifndef FREETHREADING_FUZZ_FAMILY
#error "FREETHREADING_FUZZ_FAMILY names the family to fuzz, e.g. vector_family"
#endif

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    return freethreading_fuzz::check_selected<freethreading_fuzz::FREETHREADING_FUZZ_FAMILY>(data, size);
}
