using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Loop devices, FS_IOC_SHUTDOWN, strace, setpriv: every test here is about Linux, and skips elsewhere.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

namespace DurableWrites.CrashTests;

/// <summary>All system tests run one after another: they mount filesystems, use loop devices and cut power.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SystemTestCollection
{
    public const string Name = "System tests";
}
