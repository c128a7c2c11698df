using System.Runtime.InteropServices;

namespace Gastown.Infrastructure.Container;

/// <summary>The dotnet muxer of the running runtime, to start the built-in demo agent as `dotnet Gastown.Web.dll demo-agent`.</summary>
public static class DotnetHost
{
    private static readonly string ExecutableName = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";

    public static string Path { get; } = Find();

    private static string Find()
    {
        var processPath = Environment.ProcessPath;
        if (processPath is not null && IsMuxer(processPath)) return processPath;

        var fromEnvironment = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(fromEnvironment)) return fromEnvironment;

        // …/dotnet/shared/Microsoft.NETCore.App/<version>/ → …/dotnet/dotnet
        var runtimeDirectory = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/', '\\'));
        var dotnetRoot = runtimeDirectory.Parent?.Parent?.Parent;
        if (dotnetRoot is not null)
        {
            var candidate = System.IO.Path.Combine(dotnetRoot.FullName, ExecutableName);
            if (File.Exists(candidate)) return candidate;
        }
        return "dotnet";
    }

    private static bool IsMuxer(string path) =>
        string.Equals(System.IO.Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase);
}
