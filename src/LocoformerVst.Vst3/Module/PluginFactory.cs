using System.Runtime.InteropServices;
using LocoformerVst.Vst3.Abi;
using LocoformerVst.Vst3.Com;

namespace LocoformerVst.Vst3.Module;

/// <summary>The module's IPluginFactory3 (answers 1, 2 and 3 through one vtable): lists the registered plugins'
/// processor and controller classes and creates them.</summary>
internal sealed unsafe class PluginFactory : ComObject
{
    private static readonly nint s_vtable = CreateVtable(
        (nint)(delegate* unmanaged<void*, PFactoryInfo*, int>)&GetFactoryInfo,
        (nint)(delegate* unmanaged<void*, int>)&CountClasses,
        (nint)(delegate* unmanaged<void*, int, PClassInfo*, int>)&GetClassInfo,
        (nint)(delegate* unmanaged<void*, byte*, byte*, void**, int>)&CreateInstance,
        (nint)(delegate* unmanaged<void*, int, PClassInfo2*, int>)&GetClassInfo2,
        (nint)(delegate* unmanaged<void*, int, PClassInfoW*, int>)&GetClassInfoUnicode,
        (nint)(delegate* unmanaged<void*, void*, int>)&SetHostContext);

    private readonly FactoryClass[] _classes;
    private readonly string _vendor;
    private readonly string _url;
    private readonly string _email;
    private readonly Action<PluginFactory> _onFinalRelease;
    private void* _hostContext;

    public PluginFactory(IReadOnlyList<Func<AudioPluginBase>> plugins, Action<PluginFactory> onFinalRelease)
        : base([s_vtable])
    {
        _onFinalRelease = onFinalRelease;
        var classes = new List<FactoryClass>();
        AudioPluginBase? first = null;
        foreach (Func<AudioPluginBase> create in plugins)
        {
            (FactoryClass processor, FactoryClass controller, AudioPluginBase description) = FactoryClass.Describe(create);
            first ??= description;
            classes.Add(processor);
            classes.Add(controller);
        }
        var duplicate = classes.GroupBy(c => c.Cid).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Class ID {duplicate.Key} is registered twice.");
        _classes = [.. classes];
        _vendor = first?.Company ?? "";
        _url = first?.Url ?? "";
        _email = first?.Email ?? "";
    }

    public IReadOnlyList<FactoryClass> Classes => _classes;

    protected override int FindSlot(in Tuid iid) =>
        iid == Iids.PluginFactory || iid == Iids.PluginFactory2 || iid == Iids.PluginFactory3 ? 0 : -1;

    protected override void OnFinalRelease()
    {
        Unknown.ReleaseAndClear(ref _hostContext);
        _onFinalRelease(this);
    }

    private static PluginFactory Self(void* self) => FromPointer<PluginFactory>(self);

    private FactoryClass? ClassAt(int index) => (uint)index < (uint)_classes.Length ? _classes[index] : null;

    [UnmanagedCallersOnly]
    private static int GetFactoryInfo(void* self, PFactoryInfo* info)
    {
        try
        {
            if (info == null)
                return Result.InvalidArgument;
            PluginFactory factory = Self(self);
            TextFields.WriteUtf8(info->Vendor, 64, factory._vendor);
            TextFields.WriteUtf8(info->Url, 256, factory._url);
            TextFields.WriteUtf8(info->Email, 128, factory._email);
            info->Flags = Vst.FactoryFlagUnicode;
            return Result.Ok;
        }
        catch (Exception e)
        {
            return Failure(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int CountClasses(void* self)
    {
        try
        {
            return Self(self)._classes.Length;
        }
        catch (Exception e)
        {
            Failure(e);
            return 0;
        }
    }

    [UnmanagedCallersOnly]
    private static int GetClassInfo(void* self, int index, PClassInfo* info)
    {
        try
        {
            if (info == null || Self(self).ClassAt(index) is not { } entry)
                return Result.InvalidArgument;
            entry.Cid.WriteTo(info->Cid);
            info->Cardinality = Vst.ManyInstances;
            TextFields.WriteUtf8(info->Category, 32, entry.Category);
            TextFields.WriteUtf8(info->Name, 64, entry.Name);
            return Result.Ok;
        }
        catch (Exception e)
        {
            return Failure(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int GetClassInfo2(void* self, int index, PClassInfo2* info)
    {
        try
        {
            if (info == null || Self(self).ClassAt(index) is not { } entry)
                return Result.InvalidArgument;
            entry.Cid.WriteTo(info->Cid);
            info->Cardinality = Vst.ManyInstances;
            TextFields.WriteUtf8(info->Category, 32, entry.Category);
            TextFields.WriteUtf8(info->Name, 64, entry.Name);
            info->ClassFlags = 0;
            TextFields.WriteUtf8(info->SubCategories, 128, entry.SubCategories);
            TextFields.WriteUtf8(info->Vendor, 64, entry.Vendor);
            TextFields.WriteUtf8(info->Version, 64, entry.Version);
            TextFields.WriteUtf8(info->SdkVersion, 64, Vst.SdkVersion);
            return Result.Ok;
        }
        catch (Exception e)
        {
            return Failure(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int GetClassInfoUnicode(void* self, int index, PClassInfoW* info)
    {
        try
        {
            if (info == null || Self(self).ClassAt(index) is not { } entry)
                return Result.InvalidArgument;
            entry.Cid.WriteTo(info->Cid);
            info->Cardinality = Vst.ManyInstances;
            TextFields.WriteUtf8(info->Category, 32, entry.Category);
            TextFields.WriteUtf16(info->Name, 64, entry.Name);
            info->ClassFlags = 0;
            TextFields.WriteUtf8(info->SubCategories, 128, entry.SubCategories);
            TextFields.WriteUtf16(info->Vendor, 64, entry.Vendor);
            TextFields.WriteUtf16(info->Version, 64, entry.Version);
            TextFields.WriteUtf16(info->SdkVersion, 64, Vst.SdkVersion);
            return Result.Ok;
        }
        catch (Exception e)
        {
            return Failure(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int CreateInstance(void* self, byte* cid, byte* iid, void** result)
    {
        try
        {
            if (result == null)
                return Result.InvalidArgument;
            *result = null;
            if (cid == null || iid == null)
                return Result.InvalidArgument;
            Tuid classId = Tuid.Read(cid);
            FactoryClass? entry = Array.Find(Self(self)._classes, c => c.Cid == classId);
            if (entry is null)
                return Result.NoInterface;
            ComObject instance = entry.CreateInstance();
            int code = instance.QueryInterface(Tuid.Read(iid), result);
            instance.Release(); // the host's reference (from QueryInterface) is the only one left, or none
            return code;
        }
        catch (Exception e)
        {
            return Failure(e);
        }
    }

    [UnmanagedCallersOnly]
    private static int SetHostContext(void* self, void* context)
    {
        try
        {
            PluginFactory factory = Self(self);
            if (context != null)
                Unknown.AddRef(context);
            Unknown.ReleaseAndClear(ref factory._hostContext);
            factory._hostContext = context;
            return Result.Ok;
        }
        catch (Exception e)
        {
            return Failure(e);
        }
    }
}
