#
# Copyright (c) 2026 The freethreading authors
#
# Distributed under the Boost Software License, Version 1.0. (See accompanying
# file LICENSE_1_0.txt or copy at http://www.boost.org/LICENSE_1_0.txt)
#
# The build machinery every module shares: a module's CMakeLists.txt is one
# call of freethreading_add_module(), its test/ one of freethreading_add_tests().

include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FREETHREADING_WARNINGS -Wall -Wextra -Wpedantic -Werror)
set(FREETHREADING_MODULES "" CACHE INTERNAL "")

# Boost 1.81's CMake config does not add BOOST_TEST_DYN_LINK for the shared
# Boost.Test, without which linking fails with an undefined `main`.
function(freethreading_fix_boost_test)
    get_target_property(type Boost::unit_test_framework TYPE)
    if(type STREQUAL "SHARED_LIBRARY")
        set_property(TARGET Boost::unit_test_framework APPEND PROPERTY
            INTERFACE_COMPILE_DEFINITIONS BOOST_TEST_DYN_LINK)
    endif()
endfunction()

# freethreading_add_module(NAME [DEPENDS module...] [LIBS lib...])
#   libs/NAME/src/**.cpp → freethreading_NAME, alias freethreading::NAME, one
#   export set per module; tests in libs/NAME/test, benchmarks in libs/NAME/bench.
function(freethreading_add_module name)
    cmake_parse_arguments(ARG "" "" "DEPENDS;LIBS" ${ARGN})
    string(TOUPPER ${name} upper)
    set(target freethreading_${name})
    file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/src/*.cpp)
    file(GLOB_RECURSE headers CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/include/*.hpp)
    add_library(${target} ${sources} ${headers})
    add_library(freethreading::${name} ALIAS ${target})
    set_target_properties(${target} PROPERTIES EXPORT_NAME ${name}
        VERSION ${PROJECT_VERSION} SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
    # Installed, a module finds the modules it depends on beside itself
    # (a consumer's RUNPATH covers only the libraries it links directly).
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "$ORIGIN")
    target_compile_features(${target} PUBLIC cxx_std_20)
    target_compile_options(${target} PRIVATE ${FREETHREADING_WARNINGS})
    # Every symbol resolved at load time (-z now): a forked child otherwise
    # runs the dynamic linker for each function only children call (prctl,
    # _exit, ...), and copies the GOT pages it writes, on every fork.
    if(BUILD_SHARED_LIBS)
        target_link_options(${target} PRIVATE LINKER:--no-undefined LINKER:-z,now)
    endif()
    target_compile_definitions(${target} PRIVATE FREETHREADING_${upper}_SOURCE)
    if(BUILD_SHARED_LIBS)
        target_compile_definitions(${target} PUBLIC FREETHREADING_${upper}_DYN_LINK)
    endif()
    target_include_directories(${target} PUBLIC
        $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
        $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    set(deps "")
    foreach(dep IN LISTS ARG_DEPENDS)
        list(APPEND deps freethreading::${dep})
    endforeach()
    target_link_libraries(${target} PUBLIC ${deps} Boost::headers Threads::Threads ${ARG_LIBS})

    install(TARGETS ${target} EXPORT freethreading-${name}-targets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
    install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(EXPORT freethreading-${name}-targets NAMESPACE freethreading::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/freethreading)

    set(FREETHREADING_MODULES ${FREETHREADING_MODULES} ${target} CACHE INTERNAL "")
    set(FREETHREADING_COMPONENT_DEPS_${name} "${ARG_DEPENDS}" CACHE INTERNAL "")
    set(FREETHREADING_COMPONENTS ${FREETHREADING_COMPONENTS} ${name} CACHE INTERNAL "")

    if(FREETHREADING_BUILD_TESTS AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/test/CMakeLists.txt)
        add_subdirectory(test)
    endif()
    if(FREETHREADING_BUILD_BENCH AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/bench/CMakeLists.txt)
        add_subdirectory(bench)
    endif()
endfunction()

# freethreading_add_tests(MODULE [LIBS lib...] [MPI_RANKS n... LAUNCHER script])
#   Every <name>_test.cpp in the calling directory becomes one Boost.Test
#   executable, run twice by ctest: under FREETHREADING_BACKEND=threading and
#   =multiprocessing; with MPI_RANKS, once per rank count instead, as
#   `LAUNCHER n program` (test <module>.<name>.np<n>). Every compile_fail/<name>.cpp becomes a test that passes
#   when the source fails to compile with a message matching its
#   `// expect-error: <regex>` line.
function(freethreading_add_tests module)
    cmake_parse_arguments(ARG "" "LAUNCHER" "LIBS;MPI_RANKS" ${ARGN})
    file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)
    foreach(source IN LISTS tests)
        get_filename_component(name ${source} NAME_WE)
        set(exe ${module}_${name})
        # Every test program also checks, after each test case, that the case
        # left no process, thread, descriptor or shared object behind.
        add_executable(${exe} ${source} ${PROJECT_SOURCE_DIR}/test/support/freethreading_test/leak_check.cpp)
        target_compile_options(${exe} PRIVATE ${FREETHREADING_WARNINGS})
        target_compile_definitions(${exe} PRIVATE
            BOOST_TEST_MODULE=freethreading_${module}_${name})
        target_include_directories(${exe} PRIVATE ${PROJECT_SOURCE_DIR}/test/support)
        target_link_libraries(${exe} PRIVATE freethreading::${module}
            Boost::unit_test_framework ${ARG_LIBS})
        foreach(n IN LISTS ARG_MPI_RANKS)
            add_test(NAME ${module}.${name}.np${n} COMMAND ${ARG_LAUNCHER} ${n} $<TARGET_FILE:${exe}>)
            set_tests_properties(${module}.${name}.np${n} PROPERTIES TIMEOUT 300 LABELS ${module})
        endforeach()
        if(NOT ARG_MPI_RANKS)
            foreach(b threading multiprocessing)
                add_test(NAME ${module}.${name}.${b} COMMAND ${exe})
                set_tests_properties(${module}.${name}.${b} PROPERTIES
                    ENVIRONMENT FREETHREADING_BACKEND=${b} TIMEOUT 300 LABELS ${module})
            endforeach()
        endif()
    endforeach()

    file(GLOB failing CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/compile_fail/*.cpp)
    foreach(source IN LISTS failing)
        get_filename_component(name ${source} NAME_WE)
        # Compile a throw-away object library with the module's usage
        # requirements; the test builds it and expects the build to fail.
        set(lib ${module}_compile_fail_${name})
        add_library(${lib} OBJECT EXCLUDE_FROM_ALL ${source})
        target_link_libraries(${lib} PRIVATE freethreading::${module} ${ARG_LIBS})
        add_test(NAME ${module}.compile_fail.${name}
            COMMAND ${CMAKE_COMMAND} -DBINARY_DIR=${CMAKE_BINARY_DIR} -DTARGET=${lib}
                -DSOURCE=${source} -P ${PROJECT_SOURCE_DIR}/cmake/expect_compile_error.cmake)
        set_tests_properties(${module}.compile_fail.${name} PROPERTIES LABELS ${module})
    endforeach()
endfunction()

# freethreading_doc_programs(OUT_VAR DIR DOCUMENT...)
#   Writes every ```cpp block of the documents (absolute paths) to DIR with
#   build/doc_blocks.sh (which b2 runs too), sets OUT_VAR to the programs'
#   paths, and configures again when a document changes.
function(freethreading_doc_programs out_var dir)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${ARGN})
    execute_process(COMMAND sh ${PROJECT_SOURCE_DIR}/build/doc_blocks.sh ${dir} ${ARGN}
        OUTPUT_VARIABLE programs RESULT_VARIABLE extracted)
    if(NOT extracted EQUAL 0)
        message(FATAL_ERROR "build/doc_blocks.sh could not extract the programs of ${ARGN}")
    endif()
    string(REPLACE "\n" ";" programs "${programs}")
    list(REMOVE_ITEM programs "")
    set(${out_var} ${programs} PARENT_SCOPE)
endfunction()

# freethreading_add_benchmarks(MODULE): every bench/*.cpp becomes one Google
# Benchmark program linked with the module and the shared ratio reporter.
function(freethreading_add_benchmarks module)
    file(GLOB benches CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
    foreach(source IN LISTS benches)
        get_filename_component(name ${source} NAME_WE)
        set(exe bench_${module}_${name})
        add_executable(${exe} ${source})
        target_compile_options(${exe} PRIVATE ${FREETHREADING_WARNINGS})
        target_include_directories(${exe} PRIVATE ${PROJECT_SOURCE_DIR}/bench/include)
        target_link_libraries(${exe} PRIVATE freethreading::${module} benchmark::benchmark)
    endforeach()
endfunction()

# The package config: one export set per module, components that pull in
# their dependencies.
function(freethreading_install_package)
    set(FREETHREADING_CONFIG_COMPONENTS "")
    foreach(c IN LISTS FREETHREADING_COMPONENTS)
        string(APPEND FREETHREADING_CONFIG_COMPONENTS
            "set(_freethreading_deps_${c} \"${FREETHREADING_COMPONENT_DEPS_${c}}\")\n")
    endforeach()
    string(REPLACE ";" " " FREETHREADING_ALL_COMPONENTS "${FREETHREADING_COMPONENTS}")
    configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/freethreadingConfig.cmake.in
        ${PROJECT_BINARY_DIR}/freethreadingConfig.cmake
        INSTALL_DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/freethreading)
    write_basic_package_version_file(${PROJECT_BINARY_DIR}/freethreadingConfigVersion.cmake
        COMPATIBILITY SameMinorVersion)
    install(FILES ${PROJECT_BINARY_DIR}/freethreadingConfig.cmake
        ${PROJECT_BINARY_DIR}/freethreadingConfigVersion.cmake
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/freethreading)
    install(TARGETS freethreading EXPORT freethreading-all-targets)
    install(EXPORT freethreading-all-targets NAMESPACE freethreading::
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/cmake/freethreading)
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
    install(FILES ${PROJECT_SOURCE_DIR}/LICENSE_1_0.txt
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/freethreading)
endfunction()
