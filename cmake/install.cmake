# `cmake --install`: the CLI, the library (shared with a versioned SONAME, and static), the
# public headers, pkg-config file, the default tokenizer and the API example.
install(TARGETS pricer RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS pricer_shared pricer_static
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/include/pricer DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")

# Private libraries for static linking (pkg-config --static).
set(PC_PC_LIBS_PRIVATE "-lz -lzstd -llzma -lyaml -licuuc -lsnappy -lcurl -lcrypto -lm -lpthread")
configure_file(${CMAKE_SOURCE_DIR}/cmake/pricer.pc.in ${CMAKE_BINARY_DIR}/pricer.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/pricer.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# The default tokenizer, found by the installed CLI relative to its own executable
# (bin/../share/pricer/tokenizer.json), so it works from any folder with an empty environment.
get_filename_component(PC_TOK_DIR "${PC_DEFAULT_TOKENIZER}" DIRECTORY)
install(FILES ${PC_DEFAULT_TOKENIZER} ${PC_TOK_DIR}/tokenizer_config.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/pricer OPTIONAL)
install(FILES ${CMAKE_SOURCE_DIR}/examples/api/tokenize.c
        DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)

# Man pages (pricer(1), pricer-<command>(1)) and bash / zsh completion, generated from the
# help text of the freshly built pricer by tools/gen_docs.sh.
set(PC_DOCS_DIR ${CMAKE_BINARY_DIR}/docs-gen)
add_custom_command(
  OUTPUT ${PC_DOCS_DIR}/stamp
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${PC_DOCS_DIR}
  COMMAND sh ${CMAKE_SOURCE_DIR}/tools/gen_docs.sh $<TARGET_FILE:pricer> ${PC_DOCS_DIR} ${PROJECT_VERSION}
  COMMAND ${CMAKE_COMMAND} -E touch ${PC_DOCS_DIR}/stamp
  DEPENDS pricer ${CMAKE_SOURCE_DIR}/tools/gen_docs.sh
  COMMENT "Generating man pages and completions from the help text")
add_custom_target(pricer_docs ALL DEPENDS ${PC_DOCS_DIR}/stamp)
install(DIRECTORY ${PC_DOCS_DIR}/man/ DESTINATION ${CMAKE_INSTALL_MANDIR})
install(FILES ${PC_DOCS_DIR}/bash-completion/pricer
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES ${PC_DOCS_DIR}/zsh/_pricer DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
