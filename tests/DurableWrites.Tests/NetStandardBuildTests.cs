using System;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace DurableWrites.Tests;

/// <summary>
/// The netstandard2.0 build serves .NET Framework and runtimes older than .NET 8. It has its own code paths
/// (libc named without NativeLibrary, no symlink or permission APIs), so it is loaded and exercised here too.
/// </summary>
public sealed class NetStandardBuildTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string NetStandardAssemblyPath
    {
        get
        {
#if DEBUG
            const string configuration = "Debug";
#else
            const string configuration = "Release";
#endif
            string repository = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
            return Path.Combine(repository, "src", "DurableWrites", "bin", configuration, "netstandard2.0", "DurableWrites.dll");
        }
    }

    [Fact]
    public void The_netstandard_build_performs_the_durable_sequence()
    {
        Assert.True(File.Exists(NetStandardAssemblyPath), $"build the solution first: {NetStandardAssemblyPath} is missing");
        var context = new AssemblyLoadContext("netstandard2.0 build", isCollectible: true);
        try
        {
            Assembly runtime = context.LoadFromAssemblyPath(NetStandardAssemblyPath);
            Assert.Equal(".NETStandard,Version=v2.0", runtime.GetCustomAttribute<System.Runtime.Versioning.TargetFrameworkAttribute>()!.FrameworkName);
            Type file = runtime.GetType("DurableWrites.DurableFile", throwOnError: true)!;
            Type directory = runtime.GetType("DurableWrites.DurableDirectory", throwOnError: true)!;
            void Call(Type type, string name, params object?[] arguments) =>
                type.GetMethod(name, Array.ConvertAll(arguments, a => a?.GetType() ?? typeof(string)))!.Invoke(null, arguments);

            string path = _dir.File("settings.json");
            Call(file, "WriteAllText", path, "v1");
            Call(file, "WriteAllText", path, "v2");
            Call(file, "AppendAllText", path, "+");
            Call(file, "Copy", path, _dir.File("copy.json"), false);
            Call(file, "Move", _dir.File("copy.json"), _dir.File("moved.json"), false);
            Call(file, "Sync", path);
            Call(directory, "Sync", _dir.Path);

            Assert.Equal("v2+", File.ReadAllText(path));
            Assert.Equal("v2+", File.ReadAllText(_dir.File("moved.json")));
            Assert.Equal(new[] { "moved.json", "settings.json" }, _dir.Entries());

            var missing = Assert.Throws<TargetInvocationException>(() => Call(directory, "Sync", _dir.File("nope")));
            Assert.IsType<DirectoryNotFoundException>(missing.InnerException);
            Assert.Contains(_dir.File("nope"), missing.InnerException!.Message);
        }
        finally
        {
            context.Unload();
        }
    }
}
