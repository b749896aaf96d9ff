/* The slice of the VST3 ABI this host uses, written from the published facts (IIDs, vtable slot order, struct
 * layouts) for x86-64 Linux: no PLUGIN_API decoration, non-COM result codes, IDs as four big-endian 32-bit words.
 * Every interface is a struct whose first member points at a table of C function pointers; each function takes the
 * interface pointer first. */
#ifndef VST3HOST_VST3_ABI_H
#define VST3HOST_VST3_ABI_H

#include <stdint.h>

typedef int32_t tresult;
typedef uint8_t TBool;
typedef uint16_t char16; /* UTF-16 code unit (char16_t in C++) */
typedef char TUID[16];

enum {
    kNoInterface = -1,
    kResultOk = 0,
    kResultFalse = 1,
    kInvalidArgument = 2,
    kNotImplemented = 3,
    kInternalError = 4,
    kNotInitialized = 5,
    kOutOfMemory = 6
};

enum { kAudio = 0, kEvent = 1 };             /* MediaTypes */
enum { kInput = 0, kOutput = 1 };            /* BusDirections */
enum { kMain = 0, kAux = 1 };                /* BusTypes */
enum { kRealtime = 0, kPrefetch = 1, kOffline = 2 }; /* ProcessModes */
enum { kSample32 = 0, kSample64 = 1 };       /* SymbolicSampleSizes */
enum { kLatencyChanged = 8 };                /* RestartFlags we act on */
enum { kDefaultActive = 1 };                 /* BusInfo flags */
enum { kIsReadOnly = 2, kIsList = 8, kIsBypass = 1 << 16 }; /* ParameterFlags we print */

/* An ID as the four words of the SDK's notation; v3_id_bytes lays it out as Linux hosts compare it. */
typedef struct { uint32_t w[4]; } v3_id;

static const v3_id IID_FUnknown = {{0x00000000u, 0x00000000u, 0xC0000000u, 0x00000046u}};
static const v3_id IID_IPluginFactory = {{0x7A4D811Cu, 0x52114A1Fu, 0xAED9D2EEu, 0x0B43BF9Fu}};
static const v3_id IID_IPluginFactory2 = {{0x0007B650u, 0xF24B4C0Bu, 0xA464EDB9u, 0xF00B2ABBu}};
static const v3_id IID_IPluginFactory3 = {{0x4555A2ABu, 0xC1234E57u, 0x9B122910u, 0x36878931u}};
static const v3_id IID_IComponent = {{0xE831FF31u, 0xF2D54301u, 0x928EBBEEu, 0x25697802u}};
static const v3_id IID_IAudioProcessor = {{0x42043F99u, 0xB7DA453Cu, 0xA569E79Du, 0x9AAEC33Du}};
static const v3_id IID_IEditController = {{0xDCD7BBE3u, 0x7742448Du, 0xA874AACCu, 0x979C759Eu}};
static const v3_id IID_IComponentHandler = {{0x93A0BEA3u, 0x0BD045DBu, 0x8E890B0Cu, 0xC1E46AC6u}};
static const v3_id IID_IConnectionPoint = {{0x70A4156Fu, 0x6E6E4026u, 0x989148BFu, 0xAA60D8D1u}};
static const v3_id IID_IMessage = {{0x936F033Bu, 0xC6C047DBu, 0xBB0882F8u, 0x13C1E613u}};
static const v3_id IID_IAttributeList = {{0x1E5F0AEBu, 0xCC7F4533u, 0xA2544011u, 0x38AD5EE4u}};
static const v3_id IID_IBStream = {{0xC3BF6EA2u, 0x30994752u, 0x9B6BF990u, 0x1EE33E9Bu}};
static const v3_id IID_IParameterChanges = {{0xA4779663u, 0x0BB64A56u, 0xB44384A8u, 0x466FEB9Du}};
static const v3_id IID_IParamValueQueue = {{0x01263A18u, 0xED074F6Fu, 0x98C9D356u, 0x4686F9BAu}};
static const v3_id IID_IHostApplication = {{0x58E595CCu, 0xDB2D4969u, 0x8B6AAF8Cu, 0x36A664E5u}};

static inline void v3_id_bytes(v3_id id, TUID out)
{
    for (int i = 0; i < 4; i++) {
        out[4 * i + 0] = (char)(id.w[i] >> 24);
        out[4 * i + 1] = (char)(id.w[i] >> 16);
        out[4 * i + 2] = (char)(id.w[i] >> 8);
        out[4 * i + 3] = (char)id.w[i];
    }
}

static inline int v3_id_equals(const char *tuid, v3_id id)
{
    TUID bytes;
    v3_id_bytes(id, bytes);
    for (int i = 0; i < 16; i++)
        if (tuid[i] != bytes[i])
            return 0;
    return 1;
}

