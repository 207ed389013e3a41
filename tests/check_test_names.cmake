# A test of the test suite: no doctest name in tests/*.cpp may hold a ';'.
# CTest keeps test names in CMake lists, so doctest_discover_tests cuts
# "a; b" into two tests, "a" and " b"; neither --test-case filter matches the
# real test case, and both pass without running anything.
# Usage: cmake -DDIR=<tests directory> -P check_test_names.cmake
file(GLOB sources "${DIR}/*.cpp" "${DIR}/*.hpp")
set(found "")
foreach(src IN LISTS sources)
  # The first string literal after a test macro is the name.
  file(STRINGS "${src}" lines REGEX "(TEST_CASE|SUBCASE|TEST_SUITE|SCENARIO)[A-Z_]*\\(\"[^\"]*;")
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    string(APPEND found "\n  ${src}: ${line}")
  endforeach()
endforeach()
if(found)
  message(FATAL_ERROR "a ';' in a test name: CTest splits the name there and runs nothing "
                      "(write ', ' or ' - ' instead):${found}")
endif()
