/* IHostApplication, IMessage, IAttributeList and IComponentHandler for the test host. */
#include "host_objects.h"
#include "vst3_abi.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

/* ---- IAttributeList: a small array of typed values keyed by ASCII IDs ---- */

enum { ATTR_INT, ATTR_FLOAT, ATTR_STRING, ATTR_BINARY };
enum { MAX_ATTRIBUTES = 32, MAX_KEY = 64 };

typedef struct {
    char key[MAX_KEY];
    int type;
    int64_t i;
    double f;
    void *data; /* string (char16, NUL-terminated) or binary bytes */
    uint32_t size;
} Attribute;

typedef struct {
    const IAttributeListVtbl *vtbl;
    atomic_uint refs;
    int count;
    Attribute items[MAX_ATTRIBUTES];
} AttributeList;

static Attribute *attr_find(AttributeList *list, const char *key)
{
    for (int i = 0; i < list->count; i++)
        if (strncmp(list->items[i].key, key, MAX_KEY) == 0)
            return &list->items[i];
    return NULL;
}

static Attribute *attr_slot(AttributeList *list, const char *key, int type)
{
    if (key == NULL || strlen(key) >= MAX_KEY)
        return NULL;
    Attribute *a = attr_find(list, key);
    if (a == NULL) {
        if (list->count == MAX_ATTRIBUTES)
            return NULL;
        a = &list->items[list->count++];
        memset(a, 0, sizeof *a);
        strcpy(a->key, key);
    }
    free(a->data);
    a->data = NULL;
    a->size = 0;
    a->type = type;
    return a;
}

static tresult attr_query(void *self, const char *iid, void **obj)
{
    if (v3_id_equals(iid, IID_FUnknown) || v3_id_equals(iid, IID_IAttributeList)) {
        atomic_fetch_add(&((AttributeList *)self)->refs, 1);
        *obj = self;
        return kResultOk;
    }
    *obj = NULL;
    return kNoInterface;
}

static uint32_t attr_add_ref(void *self) { return atomic_fetch_add(&((AttributeList *)self)->refs, 1) + 1; }

static uint32_t attr_release(void *self)
{
    AttributeList *list = self;
    uint32_t left = atomic_fetch_sub(&list->refs, 1) - 1;
    if (left == 0) {
        for (int i = 0; i < list->count; i++)
            free(list->items[i].data);
        free(list);
    }
    return left;
}

static tresult attr_set_int(void *self, const char *id, int64_t value)
{
    Attribute *a = attr_slot(self, id, ATTR_INT);
    if (a == NULL)
        return kOutOfMemory;
    a->i = value;
    return kResultOk;
}

static tresult attr_get_int(void *self, const char *id, int64_t *value)
{
    Attribute *a = id ? attr_find(self, id) : NULL;
    if (a == NULL || a->type != ATTR_INT || value == NULL)
        return kResultFalse;
    *value = a->i;
    return kResultOk;
}

static tresult attr_set_float(void *self, const char *id, double value)
{
    Attribute *a = attr_slot(self, id, ATTR_FLOAT);
    if (a == NULL)
        return kOutOfMemory;
    a->f = value;
    return kResultOk;
}

static tresult attr_get_float(void *self, const char *id, double *value)
{
    Attribute *a = id ? attr_find(self, id) : NULL;
    if (a == NULL || a->type != ATTR_FLOAT || value == NULL)
        return kResultFalse;
    *value = a->f;
    return kResultOk;
}

static tresult attr_set_binary(void *self, const char *id, const void *data, uint32_t size)
{
    Attribute *a = attr_slot(self, id, ATTR_BINARY);
    if (a == NULL || (size > 0 && (a->data = malloc(size)) == NULL))
        return kOutOfMemory;
    if (size > 0)
        memcpy(a->data, data, size);
    a->size = size;
    return kResultOk;
}

static tresult attr_get_binary(void *self, const char *id, const void **data, uint32_t *size)
{
    Attribute *a = id ? attr_find(self, id) : NULL;
    if (a == NULL || (a->type != ATTR_BINARY && a->type != ATTR_STRING) || data == NULL || size == NULL)
        return kResultFalse;
    *data = a->data;
    *size = a->size;
    return kResultOk;
}

static tresult attr_set_string(void *self, const char *id, const char16 *string)
{
    uint32_t n = 0;
    while (string != NULL && string[n] != 0)
        n++;
    tresult r = attr_set_binary(self, id, string, (n + 1) * (uint32_t)sizeof(char16));
    if (r == kResultOk)
        attr_find(self, id)->type = ATTR_STRING;
    return r;
}

static tresult attr_get_string(void *self, const char *id, char16 *string, uint32_t sizeInBytes)
{
    Attribute *a = id ? attr_find(self, id) : NULL;
    if (a == NULL || a->type != ATTR_STRING || string == NULL || sizeInBytes < sizeof(char16))
        return kResultFalse;
    uint32_t n = a->size < sizeInBytes ? a->size : sizeInBytes;
    memcpy(string, a->data, n);
    string[sizeInBytes / sizeof(char16) - 1] = 0;
    return kResultOk;
}

static const IAttributeListVtbl attribute_list_vtbl = {
    attr_query, attr_add_ref, attr_release, attr_set_int, attr_get_int, attr_set_float, attr_get_float,
    attr_set_string, attr_get_string, attr_set_binary, attr_get_binary,
};

