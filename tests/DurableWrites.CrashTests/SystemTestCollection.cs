using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace DurableWrites.CrashTests;

/// <summary>All system tests run one after another: they mount filesystems, use loop devices and cut power.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SystemTestCollection
{
    public const string Name = "System tests";
}
