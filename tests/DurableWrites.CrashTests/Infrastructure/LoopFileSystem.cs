using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace DurableWrites.CrashTests.Infrastructure;

public enum FileSystemKind
{
    Ext4,
    Xfs,
    Btrfs,
}

/// <summary>A filesystem to test: its type, its mount options and how its power is cut.</summary>
public sealed record FileSystemConfig(string Name, FileSystemKind Kind, string MountOptions, int SizeMiB, string Description)
{
    /// <summary>ext4 as mkfs and mount make it: data=ordered, delayed allocation with the replace-by-rename heuristic (auto_da_alloc).</summary>
    public static readonly FileSystemConfig Ext4 = new("ext4", FileSystemKind.Ext4, "", 128,
        "ext4, default options (data=ordered, auto_da_alloc); power cut with FS_IOC_SHUTDOWN(NOLOGFLUSH)");

    /// <summary>ext4 without its safety nets: metadata may reach the disk before data, and no flush is started on rename or truncate.</summary>
    public static readonly FileSystemConfig Ext4Writeback = new("ext4-writeback", FileSystemKind.Ext4, "data=writeback,noauto_da_alloc", 128,
        "ext4 mounted data=writeback,noauto_da_alloc (no ordering of data before metadata, no flush on rename); FS_IOC_SHUTDOWN(NOLOGFLUSH)");

    /// <summary>XFS, default options (mkfs.xfs wants at least 300 MiB).</summary>
    public static readonly FileSystemConfig Xfs = new("xfs", FileSystemKind.Xfs, "", 320,
        "XFS, default options; power cut with FS_IOC_SHUTDOWN(NOLOGFLUSH)");

    /// <summary>
    /// btrfs, default options. btrfs has no FS_IOC_SHUTDOWN (outside experimental kernels), so the power is cut one
    /// level down: its image lives on an ext4 filesystem of its own, and that one is shut down. From then on every
    /// write of btrfs to its device fails, and what the device had not been asked to flush may be lost.
    /// </summary>
    public static readonly FileSystemConfig Btrfs = new("btrfs", FileSystemKind.Btrfs, "", 256,
        "btrfs, default options; power cut under its device: the ext4 filesystem holding its image is shut down with FS_IOC_SHUTDOWN(NOLOGFLUSH)");

    public static IReadOnlyList<FileSystemConfig> All { get; } = new[] { Ext4, Ext4Writeback, Xfs, Btrfs };

    /// <summary>The host of a btrfs image: it must hold the image and survive its own power cut.</summary>
    internal static FileSystemConfig HostFor(FileSystemConfig guest) =>
        new(guest.Name + "-host", FileSystemKind.Ext4, "", guest.SizeMiB + 64, "ext4 holding the image of " + guest.Name);

    /// <summary>Whether the power cut goes to the filesystem under this one (see <see cref="Btrfs"/>).</summary>
    public bool CutsHost => Kind == FileSystemKind.Btrfs;

    public string TypeName => Kind.ToString().ToLowerInvariant();

    public string[] RequiredTools => Kind switch
    {
        FileSystemKind.Ext4 => new[] { "mkfs.ext4" },
        FileSystemKind.Xfs => new[] { "mkfs.xfs" },
        FileSystemKind.Btrfs => new[] { "mkfs.btrfs", "mkfs.ext4" },
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    public FileSystemConfig WithSize(int sizeMiB) => this with { SizeMiB = sizeMiB };

    public override string ToString() => Name;
}

/// <summary>
/// A filesystem image, attached to a loop device of its own (direct I/O, so that the image file's page cache never
/// stands in for the device) and mounted on a unique directory under /tmp. Its power can be cut, and it can be
/// mounted again to see what survived. <see cref="Dispose"/> always unmounts and detaches, even after a failure.
/// </summary>
public sealed class LoopFileSystem : IDisposable
{
    private const string WorkPrefix = "durable-crash-";
    private static readonly object SweepLock = new();
    private static bool _swept;

    private readonly string _workDirectory;
    private readonly string _image;
    private readonly LoopFileSystem? _host;
    private string? _device;
    private bool _mounted;
    private bool _disposed;

    private LoopFileSystem(FileSystemConfig config, string workDirectory, string image, LoopFileSystem? host)
    {
        Config = config;
        _workDirectory = workDirectory;
        _image = image;
        _host = host;
        Root = Path.Combine(workDirectory, "mnt");
    }

    public FileSystemConfig Config { get; }

    /// <summary>The mount point.</summary>
    public string Root { get; }

    /// <summary>The loop device, e.g. /dev/loop3.</summary>
    public string Device => _device ?? throw new InvalidOperationException("The image is not attached.");

    /// <summary>Whether the loop device does direct I/O on its image, as asked (reported in the results).</summary>
    public bool DirectIO { get; private set; }

    /// <summary>Power cuts so far.</summary>
    public int Cuts { get; private set; }

