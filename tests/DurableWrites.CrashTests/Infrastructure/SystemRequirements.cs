using System;
using System.IO;
using System.Runtime.InteropServices;
using Xunit;

namespace DurableWrites.CrashTests.Infrastructure;

/// <summary>
/// What the system tests need from the machine. A missing piece skips the test with the reason, unless
/// DURABLE_REQUIRE_SYSTEM_TESTS=1 (set by CI), where it fails the test instead: there a skip would hide that nothing was proven.
/// </summary>
public static class SystemRequirements
{
    public const string RequireVariable = "DURABLE_REQUIRE_SYSTEM_TESTS";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Skips (or, when system tests are required, fails) the test unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string reason)
    {
        if (condition)
        {
            return;
        }

        if (Required)
        {
            throw new InvalidOperationException($"{RequireVariable}=1 but this system test cannot run: {reason}");
        }

        Skip.If(true, reason);
    }

    /// <summary>Linux, root, loop devices and the named tools: what loop-mounting a filesystem image takes.</summary>
    public static void RequireLoopMounts(params string[] tools)
    {
        RequireLinuxRoot();
        Require(File.Exists("/dev/loop-control"), "/dev/loop-control is missing: this kernel has no loop devices.");
        foreach (string tool in new[] { "losetup", "mount", "umount" })
        {
            RequireTool(tool);
        }

        foreach (string tool in tools)
        {
            RequireTool(tool);
        }
    }

    public static void RequireLinuxRoot()
    {
        RequireLinux();
        Require(Native.GetEffectiveUserId() == 0, "mounting filesystem images needs root (run the tests as root).");
    }

    /// <summary>These tests check Linux's answers (errno values, /proc, tmpfs); elsewhere they skip.</summary>
    public static void RequireLinux() =>
        Require(RuntimeInformation.IsOSPlatform(OSPlatform.Linux), "these system tests are written for Linux.");

    public static void RequireTool(string tool) =>
        Require(Tools.Find(tool) != null, $"'{tool}' is not installed (tests/run-all-tests.sh installs it when run as root).");
}
