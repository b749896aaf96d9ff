using System.Runtime.CompilerServices;

// Every host call crosses as blittable data only (byte for TBool, pointers, ints, doubles): no marshalling stubs are
// generated and a non-blittable signature is a compile error instead of a runtime surprise.
[assembly: DisableRuntimeMarshalling]
