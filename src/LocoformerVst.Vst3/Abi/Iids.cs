namespace LocoformerVst.Vst3.Abi;

/// <summary>The interface IDs this binding implements or calls, from the VST3 C API's *_iid constants.</summary>
public static class Iids
{
    public static readonly Tuid FUnknown = Tuid.FromWords(0x00000000, 0x00000000, 0xC0000000, 0x00000046);
    public static readonly Tuid PluginBase = Tuid.FromWords(0x22888DDB, 0x156E45AE, 0x8358B348, 0x08190625);
    public static readonly Tuid PluginFactory = Tuid.FromWords(0x7A4D811C, 0x52114A1F, 0xAED9D2EE, 0x0B43BF9F);
    public static readonly Tuid PluginFactory2 = Tuid.FromWords(0x0007B650, 0xF24B4C0B, 0xA464EDB9, 0xF00B2ABB);
    public static readonly Tuid PluginFactory3 = Tuid.FromWords(0x4555A2AB, 0xC1234E57, 0x9B122910, 0x36878931);
    public static readonly Tuid Component = Tuid.FromWords(0xE831FF31, 0xF2D54301, 0x928EBBEE, 0x25697802);
    public static readonly Tuid AudioProcessor = Tuid.FromWords(0x42043F99, 0xB7DA453C, 0xA569E79D, 0x9AAEC33D);
    public static readonly Tuid EditController = Tuid.FromWords(0xDCD7BBE3, 0x7742448D, 0xA874AACC, 0x979C759E);
    public static readonly Tuid EditController2 = Tuid.FromWords(0x7F4EFE59, 0xF3204967, 0xAC27A3AE, 0xAFB63038);
    public static readonly Tuid ComponentHandler = Tuid.FromWords(0x93A0BEA3, 0x0BD045DB, 0x8E890B0C, 0xC1E46AC6);
    public static readonly Tuid ComponentHandler2 = Tuid.FromWords(0xF040B4B3, 0xA36045EC, 0xABCDC045, 0xB4D5A2CC);
    public static readonly Tuid ConnectionPoint = Tuid.FromWords(0x70A4156F, 0x6E6E4026, 0x989148BF, 0xAA60D8D1);
    public static readonly Tuid Message = Tuid.FromWords(0x936F033B, 0xC6C047DB, 0xBB0882F8, 0x13C1E613);
    public static readonly Tuid AttributeList = Tuid.FromWords(0x1E5F0AEB, 0xCC7F4533, 0xA2544011, 0x38AD5EE4);
    public static readonly Tuid BStream = Tuid.FromWords(0xC3BF6EA2, 0x30994752, 0x9B6BF990, 0x1EE33E9B);
    public static readonly Tuid SizeableStream = Tuid.FromWords(0x04F9549E, 0xE02F4E6E, 0x87E86A87, 0x47F4E17F);
    public static readonly Tuid ParameterChanges = Tuid.FromWords(0xA4779663, 0x0BB64A56, 0xB44384A8, 0x466FEB9D);
    public static readonly Tuid ParamValueQueue = Tuid.FromWords(0x01263A18, 0xED074F6F, 0x98C9D356, 0x4686F9BA);
    public static readonly Tuid EventList = Tuid.FromWords(0x3A2C4214, 0x346349FE, 0xB2C4F397, 0xB9695A44);
    public static readonly Tuid HostApplication = Tuid.FromWords(0x58E595CC, 0xDB2D4969, 0x8B6AAF8C, 0x36A664E5);
    public static readonly Tuid ProcessContextRequirements = Tuid.FromWords(0x2A654303, 0xEF764E3D, 0x95B5FE83, 0x730EF6D0);
    public static readonly Tuid AudioPresentationLatency = Tuid.FromWords(0x309ECE78, 0xEB7D4FAE, 0x8B2225D9, 0x09FD08B6);
    public static readonly Tuid UnitInfo = Tuid.FromWords(0x3D4BD6B5, 0x913A4FD2, 0xA886E768, 0xA5EB92C1);
}
