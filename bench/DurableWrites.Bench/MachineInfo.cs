using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;

namespace DurableWrites.Bench;

/// <summary>The machine and the filesystem a run measured, read from /proc and /sys.</summary>
internal sealed class MachineInfo
{
    public string Cpu { get; set; } = "";
    public int Cores { get; set; }
    public string Memory { get; set; } = "";
    public string Os { get; set; } = "";
    public string Kernel { get; set; } = "";
    public string Dotnet { get; set; } = "";
    public string Gcc { get; set; } = "";
    public string Node { get; set; } = "";
    public string Python { get; set; } = "";
    public string Directory { get; set; } = "";
    public string FileSystem { get; set; } = "";
    public string MountPoint { get; set; } = "";
    public string MountOptions { get; set; } = "";
    public string Device { get; set; } = "";
    public string DeviceDetails { get; set; } = "";

    public static MachineInfo Describe(string directory)
    {
        var info = new MachineInfo
        {
            Cpu = ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            Cores = Environment.ProcessorCount,
            Memory = MemTotal(),
            Os = (ReadField("/etc/os-release", "PRETTY_NAME", '=') ?? RuntimeInformation.OSDescription).Trim('"'),
            Kernel = ReadFirstLine("/proc/sys/kernel/osrelease") ?? "",
            Dotnet = RuntimeInformation.FrameworkDescription,
            Gcc = FirstLine(Tools.TryExec("gcc", "--version")),
            Node = FirstLine(Tools.TryExec("node", "--version")),
            Python = FirstLine(Tools.TryExec(Tools.PythonWithAtomicWrites, "--version")),
            Directory = directory,
        };
        DescribeMount(info, directory);
        return info;
    }

    /// <summary>The 1-minute load average.</summary>
    public static double LoadAverage()
    {
        string? line = ReadFirstLine("/proc/loadavg");
        return line != null ? double.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture) : double.NaN;
    }

    /// <summary>Finds the mount holding <paramref name="directory"/> in /proc/self/mountinfo, and its block device in /sys.</summary>
    private static void DescribeMount(MachineInfo info, string directory)
    {
        if (!File.Exists("/proc/self/mountinfo"))
        {
            return;
        }

        string best = "";
        foreach (string line in File.ReadAllLines("/proc/self/mountinfo"))
        {
            // id parent major:minor root mountpoint options ... - fstype source superoptions
            string[] fields = line.Split(' ');
            int dash = Array.IndexOf(fields, "-");
            string mountPoint = fields[4].Replace("\\040", " ", StringComparison.Ordinal);
            bool contains = directory == mountPoint || directory.StartsWith(mountPoint.TrimEnd('/') + "/", StringComparison.Ordinal);
            if (dash < 0 || !contains || mountPoint.Length < best.Length)
            {
                continue;
            }

            best = mountPoint;
            info.MountPoint = mountPoint;
            info.FileSystem = fields[dash + 1];
            info.Device = fields[dash + 2];
            info.MountOptions = fields[5] + (dash + 3 < fields.Length ? "; superblock: " + fields[dash + 3] : "");
        }

        string name = Path.GetFileName(info.Device);
        string block = "/sys/class/block/" + name;
        if (name.Length == 0 || !System.IO.Directory.Exists(block))
        {
            return;
        }

        // A partition's queue settings are its disk's.
        string queue = System.IO.Directory.Exists(block + "/queue") ? block + "/queue" : Path.GetFullPath(block + "/../queue");
        string? sectors = ReadFirstLine(block + "/size");
        string size = sectors != null ? (long.Parse(sectors, CultureInfo.InvariantCulture) * 512 / (1L << 30)).ToString(CultureInfo.InvariantCulture) + " GiB" : "?";
        // Reported as the kernel has it: virtio disks say rotational=1 whatever stores them.
        string rotational = "queue/rotational=" + (ReadFirstLine(queue + "/rotational") ?? "?");
        string cache = ReadFirstLine(queue + "/write_cache") ?? "?";
        string model = ReadFirstLine(block + "/device/model") ?? (name.StartsWith("vd", StringComparison.Ordinal) ? "virtio block device" : "");
        info.DeviceDetails = $"{model}, {size}, {rotational}, write cache: {cache}".TrimStart(',', ' ');
    }

    private static string MemTotal()
    {
        string? kb = ReadField("/proc/meminfo", "MemTotal");
        if (kb == null)
        {
            return "";
        }

        double gib = double.Parse(kb.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture) / (1 << 20);
        return gib.ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
    }

    private static string? ReadField(string file, string key, char separator = ':')
    {
        if (!File.Exists(file))
        {
            return null;
        }

        return File.ReadLines(file)
            .Where(line => line.StartsWith(key, StringComparison.Ordinal) && line.IndexOf(separator) > 0 && line[..line.IndexOf(separator)].Trim() == key)
            .Select(line => line[(line.IndexOf(separator) + 1)..].Trim())
            .FirstOrDefault();
    }

    private static string? ReadFirstLine(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadLines(file).FirstOrDefault()?.Trim() : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string FirstLine(string? text) => text?.Split('\n')[0].Trim() ?? "";
}