/* ---- structs (offsets as the SDK's size checks fix them on x86-64) ---- */

typedef struct {
    char vendor[64];
    char url[256];
    char email[128];
    int32_t flags;
} PFactoryInfo;

typedef struct {
    TUID cid;
    int32_t cardinality;
    char category[32];
    char name[64];
    uint32_t classFlags;
    char subCategories[128];
    char vendor[64];
    char version[64];
    char sdkVersion[64];
} PClassInfo2;

typedef struct {
    int32_t mediaType;
    int32_t direction;
    int32_t channelCount;
    char16 name[128];
    int32_t busType;
    uint32_t flags;
} BusInfo;

typedef struct {
    int32_t mediaType;
    int32_t busIndex;
    int32_t channel;
} RoutingInfo;

typedef struct {
    int32_t processMode;
    int32_t symbolicSampleSize;
    int32_t maxSamplesPerBlock;
    double sampleRate;
} ProcessSetup;

typedef struct {
    int32_t numChannels;
    uint64_t silenceFlags;
    float **channelBuffers32;
} AudioBusBuffers;

typedef struct {
    uint32_t state;
    double sampleRate;
    int64_t projectTimeSamples;
    int64_t systemTime;
    int64_t continousTimeSamples;
    double projectTimeMusic;
    double barPositionMusic;
    double cycleStartMusic;
    double cycleEndMusic;
    double tempo;
    int32_t timeSigNumerator;
    int32_t timeSigDenominator;
    uint8_t chord[4];
    int32_t smpteOffsetSubframes;
    uint32_t frameRate[2];
    int32_t samplesToNextClock;
} ProcessContext;

typedef struct {
    int32_t processMode;
    int32_t symbolicSampleSize;
    int32_t numSamples;
    int32_t numInputs;
    int32_t numOutputs;
    AudioBusBuffers *inputs;
    AudioBusBuffers *outputs;
    void *inputParameterChanges;
    void *outputParameterChanges;
    void *inputEvents;
    void *outputEvents;
    ProcessContext *processContext;
} ProcessData;

typedef struct {
    uint32_t id;
    char16 title[128];
    char16 shortTitle[128];
    char16 units[128];
    int32_t stepCount;
    double defaultNormalizedValue;
    int32_t unitId;
    int32_t flags;
} ParameterInfo;

/* ---- vtables ---- */

#define V3_FUNKNOWN_SLOTS                                                                                              \
    tresult (*queryInterface)(void *self, const char *iid, void **obj);                                               \
    uint32_t (*addRef)(void *self);                                                                                    \
    uint32_t (*release)(void *self)

