/* IParameterChanges / IParamValueQueue with fixed capacity: the host fills one per block for the plug-in's input
 * and hands an empty one for the plug-in's output changes. */
#include "host_objects.h"
#include "vst3_abi.h"

#include <stdlib.h>

typedef struct {
    const IParamValueQueueVtbl *vtbl;
    uint32_t id;
    int32_t count;
    int32_t capacity;
    int32_t *offsets;
    double *values;
} Queue;

struct ParamChanges {
    const IParameterChangesVtbl *vtbl;
    int32_t count;
    int32_t capacity;
    Queue *queues;
};

/* Both objects live as long as the host owns them: reference counting is a no-op. */
static uint32_t no_ref(void *self)
{
    (void)self;
    return 1;
}

static tresult queue_query(void *self, const char *iid, void **obj)
{
    if (v3_id_equals(iid, IID_FUnknown) || v3_id_equals(iid, IID_IParamValueQueue)) {
        *obj = self;
        return kResultOk;
    }
    *obj = NULL;
    return kNoInterface;
}

static uint32_t queue_id(void *self) { return ((Queue *)self)->id; }
static int32_t queue_count(void *self) { return ((Queue *)self)->count; }

static tresult queue_get_point(void *self, int32_t index, int32_t *offset, double *value)
{
    Queue *q = self;
    if (index < 0 || index >= q->count || offset == NULL || value == NULL)
        return kInvalidArgument;
    *offset = q->offsets[index];
    *value = q->values[index];
    return kResultOk;
}

static tresult queue_add_point(void *self, int32_t offset, double value, int32_t *index)
{
    Queue *q = self;
    if (q->count == q->capacity)
        return kOutOfMemory;
    /* A point at an offset already present replaces it, as queues hold one value per offset. */
    for (int32_t i = 0; i < q->count; i++) {
        if (q->offsets[i] == offset) {
            q->values[i] = value;
            if (index != NULL)
                *index = i;
            return kResultOk;
        }
    }
    q->offsets[q->count] = offset;
    q->values[q->count] = value;
    if (index != NULL)
        *index = q->count;
    q->count++;
    return kResultOk;
}

static const IParamValueQueueVtbl queue_vtbl = {
    queue_query, no_ref, no_ref, queue_id, queue_count, queue_get_point, queue_add_point,
};

static tresult changes_query(void *self, const char *iid, void **obj)
{
    if (v3_id_equals(iid, IID_FUnknown) || v3_id_equals(iid, IID_IParameterChanges)) {
        *obj = self;
        return kResultOk;
    }
    *obj = NULL;
    return kNoInterface;
}

static int32_t changes_count(void *self) { return ((ParamChanges *)self)->count; }

static void *changes_get(void *self, int32_t index)
{
    ParamChanges *c = self;
    return index >= 0 && index < c->count ? &c->queues[index] : NULL;
}

static void *changes_add(void *self, const uint32_t *id, int32_t *index)
{
    ParamChanges *c = self;
    if (id == NULL)
        return NULL;
    for (int32_t i = 0; i < c->count; i++) {
        if (c->queues[i].id == *id) {
            if (index != NULL)
                *index = i;
            return &c->queues[i];
        }
    }
    if (c->count == c->capacity)
        return NULL;
    Queue *q = &c->queues[c->count];
    q->id = *id;
    q->count = 0;
    if (index != NULL)
        *index = c->count;
    c->count++;
    return q;
}

static const IParameterChangesVtbl changes_vtbl = {
    changes_query, no_ref, no_ref, changes_count, changes_get, changes_add,
};

ParamChanges *param_changes_create(int max_queues, int max_points)
{
    ParamChanges *c = calloc(1, sizeof *c);
    if (c == NULL)
        return NULL;
    c->vtbl = &changes_vtbl;
    c->capacity = max_queues;
    c->queues = calloc((size_t)max_queues, sizeof *c->queues);
    if (c->queues == NULL)
        c->capacity = 0;
    for (int i = 0; c->queues != NULL && i < max_queues; i++) {
        Queue *q = &c->queues[i];
        q->vtbl = &queue_vtbl;
        q->capacity = max_points;
        q->offsets = calloc((size_t)max_points, sizeof *q->offsets);
        q->values = calloc((size_t)max_points, sizeof *q->values);
        if (q->offsets == NULL || q->values == NULL) {
            c->capacity = i;
            break;
        }
    }
    return c;
}

void param_changes_destroy(ParamChanges *changes)
{
    if (changes == NULL)
        return;
    for (int i = 0; changes->queues != NULL && i < changes->capacity; i++) {
        free(changes->queues[i].offsets);
        free(changes->queues[i].values);
    }
    free(changes->queues);
    free(changes);
}

void param_changes_clear(ParamChanges *changes) { changes->count = 0; }

int param_changes_add(ParamChanges *changes, uint32_t id, int32_t offset, double value)
{
    Queue *q = changes_add(changes, &id, NULL);
    return q != NULL && queue_add_point(q, offset, value, NULL) == kResultOk;
}

int param_changes_queue_count(const ParamChanges *changes) { return changes->count; }

int param_changes_last(const ParamChanges *changes, int index, uint32_t *id, double *value)
{
    if (index < 0 || index >= changes->count || changes->queues[index].count == 0)
        return 0;
    const Queue *q = &changes->queues[index];
    *id = q->id;
    *value = q->values[q->count - 1];
    return 1;
}