    /// <summary>A directory outside this filesystem for the test's own files (scripts, traces).</summary>
    public string Scratch => Path.Combine(_workDirectory, "scratch");

    /// <summary>Creates, formats, attaches and mounts a new image. Skips the test (see <see cref="SystemRequirements"/>) where that is impossible.</summary>
    public static LoopFileSystem Create(FileSystemConfig config)
    {
        SystemRequirements.RequireLoopMounts(config.RequiredTools);
        SweepStale();
        string work = Path.Combine(Path.GetTempPath(), $"{WorkPrefix}{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}");
        Directory.CreateDirectory(Path.Combine(work, "mnt"));
        Directory.CreateDirectory(Path.Combine(work, "scratch"));
        LoopFileSystem? host = null;
        LoopFileSystem? fileSystem = null;
        try
        {
            string image;
            if (config.CutsHost)
            {
                host = Create(FileSystemConfig.HostFor(config));
                image = Path.Combine(host.Root, config.Name + ".img");
            }
            else
            {
                image = Path.Combine(work, config.Name + ".img");
            }

            fileSystem = new LoopFileSystem(config, work, image, host);
            fileSystem.Format();
            fileSystem.Attach();
            fileSystem.Mount();
            return fileSystem;
        }
        catch
        {
            if (fileSystem != null)
            {
                fileSystem.Dispose();
            }
            else
            {
                host?.Dispose();
                TryDeleteDirectory(work);
            }

            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on a new filesystem and always cleans up. A failure of the body is reported
    /// even when the cleanup fails too.
    /// </summary>
    public static void Use(FileSystemConfig config, Action<LoopFileSystem> body)
    {
        LoopFileSystem fileSystem = Create(config);
        Exception? failure = null;
        try
        {
            body(fileSystem);
        }
        catch (Exception exception)
        {
            failure = exception;
            throw;
        }
        finally
        {
            try
            {
                fileSystem.Dispose();
            }
            catch (Exception cleanup) when (failure != null)
            {
                Console.Error.WriteLine($"Cleaning up {config.Name} after a failure also failed: {cleanup.Message}");
            }
        }
    }

    /// <summary>Writes and flushes everything of this filesystem (syncfs), e.g. the old state before a crash point.</summary>
    public void SyncAll() => Native.SyncFileSystem(Root);

    /// <summary>Cuts the power: FS_IOC_SHUTDOWN(NOLOGFLUSH) on this filesystem, or, for btrfs, on the one holding its image.</summary>
    public void CutPower()
    {
        if (_host != null)
        {
            _host.CutPower();
        }
        else
        {
            Native.ShutDown(Root);
        }

        Cuts++;
    }

    /// <summary>Unmounts and mounts again (after a power cut: what the disk holds, after journal or log recovery).</summary>
    public void Remount()
    {
        Unmount();
        if (_host != null)
        {
            Detach();
            _host.Remount();
            Attach();
        }

        Mount();
    }

    public void RemountReadOnly() => Tools.Run("mount", "-o", "remount,ro", Root);

    public void RemountReadWrite() => Tools.Run("mount", "-o", "remount,rw", Root);

    /// <summary>Free space of the mounted filesystem, in bytes.</summary>
    public long FreeBytes => new DriveInfo(Root).AvailableFreeSpace;

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var errors = new List<string>();
        if (_mounted)
        {
            Try(errors, () =>
            {
                ToolResult result = Tools.TryRun(TimeSpan.FromSeconds(60), "umount", Root);
                if (result.ExitCode != 0)
                {
                    // Still busy (a child that would not die?): detach it from the tree so that the device can go.
                    Tools.Run("umount", "--lazy", Root);
                    errors.Add(result.ToString());
                }

                _mounted = false;
            });
        }

        if (_device != null)
        {
            Try(errors, Detach);
        }

        if (_host != null)
        {
            Try(errors, _host.Dispose);
        }

        TryDeleteDirectory(_workDirectory);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"Cleaning up the {Config.Name} image at '{_image}' failed: " + string.Join("; ", errors));
        }
    }

    private void Format()
    {
        using (var file = new FileStream(_image, FileMode.CreateNew, FileAccess.Write))
        {
            file.SetLength((long)Config.SizeMiB << 20);
        }

        switch (Config.Kind)
        {
            case FileSystemKind.Ext4:
                // Initialised now, so that no background thread writes inode tables while we cut the power.
                Tools.Run("mkfs.ext4", "-q", "-F", "-E", "lazy_itable_init=0,lazy_journal_init=0", _image);
                break;
            case FileSystemKind.Xfs:
                Tools.Run("mkfs.xfs", "-q", "-f", _image);
                break;
            case FileSystemKind.Btrfs:
                Tools.Run("mkfs.btrfs", "-q", "-f", _image);
                break;
        }

        if (_host != null)
        {
            // The freshly made image must itself survive the host's power cuts.
            _host.SyncAll();
        }
    }

