#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# Installs the built tree to WORK_DIR/prefix, then builds and runs the
# consumers of SOURCE_DIR, and the README's example: the C++ program and the
# CMake lines that follow README's "test/cmake_install_test builds" comment,
# taken from README at test time so that they cannot drift apart, built as a
# project of their own and run under both backends.

file(REMOVE_RECURSE ${WORK_DIR})
macro(step)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
    endif()
endmacro()
step(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${WORK_DIR}/prefix)
step(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/build -G ${GENERATOR}
     -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
     "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
step(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
step(${WORK_DIR}/build/consumer)
if(NOT out MATCHES "threading checked")
    message(FATAL_ERROR "the consumer printed '${out}'")
endif()
set(ENV{FREETHREADING_BACKEND} multiprocessing)
step(${WORK_DIR}/build/sync_consumer)
if(NOT out MATCHES "multiprocessing 3")
    message(FATAL_ERROR "the sync consumer printed '${out}'")
endif()
step(${WORK_DIR}/build/executor_consumer)
if(NOT out MATCHES "executor consumer: ok")
    message(FATAL_ERROR "the executor consumer printed '${out}'")
endif()

# The README's example, exactly as the README writes it.
file(READ ${README} readme)
string(FIND "${readme}" "<!-- test/cmake_install_test builds" at)
if(at LESS 0)
    message(FATAL_ERROR "${README} has no '<!-- test/cmake_install_test builds' comment before its example")
endif()
string(SUBSTRING "${readme}" ${at} -1 readme)
# The body of the first ```LANGUAGE block of the README after that comment.
function(readme_block language result)
    string(FIND "${readme}" "\n```${language}\n" open)
    if(open LESS 0)
        message(FATAL_ERROR "${README} has no ```${language} block after the install test's comment")
    endif()
    string(LENGTH "\n```${language}\n" fence)
    math(EXPR begin "${open} + ${fence}")
    string(SUBSTRING "${readme}" ${begin} -1 body)
    string(FIND "${body}" "\n```" close)
    if(close LESS 0)
        message(FATAL_ERROR "${README}: the ```${language} block does not end")
    endif()
    math(EXPR close "${close} + 1")
    string(SUBSTRING "${body}" 0 ${close} body)
    set(${result} "${body}" PARENT_SCOPE)
endfunction()
readme_block(cpp program)
readme_block(cmake lines)
if(NOT lines MATCHES "add_executable\\(app main.cpp\\)")
    message(FATAL_ERROR "the README's CMake lines must build its program as add_executable(app main.cpp):\n${lines}")
endif()
file(WRITE ${WORK_DIR}/readme/main.cpp "${program}")
file(WRITE ${WORK_DIR}/readme/CMakeLists.txt
    "cmake_minimum_required(VERSION 3.20)\nproject(freethreading_readme_example LANGUAGES CXX)\n${lines}")
step(${CMAKE_COMMAND} -S ${WORK_DIR}/readme -B ${WORK_DIR}/readme/build -G ${GENERATOR}
     -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release
     "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
step(${CMAKE_COMMAND} --build ${WORK_DIR}/readme/build)
foreach(backend threading multiprocessing)
    set(ENV{FREETHREADING_BACKEND} ${backend})
    step(${WORK_DIR}/readme/build/app)
    if(NOT out STREQUAL "hello from a worker\n")
        message(FATAL_ERROR "the README's example printed '${out}' on ${backend}")
    endif()
endforeach()
message(STATUS "installed package works, and builds and runs the README's example")
