# tribu_module(NAME SOURCES ... DEPS ... [TESTS ...])
# One static library per module (tribu_<name>), public headers under include/tribu/<name>/.
# Unit tests named in TESTS sit beside the sources and link the module and GoogleTest.
function(tribu_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;TESTS" ${ARGN})
  add_library(tribu_${name} STATIC ${ARG_SOURCES})
  add_library(tribu::${name} ALIAS tribu_${name})
  target_include_directories(tribu_${name}
    PUBLIC ${PROJECT_SOURCE_DIR}/include
    PRIVATE ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(tribu_${name} PUBLIC ${ARG_DEPS})
  if(TRIBU_BUILD_TESTS AND ARG_TESTS)
    add_executable(tribu_${name}_test ${ARG_TESTS})
    target_include_directories(tribu_${name}_test PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/tests)
    target_link_libraries(tribu_${name}_test PRIVATE tribu_${name} GTest::gtest_main GTest::gmock)
    gtest_discover_tests(tribu_${name}_test
      WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
      PROPERTIES LABELS "unit;${name}"
      DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
