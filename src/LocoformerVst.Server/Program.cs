namespace LocoformerVst.Server;

/// <summary>Entry point of <c>locoformer-server</c>: the HTTP API for separating, cleaning and enhancing audio files.</summary>
public static class Program
{
    public static void Main(string[] args) => ServerApp.Create(args).Run();
}
