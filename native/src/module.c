#include "module.h"

#include <dlfcn.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>

typedef TBool (*ModuleEntryFn)(void *);
typedef TBool (*ModuleExitFn)(void);
typedef void *(*GetFactoryFn)(void);

/* dlsym returns an object pointer; copying its bytes into a function pointer is the portable way to convert. */
static void *symbol(void *library, const char *name, size_t size, void *fn)
{
    void *p = dlsym(library, name);
    memcpy(fn, &p, size);
    return p;
}

static int is_directory(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int module_open(const char *path, Module *module, char *error, int error_size)
{
    memset(module, 0, sizeof *module);
    char binary[4096];
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/')
        len--;
    if (is_directory(path)) {
        /* Name.vst3/Contents/<machine>-linux/Name.so */
        const char *end = path + len;
        const char *start = end;
        while (start > path && start[-1] != '/')
            start--;
        size_t stem = (size_t)(end - start);
        if (stem > 5 && strncmp(end - 5, ".vst3", 5) == 0)
            stem -= 5;
        if (stem >= sizeof module->name) {
            snprintf(error, (size_t)error_size, "%s: bundle name too long", path);
            return 1;
        }
        memcpy(module->name, start, stem);
        module->name[stem] = 0;
        struct utsname machine;
        uname(&machine);
        snprintf(binary, sizeof binary, "%.*s/Contents/%s-linux/%s.so", (int)len, path, machine.machine, module->name);
    } else {
        snprintf(binary, sizeof binary, "%s", path);
        snprintf(module->name, sizeof module->name, "%s", base);
        char *dot = strrchr(module->name, '.');
        if (dot != NULL)
            *dot = 0;
    }

    module->library = dlopen(binary, RTLD_NOW | RTLD_LOCAL);
    if (module->library == NULL) {
        snprintf(error, (size_t)error_size, "dlopen %s: %s", binary, dlerror());
        return 1;
    }
    ModuleEntryFn entry = NULL;
    GetFactoryFn get_factory = NULL;
    symbol(module->library, "ModuleEntry", sizeof entry, &entry);
    symbol(module->library, "ModuleExit", sizeof module->module_exit, &module->module_exit);
    symbol(module->library, "GetPluginFactory", sizeof get_factory, &get_factory);
    if (entry == NULL || module->module_exit == NULL || get_factory == NULL) {
        snprintf(error, (size_t)error_size, "%s: missing export (needs ModuleEntry, ModuleExit, GetPluginFactory)",
            binary);
        dlclose(module->library);
        module->library = NULL;
        return 1;
    }
    if (!entry(module->library)) {
        snprintf(error, (size_t)error_size, "%s: ModuleEntry returned false", binary);
        dlclose(module->library);
        module->library = NULL;
        return 1;
    }
    module->factory = get_factory();
    if (module->factory == NULL) {
        snprintf(error, (size_t)error_size, "%s: GetPluginFactory returned null", binary);
        module_close(module);
        return 1;
    }
    return 0;
}

void module_close(Module *module)
{
    if (module->factory != NULL)
        module->factory->vtbl->release(module->factory);
    module->factory = NULL;
    if (module->module_exit != NULL)
        module->module_exit();
    module->module_exit = NULL;
    if (module->library != NULL)
        dlclose(module->library);
    module->library = NULL;
}

void print_escaped(FILE *out, const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if ((unsigned char)*p < 0x20)
            fprintf(out, "\\u%04x", (unsigned char)*p);
        else
            fputc(*p, out);
    }
}