/* ---- IMessage ---- */

static atomic_int live_messages;

typedef struct {
    const IMessageVtbl *vtbl;
    atomic_uint refs;
    char *id;
    AttributeList *attributes;
} Message;

static tresult message_query(void *self, const char *iid, void **obj)
{
    if (v3_id_equals(iid, IID_FUnknown) || v3_id_equals(iid, IID_IMessage)) {
        atomic_fetch_add(&((Message *)self)->refs, 1);
        *obj = self;
        return kResultOk;
    }
    *obj = NULL;
    return kNoInterface;
}

static uint32_t message_add_ref(void *self) { return atomic_fetch_add(&((Message *)self)->refs, 1) + 1; }

static uint32_t message_release(void *self)
{
    Message *m = self;
    uint32_t left = atomic_fetch_sub(&m->refs, 1) - 1;
    if (left == 0) {
        attr_release(m->attributes);
        free(m->id);
        free(m);
        atomic_fetch_sub(&live_messages, 1);
    }
    return left;
}

static const char *message_get_id(void *self) { return ((Message *)self)->id; }

static void message_set_id(void *self, const char *id)
{
    Message *m = self;
    free(m->id);
    m->id = NULL;
    if (id != NULL) {
        size_t n = strlen(id) + 1;
        m->id = malloc(n);
        if (m->id != NULL)
            memcpy(m->id, id, n);
    }
}

/* The list belongs to the message: returned without a new reference. */
static void *message_get_attributes(void *self) { return ((Message *)self)->attributes; }

static const IMessageVtbl message_vtbl = {
    message_query, message_add_ref, message_release, message_get_id, message_set_id, message_get_attributes,
};

static Message *message_create(void)
{
    Message *m = calloc(1, sizeof *m);
    AttributeList *list = calloc(1, sizeof *list);
    if (m == NULL || list == NULL) {
        free(m);
        free(list);
        return NULL;
    }
    list->vtbl = &attribute_list_vtbl;
    atomic_init(&list->refs, 1);
    m->vtbl = &message_vtbl;
    atomic_init(&m->refs, 1);
    m->attributes = list;
    atomic_fetch_add(&live_messages, 1);
    return m;
}

int host_live_messages(void) { return atomic_load(&live_messages); }

/* ---- IHostApplication (static: lives as long as the process) ---- */

typedef struct {
    const IHostApplicationVtbl *vtbl;
} HostApplication;

static tresult app_query(void *self, const char *iid, void **obj)
{
    if (v3_id_equals(iid, IID_FUnknown) || v3_id_equals(iid, IID_IHostApplication)) {
        *obj = self;
        return kResultOk;
    }
    *obj = NULL;
    return kNoInterface;
}

static uint32_t static_add_ref(void *self)
{
    (void)self;
    return 1;
}

static uint32_t static_release(void *self)
{
    (void)self;
    return 1;
}

static tresult app_get_name(void *self, char16 *name)
{
    (void)self;
    const char *text = "LocoformerVst vst3host";
    size_t i = 0;
    for (; text[i] != 0 && i < 127; i++)
        name[i] = (char16)text[i];
    name[i] = 0;
    return kResultOk;
}

static tresult app_create_instance(void *self, const char *cid, const char *iid, void **obj)
{
    (void)self;
    *obj = NULL;
    if (cid == NULL || iid == NULL || !v3_id_equals(cid, IID_IMessage) || !v3_id_equals(iid, IID_IMessage))
        return kResultFalse;
    Message *m = message_create();
    if (m == NULL)
        return kOutOfMemory;
    *obj = m;
    return kResultOk;
}

static const IHostApplicationVtbl app_vtbl = {
    app_query, static_add_ref, static_release, app_get_name, app_create_instance,
};
static HostApplication the_application = {&app_vtbl};

void *host_application(void) { return &the_application; }

/* ---- IComponentHandler (static) ---- */

static atomic_int pending_restart;
static atomic_int edit_count;

static tresult handler_query(void *self, const char *iid, void **obj)
{
    if (v3_id_equals(iid, IID_FUnknown) || v3_id_equals(iid, IID_IComponentHandler)) {
        *obj = self;
        return kResultOk;
    }
    *obj = NULL;
    return kNoInterface;
}

static tresult handler_begin_edit(void *self, uint32_t id)
{
    (void)self;
    (void)id;
    return kResultOk;
}

static tresult handler_perform_edit(void *self, uint32_t id, double value)
{
    (void)self;
    (void)id;
    (void)value;
    atomic_fetch_add(&edit_count, 1);
    return kResultOk;
}

static tresult handler_restart(void *self, int32_t flags)
{
    (void)self;
    atomic_fetch_or(&pending_restart, flags);
    return kResultOk;
}

static const IComponentHandlerVtbl handler_vtbl = {
    handler_query, static_add_ref, static_release, handler_begin_edit, handler_perform_edit, handler_begin_edit,
    handler_restart,
};
static struct {
    const IComponentHandlerVtbl *vtbl;
} the_handler = {&handler_vtbl};

void *component_handler(void) { return &the_handler; }
int32_t component_handler_take_restart_flags(void) { return atomic_exchange(&pending_restart, 0); }
int component_handler_edit_count(void) { return atomic_load(&edit_count); }