    private void Attach()
    {
        _device = Tools.Run("losetup", "--find", "--show", "--direct-io=on", _image).Trim();
        if (!_device.StartsWith("/dev/loop", StringComparison.Ordinal))
        {
            string unexpected = _device;
            _device = null;
            throw new InvalidOperationException($"losetup printed '{unexpected}' instead of a loop device for '{_image}'.");
        }

        string dio = Path.Combine("/sys/block", Path.GetFileName(_device), "loop", "dio");
        DirectIO = File.Exists(dio) && File.ReadAllText(dio).Trim() == "1";
    }

    private void Detach()
    {
        string device = Device;
        Tools.Run("losetup", "--detach", device);
        _device = null;
    }

    private void Mount()
    {
        var arguments = new List<string> { "-t", Config.TypeName };
        if (Config.MountOptions.Length > 0)
        {
            arguments.Add("-o");
            arguments.Add(Config.MountOptions);
        }

        arguments.Add(Device);
        arguments.Add(Root);
        Tools.Run(TimeSpan.FromSeconds(120), "mount", arguments.ToArray());
        _mounted = true;

        // What the kernel says is mounted there: the type and options we asked for, or the test is not what it claims.
        string[] fields = File.ReadAllLines("/proc/self/mountinfo").Select(line => line.Split(' '))
            .LastOrDefault(f => f.Length > 9 && Unescape(f[4]) == Root)
            ?? throw new InvalidOperationException($"'{Root}' is not in /proc/self/mountinfo after mounting it.");
        int separator = Array.IndexOf(fields, "-");
        string type = fields[separator + 1];
        string options = string.Join(",", (fields[5] + "," + fields[separator + 3]).Split(',').Distinct());
        string[] missing = Config.MountOptions.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(option => !options.Split(',').Contains(option)).ToArray();
        if (type != Config.TypeName || missing.Length > 0)
        {
            throw new InvalidOperationException($"'{Root}' is mounted as {type} ({options}), not as {Config.TypeName} with '{Config.MountOptions}'.");
        }

        MountedAs = $"{type} ({options})";
    }

    /// <summary>The type and options of the mount as /proc/self/mountinfo shows them.</summary>
    public string MountedAs { get; private set; } = "";

    private void Unmount()
    {
        Tools.Run(TimeSpan.FromSeconds(120), "umount", Root);
        _mounted = false;
    }

    private static void Try(List<string> errors, Action action)
    {
        try
        {
            action();
        }
        catch (Exception exception)
        {
            errors.Add(exception.Message);
        }
    }

    private static void TryDeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete '{directory}': {exception.Message}");
        }
    }

    /// <summary>
    /// Removes what an earlier test process that was killed left behind (its mounts and loop devices), so that loop
    /// devices do not pile up. Only our own work directories, and only those whose process is gone, are touched.
    /// </summary>
    private static void SweepStale()
    {
        lock (SweepLock)
        {
            if (_swept)
            {
                return;
            }

            _swept = true;
        }

        var stale = new List<string>();
        foreach (string directory in Directory.GetDirectories(Path.GetTempPath(), WorkPrefix + "*"))
        {
            string[] parts = Path.GetFileName(directory)[WorkPrefix.Length..].Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                && pid != Environment.ProcessId && !Directory.Exists($"/proc/{pid}"))
            {
                stale.Add(directory.TrimEnd('/') + "/");
            }
        }

        if (stale.Count == 0)
        {
            return;
        }

        // Nested images (btrfs on its host) need a few rounds: the guest's mount, then its device, then the host's mount.
        for (int round = 0; round < 3; round++)
        {
            foreach (string mountPoint in MountPoints().Where(m => stale.Any(s => (m + "/").StartsWith(s, StringComparison.Ordinal)))
                         .OrderByDescending(m => m.Length))
            {
                Tools.TryRun(TimeSpan.FromSeconds(60), "umount", "--lazy", mountPoint);
            }

            string list = Tools.TryRun(TimeSpan.FromSeconds(30), "losetup", "--list", "--noheadings", "--raw", "--output", "NAME,BACK-FILE").StandardOutput;
            foreach (string line in list.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                string[] fields = line.Split(' ', 2);
                if (fields.Length == 2 && stale.Any(s => fields[1].StartsWith(s, StringComparison.Ordinal)))
                {
                    Tools.TryRun(TimeSpan.FromSeconds(30), "losetup", "--detach", fields[0]);
                }
            }
        }

        foreach (string directory in stale)
        {
            TryDeleteDirectory(directory);
        }
    }

    private static IEnumerable<string> MountPoints() =>
        File.ReadAllLines("/proc/self/mountinfo")
            .Select(line => line.Split(' '))
            .Where(fields => fields.Length > 4)
            .Select(fields => Unescape(fields[4]));

    /// <summary>mountinfo writes space, tab, newline and backslash as octal escapes.</summary>
    private static string Unescape(string field) =>
        field.Replace("\\040", " ").Replace("\\011", "\t").Replace("\\012", "\n").Replace("\\134", "\\");
}
