using System.Runtime.InteropServices;

namespace LocoformerVst.Inference.Native;

/// <summary>
/// Finds the file of the native module (shared library or executable) that contains a code address. A NativeAOT
/// plug-in passes the address of one of its own [UnmanagedCallersOnly] exports to learn its folder, where
/// libonnxruntime and the models are: dladdr on Linux and macOS, GetModuleHandleEx + GetModuleFileName on Windows.
/// Under JIT a managed method's stub lies in no module, so the plug-in helper is only meaningful when published.
/// </summary>
public static unsafe partial class NativeModuleLocator
{
    private const uint FromAddress = 0x4;          // GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS
    private const uint UnchangedRefCount = 0x2;    // GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT

    /// <summary>Full path of the module containing <paramref name="address"/>, or null if no module contains it.</summary>
    public static string? ModulePathOf(IntPtr address)
    {
        if (address == IntPtr.Zero)
        {
            return null;
        }

        return OperatingSystem.IsWindows() ? WindowsModulePath(address) : DlAddrModulePath(address);
    }

    /// <summary>Folder of the module containing <paramref name="address"/>, or null if no module contains it.</summary>
    public static string? DirectoryOf(IntPtr address) =>
        ModulePathOf(address) is { } path ? Path.GetDirectoryName(Path.GetFullPath(path)) : null;

    [StructLayout(LayoutKind.Sequential)]
    private struct DlInfo
    {
        public IntPtr FileName;     // dli_fname
        public IntPtr FileBase;     // dli_fbase
        public IntPtr SymbolName;   // dli_sname
        public IntPtr SymbolAddress; // dli_saddr
    }

    private static string? DlAddrModulePath(IntPtr address)
    {
        delegate* unmanaged<IntPtr, DlInfo*, int> dladdr = (delegate* unmanaged<IntPtr, DlInfo*, int>)DlAddr.Value;
        if (dladdr is null)
        {
            return null;
        }

        DlInfo info;
        if (dladdr(address, &info) == 0 || info.FileName == IntPtr.Zero)
        {
            return null;
        }

        string? path = Marshal.PtrToStringUTF8(info.FileName);
        return string.IsNullOrEmpty(path) ? null : path;
    }

    // dladdr lives in libc.so.6 since glibc 2.34, in libdl.so.2 before; libSystem on macOS. "libc" alone would
    // resolve to the libc.so linker script on Linux, which dlopen rejects.
    private static readonly Lazy<IntPtr> DlAddr = new(() =>
    {
        string[] libraries = OperatingSystem.IsMacOS()
            ? ["/usr/lib/libSystem.B.dylib"]
            : ["libc.so.6", "libdl.so.2", "libc.so"];
        foreach (string library in libraries)
        {
            if (NativeLibrary.TryLoad(library, out IntPtr handle) && NativeLibrary.TryGetExport(handle, "dladdr", out IntPtr fn))
            {
                return fn;
            }
        }

        return IntPtr.Zero;
    });

    private static string? WindowsModulePath(IntPtr address)
    {
        if (!GetModuleHandleExW(FromAddress | UnchangedRefCount, address, out IntPtr module) || module == IntPtr.Zero)
        {
            return null;
        }

        var buffer = new char[32768];
        fixed (char* chars = buffer)
        {
            uint length = GetModuleFileNameW(module, chars, (uint)buffer.Length);
            return length == 0 ? null : new string(chars, 0, (int)length);
        }
    }

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    private static partial bool GetModuleHandleExW(uint flags, IntPtr address, out IntPtr module);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    private static partial uint GetModuleFileNameW(IntPtr module, char* fileName, uint size);
}