void utf16_to_utf8(const char16 *in, int capacity, char *out, int out_size)
{
    int o = 0;
    for (int i = 0; i < capacity && in[i] != 0 && o < out_size - 4; i++) {
        unsigned c = in[i];
        if (c < 0x80) {
            out[o++] = (char)c;
        } else if (c < 0x800) {
            out[o++] = (char)(0xC0 | c >> 6);
            out[o++] = (char)(0x80 | (c & 0x3F));
        } else {
            out[o++] = (char)(0xE0 | c >> 12);
            out[o++] = (char)(0x80 | ((c >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (c & 0x3F));
        }
    }
    out[o] = 0;
}

static void cid_hex(const char *cid, char *out)
{
    for (int i = 0; i < 16; i++)
        sprintf(out + 2 * i, "%02X", (unsigned char)cid[i]);
}

void module_print_classes(const Module *module, FILE *out)
{
    IPluginFactory2 *f = module->factory;
    PFactoryInfo info;
    memset(&info, 0, sizeof info);
    f->vtbl->getFactoryInfo(f, &info);
    fprintf(out, "factory vendor=\"");
    print_escaped(out, info.vendor);
    fprintf(out, "\" url=\"");
    print_escaped(out, info.url);
    fprintf(out, "\" email=\"");
    print_escaped(out, info.email);
    fprintf(out, "\" flags=%d\n", info.flags);
    int count = f->vtbl->countClasses(f);
    for (int i = 0; i < count; i++) {
        PClassInfo2 c;
        memset(&c, 0, sizeof c);
        if (f->vtbl->getClassInfo2(f, i, &c) != kResultOk)
            continue;
        char hex[33];
        cid_hex(c.cid, hex);
        fprintf(out, "class index=%d cid=%s category=\"%s\" name=\"", i, hex, c.category);
        print_escaped(out, c.name);
        fprintf(out, "\" subcategories=\"%s\" vendor=\"", c.subCategories);
        print_escaped(out, c.vendor);
        fprintf(out, "\" version=\"%s\" sdk=\"%s\" cardinality=%d flags=%u\n", c.version, c.sdkVersion, c.cardinality,
            c.classFlags);
    }
}

int module_find_class(const Module *module, const char *category, PClassInfo2 *info)
{
    IPluginFactory2 *f = module->factory;
    int count = f->vtbl->countClasses(f);
    for (int i = 0; i < count; i++) {
        memset(info, 0, sizeof *info);
        if (f->vtbl->getClassInfo2(f, i, info) == kResultOk && strcmp(info->category, category) == 0)
            return 1;
    }
    return 0;
}

static void json_string(FILE *out, const char *key, const char *value, const char *after)
{
    fprintf(out, "\"%s\": \"", key);
    print_escaped(out, value);
    fprintf(out, "\"%s", after);
}

int module_write_info(const Module *module, const char *path)
{
    char temp[4096];
    if (snprintf(temp, sizeof temp, "%s.tmp", path) >= (int)sizeof temp)
        return 1;
    FILE *out = fopen(temp, "w");
    if (out == NULL)
        return 1;
    IPluginFactory2 *f = module->factory;
    PFactoryInfo info;
    memset(&info, 0, sizeof info);
    f->vtbl->getFactoryInfo(f, &info);
    int count = f->vtbl->countClasses(f);
    PClassInfo2 first;
    memset(&first, 0, sizeof first);
    f->vtbl->getClassInfo2(f, 0, &first);

    fprintf(out, "{\n  ");
    json_string(out, "Name", module->name, ",\n  ");
    json_string(out, "Version", first.version, ",\n  ");
    fprintf(out, "\"Factory Info\": {\n    ");
    json_string(out, "Vendor", info.vendor, ",\n    ");
    json_string(out, "URL", info.url, ",\n    ");
    json_string(out, "E-Mail", info.email, ",\n    ");
    fprintf(out, "\"Flags\": {\n      \"Unicode\": %s,\n      \"Classes Discardable\": %s,\n"
                 "      \"Component Non Discardable\": %s\n    }\n  },\n  \"Classes\": [",
        info.flags & 16 ? "true" : "false", info.flags & 1 ? "true" : "false", info.flags & 8 ? "true" : "false");
    for (int i = 0; i < count; i++) {
        PClassInfo2 c;
        memset(&c, 0, sizeof c);
        if (f->vtbl->getClassInfo2(f, i, &c) != kResultOk)
            continue;
        char hex[33];
        cid_hex(c.cid, hex);
        fprintf(out, "%s\n    {\n      ", i > 0 ? "," : "");
        json_string(out, "CID", hex, ",\n      ");
        json_string(out, "Category", c.category, ",\n      ");
        json_string(out, "Name", c.name, ",\n      ");
        json_string(out, "Vendor", c.vendor, ",\n      ");
        json_string(out, "Version", c.version, ",\n      ");
        json_string(out, "SDKVersion", c.sdkVersion, ",\n      ");
        fprintf(out, "\"Sub Categories\": [");
        char subs[129];
        snprintf(subs, sizeof subs, "%s", c.subCategories);
        int n = 0;
        for (char *token = strtok(subs, "|"); token != NULL; token = strtok(NULL, "|"), n++) {
            fprintf(out, "%s\"", n > 0 ? ", " : "");
            print_escaped(out, token);
            fputc('"', out);
        }
        fprintf(out, "],\n      \"Class Flags\": %u,\n      \"Cardinality\": %d,\n      \"Snapshots\": []\n    }",
            c.classFlags, c.cardinality);
    }
    fprintf(out, "\n  ]\n}\n");
    if (fclose(out) != 0 || rename(temp, path) != 0) {
        remove(temp);
        return 1;
    }
    return 0;
}
