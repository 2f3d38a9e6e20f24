# freshet_add_module(NAME <m> [DEPS freshet modules...] [PRIVATE_DEPS targets...] SOURCES ...)
#
# One top-level folder = one library target freshet::<m>. Public headers live
# in <m>/include/<m>/ and reach other targets only through
# target_link_libraries, so an undeclared dependency fails to compile.
set(FRESHET_WARNINGS -Wall -Wextra -Werror -Wno-mismatched-new-delete)

function(freshet_add_module)
  cmake_parse_arguments(M "" "NAME" "DEPS;PRIVATE_DEPS;SOURCES" ${ARGN})
  add_library(freshet_${M_NAME} STATIC ${M_SOURCES})
  add_library(freshet::${M_NAME} ALIAS freshet_${M_NAME})
  target_include_directories(freshet_${M_NAME}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_compile_options(freshet_${M_NAME} PRIVATE ${FRESHET_WARNINGS})
  foreach(dep IN LISTS M_DEPS)
    target_link_libraries(freshet_${M_NAME} PUBLIC freshet::${dep})
  endforeach()
  target_link_libraries(freshet_${M_NAME} PRIVATE ${M_PRIVATE_DEPS})
endfunction()

# freshet_add_unit_test(NAME <m> LIBS targets... SOURCES ...): a Catch2 binary
# whose TEST_CASEs become ctest tests "unit.<m>.<case>".
function(freshet_add_unit_test)
  cmake_parse_arguments(T "" "NAME" "LIBS;SOURCES" ${ARGN})
  add_executable(unit_${T_NAME} ${T_SOURCES})
  target_compile_options(unit_${T_NAME} PRIVATE ${FRESHET_WARNINGS})
  target_link_libraries(unit_${T_NAME} PRIVATE Catch2::Catch2WithMain ${T_LIBS})
  catch_discover_tests(unit_${T_NAME} TEST_PREFIX "unit.${T_NAME}." PROPERTIES LABELS unit)
endfunction()