typedef struct { V3_FUNKNOWN_SLOTS; } FUnknownVtbl;
typedef struct { const FUnknownVtbl *vtbl; } FUnknown;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    tresult (*getFactoryInfo)(void *self, PFactoryInfo *info);
    int32_t (*countClasses)(void *self);
    tresult (*getClassInfo)(void *self, int32_t index, void *info);
    tresult (*createInstance)(void *self, const char *cid, const char *iid, void **obj);
    tresult (*getClassInfo2)(void *self, int32_t index, PClassInfo2 *info);
} IPluginFactory2Vtbl;
typedef struct { const IPluginFactory2Vtbl *vtbl; } IPluginFactory2;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    tresult (*initialize)(void *self, void *context);
    tresult (*terminate)(void *self);
    tresult (*getControllerClassId)(void *self, char *classId);
    tresult (*setIoMode)(void *self, int32_t mode);
    int32_t (*getBusCount)(void *self, int32_t type, int32_t dir);
    tresult (*getBusInfo)(void *self, int32_t type, int32_t dir, int32_t index, BusInfo *bus);
    tresult (*getRoutingInfo)(void *self, RoutingInfo *in, RoutingInfo *out);
    tresult (*activateBus)(void *self, int32_t type, int32_t dir, int32_t index, TBool state);
    tresult (*setActive)(void *self, TBool state);
    tresult (*setState)(void *self, void *stream);
    tresult (*getState)(void *self, void *stream);
} IComponentVtbl;
typedef struct { const IComponentVtbl *vtbl; } IComponent;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    tresult (*setBusArrangements)(void *self, uint64_t *inputs, int32_t numIns, uint64_t *outputs, int32_t numOuts);
    tresult (*getBusArrangement)(void *self, int32_t dir, int32_t index, uint64_t *arrangement);
    tresult (*canProcessSampleSize)(void *self, int32_t symbolicSampleSize);
    uint32_t (*getLatencySamples)(void *self);
    tresult (*setupProcessing)(void *self, ProcessSetup *setup);
    tresult (*setProcessing)(void *self, TBool state);
    tresult (*process)(void *self, ProcessData *data);
    uint32_t (*getTailSamples)(void *self);
} IAudioProcessorVtbl;
typedef struct { const IAudioProcessorVtbl *vtbl; } IAudioProcessor;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    tresult (*initialize)(void *self, void *context);
    tresult (*terminate)(void *self);
    tresult (*setComponentState)(void *self, void *stream);
    tresult (*setState)(void *self, void *stream);
    tresult (*getState)(void *self, void *stream);
    int32_t (*getParameterCount)(void *self);
    tresult (*getParameterInfo)(void *self, int32_t index, ParameterInfo *info);
    tresult (*getParamStringByValue)(void *self, uint32_t id, double normalized, char16 *string128);
    tresult (*getParamValueByString)(void *self, uint32_t id, char16 *string, double *normalized);
    double (*normalizedParamToPlain)(void *self, uint32_t id, double normalized);
    double (*plainParamToNormalized)(void *self, uint32_t id, double plain);
    double (*getParamNormalized)(void *self, uint32_t id);
    tresult (*setParamNormalized)(void *self, uint32_t id, double value);
    tresult (*setComponentHandler)(void *self, void *handler);
    void *(*createView)(void *self, const char *name);
} IEditControllerVtbl;
typedef struct { const IEditControllerVtbl *vtbl; } IEditController;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    tresult (*connect)(void *self, void *other);
    tresult (*disconnect)(void *self, void *other);
    tresult (*notify)(void *self, void *message);
} IConnectionPointVtbl;
typedef struct { const IConnectionPointVtbl *vtbl; } IConnectionPoint;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    tresult (*beginEdit)(void *self, uint32_t id);
    tresult (*performEdit)(void *self, uint32_t id, double value);
    tresult (*endEdit)(void *self, uint32_t id);
    tresult (*restartComponent)(void *self, int32_t flags);
} IComponentHandlerVtbl;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    tresult (*getName)(void *self, char16 *name);
    tresult (*createInstance)(void *self, const char *cid, const char *iid, void **obj);
} IHostApplicationVtbl;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    const char *(*getMessageID)(void *self);
    void (*setMessageID)(void *self, const char *id);
    void *(*getAttributes)(void *self);
} IMessageVtbl;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    tresult (*setInt)(void *self, const char *id, int64_t value);
    tresult (*getInt)(void *self, const char *id, int64_t *value);
    tresult (*setFloat)(void *self, const char *id, double value);
    tresult (*getFloat)(void *self, const char *id, double *value);
    tresult (*setString)(void *self, const char *id, const char16 *string);
    tresult (*getString)(void *self, const char *id, char16 *string, uint32_t sizeInBytes);
    tresult (*setBinary)(void *self, const char *id, const void *data, uint32_t size);
    tresult (*getBinary)(void *self, const char *id, const void **data, uint32_t *size);
} IAttributeListVtbl;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    tresult (*read)(void *self, void *buffer, int32_t numBytes, int32_t *numBytesRead);
    tresult (*write)(void *self, void *buffer, int32_t numBytes, int32_t *numBytesWritten);
    tresult (*seek)(void *self, int64_t pos, int32_t mode, int64_t *result);
    tresult (*tell)(void *self, int64_t *pos);
} IBStreamVtbl;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    int32_t (*getParameterCount)(void *self);
    void *(*getParameterData)(void *self, int32_t index);
    void *(*addParameterData)(void *self, const uint32_t *id, int32_t *index);
} IParameterChangesVtbl;

typedef struct {
    V3_FUNKNOWN_SLOTS;
    uint32_t (*getParameterId)(void *self);
    int32_t (*getPointCount)(void *self);
    tresult (*getPoint)(void *self, int32_t index, int32_t *sampleOffset, double *value);
    tresult (*addPoint)(void *self, int32_t sampleOffset, double value, int32_t *index);
} IParamValueQueueVtbl;

/* Size checks: a layout mistake fails the build, not a render. */
_Static_assert(sizeof(PFactoryInfo) == 452, "PFactoryInfo");
_Static_assert(sizeof(PClassInfo2) == 440, "PClassInfo2");
_Static_assert(sizeof(BusInfo) == 276, "BusInfo");
_Static_assert(sizeof(ProcessSetup) == 24, "ProcessSetup");
_Static_assert(sizeof(AudioBusBuffers) == 24, "AudioBusBuffers");
_Static_assert(sizeof(ProcessData) == 80, "ProcessData");
_Static_assert(sizeof(ParameterInfo) == 792, "ParameterInfo");
_Static_assert(sizeof(ProcessContext) == 112, "ProcessContext");

#endif
