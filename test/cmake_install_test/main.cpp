//
// Copyright (c) 2026 The freethreading authors
//
// Distributed under the Boost Software License, Version 1.0. (See accompanying
// file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
//

#include <freethreading/core.hpp>

#include <cstdio>
#include <stdexcept>

int main()
{
    freethreading::set_backend(freethreading::backend::threading);
    try {
        throw freethreading::owner_died_error("checked");
    } catch (const freethreading::error& e) {
        std::printf("%s %s\n", std::string(freethreading::to_string(freethreading::get_backend())).c_str(),
                    e.what());
    }
    return freethreading::get_backend() == freethreading::backend::threading ? 0 : 1;
}
