/* Loading a VST3 module (a .vst3 bundle folder or a bare .so) the way the SDK's Linux hosts do: dlopen,
 * ModuleEntry, GetPluginFactory; and reading its factory (class list, moduleinfo.json). */
#ifndef VST3HOST_MODULE_H
#define VST3HOST_MODULE_H

#include "vst3_abi.h"

#include <stdio.h>

typedef struct {
    void *library;
    TBool (*module_exit)(void);
    IPluginFactory2 *factory;
    char name[256]; /* bundle stem, e.g. "LocoformerVstTest" */
} Module;

/* 0 on success; on failure `error` says what is missing. */
int module_open(const char *path, Module *module, char *error, int error_size);
/* Releases the factory, calls ModuleExit, closes the library. */
void module_close(Module *module);

void module_print_classes(const Module *module, FILE *out);
/* Writes moduleinfo.json (JSON) describing the factory; 0 on success. */
int module_write_info(const Module *module, const char *path);
/* The first class of `category`; 0 if there is none. */
int module_find_class(const Module *module, const char *category, PClassInfo2 *info);

/* Writes `text` as a JSON string body (quotes and backslashes escaped). */
void print_escaped(FILE *out, const char *text);
/* UTF-16 to ASCII/UTF-8 (BMP only) for printing. */
void utf16_to_utf8(const char16 *in, int capacity, char *out, int out_size);

#endif
