# `cmake --install`: the CLI, the library (shared with a versioned SONAME, and static), the
# public headers, pkg-config file, the default tokenizer and the API example.
install(TARGETS pricer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS pricer_shared pricer_static
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/pricer DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")

# Private libraries for static linking (pkg-config --static).
set(PC_PC_LIBS_PRIVATE "-lz -lzstd -llzma -lyaml -licuuc -lsnappy -lm -lpthread")
configure_file(${CMAKE_SOURCE_DIR}/cmake/pricer.pc.in ${CMAKE_BINARY_DIR}/pricer.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/pricer.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The default tokenizer, found by the installed CLI relative to its own executable
# (bin/../share/pricer/tokenizer.json), so it works from any folder with an empty environment.
get_filename_component(PC_TOK_DIR "${PC_DEFAULT_TOKENIZER}" DIRECTORY)
install(FILES ${PC_DEFAULT_TOKENIZER} ${PC_TOK_DIR}/tokenizer_config.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/pricer OPTIONAL)
install(FILES ${CMAKE_SOURCE_DIR}/examples/api/tokenize.c
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
